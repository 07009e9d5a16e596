/**
 * Two-way referral (双向转诊, docs/network.md#referrals) in the demo network: up from a county
 * hospital to the city with a place reserved in the city's HIS (really taken there, freed when
 * cancelled); down from the city to the other county with the follow-up plan started there; the
 * receiver reads exactly the records attached, until the referral is closed; the patient sees
 * where and when to go; the supervision platform and the patient hear of each step; a third
 * organization sees nothing; and every step refused has its code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoHis, demoAccounts, insertNewReports, type Db, type HisAdapter } from '@ihkit/adapters';
import type { Consult, PatientReferral, Referral, Slot } from '@ihkit/core';
import { addDays } from '@ihkit/core';
import { demoNetwork } from '../src/organizations/demo-network.js';
import { upsertUser } from '../src/users.js';
import { acceptedConsult, DOCTOR, get, OTHER_DOCTOR, ok, post } from './helpers/consults.js';
import { databases, demoPatient, login, newKey, otherDemoPatient, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';

const zhou = demoAccounts.find((a) => a.username === DOCTOR.username)!;

const refer = (gw: TestGateway, token: string, body: object, key = newKey()) => post(gw, token, '/referrals', body, { 'idempotency-key': key });
const refused = async (res: Promise<{ statusCode: number; json(): unknown }>, status: number, code: string, what: string) => {
  const r = await res;
  assert.equal(r.statusCode, status, what);
  assert.equal((r.json() as { code: string }).code, code, what);
};

const network = demoNetwork('home');

/** A department of an organization's HIS, by its name. */
async function departmentId(gw: TestGateway, organizationId: string, name: string): Promise<string> {
  const member = network.organizations.find((o) => o.id === organizationId);
  const his = member ? await (member.his as (db: Db) => HisAdapter)(gw.db) : gw.his;
  return (await his.listDepartments()).find((d) => d.name === name)!.id;
}

/** A free place of the city's department, a day or more ahead. */
async function freeSlot(gw: TestGateway, departmentId: string): Promise<Slot> {
  const from = gw.clock.now().toISOString().slice(0, 10);
  const slots = await gw.his.listSlots({ departmentId, from: addDays(from, 1), to: addDays(from, 14) });
  return slots.find((s) => s.available > 0)!;
}

const events = async (gw: TestGateway, id: string) =>
  (await gw.db.query<{ event: string; organization_id: string }>('SELECT event, organization_id FROM regulator_outbox WHERE kind = \'referral\' AND subject_id = $1 ORDER BY seq', [id])).rows.map((r) => `${r.event}@${r.organization_id}`);
const messages = async (gw: TestGateway, patientId: string) =>
  (await gw.db.query<{ template: string; params: Record<string, string> }>('SELECT template, params FROM notification_outbox WHERE patient_id = $1 AND template LIKE \'referral-%\' ORDER BY created_at, id', [patientId])).rows;

for (const database of databases) {
  describe(`two-way referral (${database.name})`, () => {
    test('up from county-east with a place reserved in the city’s HIS, down to county-west with a follow-up plan; the records through a grant; the refusals', async () => {
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, organization: { id: 'home', kind: 'regional-centre' }, ...network });
      try {
        const me = demoPatient();
        const patient = await login(gw, me.username, me.password);
        const city = await login(gw, DOCTOR.username, DOCTOR.password);
        const cityNurse = await login(gw, demoAccounts.find((a) => a.role === 'nurse')!.username, 'demo');
        const east = await login(gw, 'dr.east', 'demo');
        const west = await login(gw, 'dr.west', 'demo');
        const westNurse = await login(gw, 'rn.west', 'demo');

        // ——— Up: county-east → the city, a place of its cardiology reserved ———
        const cardiology = await departmentId(gw, 'home', '心血管内科');
        const slot = await freeSlot(gw, cardiology);
        const up = { direction: 'up', toOrganizationId: 'home', departmentId: cardiology, patientId: me.patientId, summary: '反复胸闷3月，心电图ST段压低，建议上级医院冠脉评估。', slotId: slot.id };
        const key = newKey();
        const sent = ok<Referral>(await refer(gw, east, up, key), 201);
        assert.equal(sent.state, 'sent');
        assert.deepEqual([sent.fromOrganizationId, sent.toOrganizationId, sent.direction, sent.records], ['county-east', 'home', 'up', []]);
        assert.equal(ok<Referral>(await refer(gw, east, up, key), 201).id, sent.id, 'a retry is the same referral');
        assert.deepEqual(await events(gw, sent.id), ['sent@county-east']);

        // Both sides list it; a third organization sees nothing of it.
        const ids = async (token: string, query = '') => ok<{ items: Referral[] }>(await get(gw, token, `/referrals${query}`)).items.map((r) => r.id);
        assert.deepEqual(await ids(east, '?direction=outgoing'), [sent.id]);
        assert.deepEqual(await ids(city, '?direction=incoming&state=sent'), [sent.id]);
        assert.deepEqual(await ids(city, '?direction=outgoing'), []);
        assert.deepEqual(await ids(west), [], 'the third organization');
        for (const path of ['', '/accept', '/decline', '/arrived', '/close', '/cancel']) {
          const res = path ? post(gw, west, `/referrals/${sent.id}${path}`, path === '/decline' ? { reason: 'other' } : {}) : get(gw, west, `/referrals/${sent.id}`);
          await refused(res, 404, 'NOT_FOUND', `the third organization: ${path || 'get'}`);
        }
        // The sender does not answer its own referral, the receiver does not cancel it.
        await refused(post(gw, east, `/referrals/${sent.id}/accept`), 404, 'NOT_FOUND', 'the sender accepting');
        await refused(post(gw, city, `/referrals/${sent.id}/cancel`), 404, 'NOT_FOUND', 'the receiver cancelling');
        await refused(post(gw, city, `/referrals/${sent.id}/arrived`), 409, 'REFERRAL_NOT_ACCEPTED', 'arrived before accepted');

        // The place is taken meanwhile by someone else: the booking fails, nothing changes.
        const before = (await gw.his.getSlot(slot.id))!;
        await gw.db.query('UPDATE demo_slots SET booked = capacity WHERE id = $1', [slot.id]);
        await refused(post(gw, city, `/referrals/${sent.id}/accept`), 409, 'SLOT_TAKEN', 'the place is gone');
        const still = ok<Referral>(await get(gw, city, `/referrals/${sent.id}`));
        assert.equal(still.state, 'sent', 'a failed booking leaves it sent');
        assert.equal(still.appointment, undefined);
        assert.deepEqual(await events(gw, sent.id), ['sent@county-east']);
        await gw.db.query('UPDATE demo_slots SET booked = $2 WHERE id = $1', [slot.id, before.capacity - before.available]);

        // Accepted: the place is really taken in the city's HIS.
        const accepted = ok<Referral>(await post(gw, cityNurse, `/referrals/${sent.id}/accept`));
        assert.equal(accepted.state, 'accepted');
        assert.equal(accepted.appointment?.start, slot.start);
        assert.equal(accepted.receivingPatientId, me.patientId);
        assert.equal(accepted.grantId, undefined, 'nothing attached, nothing granted');
        assert.equal((await gw.his.getSlot(slot.id))!.available, before.available - 1, 'the slot is taken in the city’s HIS');
        assert.equal((await gw.his.getAppointment(accepted.appointment!.id))!.status, 'booked');
        await refused(post(gw, city, `/referrals/${sent.id}/accept`), 409, 'REFERRAL_NOT_PENDING', 'accepted twice');
        await refused(post(gw, city, `/referrals/${sent.id}/decline`, { reason: 'no-capacity' }), 409, 'REFERRAL_NOT_PENDING', 'declined once accepted');
        assert.deepEqual(await events(gw, sent.id), ['sent@county-east', 'accepted@home']);

        // The patient sees where and when to go, and nothing clinical.
        const mine = ok<{ items: PatientReferral[] }>(await get(gw, patient, '/my-referrals')).items;
        assert.equal(mine.length, 1);
        assert.deepEqual([mine[0]!.hospitalName, mine[0]!.fromHospitalName, mine[0]!.departmentName, mine[0]!.start, mine[0]!.state],
          [(await gw.db.query<{ name: string }>('SELECT name FROM organizations WHERE home')).rows[0]!.name, '东县人民医院', '心血管内科', slot.start, 'accepted']);
        const raw = JSON.stringify(mine);
        assert.ok(!raw.includes('胸闷') && !raw.includes('summary'), 'no clinical text for the patient');
        assert.deepEqual(ok<{ items: PatientReferral[] }>(await get(gw, await login(gw, otherDemoPatient().username, 'demo'), '/my-referrals')).items, [], 'another patient’s account');
        // (The test's clock stands still: the messages are told apart by template.)
        assert.deepEqual((await messages(gw, me.patientId)).map((m) => m.template).sort(), ['referral-accepted', 'referral-sent']);
        assert.equal((await messages(gw, me.patientId)).find((m) => m.template === 'referral-accepted')!.params.department, '心血管内科');

        // Cancelled by its doctor before arrival: the place is freed in the city's HIS.
        await refused(post(gw, await login(gw, 'admin.east', 'demo'), `/referrals/${sent.id}/cancel`), 403, 'ROLE_NOT_ALLOWED', 'an admin');
        const cancelled = ok<Referral>(await post(gw, east, `/referrals/${sent.id}/cancel`));
        assert.equal(cancelled.state, 'cancelled');
        assert.equal(cancelled.appointment?.status, 'cancelled');
        assert.equal((await gw.his.getSlot(slot.id))!.available, before.available, 'the place is free again');
        assert.equal(ok<Referral>(await post(gw, east, `/referrals/${sent.id}/cancel`)).state, 'cancelled', 'cancelling again answers it as it is');
        await refused(post(gw, city, `/referrals/${sent.id}/arrived`), 409, 'REFERRAL_NOT_ACCEPTED', 'arrived once cancelled');
        assert.equal(ok<{ items: PatientReferral[] }>(await get(gw, patient, '/my-referrals')).items[0]!.start, undefined, 'no time once cancelled');
        assert.deepEqual((await messages(gw, me.patientId)).map((m) => m.template).sort(), ['referral-accepted', 'referral-sent', 'referral-withdrawn']);
        assert.deepEqual(await events(gw, sent.id), ['sent@county-east', 'accepted@home'], 'a cancellation is not reported');

        // ——— Down: the city → county-west, with its discharge summary, records and a follow-up plan ———
        const consult: Consult = await acceptedConsult(gw, patient, city);
        const report = (id: string, patientId: string) => ({ id, patientId, orderingDoctorId: zhou.doctorId!, title: '糖化血红蛋白', status: 'final' as const, issuedAt: gw.clock.now().toISOString(), observations: [] });
        await insertNewReports(gw.db, [report('lab_ref_1', me.patientId), report('lab_ref_2', me.patientId), report('lab_ref_other', otherDemoPatient().patientId)], 'test');
        const endocrinology = await departmentId(gw, 'county-west', '内分泌科');
        const down = {
          direction: 'down', toOrganizationId: 'county-west', departmentId: endocrinology, patientId: me.patientId, summary: '2型糖尿病住院调整胰岛素方案后出院，建议基层随访血糖。',
          records: [{ kind: 'lab-report', id: 'lab_ref_1' }, { kind: 'consult', id: consult.id }], followUp: { templateId: 'type-2-diabetes' },
        };

        // What cannot be referred.
        await refused(refer(gw, city, { ...down, records: [{ kind: 'lab-report', id: 'lab_ref_other' }] }), 422, 'REFERRAL_ATTACHMENT_INVALID', 'a record of another patient');
        await refused(refer(gw, east, { ...down, toOrganizationId: 'home', records: [{ kind: 'lab-report', id: 'lab_ref_1' }], departmentId: cardiology, followUp: undefined }), 422, 'REFERRAL_DIRECTION_INVALID', 'down to the hospital above');
        await refused(refer(gw, await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password), down), 404, 'NOT_FOUND', 'records another doctor may not read: as if missing');
        await refused(refer(gw, city, { ...down, direction: 'up' }), 422, 'REFERRAL_DIRECTION_INVALID', 'up to a county hospital');
        await refused(refer(gw, city, { ...down, toOrganizationId: 'nowhere' }), 404, 'NOT_FOUND', 'an organization not served');
        await refused(refer(gw, city, { ...down, toOrganizationId: 'home' }), 404, 'NOT_FOUND', 'its own organization');
        await refused(refer(gw, city, { ...down, departmentId: cardiology === endocrinology ? 'dept_none' : await departmentId(gw, 'home', '儿科') }), 404, 'NOT_FOUND', 'a department the county does not have');
        await refused(refer(gw, city, { ...down, slotId: slot.id }), 400, 'VALIDATION_FAILED', 'a place reserved down');

        const downSent = ok<Referral>(await refer(gw, city, down), 201);
        assert.deepEqual(downSent.records, [{ kind: 'lab-report', id: 'lab_ref_1' }, { kind: 'consult', id: consult.id }]);
        const reads = async (token: string) => ({
          granted: (await get(gw, token, '/lab-reports/lab_ref_1')).statusCode,
          consult: (await get(gw, token, `/consults/${consult.id}`)).statusCode,
          other: (await get(gw, token, '/lab-reports/lab_ref_2')).statusCode,
        });
        assert.deepEqual(await reads(west), { granted: 404, consult: 404, other: 404 }, 'nothing before acceptance');
        await refused(post(gw, west, `/referrals/${downSent.id}/close`), 409, 'REFERRAL_NOT_ARRIVED', 'closed before arrival');

        const downAccepted = ok<Referral>(await post(gw, westNurse, `/referrals/${downSent.id}/accept`));
        assert.equal(downAccepted.state, 'accepted');
        assert.ok(downAccepted.grantId && downAccepted.carePlanId);
        assert.equal(downAccepted.appointment, undefined, 'no place down');
        const { rows: [plan] } = await gw.db.query<{ organization_id: string; template_id: string; patient_id: string; ended_at: Date | null }>(
          'SELECT organization_id, template_id, patient_id, ended_at FROM care_plans WHERE id = $1', [downAccepted.carePlanId]);
        assert.deepEqual(plan, { organization_id: 'county-west', template_id: 'type-2-diabetes', patient_id: me.patientId, ended_at: null }, 'the follow-up plan runs at county-west');
        assert.equal((await get(gw, westNurse, `/care/plans/${downAccepted.carePlanId}`)).statusCode, 200, 'its care team is who accepted');
        assert.equal((await get(gw, cityNurse, `/care/plans/${downAccepted.carePlanId}`)).statusCode, 404, 'not the city’s');

        // Exactly the records attached, audited through the grant; not the patient's other reports.
        assert.deepEqual(await reads(west), { granted: 200, consult: 200, other: 404 });
        assert.deepEqual(await reads(east), { granted: 404, consult: 404, other: 404 }, 'nor the third organization');
        const westUser = (await gw.db.query<{ id: string }>('SELECT id FROM users WHERE username = \'dr.west\'')).rows[0]!.id;
        const { rows: audited } = await gw.db.query<{ action: string; resource_id: string }>(
          'SELECT action, resource_id FROM audit_log WHERE actor_id = $1 AND resource_type = \'access_grant\' AND outcome = \'ok\' ORDER BY id', [westUser]);
        assert.deepEqual(audited.map((r) => [r.action, r.resource_id]), [['getLabReport', downAccepted.grantId], ['getConsult', downAccepted.grantId]]);

        await refused(post(gw, city, `/referrals/${downSent.id}/close`), 404, 'NOT_FOUND', 'the sender closing');
        const arrived = ok<Referral>(await post(gw, west, `/referrals/${downSent.id}/arrived`));
        assert.equal(arrived.state, 'arrived');
        await refused(post(gw, city, `/referrals/${downSent.id}/cancel`), 409, 'REFERRAL_CANNOT_CANCEL', 'cancelled after arrival');
        const closed = ok<Referral>(await post(gw, west, `/referrals/${downSent.id}/close`));
        assert.equal(closed.state, 'closed');
        assert.deepEqual(await reads(west), { granted: 404, consult: 404, other: 404 }, 'the grant ends with the referral');
        await refused(post(gw, west, `/referrals/${downSent.id}/close`), 409, 'REFERRAL_NOT_ARRIVED', 'closed twice');
        assert.deepEqual(await events(gw, downSent.id), ['sent@home', 'accepted@county-west', 'arrived@county-west', 'closed@county-west']);
        assert.deepEqual(ok<{ items: Referral[] }>(await get(gw, west, '/referrals?direction=incoming&state=closed')).items.map((r) => r.id), [downSent.id]);
        const downSeen = ok<{ items: PatientReferral[] }>(await get(gw, patient, '/my-referrals')).items.find((r) => r.id === downSent.id)!;
        assert.deepEqual([downSeen.hospitalName, downSeen.departmentName, downSeen.followUp, downSeen.state], ['西县中心医院', '内分泌科', 'type-2-diabetes', 'closed']);

        // Declined with a reason: nothing reserved, the patient told.
        const third = ok<Referral>(await refer(gw, east, { ...up, slotId: undefined }), 201);
        // No place chosen and none free in the department: nothing changes.
        await gw.db.query('UPDATE demo_slots SET booked = capacity WHERE department_id = $1', [cardiology]);
        await refused(post(gw, city, `/referrals/${third.id}/accept`), 409, 'REFERRAL_NO_SLOT', 'no free place');
        assert.equal(ok<Referral>(await get(gw, east, `/referrals/${third.id}`)).state, 'sent');
        const declined = ok<Referral>(await post(gw, city, `/referrals/${third.id}/decline`, { reason: 'no-capacity' }));
        assert.deepEqual([declined.state, declined.declineReason], ['declined', 'no-capacity']);
        await refused(post(gw, east, `/referrals/${third.id}/cancel`), 409, 'REFERRAL_CANNOT_CANCEL', 'cancelled once declined');
        await refused(post(gw, city, `/referrals/${third.id}/decline`, { reason: 'what' }), 400, 'VALIDATION_FAILED', 'a reason not in the list');
        await refused(get(gw, city, '/referrals?state=sent,lost'), 400, 'VALIDATION_FAILED', 'a state not in the list');
        assert.deepEqual(await events(gw, third.id), ['sent@county-east']);
        // Kept as sent: never deleted, its summary never rewritten.
        await assert.rejects(gw.db.query('DELETE FROM referrals WHERE id = $1', [third.id]));
        await assert.rejects(gw.db.query('UPDATE referrals SET summary = $2 WHERE id = $1', [third.id, '改写']));
      } finally {
        await gw.close();
      }
    });

    test('a patient the receiving HIS has no record of is refused; the grant ends after the configured days', async () => {
      // A community clinic whose HIS knows none of the city's patients (by their resident ID numbers) until told.
      const known = { all: false };
      const clinicHis = (db: Db): HisAdapter => {
        const his = createDemoHis(db);
        return { ...his, findPatient: async (lookup) => ('idNumber' in lookup && !known.all ? undefined : his.findPatient(lookup)) };
      };
      const gw = await startGateway(database, {
        demo: true, sweepIntervalMs: 0, referralGrantDays: 2,
        organizations: [{ id: 'clinic', name: '社区卫生服务中心', kind: 'community', parentId: 'home', his: clinicHis }],
      });
      try {
        const me = demoPatient();
        const city = await login(gw, DOCTOR.username, DOCTOR.password);
        const clinicDoctor = await upsertUser(gw.db, { username: 'clinic.doctor', role: 'doctor', displayName: '社区医生', hisDoctorId: zhou.doctorId!, organizationId: 'clinic' });
        const clinic = () => sessionToken(clinicDoctor, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 3600_000) });
        await insertNewReports(gw.db, [{ id: 'lab_ref_clinic', patientId: me.patientId, orderingDoctorId: zhou.doctorId!, title: '血常规', status: 'final', issuedAt: gw.clock.now().toISOString(), observations: [] }], 'test');
        const [department] = await gw.his.listDepartments();
        const sent = ok<Referral>(await refer(gw, city, {
          direction: 'down', toOrganizationId: 'clinic', departmentId: department!.id, patientId: me.patientId, summary: '出院后社区随访。', records: [{ kind: 'lab-report', id: 'lab_ref_clinic' }],
        }), 201);
        await refused(post(gw, await clinic(), `/referrals/${sent.id}/accept`), 409, 'REFERRAL_PATIENT_NOT_REGISTERED', 'unknown to the clinic’s HIS');
        assert.equal(ok<Referral>(await get(gw, city, `/referrals/${sent.id}`)).state, 'sent', 'nothing changes');

        known.all = true;
        const accepted = ok<Referral>(await post(gw, await clinic(), `/referrals/${sent.id}/accept`));
        assert.equal(accepted.state, 'accepted');
        assert.equal((await get(gw, await clinic(), '/lab-reports/lab_ref_clinic')).statusCode, 200);
        gw.clock.set(gw.clock.ms + 2 * 86_400_000 + 1000);
        assert.equal((await get(gw, await clinic(), '/lab-reports/lab_ref_clinic')).statusCode, 404, 'the grant ends after IHKIT_REFERRAL_GRANT_DAYS');
      } finally {
        await gw.close();
      }
    });
  });
}
