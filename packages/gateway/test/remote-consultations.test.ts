/**
 * Remote consultations (远程会诊, docs/network.md#remote-consultations): a doctor of the city
 * hospital asks a county hospital for an opinion on their patient with records attached; the
 * county's coordinator schedules it and assigns an expert, who reads exactly the attachments
 * through a grant, and signs the opinion on the reference CA's device; the opinion goes back into
 * the patient's record at the city hospital's HIS (retried when the HIS fails); the turnaround is
 * kept. Every refused step answers its code; a third organization sees nothing of it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDemoHis, createLocalCa, demoAccounts, insertNewReports, type LocalCa } from '@ihkit/adapters';
import { localDate, localTime, type Consult, type Problem, type RemoteConsultation, type RemoteConsultationSummary } from '@ihkit/core';
import { upsertUser } from '../src/users.js';
import { acceptedConsult, DOCTOR, get, ok, OTHER_DOCTOR, post } from './helpers/consults.js';
import { databases, demoPatient, login, newKey, otherDemoPatient, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { switchable, type HisMode } from './helpers/his-switch.js';

const COUNTY = 'county-b';
const THIRD = 'county-c';
const HOUR = 3_600_000;
const zhou = demoAccounts.find((a) => a.username === DOCTOR.username)!;

const tokenOf = (gw: TestGateway, userId: string) => sessionToken(userId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.now().getTime() + 24 * HOUR) });

/** A staff account of `organizationId` with a session by the gateway's clock. */
async function staff(gw: TestGateway, username: string, role: 'doctor' | 'nurse' | 'admin', organizationId: string, hisDoctorId?: string): Promise<{ id: string; token: string }> {
  const id = await upsertUser(gw.db, { username, role, displayName: username, organizationId, ...(hisDoctorId ? { hisDoctorId } : {}) });
  return { id, token: await tokenOf(gw, id) };
}

const code = async (res: Promise<{ statusCode: number; json(): unknown }>) => {
  const r = await res;
  return r.statusCode < 400 ? r.statusCode : (r.json() as Problem).code;
};

/** The requests waiting on the CA's devices. */
async function onDevice(ca: LocalCa) {
  for (let i = 0; i < 250; i++) {
    const found = ca.devices().flatMap((d) => d.pending().map((r) => ({ ...r, device: d })));
    if (found.length) return found[0]!;
    await sleep(20);
  }
  throw new Error('no signature request reached a device');
}

async function network(database: (typeof databases)[number], his: { mode: HisMode }) {
  const ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000 });
  const gw = await startGateway(database, {
    demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], signConfirmSeconds: 20, adapterBreakerFailures: 100,
    his: (db) => switchable(createDemoHis(db), his),
    organizations: [
      { id: COUNTY, name: '县医院', kind: 'county', his: (db) => createDemoHis(db) },
      { id: THIRD, name: '另一县医院', kind: 'county', his: (db) => createDemoHis(db) },
    ],
  });
  const doctorIds = (await gw.his.listDoctors()).map((d) => d.id).filter((id) => id !== zhou.doctorId);
  const me = demoPatient();
  const patient = await login(gw, me.username, me.password);
  const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
  const consult: Consult = await acceptedConsult(gw, patient, doctor);
  const report = (id: string, patientId: string) => ({ id, patientId, orderingDoctorId: zhou.doctorId!, title: '血常规', status: 'final' as const, issuedAt: gw.clock.now().toISOString(), observations: [] });
  await insertNewReports(gw.db, [report('lab_rc_1', me.patientId), report('lab_rc_2', me.patientId), report('lab_rc_other', otherDemoPatient().patientId)], 'test');
  return {
    ca, gw, me, doctor, consult,
    expert: await staff(gw, 'county.expert', 'doctor', COUNTY, doctorIds[0]),
    named: await staff(gw, 'county.named', 'doctor', COUNTY, doctorIds[1]),
    coordinator: await staff(gw, 'county.coordinator', 'nurse', COUNTY),
    third: await staff(gw, 'third.doctor', 'doctor', THIRD, doctorIds[0]),
    thirdAdmin: await staff(gw, 'third.admin', 'admin', THIRD),
  };
}

for (const database of databases) {
  describe(`remote consultations (${database.name})`, () => {
    test('request → schedule → the expert reads exactly the attachments → signed opinion → written back (retried) → turnaround; every refusal with its code', async () => {
      const his = { mode: 'ok' as HisMode };
      const { ca, gw, me, doctor, consult, expert, named, coordinator, third, thirdAdmin } = await network(database, his);
      try {
        const request = (extra: object = {}, token = doctor, key = newKey()) => post(gw, token, '/remote-consultations', {
          receivingOrganizationId: COUNTY, expertUserId: named.id, patientId: me.patientId, question: '反复胸闷，请协助诊治', urgency: 'urgent',
          attachments: [{ kind: 'consult', id: consult.id }, { kind: 'lab-report', id: 'lab_rc_1' }], ...extra,
        }, { 'idempotency-key': key });

        // What cannot be asked.
        assert.equal(await code(request({ attachments: [{ kind: 'lab-report', id: 'lab_rc_other' }] })), 'REMOTE_ATTACHMENT_NOT_SHAREABLE', 'a report of another patient');
        assert.equal(await code(request({}, await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password))), 'NOT_FOUND', 'a patient the doctor does not treat');
        assert.equal(await code(request({ patientId: otherDemoPatient().patientId, attachments: [] })), 'NOT_FOUND', 'nor this one');
        assert.equal(await code(request({ attachments: [{ kind: 'lab-report', id: 'lab_rc_1' }, { kind: 'prescription', id: 'rx_unknown' }] })), 'REMOTE_ATTACHMENT_NOT_SHAREABLE', 'a record that is not there');
        assert.equal(await code(request({ receivingOrganizationId: 'home' })), 'NOT_FOUND', 'its own organization');
        assert.equal(await code(request({ receivingOrganizationId: 'nowhere' })), 'NOT_FOUND', 'an organization not served');
        assert.equal(await code(request({ expertUserId: third.id })), 'REMOTE_EXPERT_NOT_OF_ORGANIZATION', 'a named expert of a third organization');
        assert.equal(await code(request({ urgency: 'soon' })), 'VALIDATION_FAILED');

        const key = newKey();
        const asked = ok<RemoteConsultation>(await request({}, doctor, key), 201);
        assert.equal(asked.state, 'requested');
        assert.equal(asked.requestingOrganizationId, 'home');
        assert.deepEqual(asked.attachments, [{ kind: 'consult', id: consult.id }, { kind: 'lab-report', id: 'lab_rc_1' }]);
        assert.equal(ok<RemoteConsultation>(await request({}, doctor, key), 201).id, asked.id, 'a retry is the same request');
        const path = `/remote-consultations/${asked.id}`;

        // Who sees it: the requester, the county's coordinator and its named expert; not a third organization, nor another county doctor.
        const sees = async (token: string) => (await get(gw, token, path)).statusCode;
        assert.deepEqual([await sees(doctor), await sees(coordinator.token), await sees(named.token)], [200, 200, 200]);
        assert.deepEqual([await sees(third.token), await sees(thirdAdmin.token), await sees(expert.token)], [404, 404, 404], 'a third organization and an unassigned county doctor: as if it were not there');
        const listed = async (token: string, query = '') => ok<{ items: RemoteConsultation[]; summary: RemoteConsultationSummary }>(await get(gw, token, `/remote-consultations${query}`));
        assert.deepEqual((await listed(third.token)).items, []);
        assert.deepEqual((await listed(coordinator.token, '?side=received&state=requested')).items.map((c) => c.id), [asked.id], 'the coordinator’s worklist');
        assert.deepEqual((await listed(doctor, '?side=received')).items, [], 'the requester’s organization did not receive it');
        assert.equal(await code(get(gw, doctor, '/remote-consultations?state=unknown')), 'VALIDATION_FAILED');

        // Before it is scheduled nobody of the county reads the attachments, and no opinion can be written.
        assert.equal((await get(gw, expert.token, `/consults/${consult.id}`)).statusCode, 404);
        assert.equal(await code(post(gw, named.token, `${path}/opinion`, { opinion: '建议冠脉CTA' })), 'REMOTE_CONSULTATION_NOT_SCHEDULED', 'opinion before scheduling');

        // Scheduling: only the receiving coordinator, with doctors of the county.
        const at = new Date(gw.clock.now().getTime() + 2 * HOUR).toISOString();
        assert.equal(await code(post(gw, doctor, `${path}/schedule`, { scheduledAt: at, experts: [expert.id] })), 'ROLE_NOT_ALLOWED', 'a doctor does not schedule');
        assert.equal(await code(post(gw, thirdAdmin.token, `${path}/schedule`, { scheduledAt: at, experts: [expert.id] })), 'NOT_FOUND', 'wrong organization');
        assert.equal(await code(post(gw, coordinator.token, `${path}/schedule`, { scheduledAt: at, experts: [third.id] })), 'REMOTE_EXPERT_NOT_OF_ORGANIZATION', 'an expert not of the county');
        assert.equal(await code(post(gw, coordinator.token, `${path}/schedule`, { scheduledAt: new Date(gw.clock.now().getTime() - HOUR).toISOString(), experts: [expert.id] })), 'VALIDATION_FAILED', 'in the past');
        const scheduled = ok<RemoteConsultation>(await post(gw, coordinator.token, `${path}/schedule`, { scheduledAt: at, experts: [expert.id] }));
        assert.equal(scheduled.state, 'scheduled');
        assert.deepEqual(scheduled.experts, [expert.id]);
        assert.equal(scheduled.grantsExpireAt, new Date(Date.parse(at) + 24 * HOUR).toISOString(), 'the grant runs until 24 hours after the appointment');
        assert.equal(await code(post(gw, coordinator.token, `${path}/schedule`, { scheduledAt: at, experts: [expert.id] })), 'REMOTE_CONSULTATION_NOT_PENDING', 'double schedule');
        assert.equal(await code(post(gw, doctor, `${path}/cancel`)), 'REMOTE_CONSULTATION_NOT_PENDING', 'cancelled after scheduling');
        assert.equal(await sees(expert.token), 200, 'the assigned expert sees it now');
        await gw.relayNotifications();
        assert.deepEqual(gw.sandboxNotifications!.inbox(me.patientId).filter((m) => m.template === 'remote-consultation-scheduled').map((m) => m.params),
          [{ date: localDate(new Date(at), 'Asia/Shanghai'), time: localTime(new Date(at), 'Asia/Shanghai') }], 'the patient is told when');

        // The grant: exactly the attachments, to the assigned expert alone, each read audited with it.
        const reads = async (token: string) => [
          (await get(gw, token, `/consults/${consult.id}`)).statusCode, (await get(gw, token, '/lab-reports/lab_rc_1')).statusCode, (await get(gw, token, '/lab-reports/lab_rc_2')).statusCode,
        ];
        assert.deepEqual(await reads(expert.token), [200, 200, 404], 'the attachments, not the patient’s other report');
        assert.deepEqual(await reads(named.token), [404, 404, 404], 'the named but unassigned expert reads nothing');
        const { rows: grants } = await gw.db.query<{ id: string; grantee_user_id: string; request_ref: string }>('SELECT id, grantee_user_id, request_ref FROM access_grants');
        assert.deepEqual(grants.map((g) => [g.grantee_user_id, g.request_ref]), [[expert.id, asked.id]]);
        const { rows: audited } = await gw.db.query<{ action: string; resource_id: string }>(
          "SELECT action, resource_id FROM audit_log WHERE actor_id = $1 AND resource_type = 'access_grant' AND outcome = 'ok' ORDER BY seq", [expert.id]);
        assert.deepEqual(audited.map((r) => [r.action, r.resource_id]), [['getConsult', grants[0]!.id], ['getLabReport', grants[0]!.id]]);

        // The opinion: not by the named expert who was not assigned, not closed before; signed on the assigned expert's phone.
        assert.equal(await code(post(gw, named.token, `${path}/opinion`, { opinion: '建议冠脉CTA' })), 'REMOTE_EXPERT_NOT_ASSIGNED');
        assert.equal(await code(post(gw, third.token, `${path}/opinion`, { opinion: '建议冠脉CTA' })), 'NOT_FOUND');
        assert.equal(await code(post(gw, doctor, `${path}/close`)), 'REMOTE_CONSULTATION_NO_OPINION');
        gw.clock.set(gw.clock.now().getTime() + 3 * HOUR);
        his.mode = 'fail';
        const signing = post(gw, expert.token, `${path}/opinion`, { opinion: '考虑不稳定型心绞痛，建议冠脉CTA，必要时转上级医院。' });
        const ask = await onDevice(ca);
        await ask.device.confirm(ask.requestId);
        const signed = ok<RemoteConsultation>(await signing);
        assert.equal(signed.state, 'opinion-signed');
        assert.equal(signed.turnaroundSeconds, 3 * 3600, 'request → signed opinion, by the gateway’s clock');
        assert.equal(signed.opinion?.valid, true, 'verified by certificate');
        assert.equal(signed.opinion?.expertUserId, expert.id);
        assert.ok(signed.opinion?.certificateSerial);
        assert.equal(await code(post(gw, expert.token, `${path}/opinion`, { opinion: '再次' })), 'REMOTE_CONSULTATION_NOT_SCHEDULED', 'one opinion');

        // Into the city hospital's record: the HIS is down, so it waits and is tried again.
        const stored = async () => (await gw.db.query<{ patient_id: string; record: { opinion: string; signature: { value: string } } }>('SELECT patient_id, record FROM demo_consultation_opinions WHERE id = $1', [asked.id])).rows;
        const outbox = async () => (await gw.db.query<{ attempts: number; last_error: string | null; done_at: Date | null }>('SELECT attempts, last_error, done_at FROM remote_consultation_writebacks WHERE id = $1', [asked.id])).rows[0];
        for (let i = 0; i < 250 && !(await outbox())?.last_error; i++) await sleep(20);
        assert.deepEqual(await outbox(), { attempts: 1, last_error: 'HttpProblem HIS_UNAVAILABLE', done_at: null }, 'tried on commit, failed, kept for later (its code only)');
        assert.deepEqual(await gw.relayOpinionWritebacks(), { done: 0, failed: 0 }, 'not due again yet');
        assert.deepEqual(await stored(), []);
        assert.equal(ok<RemoteConsultation>(await get(gw, doctor, path)).opinion?.writtenBack, false);
        his.mode = 'ok';
        gw.clock.set(gw.clock.now().getTime() + 60_000);
        assert.deepEqual(await gw.relayOpinionWritebacks(), { done: 1, failed: 0 });
        const [written] = await stored();
        assert.equal(written?.patient_id, me.patientId);
        assert.equal(written?.record.opinion, '考虑不稳定型心绞痛，建议冠脉CTA，必要时转上级医院。');
        const back = ok<RemoteConsultation>(await get(gw, doctor, path));
        assert.equal(back.opinion?.writtenBack, true);
        assert.equal(back.opinion?.text, written?.record.opinion, 'the requester reads the opinion');

        // Closed by the requester: the grant ends; the supervision platform heard every step.
        const closed = ok<RemoteConsultation>(await post(gw, doctor, `${path}/close`));
        assert.equal(closed.state, 'closed');
        assert.deepEqual(await reads(expert.token), [404, 404, 404], 'closed: access ends');
        const { rows: reports } = await gw.db.query<{ event: string; organization_id: string }>("SELECT event, organization_id FROM regulator_outbox WHERE kind = 'remote-consultation' ORDER BY seq");
        assert.deepEqual(reports.map((r) => r.event), ['created', 'accepted', 'signed', 'closed']);
        const summary = (await listed(doctor, '?side=requested')).summary;
        assert.equal(summary.counts.closed, 1);
        assert.equal(summary.averageTurnaroundSeconds, 3 * 3600);

        // The opinion changed in the database afterwards no longer verifies.
        await gw.db.query(`UPDATE remote_consultations SET opinion = jsonb_set(opinion, '{opinion}', '"无需处理"') WHERE id = $1`, [asked.id]);
        assert.equal(ok<RemoteConsultation>(await get(gw, doctor, path)).opinion?.valid, false);
      } finally {
        await gw.close();
      }
    });

    test('declined after scheduling: the grant ends; cancelled by the requester before scheduling', async () => {
      const his = { mode: 'ok' as HisMode };
      const { gw, me, doctor, consult, expert, coordinator, third } = await network(database, his);
      try {
        const request = () => post(gw, doctor, '/remote-consultations', {
          receivingOrganizationId: COUNTY, patientId: me.patientId, question: '请会诊', urgency: 'routine', attachments: [{ kind: 'consult', id: consult.id }],
        }, { 'idempotency-key': newKey() });
        const first = ok<RemoteConsultation>(await request(), 201);
        const huang = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
        assert.equal(await code(post(gw, huang, `/remote-consultations/${first.id}/cancel`)), 'NOT_FOUND', 'another doctor of the hospital');
        assert.equal(await code(post(gw, third.token, `/remote-consultations/${first.id}/cancel`)), 'NOT_FOUND');
        const cancelled = ok<RemoteConsultation>(await post(gw, doctor, `/remote-consultations/${first.id}/cancel`));
        assert.equal(cancelled.state, 'cancelled');
        assert.ok(cancelled.closedAt);
        assert.equal(await code(post(gw, doctor, `/remote-consultations/${first.id}/cancel`)), 'REMOTE_CONSULTATION_NOT_PENDING');
        assert.equal(await code(post(gw, coordinator.token, `/remote-consultations/${first.id}/schedule`, { scheduledAt: new Date(gw.clock.now().getTime() + HOUR).toISOString(), experts: [expert.id] })), 'REMOTE_CONSULTATION_NOT_PENDING');

        const second = ok<RemoteConsultation>(await request(), 201);
        const path = `/remote-consultations/${second.id}`;
        ok<RemoteConsultation>(await post(gw, coordinator.token, `${path}/schedule`, { scheduledAt: new Date(gw.clock.now().getTime() + HOUR).toISOString(), experts: [expert.id] }));
        assert.equal((await get(gw, expert.token, `/consults/${consult.id}`)).statusCode, 200);
        assert.equal(await code(post(gw, doctor, `${path}/decline`, { reason: '无' })), 'ROLE_NOT_ALLOWED');
        const declined = ok<RemoteConsultation>(await post(gw, coordinator.token, `${path}/decline`, { reason: '专家外出，请转其他医院' }));
        assert.equal(declined.state, 'declined');
        assert.equal(declined.declineReason, '专家外出，请转其他医院');
        assert.equal((await get(gw, expert.token, `/consults/${consult.id}`)).statusCode, 404, 'declined: the grant is revoked');
        assert.equal(await code(post(gw, coordinator.token, `${path}/decline`, { reason: '再次' })), 'REMOTE_CONSULTATION_NOT_PENDING');
        assert.equal(await code(post(gw, expert.token, `${path}/opinion`, { opinion: '意见' })), 'REMOTE_CONSULTATION_NOT_SCHEDULED');
        const { rows } = await gw.db.query<{ event: string }>("SELECT event FROM regulator_outbox WHERE kind = 'remote-consultation' ORDER BY seq");
        assert.deepEqual(rows.map((r) => r.event), ['created', 'cancelled', 'created', 'accepted', 'declined']);
      } finally {
        await gw.close();
      }
    });
    test('the directory: every organization, the caller’s own marked, each with its doctors (user id and name), for doctors and coordinators alike', async () => {
      const { gw, doctor, expert, named, coordinator, third } = await network(database, { mode: 'ok' });
      try {
        type Directory = { organizations: Array<{ id: string; name: string; own: boolean; doctors: Array<{ userId: string; name: string }> }> };
        const dir = ok<Directory>(await get(gw, coordinator.token, '/remote-consultation-directory'));
        const county = dir.organizations.find((o) => o.id === COUNTY)!;
        assert.equal(county.own, true);
        assert.equal(county.name, '县医院');
        assert.deepEqual(county.doctors.map((d) => d.userId).sort(), [expert.id, named.id].sort(), 'its doctors only, not its nurse');
        assert.deepEqual(dir.organizations.find((o) => o.id === THIRD)!.doctors.map((d) => d.userId), [third.id]);
        assert.deepEqual(dir.organizations.filter((o) => o.own).map((o) => o.id), [COUNTY]);
        const seen = ok<Directory>(await get(gw, doctor, '/remote-consultation-directory'));
        const home = seen.organizations.find((o) => o.own)!;
        assert.notEqual(home.id, COUNTY);
        assert.ok(home.doctors.some((d) => d.name === zhou.displayName), 'the home doctors by display name');
        assert.deepEqual(Object.keys(home.doctors[0]!).sort(), ['name', 'userId'], 'nothing but the user id and the name');
      } finally {
        await gw.close();
      }
    });
  });
}
