/**
 * Only permitted practitioners practise online, and what the HIS leaves out counts against the
 * caller — through the real gateway, on both databases, each attempt refused with its code and
 * leaving an audit row: a doctor without the internet-practice permission accepting, opening a
 * video call, checking, signing or revising a prescription; a pharmacist without the
 * qualification reviewing; a patient asking a doctor without permission; the HIS unable to
 * say; ten drugs split over two prescriptions of one consult, one drug's days or packs split
 * likewise, two prescriptions signed at the same instant; a drug with no control code; a visit
 * of no kind. The HIS is the demo hospital's, whose answers the test can change as a hospital
 * would (a permission withdrawn, a control class not coded).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createDemoHis, DEMO_PHARMACIST, demoAccounts, type Db, type HisAdapter } from '@ihkit/adapters';
import type { Consult, Drug, Prescription, PrescriptionCheck, PrescriptionDraftInput, PractitionerStatus, Problem } from '@ihkit/core';
import { databases, login, newKey, startGateway, type AuditRow, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, paidConsult, post } from './helpers/consults.js';

const ZHOU = demoAccounts.find((a) => a.username === 'dr.zhou')!.doctorId!;
const QIAN = demoAccounts.find((a) => a.username === 'dr.qian')!.doctorId!;
/** The last day of a permission that has ended. */
const EXPIRED_ON = '2020-12-31';

/** What the test makes the hospital's HIS say. */
interface HisState {
  /** Practitioners whose permission (or qualification) the hospital has withdrawn. */
  withdrawn: Set<string>;
  /** Practitioners whose permission (or qualification) ended on EXPIRED_ON. */
  expired: Set<string>;
  /** Drugs the HIS holds no control class for. */
  uncoded: Set<string>;
  /** A visit of this patient the HIS records with a diagnosis and no kind. */
  visitOfNoKind?: string;
  /** The HIS fails when asked about practitioners. */
  practitionersDown: boolean;
}

/** The demo HIS, answering as `state` says. */
function hospital(state: HisState) {
  return (db: Db): HisAdapter => {
    const demo = createDemoHis(db);
    const coded = (d: Drug): Drug => {
      if (!state.uncoded.has(d.id)) return d;
      const { control: _, ...rest } = d;
      return rest as Drug;
    };
    return {
      ...demo,
      async getPractitioner(id) {
        if (state.practitionersDown) throw new Error('connect ETIMEDOUT');
        const p = await demo.getPractitioner(id);
        if (p && state.withdrawn.has(id)) delete p.permission;
        if (p && state.expired.has(id)) p.permission = { from: '2019-01-01', until: EXPIRED_ON };
        return p;
      },
      searchDrugs: async (text, limit) => (await demo.searchDrugs(text, limit)).map(coded),
      getDrugs: async (ids) => (await demo.getDrugs(ids)).map(coded),
      async listEncounters(patientId) {
        const visits = await demo.listEncounters(patientId);
        if (patientId !== state.visitOfNoKind || !visits[0]) return visits;
        const { kind: _, ...noKind } = { ...visits[0], id: 'enc_nokind', diagnoses: [{ code: 'K21.9', name: '胃食管反流病' }] };
        return [noKind as (typeof visits)[number], ...visits];
      },
    };
  };
}

for (const database of databases) {
  describe(`only permitted practitioners practise online; missing hospital data fails closed (${database.name})`, () => {
    const state: HisState = { withdrawn: new Set(), expired: new Set(), uncoded: new Set(), practitionersDown: false };
    let gw: TestGateway;
    let zhang: string;
    let zhou: string;
    let qian: string;
    let pharmacist: string;
    let self: string;

    before(async () => {
      // No cache of practitioner records: each call sees what the HIS says now.
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, catalogCacheSeconds: 0, his: hospital(state) });
      zhang = await login(gw, 'zhangwei', 'demo');
      zhou = await login(gw, DOCTOR.username, DOCTOR.password);
      qian = await login(gw, 'dr.qian', 'demo');
      pharmacist = await login(gw, 'ph.sun', 'demo');
      self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
    });
    after(async () => {
      await gw?.close();
    });
    const restore = () => {
      state.withdrawn.clear();
      state.expired.clear();
      state.uncoded.clear();
      state.visitOfNoKind = undefined;
      state.practitionersDown = false;
    };

    /** The answer is the problem `code` with `status`, and the attempt left audit rows of `action` with `outcome`, naming `patientId`. */
    async function refused(res: LightMyRequestResponse, status: number, code: string, action: string, patientId?: string): Promise<Problem> {
      assert.equal(res.statusCode, status, res.body);
      const problem = res.json() as Problem;
      assert.equal(problem.code, code);
      const rows = (await gw.db.query<AuditRow>('SELECT * FROM audit_log WHERE request_id = $1', [String(res.headers['x-request-id'])])).rows;
      assert.ok(rows.length > 0, `${action}: the refusal left an audit row`);
      for (const r of rows) {
        assert.equal(r.action, action);
        assert.equal(r.outcome, status === 403 ? 'denied' : 'error');
      }
      if (patientId) assert.ok(rows.some((r) => r.patient_id === patientId), `${action}: the audit row names the patient`);
      return problem;
    }

    const find = async (text: string): Promise<Drug> => {
      const d = ok<{ items: Drug[] }>(await post(gw, zhou, '/drug-search', { q: text })).items.find((x) => x.ingredient === text);
      assert.ok(d, `the demo catalog has ${text}`);
      return d;
    };
    const usual = (d: Drug, days = 7) => ({ drugId: d.id, dose: d.adultDose ? d.adultDose.min : d.unitDose, frequency: 'qd' as const, days });
    const sign = (consultId: string, draft: PrescriptionDraftInput, key = newKey()) => post(gw, zhou, `/consults/${consultId}/prescriptions`, draft, { 'idempotency-key': key });
    const accepted = async (): Promise<Consult> => ok<Consult>(await post(gw, zhou, `/consults/${(await paidConsult(gw, zhang, self, 'I10')).id}/accept`));

    test('each doctor and pharmacist reads their own HIS record and whether they may practise online', async (t) => {
      t.after(restore);
      const mine = async (token: string) => ok<PractitionerStatus>(await get(gw, token, '/me/practitioner'));
      const z = await mine(zhou);
      assert.equal(z.standing, 'permitted');
      assert.deepEqual([z.practitioner?.id, z.practitioner?.kind, z.practitioner?.name, z.practitioner?.title, z.practitioner?.category], [ZHOU, 'doctor', '周敏', '主任医师', 'clinical']);
      assert.match(z.practitioner!.licenceNumber!, /^\d{15}$/);
      const q = await mine(qian);
      assert.equal(q.standing, 'no_permission');
      assert.equal(q.practitioner?.name, '钱晓东');
      const p = await mine(pharmacist);
      assert.deepEqual([p.standing, p.practitioner?.id, p.practitioner?.kind], ['permitted', DEMO_PHARMACIST.sunYue, 'pharmacist']);
      state.withdrawn.add(ZHOU);
      assert.equal((await mine(zhou)).standing, 'no_permission', 'the HIS withdrew it: at once, with no cache');
      // A patient has no practitioner record to read.
      assert.equal((await get(gw, zhang, '/me/practitioner')).statusCode, 403);
    });

    test('a doctor without the permission cannot accept, open a video call, check, sign or revise a prescription', async (t) => {
      t.after(restore);
      const waiting = await paidConsult(gw, zhang, self, 'I10');
      state.withdrawn.add(ZHOU);
      await refused(await post(gw, zhou, `/consults/${waiting.id}/accept`), 403, 'PRACTITIONER_NOT_PERMITTED', 'acceptConsult', self);
      assert.equal(ok<Consult>(await get(gw, zhang, `/consults/${waiting.id}`)).status, 'paid', 'still waiting for a doctor');

      // Accepted while permitted; the permission ends during the consult.
      state.withdrawn.clear();
      const consult = ok<Consult>(await post(gw, zhou, `/consults/${waiting.id}/accept`));
      const amlodipine = await find('amlodipine');
      const signed = ok<Prescription>(await sign(consult.id, { items: [usual(amlodipine)] }), 201);
      ok(await post(gw, pharmacist, `/prescriptions/${signed.id}/return`, { reason: '请核对剂量' }));
      state.withdrawn.add(ZHOU);
      await refused(await post(gw, zhou, `/consults/${consult.id}/video-room`), 403, 'PRACTITIONER_NOT_PERMITTED', 'openVideoRoom', self);
      await refused(await post(gw, zhou, `/consults/${consult.id}/prescription-check`, { items: [usual(amlodipine)] }), 403, 'PRACTITIONER_NOT_PERMITTED', 'checkPrescription', self);
      await refused(await sign(consult.id, { items: [usual(amlodipine)] }), 403, 'PRACTITIONER_NOT_PERMITTED', 'createPrescription', self);
      await refused(await post(gw, zhou, `/prescriptions/${signed.id}/revise`, { items: [usual(amlodipine, 5)] }), 403, 'PRACTITIONER_NOT_PERMITTED', 'revisePrescription', self);
      assert.equal(ok<{ items: Prescription[] }>(await get(gw, zhou, `/prescriptions?consultId=${consult.id}`)).items.length, 1, 'nothing was signed');

      // The patient's side of the call is not the doctor's practice: they may wait in the room.
      assert.equal((await post(gw, zhang, `/consults/${consult.id}/video-room`)).statusCode, 200);
      state.withdrawn.clear();
      assert.equal((await post(gw, zhou, `/consults/${consult.id}/video-room`)).statusCode, 200, 'permitted again: the call opens');
    });

    test('a permission that has ended refuses as one never held: the doctor\'s accepting, calling, prescribing; the pharmacist\'s reviewing', async (t) => {
      t.after(restore);
      const waiting = await paidConsult(gw, zhang, self, 'I10');
      const consult = ok<Consult>(await post(gw, zhou, `/consults/${(await paidConsult(gw, zhang, self, 'I10')).id}/accept`));
      const amlodipine = await find('amlodipine');
      const rx = ok<Prescription>(await sign(consult.id, { items: [usual(amlodipine)] }), 201);
      state.expired.add(ZHOU);
      state.expired.add(DEMO_PHARMACIST.sunYue);
      const z = ok<PractitionerStatus>(await get(gw, zhou, '/me/practitioner'));
      assert.deepEqual([z.standing, z.practitioner?.permission?.until], ['expired', EXPIRED_ON], 'the desk is told when it ended');
      assert.equal(ok<PractitionerStatus>(await get(gw, pharmacist, '/me/practitioner')).standing, 'expired');
      await refused(await post(gw, zhou, `/consults/${waiting.id}/accept`), 403, 'PRACTITIONER_NOT_PERMITTED', 'acceptConsult', self);
      await refused(await post(gw, zhou, `/consults/${consult.id}/video-room`), 403, 'PRACTITIONER_NOT_PERMITTED', 'openVideoRoom', self);
      await refused(await sign(consult.id, { items: [usual(await find('atorvastatin'))] }), 403, 'PRACTITIONER_NOT_PERMITTED', 'createPrescription', self);
      await refused(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}), 403, 'PRACTITIONER_NOT_PERMITTED', 'approvePrescription', self);
      const patientsView = ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`));
      assert.equal(patientsView.status, 'pending_review', 'nothing was reviewed');
      const asked = await post(gw, zhang, '/consults', { patientId: self, doctorId: ZHOU, encounterId: ok<{ items: Array<{ encounterId: string; code: string }> }>(await get(gw, zhang, `/patients/${self}/conditions`)).items.find((c) => c.code === 'I10')!.encounterId, conditionCode: 'I10', complaint: '血压偏高。' }, { 'idempotency-key': newKey() });
      await refused(asked, 403, 'PRACTITIONER_NOT_PERMITTED', 'createConsult', self);
    });

    test('the demo\'s doctor without the permission: no consult is asked of him, and another doctor\'s stays refused', async (t) => {
      t.after(restore);
      const condition = ok<{ items: Array<{ encounterId: string; code: string }> }>(await get(gw, zhang, `/patients/${self}/conditions`)).items.find((c) => c.code === 'I10')!;
      const asked = await post(gw, zhang, '/consults', { patientId: self, doctorId: QIAN, encounterId: condition.encounterId, conditionCode: 'I10', complaint: '血压偏高。' }, { 'idempotency-key': newKey() });
      await refused(asked, 403, 'PRACTITIONER_NOT_PERMITTED', 'createConsult', self);
      const theirs = await paidConsult(gw, zhang, self, 'I10');
      assert.equal((await post(gw, qian, `/consults/${theirs.id}/accept`)).statusCode, 404, 'not his consult, whatever his standing');
      // Nor is he invited into another doctor's call to give his opinion online.
      ok<Consult>(await post(gw, zhou, `/consults/${theirs.id}/accept`));
      const room = ok<{ id: string }>(await post(gw, zhou, `/consults/${theirs.id}/video-room`));
      await refused(await post(gw, zhou, `/video-rooms/${room.id}/invite`, { doctorId: QIAN }), 403, 'PRACTITIONER_NOT_PERMITTED', 'inviteToVideoRoom');
      assert.equal(ok<{ items: unknown[] }>(await get(gw, qian, '/video-rooms')).items.length, 0, 'no invitation reached him');
    });

    test('a pharmacist without the qualification cannot approve or return; the signed prescription and the review carry the HIS names and licence numbers', async (t) => {
      t.after(restore);
      const consult = await accepted();
      const rx = ok<Prescription>(await sign(consult.id, { items: [usual(await find('amlodipine'))] }), 201);
      const zhouRecord = ok<PractitionerStatus>(await get(gw, zhou, '/me/practitioner')).practitioner!;
      assert.deepEqual([rx.doctorName, rx.doctorLicenceNumber, rx.signature.signer], ['周敏', zhouRecord.licenceNumber, '周敏']);

      state.withdrawn.add(DEMO_PHARMACIST.sunYue);
      await refused(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}), 403, 'PRACTITIONER_NOT_PERMITTED', 'approvePrescription', self);
      await refused(await post(gw, pharmacist, `/prescriptions/${rx.id}/return`, { reason: '请补充诊断' }), 403, 'PRACTITIONER_NOT_PERMITTED', 'returnPrescription', self);
      assert.equal(ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`)).status, 'pending_review');

      state.withdrawn.clear();
      const approved = ok<Prescription>(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}));
      assert.deepEqual([approved.review?.pharmacistName, approved.review?.pharmacistLicenceNumber], ['孙悦', 'ZY33010120190158']);
      // The name and licence number are part of what was signed: changing them is detected
      // (by someone who switched the database's rules off, which refuse the change).
      await gw.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(`UPDATE prescriptions SET content = jsonb_set(content, '{doctor,licenceNumber}', '"110330100000000"') WHERE id = $1`, [rx.id]);
      });
      assert.equal((await get(gw, zhang, `/prescriptions/${rx.id}`)).json().code, 'SIGNATURE_INVALID');
    });

    test('when the HIS cannot say who may practise, nobody is let through', async (t) => {
      t.after(restore);
      const waiting = await paidConsult(gw, zhang, self, 'I10');
      state.practitionersDown = true;
      await refused(await post(gw, zhou, `/consults/${waiting.id}/accept`), 503, 'HIS_UNAVAILABLE', 'acceptConsult', self);
      assert.equal((await get(gw, zhou, '/me/practitioner')).json().code, 'HIS_UNAVAILABLE');
      state.practitionersDown = false;
      assert.equal((await post(gw, zhou, `/consults/${waiting.id}/accept`)).statusCode, 200);
    });

    test('ten drugs split over two prescriptions of one consult: the second is refused; a cancelled first no longer counts', async (t) => {
      t.after(restore);
      const consult = await accepted();
      const first = await Promise.all(['amlodipine', 'atorvastatin', 'metformin', 'acarbose', 'famotidine'].map((x) => find(x)));
      const second = await Promise.all(['ambroxol', 'montelukast', 'mosapride', 'mecobalamin', 'betahistine'].map((x) => find(x)));
      const rx = ok<Prescription>(await sign(consult.id, { items: first.map((d) => usual(d)) }), 201);

      const check = ok<PrescriptionCheck>(await post(gw, zhou, `/consults/${consult.id}/prescription-check`, { items: second.map((d) => usual(d)) }));
      assert.deepEqual(check.findings.filter((f) => f.level === 'error').map((f) => [f.code, f.limit]), [['CONSULT_TOO_MANY_DRUGS', 5]], 'the editor says so as the doctor types');
      const problem = await refused(await sign(consult.id, { items: second.map((d) => usual(d)) }), 422, 'PRESCRIPTION_CHECK_FAILED', 'createPrescription', self);
      assert.deepEqual(problem.findings?.map((f) => f.code), ['CONSULT_TOO_MANY_DRUGS']);

      ok(await post(gw, zhang, `/prescriptions/${rx.id}/cancel`));
      ok<Prescription>(await sign(consult.id, { items: second.map((d) => usual(d)) }), 201);
    });

    test('one drug\'s days and packs hold per consult: 4 + 4 days of a 7-day limit, or a box each for 3 + 3 days, are refused', async (t) => {
      t.after(restore);
      const consult = await accepted();
      const amlodipine = await find('amlodipine'); // 28 tablets a box
      ok<Prescription>(await sign(consult.id, { items: [usual(amlodipine, 4)] }), 201);
      const problem = await refused(await sign(consult.id, { items: [usual(amlodipine, 4)] }), 422, 'PRESCRIPTION_CHECK_FAILED', 'createPrescription', self);
      assert.deepEqual(problem.findings?.map((f) => [f.code, f.limit]), [['CONSULT_SUPPLY_TOO_LONG', 7], ['QUANTITY_EXCEEDS_SUPPLY', 1]]);
      const packs = await refused(await sign(consult.id, { items: [usual(amlodipine, 3)] }), 422, 'PRESCRIPTION_CHECK_FAILED', 'createPrescription', self);
      assert.deepEqual(packs.findings?.map((f) => [f.code, f.limit]), [['QUANTITY_EXCEEDS_SUPPLY', 1]], '7 tablets need one box, not two');
    });

    test('a revision is checked beside the consult\'s other prescriptions, not beside the version it replaces', async (t) => {
      t.after(restore);
      const consult = await accepted();
      const amlodipine = await find('amlodipine');
      const first = ok<Prescription>(await sign(consult.id, { items: [usual(amlodipine, 4)] }), 201);
      ok(await post(gw, pharmacist, `/prescriptions/${first.id}/return`, { reason: '请开足 7 天' }));
      const draft = { items: [usual(amlodipine, 7)] };
      const errors = (c: PrescriptionCheck) => c.findings.filter((f) => f.level === 'error').map((f) => f.code);
      assert.deepEqual(errors(ok<PrescriptionCheck>(await post(gw, zhou, `/consults/${consult.id}/prescription-check?revises=${first.id}`, draft))), []);
      assert.deepEqual(errors(ok<PrescriptionCheck>(await post(gw, zhou, `/consults/${consult.id}/prescription-check`, draft))), ['CONSULT_SUPPLY_TOO_LONG', 'QUANTITY_EXCEEDS_SUPPLY'], 'as a new prescription beside the returned one');
      const other = await accepted();
      assert.equal((await post(gw, zhou, `/consults/${other.id}/prescription-check?revises=${first.id}`, draft)).statusCode, 404, 'only a prescription of the same consult');
      assert.equal(ok<Prescription>(await post(gw, zhou, `/prescriptions/${first.id}/revise`, draft)).version, 2);
    });

    test('two prescriptions of one consult signed at the same instant cannot each pass the limit alone', async (t) => {
      t.after(restore);
      const consult = await accepted();
      const drugs = await Promise.all(['amlodipine', 'atorvastatin', 'metformin', 'ambroxol', 'montelukast', 'mosapride'].map((x) => find(x)));
      const results = await Promise.all([sign(consult.id, { items: drugs.slice(0, 3).map((d) => usual(d)) }), sign(consult.id, { items: drugs.slice(3).map((d) => usual(d)) })]);
      assert.equal(results.filter((r) => r.statusCode === 201).length, 1, `one is signed: ${results.map((r) => r.statusCode).join(', ')}`);
      // The other lost the race (its checks were made before the first was stored) or came after it.
      const loser = results.find((r) => r.statusCode !== 201)!;
      assert.ok([409, 422].includes(loser.statusCode) && ['INVALID_STATE', 'PRESCRIPTION_CHECK_FAILED'].includes(loser.json().code), loser.body);
      assert.equal(ok<{ items: Prescription[] }>(await get(gw, zhou, `/prescriptions?consultId=${consult.id}`)).items.flatMap((p) => p.items).length, 3, 'three drugs in the consult');
      // Checked again, the other prescription is refused for what it is.
      const lost = results[0]!.statusCode === 201 ? drugs.slice(3) : drugs.slice(0, 3);
      const again = await sign(consult.id, { items: lost.map((d) => usual(d)) });
      assert.equal(again.statusCode, 422);
      assert.deepEqual((again.json() as Problem).findings?.map((f) => f.code), ['CONSULT_TOO_MANY_DRUGS']);
    });

    test('a drug the HIS holds no control code for counts as controlled: refused online, and shown as of unknown control', async (t) => {
      t.after(restore);
      const consult = await accepted();
      const famotidine = await find('famotidine');
      state.uncoded.add(famotidine.id);
      const listed = ok<{ items: Drug[] }>(await post(gw, zhou, '/drug-search', { q: 'famotidine' })).items.find((d) => d.id === famotidine.id);
      assert.equal(listed?.control, 'unknown', 'the search answers it, as controlled until the HIS says');
      const check = ok<PrescriptionCheck>(await post(gw, zhou, `/consults/${consult.id}/prescription-check`, { items: [usual(famotidine)] }));
      assert.deepEqual(check.findings.map((f) => [f.level, f.code, f.note]), [['error', 'CONTROLLED_DRUG', 'unknown']]);
      const problem = await refused(await sign(consult.id, { items: [usual(famotidine)] }), 422, 'PRESCRIPTION_CHECK_FAILED', 'createPrescription', self);
      assert.deepEqual(problem.findings?.map((f) => [f.code, f.note]), [['CONTROLLED_DRUG', 'unknown']]);
      state.uncoded.clear();
      ok<Prescription>(await sign(consult.id, { items: [usual(famotidine)] }), 201);
    });

    test('a visit the HIS records with no kind is no offline visit: its diagnosis is not offered, nor followed up online', async (t) => {
      t.after(restore);
      state.visitOfNoKind = self;
      const conditions = ok<{ items: Array<{ encounterId: string; code: string }> }>(await get(gw, zhang, `/patients/${self}/conditions`)).items;
      assert.ok(!conditions.some((c) => c.code === 'K21.9'), 'not among the conditions to follow up');
      assert.ok(conditions.some((c) => c.code === 'I10'), 'the offline ones still are');
      const asked = await post(gw, zhang, '/consults', { patientId: self, doctorId: ZHOU, encounterId: 'enc_nokind', conditionCode: 'K21.9', complaint: '反酸。' }, { 'idempotency-key': newKey() });
      await refused(asked, 422, 'FIRST_VISIT_NOT_ALLOWED', 'createConsult', self);
    });
  });
}
