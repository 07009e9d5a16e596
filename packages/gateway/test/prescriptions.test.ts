import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandboxRegulator, type SandboxRegulator } from '@ihkit/adapters';
import type { Consult, Drug, Payment, PrescribingContext, Prescription, PrescriptionCheck, PrescriptionDraftInput, Problem } from '@ihkit/core';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, OTHER_DOCTOR, conditions, get, ok, paidConsult, post, say } from './helpers/consults.js';

const PHARMACIST = { username: 'ph.sun', password: 'demo' } as const;

for (const database of databases) {
  describe(`e-prescriptions (${database.name})`, () => {
    let gw: TestGateway;
    let regulator: SandboxRegulator;
    let zhang: string;
    let lina: string;
    let doctor: string;
    let otherDoctor: string;
    let pharmacist: string;
    let self: string;
    let child: string;
    const drugs = new Map<string, Drug>();

    /** The first uncontrolled drug whose ingredient matches. */
    const find = async (text: string, control: Drug['control'] | 'any' = 'none'): Promise<Drug> => {
      const items = ok<{ items: Drug[] }>(await post(gw, doctor, '/drug-search', { q: text })).items;
      const d = items.find((x) => control === 'any' ? x.control !== 'none' : x.control === control);
      if (!d) throw new Error(`no ${control} drug for ${text}: ${items.map((x) => x.name).join(', ')}`);
      drugs.set(d.id, d);
      return d;
    };
    /** An item at the drug's usual adult dose, once a day. */
    const usual = (d: Drug, days = 7) => ({ drugId: d.id, dose: d.adultDose ? d.adultDose.min : d.unitDose, frequency: 'qd' as const, days });

    async function acceptedConsult(token: string, patientId: string, code: string): Promise<Consult> {
      const consult = await paidConsult(gw, token, patientId, code);
      return ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/accept`));
    }
    const submit = (consultId: string, draft: PrescriptionDraftInput, key = newKey()) => post(gw, doctor, `/consults/${consultId}/prescriptions`, draft, { 'idempotency-key': key });
    const problem = (res: { statusCode: number; json(): unknown }) => res.json() as Problem;

    /** Everyone signs in (again): sessions last 8 hours, and some tests move the clock by up to a day. */
    async function signIn() {
      zhang = await login(gw, 'zhangwei', 'demo');
      lina = await login(gw, 'lina', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      otherDoctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      pharmacist = await login(gw, PHARMACIST.username, PHARMACIST.password);
    }

    before(async () => {
      regulator = createSandboxRegulator();
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, regulator });
      await signIn();
      const patients = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items;
      self = patients.find((p) => p.relation === 'self')!.id;
      child = patients.find((p) => p.relation === 'child')!.id;
    });
    after(async () => {
      await gw?.close();
    });

    test('the whole way: checks as the doctor types, signed, reviewed, reported, paid, dispatched, delivered', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      const amlodipine = await find('amlodipine');
      const draft: PrescriptionDraftInput = { items: [usual(amlodipine)] };

      const context = ok<PrescribingContext>(await get(gw, doctor, `/consults/${consult.id}/prescribing`));
      assert.equal(context.patient.age, 48);
      assert.ok(context.allergies.some((a) => a.group === 'penicillin'), 'allergies before any drug is chosen');
      assert.equal(context.rules.maxItems, 5);
      assert.equal((await get(gw, otherDoctor, `/consults/${consult.id}/prescribing`)).statusCode, 404);

      const check = ok<PrescriptionCheck>(await post(gw, doctor, `/consults/${consult.id}/prescription-check`, draft));
      assert.deepEqual(check.findings.filter((f) => f.level === 'error'), []);
      assert.equal(check.items[0]!.drugId, amlodipine.id);
      assert.ok(check.total.amount > 0);
      assert.ok(check.allergies.some((a) => a.group === 'penicillin'), 'the patient’s allergies come along');

      const key = newKey();
      const rx = ok<Prescription>(await submit(consult.id, draft, key), 201);
      assert.equal(rx.status, 'pending_review');
      assert.equal(rx.signature.algorithm, 'ECDSA-P256-SHA256');
      assert.equal(rx.signature.valid, true);
      assert.equal(rx.doctorName, '周敏');
      assert.equal(rx.diagnosis.code, 'I10');
      assert.equal(ok<Prescription>(await submit(consult.id, draft, key), 201).id, rx.id, 'a retry with the same key gives the same prescription');

      // Not payable before a pharmacist approves it.
      const early = await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: 'x' } });
      assert.equal(early.statusCode, 400, 'an unknown pickup point is refused first');
      const points = ok<{ items: Array<{ id: string }> }>(await get(gw, zhang, '/pickup-points')).items;
      assert.ok(points.length >= 1);
      const notYet = await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: points[0]!.id } });
      assert.equal(problem(notYet).code, 'INVALID_STATE');

      // Review: the queue, then approval; only pharmacists.
      const queue = ok<{ items: Prescription[] }>(await get(gw, pharmacist, '/prescriptions?status=pending_review')).items;
      assert.ok(queue.some((p) => p.id === rx.id));
      assert.equal((await post(gw, doctor, `/prescriptions/${rx.id}/approve`, {})).statusCode, 403);
      const approved = ok<Prescription>(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, { note: '用法用量合理' }));
      assert.equal(approved.status, 'approved');
      assert.equal(approved.review?.decision, 'approved');
      assert.equal(approved.review?.pharmacistName, '孙悦');
      // The client retries an approval whose answer was lost: the retry answers the approval, signed once, reported once.
      const retried = ok<Prescription>(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, { note: '用法用量合理' }));
      assert.deepEqual(retried, approved);

      // The supervision platform hears of each step through the outbox (the consult's too: created, accepted).
      const reported = (subjectId: string) => [...regulator.received.values()].filter((r) => r.subjectId === subjectId).map((r) => `${r.kind} ${r.event}`);
      assert.deepEqual(await gw.relayReports(), { acked: 4, failed: 0 });
      assert.deepEqual(reported(rx.id), ['prescription signed', 'prescription approved']);

      // Paying: a bad phone number is refused; delivery with a good one opens an order.
      const bad = await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'delivery', address: { recipient: '张伟', phone: '12345', region: '上海市浦东新区', detail: '世纪大道 1 号' } } });
      assert.equal(bad.statusCode, 400);
      const address = { recipient: '张伟', phone: '13912345678', region: '上海市浦东新区', detail: '世纪大道 1 号' };
      const order = ok<Payment>(await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'delivery', address } }));
      assert.equal(order.prescriptionId, rx.id);
      assert.deepEqual(order.amount, rx.total);
      const paid = ok<Payment>(await post(gw, zhang, `/payments/${order.id}/sandbox-pay`));
      assert.equal(paid.status, 'paid');

      let now = ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`));
      assert.equal(now.status, 'paid');
      assert.equal(now.fulfilment?.status, 'preparing');
      assert.equal(now.fulfilment?.method, 'delivery');
      assert.ok(!now.fulfilment?.addressMasked?.includes('13912345678'), 'the phone number is masked');
      assert.match(now.fulfilment?.addressMasked ?? '', /^张\* · 139\*\*\*\*5678/);

      gw.clock.set(gw.clock.ms + 61_000);
      now = ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`));
      assert.equal(now.status, 'dispatched');
      assert.equal(now.fulfilment?.status, 'shipped');
      assert.ok(now.fulfilment?.trackingNo);
      assert.equal(problem(await post(gw, zhang, `/prescriptions/${rx.id}/cancel`)).code, 'INVALID_STATE', 'too late to cancel once shipped');

      gw.clock.set(gw.clock.ms + 31 * 60_000);
      await gw.sweepPrescriptions();
      now = ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`));
      assert.equal(now.status, 'completed');
      assert.equal(now.fulfilment?.status, 'delivered');

      const history = await gw.db.query<{ event: string }>('SELECT event FROM prescription_history WHERE prescription_id = $1 ORDER BY id', [rx.id]);
      assert.deepEqual(history.rows.map((r) => r.event), ['signed', 'approved', 'paid', 'dispatched', 'completed']);
      // Leaving the pharmacy is dispensing: reported once.
      assert.deepEqual(await gw.relayReports(), { acked: 1, failed: 0 });
      assert.deepEqual(reported(rx.id), ['prescription signed', 'prescription approved', 'prescription dispensed']);
    });

    test('a change after signing is detected on read, at review and at payment', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      const rx = ok<Prescription>(await submit(consult.id, { items: [usual(await find('amlodipine'))] }), 201);
      const tamper = `UPDATE prescriptions SET content = jsonb_set(content, '{items,0,days}', '30') WHERE id = $1`;
      await assert.rejects(gw.db.query(tamper, [rx.id]), /a signed prescription changes only by a revision/, 'the database refuses the change');
      // Someone who switches the database's rules off (a superuser) can make it: the signature shows it.
      await gw.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(tamper, [rx.id]);
      });
      for (const res of [await get(gw, zhang, `/prescriptions/${rx.id}`), await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {})]) {
        assert.equal(res.statusCode, 409);
        assert.equal(problem(res).code, 'SIGNATURE_INVALID');
      }
      const listed = ok<{ items: Prescription[] }>(await get(gw, pharmacist, `/prescriptions?consultId=${consult.id}`)).items;
      assert.equal(listed[0]?.signature.valid, false, 'a list marks it instead of failing whole');
    });

    test('the rules refuse with PRESCRIPTION_CHECK_FAILED and say which', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      const cases: Array<[string, PrescriptionDraftInput, string]> = [
        ['controlled', { items: [usual(await find('diazepam', 'any'))] }, 'CONTROLLED_DRUG'],
        ['allergy', { items: [{ ...usual(await find('amoxicillin')), frequency: 'tid' }] }, 'ALLERGY'],
        ['eight days', { items: [usual(await find('amlodipine'), 8)] }, 'SUPPLY_TOO_LONG'],
        ['validity', { validDays: 4, items: [usual(await find('amlodipine'))] }, 'VALIDITY_TOO_LONG'],
      ];
      const six = ['amlodipine', 'atorvastatin', 'metformin', 'omeprazole', 'loratadine', 'montelukast'];
      const sixDrugs = [];
      for (const name of six) sixDrugs.push(usual(await find(name)));
      cases.push(['six drugs', { items: sixDrugs }, 'TOO_MANY_DRUGS']);
      cases.push(['five drugs', { items: sixDrugs.slice(0, 5) }, '']);
      for (const [name, draft, code] of cases) {
        const res = await submit(consult.id, draft);
        if (!code) {
          assert.equal(res.statusCode, 201, `${name}: ${res.body}`);
          continue;
        }
        assert.equal(res.statusCode, 422, `${name}: ${res.body}`);
        const p = problem(res);
        assert.equal(p.code, 'PRESCRIPTION_CHECK_FAILED', name);
        assert.ok(p.findings?.some((f) => f.code === code && f.level === 'error'), `${name}: ${JSON.stringify(p.findings)}`);
      }
      const count = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM prescriptions WHERE consult_id = $1', [consult.id]);
      assert.equal(count.rows[0]!.n, 1, 'nothing refused was stored');
      // A finding from the catalog carries its English too, and an allergy its reaction in English.
      const check = ok<PrescriptionCheck>(await post(gw, doctor, `/consults/${consult.id}/prescription-check`, { items: [usual(await find('clopidogrel')), usual(await find('omeprazole'))] }));
      const interaction = check.findings.find((f) => f.code === 'INTERACTION');
      assert.equal(interaction?.note, '奥美拉唑抑制 CYP2C19，减弱氯吡格雷的抗血小板作用');
      assert.equal(interaction?.noteEn, 'Omeprazole inhibits CYP2C19 and reduces the antiplatelet effect of clopidogrel');
      assert.equal(check.allergies.find((a) => a.group === 'penicillin')?.reactionEn, 'Rash');
    });

    test('a child under 6: the guardian must be present and the weight given', async () => {
      const paediatrician = await login(gw, 'dr.tang', 'demo');
      const code = (await conditions(gw, zhang, child))[0]!.code;
      const asked = await paidConsult(gw, zhang, child, code);
      ok(await post(gw, paediatrician, `/consults/${asked.id}/accept`));
      const paediatric = ok<{ items: Drug[] }>(await post(gw, paediatrician, '/drug-search', { q: 'ibuprofen' })).items.find((d) => d.childDosePerKg && d.control === 'none');
      assert.ok(paediatric, 'the catalog has ibuprofen dosed by weight');
      const dose = paediatric.childDosePerKg!.min * 18;
      const draft: PrescriptionDraftInput = { items: [{ drugId: paediatric.id, dose, frequency: 'tid', days: 3 }] };
      const send = (d: PrescriptionDraftInput) => post(gw, paediatrician, `/consults/${asked.id}/prescriptions`, d, { 'idempotency-key': newKey() });
      const missing = problem(await send(draft));
      assert.deepEqual(new Set(missing.findings?.filter((f) => f.level === 'error').map((f) => f.code)), new Set(['GUARDIAN_PRESENCE_REQUIRED', 'WEIGHT_REQUIRED']));
      const rx = ok<Prescription>(await send({ ...draft, weightKg: 18, guardianPresent: true }), 201);
      assert.equal(rx.patient.weightKg, 18);
      assert.equal(rx.guardianPresent, true);
      assert.equal(rx.patient.age, 5);
    });

    test('each prescription gets a number people can read out, counted per hospital day, never the same twice, kept through revision', async () => {
      const amlodipine = await find('amlodipine');
      const consults = await Promise.all([0, 1, 2].map(() => acceptedConsult(zhang, self, 'I10')));
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(gw.clock.now()).replaceAll('-', '');
      // Signed at once: each its own number, in that day's sequence.
      const signed = await Promise.all(consults.map((c) => submit(c.id, { items: [usual(amlodipine)] }).then((r) => ok<Prescription>(r, 201))));
      const numbers = signed.map((p) => p.number);
      for (const n of numbers) assert.match(n, new RegExp(`^${day}-\\d{4}$`));
      assert.equal(new Set(numbers).size, 3, 'three numbers');
      const seqs = numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b);
      assert.deepEqual(seqs, [seqs[0], seqs[0]! + 1, seqs[0]! + 2], 'one after the other, no gaps');
      // Retries of the same signing, racing, answer one prescription and take one number.
      const key = newKey();
      const retried = await acceptedConsult(zhang, self, 'I10');
      const answers = await Promise.all([0, 1, 2, 3].map(() => submit(retried.id, { items: [usual(amlodipine)] }, key).then((r) => ok<Prescription>(r, 201))));
      const first = answers[0]!;
      assert.deepEqual(new Set(answers.map((a) => `${a.id} ${a.number}`)).size, 1, 'one prescription, one number');
      assert.equal(Number(first.number.slice(-4)), seqs[2]! + 1);
      // Everyone sees it; revising keeps it.
      assert.equal(ok<Prescription>(await get(gw, zhang, `/prescriptions/${first.id}`)).number, first.number);
      ok(await post(gw, pharmacist, `/prescriptions/${first.id}/return`, { reason: '请注明服药时间' }));
      assert.equal(ok<Prescription>(await post(gw, doctor, `/prescriptions/${first.id}/revise`, { items: [usual(amlodipine)] })).number, first.number);
      const next = ok<Prescription>(await submit((await acceptedConsult(zhang, self, 'I10')).id, { items: [usual(amlodipine)] }), 201);
      assert.equal(Number(next.number.slice(-4)), seqs[2]! + 2, 'the retries took no number');
      // The next day starts again at 0001.
      const saved = gw.clock.ms;
      gw.clock.set(saved + 86_400_000);
      try {
        await signIn();
        const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(gw.clock.now()).replaceAll('-', '');
        const later = ok<Prescription>(await submit((await acceptedConsult(zhang, self, 'I10')).id, { items: [usual(amlodipine)] }), 201);
        assert.equal(later.number, `${tomorrow}-0001`);
      } finally {
        gw.clock.set(saved);
        await signIn();
      }
    });

    test('returned with a reason, revised and signed again as version 2', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      const amlodipine = await find('amlodipine');
      const rx = ok<Prescription>(await submit(consult.id, { items: [usual(amlodipine)] }), 201);
      assert.equal((await post(gw, pharmacist, `/prescriptions/${rx.id}/return`, { reason: '  ' })).statusCode, 400);
      const returned = ok<Prescription>(await post(gw, pharmacist, `/prescriptions/${rx.id}/return`, { reason: '请注明服药时间' }));
      assert.equal(returned.status, 'returned');
      assert.equal(returned.review?.reason, '请注明服药时间');
      assert.deepEqual(ok<Prescription>(await post(gw, pharmacist, `/prescriptions/${rx.id}/return`, { reason: '请注明服药时间' })), returned, 'a retried return answers it');
      assert.equal(problem(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {})).code, 'INVALID_STATE');
      assert.equal((await post(gw, otherDoctor, `/prescriptions/${rx.id}/revise`, { items: [usual(amlodipine)] })).statusCode, 404, 'only its doctor');
      const revised = ok<Prescription>(await post(gw, doctor, `/prescriptions/${rx.id}/revise`, { items: [{ ...usual(amlodipine), note: '每日早晨服用' }] }));
      assert.equal(revised.version, 2);
      assert.equal(revised.status, 'pending_review');
      assert.equal(revised.items[0]!.note, '每日早晨服用');
      assert.equal(revised.review, undefined);
      assert.equal(ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`)).signature.valid, true);
      // The platform hears of each version's signing and of the return, in order.
      await gw.relayReports();
      const steps = [...regulator.received.values()].filter((r) => r.subjectId === rx.id).map((r) => `${r.event} v${(r.payload.prescription as { version: number }).version}`);
      assert.deepEqual(steps, ['signed v1', 'returned v1', 'signed v2']);
    });

    test('cancelled before dispatch is refunded; unpaid past its day it expires and cannot be paid', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      const amlodipine = await find('amlodipine');
      const rx = ok<Prescription>(await submit(consult.id, { items: [usual(amlodipine)] }), 201);
      ok(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}));
      const points = ok<{ items: Array<{ id: string }> }>(await get(gw, zhang, '/pickup-points')).items;
      const order = ok<Payment>(await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: points[0]!.id } }));
      ok(await post(gw, zhang, `/payments/${order.id}/sandbox-pay`));
      assert.equal((await post(gw, lina, `/prescriptions/${rx.id}/cancel`)).statusCode, 404, 'not someone else’s');
      const cancelled = ok<Prescription>(await post(gw, zhang, `/prescriptions/${rx.id}/cancel`));
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.payment?.status, 'refunded');
      assert.equal(cancelled.fulfilment?.status, 'cancelled');
      await gw.relayReports();
      assert.deepEqual([...regulator.received.values()].filter((r) => r.subjectId === rx.id).map((r) => r.event), ['signed', 'approved', 'cancelled']);

      const late = ok<Prescription>(await submit(consult.id, { items: [usual(amlodipine)] }), 201);
      ok(await post(gw, pharmacist, `/prescriptions/${late.id}/approve`, {}));
      gw.clock.set(Date.parse(late.validUntil) + 1000); // up to a day later, by the time of day the test runs
      await signIn();
      assert.equal(problem(await post(gw, zhang, `/prescriptions/${late.id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: points[0]!.id } })).code, 'PRESCRIPTION_EXPIRED');
      const { expired } = await gw.sweepPrescriptions();
      assert.ok(expired.includes(late.id));
      assert.equal(ok<Prescription>(await get(gw, zhang, `/prescriptions/${late.id}`)).status, 'expired');
    });

    test('who sees what: the patient’s accounts, its doctor, pharmacists; nobody else', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      const rx = ok<Prescription>(await submit(consult.id, { items: [usual(await find('amlodipine'))] }), 201);
      assert.equal((await get(gw, lina, `/prescriptions/${rx.id}`)).statusCode, 404);
      assert.equal((await get(gw, otherDoctor, `/prescriptions/${rx.id}`)).statusCode, 404);
      assert.equal((await post(gw, zhang, '/drug-search', { q: 'amlo' })).statusCode, 403, 'patients do not search the catalog');
      assert.ok(ok<{ items: Prescription[] }>(await get(gw, zhang, '/prescriptions')).items.some((p) => p.id === rx.id));
      assert.ok(!ok<{ items: Prescription[] }>(await get(gw, lina, '/prescriptions')).items.some((p) => p.id === rx.id));
      assert.ok(ok<{ items: Prescription[] }>(await get(gw, doctor, '/prescriptions')).items.some((p) => p.id === rx.id));
      assert.equal((await post(gw, otherDoctor, `/consults/${consult.id}/prescription-check`, { items: [usual(await find('amlodipine'))] })).statusCode, 404);
      // Before accepting, the doctor may look (age, allergies) but not prescribe.
      const waiting = await paidConsult(gw, zhang, self, 'I10');
      assert.equal(ok<PrescribingContext>(await get(gw, doctor, `/consults/${waiting.id}/prescribing`)).patient.age, 48);
      assert.equal(problem(await post(gw, doctor, `/consults/${waiting.id}/prescription-check`, { items: [usual(await find('amlodipine'))] })).code, 'INVALID_STATE');
      assert.equal(problem(await submit(waiting.id, { items: [usual(await find('amlodipine'))] })).code, 'INVALID_STATE');
      const audit = await gw.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'prescription' AND resource_id = $1`, [rx.id]);
      assert.ok(audit.rows[0]!.n >= 3);
    });

    test('reports wait in the outbox while the platform is down, and go once it is back', async () => {
      const consult = await acceptedConsult(zhang, self, 'I10');
      await gw.relayReports();
      regulator.down = true;
      ok(await say(gw, doctor, consult.id, '请继续按时服药。'), 201);
      ok(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '血压控制可', diagnosis: '原发性高血压', advice: '继续服药' }));
      assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 1 });
      regulator.down = false;
      assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 0 }, 'not before its retry time');
      gw.clock.set(gw.clock.ms + 31_000);
      assert.deepEqual(await gw.relayReports(), { acked: 1, failed: 0 });
      const row = await gw.db.query<{ attempts: number; ack_id: string }>(`SELECT attempts, ack_id FROM regulator_outbox WHERE kind = 'consult' AND event = 'completed' AND subject_id = $1`, [consult.id]);
      assert.equal(row.rows[0]!.attempts, 2);
      assert.ok(row.rows[0]!.ack_id);
      assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 0 });
    });
  });
}
