/**
 * What people wait on reaches them live, on the WebSocket: a prescription's changes (its
 * patient's accounts, its doctor, the pharmacists while it enters or leaves review), the calls
 * a doctor is invited to, new lab reports (the patient's own and family accounts). Nobody
 * else hears of them; they cross gateways; after the gateway lost its LISTEN connection every
 * watcher is told to read again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { decodeJwt } from 'jose';
import { createDemoPacs, demoAccounts, sendMllp, type PacsAdapter } from '@ihkit/adapters';
import type { Consult, Drug, Payment, PickupPoint, Prescription, RealtimeConnection, ReportNotice, VideoRoom } from '@ihkit/core';
import { openPostgres } from '../src/db/index.js';
import { notify } from '../src/realtime/notices.js';
import { linkPatient, upsertUser } from '../src/users.js';
import { createPostgresDatabase, testServerUrl } from './helpers/databases.js';
import { databases, login, newKey, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, get, OTHER_DOCTOR, ok, post, say } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';

const PHARMACIST = { username: 'ph.sun', password: 'demo' } as const;
const zhangAccount = demoAccounts.find((a) => a.username === 'zhangwei')!;

/** What one connection heard of a topic: ids as they came, `undefined` for "read it all again". */
function heard<T>(watch: (fn: (x?: T) => void) => () => void): T[] & { again: number } {
  const got = Object.defineProperty([] as T[], 'again', { value: 0, writable: true, enumerable: false }) as T[] & { again: number };
  watch((x) => (x === undefined ? (got.again += 1) : got.push(x)));
  return got;
}

const userOf = (token: string) => decodeJwt(token).sub!;

/** Lets frames already sent arrive (to check that nothing came). */
const settle = () => new Promise((r) => setTimeout(r, 300));

/** Each connection open, and its watch frames through to the gateway. */
async function opened(...conns: RealtimeConnection[]): Promise<void> {
  await eventually(() => assert.ok(conns.every((c) => c.state === 'open'), 'all connected'));
  await new Promise((r) => setTimeout(r, 100));
}

/** A prescription of amlodipine for the consult, signed by the doctor. */
async function prescribe(gw: TestGateway, doctor: string, consultId: string): Promise<Prescription> {
  const drug = ok<{ items: Drug[] }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
  return ok<Prescription>(await post(gw, doctor, `/consults/${consultId}/prescriptions`, { items: [{ drugId: drug.id, dose: drug.adultDose?.min ?? drug.unitDose, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }), 201);
}

/** A new account that manages `patientId` as family. */
async function familyOf(gw: TestGateway, patientId: string): Promise<string> {
  const userId = await upsertUser(gw.db, { username: `family-${newKey()}`, role: 'patient', displayName: '家属' });
  await linkPatient(gw.db, userId, patientId, 'spouse');
  return sessionToken(userId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 8 * 3600_000) });
}

/** An HL7 v2 ORU^R01 with one normal result for `patientId`. */
function oru(patientId: string, order: string): string {
  const now = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return [
    `MSH|^~\\&|LIS|DEMO-HOSP|IHKIT|DEMO-HOSP|${now}||ORU^R01^ORU_R01|CTL-${order}|P|2.5.1|||||||||UNICODE UTF-8`,
    `PID|1||${patientId}^^^DEMO-HOSP^PI||测试^患者||19780101|M`,
    `OBR|1|P-${order}|F-${order}|2951-2^电解质^LN|||${now}|||||||||||||||${now}|||F`,
    `OBX|1|NM|2951-2^钠^LN||140|mmol/L|137-147|N|||F`,
  ].join('\r');
}

for (const database of databases) {
  describe(`live notices (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    let zhang: string;
    let lina: string;
    let family: string;
    let doctor: string;
    let otherDoctor: string;
    let pharmacist: string;
    const live = connections();

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, mllpPort: 0 });
      url = await listen(gw);
      zhang = await login(gw, 'zhangwei', 'demo');
      lina = await login(gw, 'lina', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      otherDoctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      pharmacist = await login(gw, PHARMACIST.username, PHARMACIST.password);
      family = await familyOf(gw, zhangAccount.patientId!);
    });
    after(async () => {
      live.closeAll();
      await gw?.close();
    });

    test('a consult’s changes of state reach its patient’s accounts for their list: paid, accepted, completed; nobody else', async () => {
      const [patientConn, familyConn, strangerConn, doctorConn] = [zhang, family, lina, doctor].map((t) => live.connect(url, t));
      const patientHeard = heard<string>((fn) => patientConn!.onConsults(fn));
      const familyHeard = heard<string>((fn) => familyConn!.onConsults(fn));
      const strangerHeard = heard<string>((fn) => strangerConn!.onConsults(fn));
      const doctorHeard = heard<string>((fn) => doctorConn!.onConsults(fn));
      await opened(patientConn!, familyConn!, strangerConn!, doctorConn!);

      const consult = await acceptedConsult(gw, zhang, doctor); // paid, then accepted
      for (const [who, got] of [['patient', patientHeard], ['family', familyHeard]] as const) {
        await eventually(() => assert.deepEqual(got, [consult.id, consult.id], `${who} heard it was paid and accepted`));
      }
      ok(await say(gw, doctor, consult.id, '请继续服药'), 201);
      ok(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '头晕', diagnosis: '原发性高血压', advice: '继续服药' }));
      await eventually(() => assert.equal(patientHeard.filter((id) => id === consult.id).length, 4, 'and that it was taken up and completed'));
      await settle();
      assert.deepEqual(strangerHeard, [], 'another patient hears nothing');
      assert.deepEqual(doctorHeard, [], 'the doctor has the queue for this');
    });

    test('a prescription’s changes reach its patient’s accounts, its doctor and the pharmacists; nobody else', async () => {
      const [patientConn, familyConn, strangerConn, doctorConn, otherDoctorConn, pharmacistConn] = [zhang, family, lina, doctor, otherDoctor, pharmacist].map((t) => live.connect(url, t));
      const patientHeard = heard<string>((fn) => patientConn!.onPrescription(fn));
      const familyHeard = heard<string>((fn) => familyConn!.onPrescription(fn));
      const strangerHeard = heard<string>((fn) => strangerConn!.onPrescription(fn));
      const doctorHeard = heard<string>((fn) => doctorConn!.onPrescription(fn));
      const otherDoctorHeard = heard<string>((fn) => otherDoctorConn!.onPrescription(fn));
      const pharmacistHeard = heard<string>((fn) => pharmacistConn!.onPrescription(fn));
      await opened(patientConn!, familyConn!, strangerConn!, doctorConn!, otherDoctorConn!, pharmacistConn!);

      const consult = await acceptedConsult(gw, zhang, doctor);
      const rx = await prescribe(gw, doctor, consult.id);
      for (const [who, got] of [['patient', patientHeard], ['family', familyHeard], ['doctor', doctorHeard], ['pharmacist', pharmacistHeard]] as const) {
        await eventually(() => assert.deepEqual(got, [rx.id], `${who} heard it was signed`));
      }

      ok(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}));
      for (const [who, got] of [['patient', patientHeard], ['family', familyHeard], ['doctor', doctorHeard], ['pharmacist', pharmacistHeard]] as const) {
        await eventually(() => assert.deepEqual(got, [rx.id, rx.id], `${who} heard it was approved`));
      }

      // Paid: the patient's side and the doctor's; it is no longer the pharmacists' business.
      const points = ok<{ items: PickupPoint[] }>(await get(gw, zhang, '/pickup-points')).items;
      const order = ok<Payment>(await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: points[0]!.id } }));
      ok(await post(gw, zhang, `/payments/${order.id}/sandbox-pay`));
      await eventually(() => assert.ok(patientHeard.length >= 4, 'the patient heard of the choice and the payment'));
      await eventually(() => assert.equal(doctorHeard.length, patientHeard.length, 'the doctor heard the same'));
      // A notice that names accounts who may not see it (a link gone meanwhile, say): each socket checks, and sends nothing.
      await notify(gw.db, { k: 'prescription', p: rx.id, pt: zhangAccount.patientId!, d: userOf(doctor), u: [userOf(lina), userOf(otherDoctor)] });
      await settle();
      assert.deepEqual(pharmacistHeard, [rx.id, rx.id], 'pharmacists hear only of review');
      assert.deepEqual(strangerHeard, [], 'another patient hears nothing');
      assert.deepEqual(otherDoctorHeard, [], 'another doctor hears nothing');
      assert.equal(ok<Prescription>(await get(gw, zhang, `/prescriptions/${rx.id}`)).status, 'paid');
    });

    test('a doctor hears of the calls they are invited to: invited, ended, the consult over; nobody else does', async () => {
      const huang = ok<{ items: Array<{ id: string; name: string }> }>(await get(gw, doctor, '/doctors')).items.find((x) => x.name === '黄立新')!;
      const specialistConn = live.connect(url, otherDoctor);
      const patientConn = live.connect(url, zhang);
      const specialistHeard = heard<string>((fn) => specialistConn.onInvitation(fn));
      const patientHeard = heard<string>((fn) => patientConn.onInvitation(fn));
      await opened(specialistConn, patientConn);

      const consult = await acceptedConsult(gw, zhang, doctor);
      const room = ok<VideoRoom>(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      await settle();
      assert.deepEqual(specialistHeard, [], 'nothing before the invitation');
      ok(await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: huang.id }));
      await eventually(() => assert.deepEqual(specialistHeard, [room.id], 'invited'));
      assert.equal(ok<{ items: VideoRoom[] }>(await get(gw, otherDoctor, '/video-rooms')).items[0]?.id, room.id);
      ok(await post(gw, doctor, `/video-rooms/${room.id}/end`));
      await eventually(() => assert.deepEqual(specialistHeard, [room.id, room.id], 'the call ended'));

      // Invited again in a new call; the doctor completes the consult: no longer an invitation.
      const again = ok<VideoRoom>(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      ok(await post(gw, doctor, `/video-rooms/${again.id}/invite`, { doctorId: huang.id }));
      await eventually(() => assert.equal(specialistHeard.at(-1), again.id, 'invited again'));
      const invited = specialistHeard.length;
      ok(await say(gw, doctor, consult.id, '请按时服药。'), 201); // under way
      // Its notice names the same call as the last one: wait for it by count, or it could land after `before` below.
      await eventually(() => assert.equal(specialistHeard.length, invited + 1, 'told of that too'));
      assert.equal(specialistHeard.at(-1), again.id);
      const before = specialistHeard.length;
      ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '血压偏高', diagnosis: '原发性高血压', advice: '按时服药' }));
      await eventually(() => assert.equal(specialistHeard.length, before + 1, 'told when the consult ended'));
      assert.deepEqual(ok<{ items: VideoRoom[] }>(await get(gw, otherDoctor, '/video-rooms')).items, [], 'and it is gone from the invitations');
      await notify(gw.db, { k: 'invitation', r: again.id, u: [userOf(zhang)] }); // addressed to someone not in the call
      await settle();
      assert.deepEqual(patientHeard, [], 'the patient is no specialist');
    });

    test('a new lab report reaches the patient’s own and family accounts; nobody else', async () => {
      const [patientConn, familyConn, strangerConn, doctorConn] = [zhang, family, lina, otherDoctor].map((t) => live.connect(url, t));
      const patientHeard = heard<ReportNotice>((fn) => patientConn!.onReport(fn));
      const familyHeard = heard<ReportNotice>((fn) => familyConn!.onReport(fn));
      const strangerHeard = heard<ReportNotice>((fn) => strangerConn!.onReport(fn));
      const doctorHeard = heard<ReportNotice>((fn) => doctorConn!.onReport(fn));
      await opened(patientConn!, familyConn!, strangerConn!, doctorConn!);

      assert.match(await sendMllp(gw.mllp!.port, '127.0.0.1', oru(zhangAccount.patientId!, `${database.name}-2001`)), /MSA\|AA/);
      await eventually(() => assert.equal(patientHeard.length, 1, 'the patient heard'));
      const notice = patientHeard[0]!;
      assert.equal(notice.patientId, zhangAccount.patientId);
      assert.equal(notice.studyId, undefined);
      const reports = ok<{ items: Array<{ id: string; title: string }> }>(await get(gw, zhang, `/patients/${zhangAccount.patientId}/lab-reports`)).items;
      assert.equal(reports.find((r) => r.id === notice.reportId)?.title, '电解质', 'it names the new report');
      await eventually(() => assert.deepEqual(familyHeard, patientHeard, 'the family account heard the same'));
      await notify(gw.db, { k: 'report', pt: zhangAccount.patientId!, rep: notice.reportId, u: [userOf(lina), userOf(otherDoctor)] }); // misaddressed
      await settle();
      assert.deepEqual(strangerHeard, [], 'another patient hears nothing');
      assert.deepEqual(doctorHeard, [], 'a doctor who does not treat the patient hears nothing');
    });

    test('a new imaging study the PACS announces reaches the patient’s accounts; nobody else', async () => {
      let arrive: Parameters<NonNullable<PacsAdapter['watch']>>[0] | undefined;
      const pacs: PacsAdapter = { ...createDemoPacs(), watch: async (fn) => ((arrive = fn), () => (arrive = undefined)) };
      const withPacs = await startGateway(database, { demo: true, sweepIntervalMs: 0, pacs });
      const conns = connections();
      try {
        const pacsUrl = await listen(withPacs);
        const me = await login(withPacs, 'zhangwei', 'demo');
        const stranger = await login(withPacs, 'lina', 'demo');
        const [mine, theirs] = [me, stranger].map((t) => conns.connect(pacsUrl, t));
        const patientHeard = heard<ReportNotice>((fn) => mine!.onReport(fn));
        const strangerHeard = heard<ReportNotice>((fn) => theirs!.onReport(fn));
        await opened(mine!, theirs!);
        assert.ok(arrive, 'the gateway watches the PACS');
        arrive({ id: '1.2.826.0.1.3680043.8.498.1', patientId: zhangAccount.patientId! });
        await eventually(() => assert.deepEqual(patientHeard, [{ patientId: zhangAccount.patientId, studyId: '1.2.826.0.1.3680043.8.498.1' }], 'the patient heard of the study'));
        await settle();
        assert.deepEqual(strangerHeard, []);
      } finally {
        conns.closeAll();
        await withPacs.close();
      }
      assert.equal(arrive, undefined, 'the watch stops with the gateway');
    });
  });
}

describe('live notices across two gateways on one PostgreSQL', () => {
  test('a change written through one gateway reaches a socket connected to the other', async () => {
    const created = await createPostgresDatabase();
    const database = { open: () => openPostgres(created.url) };
    const a = await startGateway(database, { demo: true, sweepIntervalMs: 0, mllpPort: 0 });
    const b = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    const live = connections();
    try {
      const urlB = await listen(b);
      const zhang = await login(a, 'zhangwei', 'demo');
      const doctor = await login(a, DOCTOR.username, DOCTOR.password);
      const specialist = await login(a, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      const pharmacist = await login(a, PHARMACIST.username, PHARMACIST.password);
      const patientConn = live.connect(urlB, zhang);
      const pharmacistConn = live.connect(urlB, pharmacist);
      const specialistConn = live.connect(urlB, specialist);
      const prescriptions = heard<string>((fn) => patientConn.onPrescription(fn));
      const reports = heard<ReportNotice>((fn) => patientConn.onReport(fn));
      const queue = heard<string>((fn) => pharmacistConn.onPrescription(fn));
      const invitations = heard<string>((fn) => specialistConn.onInvitation(fn));
      await opened(patientConn, pharmacistConn, specialistConn);

      const consult = await acceptedConsult(a, zhang, doctor);
      const rx = await prescribe(a, doctor, consult.id);
      await eventually(() => assert.deepEqual(queue, [rx.id], 'the pharmacist on the other gateway sees it come in'));
      ok(await post(a, pharmacist, `/prescriptions/${rx.id}/approve`, {}));
      await eventually(() => assert.deepEqual(prescriptions, [rx.id, rx.id], 'the patient on the other gateway sees it approved'));

      const huang = ok<{ items: Array<{ id: string; name: string }> }>(await get(a, doctor, '/doctors')).items.find((x) => x.name === '黄立新')!;
      const room = ok<VideoRoom>(await post(a, doctor, `/consults/${consult.id}/video-room`));
      ok(await post(a, doctor, `/video-rooms/${room.id}/invite`, { doctorId: huang.id }));
      await eventually(() => assert.deepEqual(invitations, [room.id], 'the specialist on the other gateway is invited'));

      assert.match(await sendMllp(a.mllp!.port, '127.0.0.1', oru(zhangAccount.patientId!, 'two-gw-3001')), /MSA\|AA/);
      await eventually(() => assert.equal(reports.length, 1, 'the report received by one gateway reaches the patient on the other'));
      await settle();
      assert.equal(reports.length, 1, 'once, though both gateways learnt of it');
    } finally {
      live.closeAll();
      await a.close().catch(() => {});
      await b.close().catch(() => {});
      await created.drop();
    }
  });

  test('after the gateway’s LISTEN connection comes back, every watcher is told to read again', async () => {
    const created = await createPostgresDatabase();
    const gw = await startGateway({ open: () => openPostgres(created.url) }, { demo: true, sweepIntervalMs: 0 });
    const live = connections();
    try {
      const url = await listen(gw);
      const zhang = await login(gw, 'zhangwei', 'demo');
      const conn = live.connect(url, zhang);
      const prescriptions = heard<string>((fn) => conn.onPrescription(fn));
      const reports = heard<ReportNotice>((fn) => conn.onReport(fn));
      await opened(conn);
      const before = { prescriptions: prescriptions.again, reports: reports.again };

      // The server drops the gateway's listening connection (a failover, an idle timeout).
      const admin = new pg.Client({ connectionString: testServerUrl() });
      await admin.connect();
      try {
        const { rows } = await admin.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ihkit-gateway-listen'", [created.name]);
        assert.ok(rows.length >= 1, 'the listening connection was there');
      } finally {
        await admin.end();
      }
      await eventually(() => assert.ok(prescriptions.again > before.prescriptions && reports.again > before.reports, 'told to read prescriptions and reports again'), 10_000);
      assert.equal(conn.state, 'open', 'the page’s own connection never dropped');
    } finally {
      live.closeAll();
      await gw.close().catch(() => {});
      await created.drop();
    }
  });
});
