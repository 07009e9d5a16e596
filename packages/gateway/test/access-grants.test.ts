/**
 * Organizations and access grants (docs/network.md): a doctor of a county hospital — even one
 * its HIS numbers as the city hospital's doctor is numbered — reads nothing of the city
 * hospital's without a grant; with one, exactly the records it lists, read-only, until it
 * expires by the gateway's clock or is revoked; every read through it is in the audit trail.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoHis, demoAccounts, insertNewReports } from '@ihkit/adapters';
import type { AccessGrant, Consult, Drug } from '@ihkit/core';
import { upsertUser } from '../src/users.js';
import { acceptedConsult, DOCTOR, get, ok, OTHER_DOCTOR, post } from './helpers/consults.js';
import { databases, demoPatient, login, newKey, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';

const COUNTY = 'county-b';
const zhou = demoAccounts.find((a) => a.username === DOCTOR.username)!;
const DAY = 86_400_000;

/** A session of the user, valid by the gateway's clock. */
const tokenOf = (gw: TestGateway, userId: string) => sessionToken(userId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.now().getTime() + 3600_000) });

/** A staff account of the county hospital, bound to the same HIS doctor id as 周敏 (its HIS numbers its own doctors). */
async function countyDoctor(gw: TestGateway, username: string): Promise<{ id: string; token: string }> {
  const id = await upsertUser(gw.db, { username, role: 'doctor', displayName: '县医院医生', hisDoctorId: zhou.doctorId!, organizationId: COUNTY });
  return { id, token: await tokenOf(gw, id) };
}

const status = async (res: Promise<{ statusCode: number }>) => (await res).statusCode;

for (const database of databases) {
  describe(`access grants between organizations (${database.name})`, () => {
    test('without a grant nothing; with one exactly its records, read-only, audited; it expires and is revoked', async () => {
      const gw = await startGateway(database, {
        demo: true, sweepIntervalMs: 0,
        organizations: [{ id: COUNTY, name: '县医院', kind: 'county', his: (db) => createDemoHis(db) }],
      });
      try {
        const me = demoPatient();
        const patient = await login(gw, me.username, me.password);
        let doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const consult: Consult = await acceptedConsult(gw, patient, doctor);
        const drug = ok<{ items: Drug[] }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
        const prescription = ok<{ id: string }>(await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: drug.id, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }), 201);
        const report = (id: string) => ({ id, patientId: me.patientId, orderingDoctorId: zhou.doctorId!, title: '血常规', status: 'final' as const, issuedAt: gw.clock.now().toISOString(), observations: [] });
        await insertNewReports(gw.db, [report('lab_grant_1'), report('lab_grant_2')], 'test');

        const county = await countyDoctor(gw, 'county.doctor');
        const reads = async (token: string) => ({
          consult: await status(get(gw, token, `/consults/${consult.id}`)),
          prescription: await status(get(gw, token, `/prescriptions/${prescription.id}`)),
          granted: await status(get(gw, token, '/lab-reports/lab_grant_1')),
          other: await status(get(gw, token, '/lab-reports/lab_grant_2')),
        });
        assert.deepEqual(await reads(county.token), { consult: 404, prescription: 404, granted: 404, other: 404 }, 'no grant: as if nothing were there');
        assert.deepEqual(await reads(doctor), { consult: 200, prescription: 200, granted: 200, other: 200 }, 'the consult’s own doctor reads all of it');

        const share = (records: Array<{ kind: string; id: string }>, extra: object = {}, token = doctor) =>
          post(gw, token, '/access-grants', { granteeOrganizationId: COUNTY, patientId: me.patientId, records, reason: 'remote-consultation', days: 2, ...extra }, { 'idempotency-key': newKey() });
        const key = newKey();
        const body = { granteeOrganizationId: COUNTY, patientId: me.patientId, records: [{ kind: 'consult', id: consult.id }, { kind: 'lab-report', id: 'lab_grant_1' }], reason: 'remote-consultation', requestRef: 'rc_0001', days: 2 };
        const grant = ok<AccessGrant>(await post(gw, doctor, '/access-grants', body, { 'idempotency-key': key }), 201);
        assert.equal(grant.state, 'active');
        assert.equal(grant.expiresAt, new Date(gw.clock.now().getTime() + 2 * DAY).toISOString());
        assert.deepEqual(grant.records, [{ kind: 'consult', id: consult.id }, { kind: 'lab-report', id: 'lab_grant_1' }]);
        assert.equal(ok<AccessGrant>(await post(gw, doctor, '/access-grants', body, { 'idempotency-key': key }), 201).id, grant.id, 'a retry is the same grant');

        assert.deepEqual(await reads(county.token), { consult: 200, prescription: 404, granted: 200, other: 404 }, 'exactly the records attached');
        assert.equal(ok<Consult>(await get(gw, county.token, `/consults/${consult.id}`)).id, consult.id);
        // Read-only, and only the record itself: not its messages, not the patient's other reports, no writes.
        assert.equal(await status(get(gw, county.token, `/consults/${consult.id}/messages`)), 404);
        assert.equal(await status(post(gw, county.token, `/consults/${consult.id}/messages`, { text: '收到' }, { 'idempotency-key': newKey() })), 404);
        assert.equal(await status(post(gw, county.token, `/consults/${consult.id}/complete`, { complaint: '头晕', diagnosis: '高血压', advice: '低盐' })), 404);
        assert.equal(await status(get(gw, county.token, `/patients/${me.patientId}/lab-reports`)), 403);

        const { rows: audited } = await gw.db.query<{ action: string; resource_type: string; resource_id: string; patient_id: string }>(
          "SELECT action, resource_type, resource_id, patient_id FROM audit_log WHERE actor_id = $1 AND outcome = 'ok' ORDER BY id", [county.id]);
        assert.deepEqual(audited.filter((r) => r.resource_type === 'access_grant').map((r) => [r.action, r.resource_id, r.patient_id]),
          [['getConsult', grant.id, me.patientId], ['getLabReport', grant.id, me.patientId], ['getConsult', grant.id, me.patientId]], 'every read through the grant names it');
        assert.deepEqual(audited.filter((r) => r.resource_type !== 'access_grant').map((r) => r.action), ['getConsult', 'getLabReport', 'getConsult'], 'and is audited as the read it is');

        // Both organizations see it: issued by the city hospital, received by the county.
        const listed = (token: string, direction = '') => get(gw, token, `/access-grants${direction}`).then((r) => ok<{ items: AccessGrant[] }>(r).items.map((g) => g.id));
        assert.deepEqual(await listed(doctor, '?direction=issued'), [grant.id]);
        assert.deepEqual(await listed(doctor, '?direction=received'), []);
        assert.deepEqual(await listed(county.token, '?direction=received'), [grant.id]);

        // It ends at its time, by the gateway's clock.
        gw.clock.set(gw.clock.now().getTime() + 2 * DAY + 1000);
        doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        county.token = await tokenOf(gw, county.id);
        assert.deepEqual(await reads(county.token), { consult: 404, prescription: 404, granted: 404, other: 404 }, 'expired: access ends');
        assert.equal(ok<{ items: AccessGrant[] }>(await get(gw, county.token, '/access-grants')).items[0]!.state, 'expired');

        // Revoked: access ends at once. Only its doctor or an admin of the issuing organization revokes it.
        const second = ok<AccessGrant>(await share([{ kind: 'prescription', id: prescription.id }]), 201);
        assert.equal(await status(get(gw, county.token, `/prescriptions/${prescription.id}`)), 200);
        const huang = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
        assert.equal(await status(post(gw, huang, `/access-grants/${second.id}/revoke`)), 404, 'another doctor of the hospital');
        assert.equal(await status(post(gw, county.token, `/access-grants/${second.id}/revoke`)), 404, 'the grantee');
        const revoked = ok<AccessGrant>(await post(gw, doctor, `/access-grants/${second.id}/revoke`));
        assert.equal(revoked.state, 'revoked');
        assert.equal(await status(get(gw, county.token, `/prescriptions/${prescription.id}`)), 404, 'revoked: access ends');
        assert.equal(ok<AccessGrant>(await post(gw, doctor, `/access-grants/${second.id}/revoke`)).revokedAt, revoked.revokedAt, 'revoking again changes nothing');
        const adminId = await upsertUser(gw.db, { username: 'grants.admin', role: 'admin', displayName: '信息科' });
        const third = ok<AccessGrant>(await share([{ kind: 'consult', id: consult.id }]), 201);
        assert.equal(ok<AccessGrant>(await post(gw, await tokenOf(gw, adminId), `/access-grants/${third.id}/revoke`)).state, 'revoked', 'an admin of the issuing organization');
        await assert.rejects(gw.db.query('UPDATE access_grants SET expires_at = expires_at + interval \'1 day\' WHERE id = $1', [third.id]), 'a grant is only revoked, never stretched');

        // To one user of the organization: the others of it read nothing.
        const named = await countyDoctor(gw, 'county.doctor.2').catch(() => undefined);
        assert.equal(named, undefined, 'a second account cannot be bound to the same HIS doctor of the county');
        const nurseId = await upsertUser(gw.db, { username: 'county.nurse', role: 'nurse', displayName: '县护士', organizationId: COUNTY });
        const toNurse = ok<AccessGrant>(await share([{ kind: 'lab-report', id: 'lab_grant_2' }], { granteeUserId: nurseId }), 201);
        assert.equal(toNurse.granteeUserId, nurseId);
        assert.equal(await status(get(gw, county.token, '/lab-reports/lab_grant_2')), 404, 'granted to someone else of the county');

        // What cannot be shared: answered as a missing record, or refused by the contract.
        assert.equal(await status(share([{ kind: 'consult', id: consult.id }], { days: 31 })), 400, 'longer than 30 days');
        assert.equal(await status(share([{ kind: 'consult', id: consult.id }], { granteeOrganizationId: 'home' })), 404, 'its own organization');
        assert.equal(await status(share([{ kind: 'consult', id: consult.id }], { granteeOrganizationId: 'nowhere' })), 404, 'an organization not served');
        assert.equal(await status(share([{ kind: 'consult', id: consult.id }], {}, huang)), 404, 'a consult that is not the doctor’s');
        assert.equal(await status(share([{ kind: 'consult', id: consult.id }], { patientId: 'someone-else' })), 404, 'a record of another patient');
        assert.equal(await status(share([{ kind: 'consult', id: consult.id }], {}, county.token)), 404, 'the county cannot pass the city’s records on');
      } finally {
        await gw.close();
      }
    });
  });
}
