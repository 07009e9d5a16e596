/**
 * Signatures waiting for their signer are stored (signature_requests): two sign calls at once
 * make one request on the signer's phone and get one prescription; a refused or lapsed request
 * is recorded and can be asked again; a request whose call is gone — the gateway restarted while
 * the doctor had not yet confirmed — is completed by the next gateway's job once they confirm,
 * with the same checks and its audit row.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLocalCa, type LocalCa } from '@ihkit/adapters';
import type { GatewayOptions } from '../src/index.js';
import type { Prescription, Problem } from '@ihkit/core';
import { durables } from './helpers/databases.js';
import { login, newKey, startGateway, type AuditRow, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, ok, post } from './helpers/consults.js';

/** The requests waiting on the CA's devices. */
const onDevices = (ca: LocalCa) => ca.devices().flatMap((d) => d.pending().map((r) => ({ ...r, device: d })));

async function waiting(ca: LocalCa, count = 1) {
  for (let i = 0; i < 250; i++) {
    const found = onDevices(ca);
    if (found.length >= count) return found;
    await sleep(20);
  }
  throw new Error('no signature request reached a device');
}

interface RequestRow { id: string; purpose: string; status: string; outcome: string | null; ca_request_id: string | null; prescription_id: string }

for (const durable of durables) {
  describe(`stored signature requests (${durable.name})`, () => {
    test('two sign calls at once: one request on the phone, one prescription; refused, then asked again', async () => {
      const database = await durable.make();
      const ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000 });
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], signConfirmSeconds: 20 });
      try {
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const amlodipine = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!.id;
        const consult = await acceptedConsult(gw, zhang, doctor);
        const draft = { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] };
        const key = newKey();
        const sign = () => post(gw, doctor, `/consults/${consult.id}/prescriptions`, draft, { 'idempotency-key': key });

        const calls = [sign(), sign()];
        const [request] = await waiting(ca);
        await sleep(300);
        assert.equal(onDevices(ca).length, 1, 'one request on the phone');
        await request!.device.confirm(request!.requestId);
        const [a, b] = await Promise.all(calls);
        const first = ok<Prescription>(a!, 201);
        assert.equal(ok<Prescription>(b!, 201).id, first.id);
        const rows = (await gw.db.query<RequestRow>("SELECT * FROM signature_requests WHERE purpose = 'prescribe'")).rows;
        assert.deepEqual(rows.map((r) => [r.status, r.prescription_id]), [['signed', first.id]]);
        assert.equal((await gw.db.query('SELECT 1 FROM prescriptions WHERE consult_id = $1', [consult.id])).rows.length, 1);

        // The pharmacist refuses on their phone: recorded; asked again, confirmed: approved.
        const pharmacist = await login(gw, 'ph.sun', 'demo');
        const refused = post(gw, pharmacist, `/prescriptions/${first.id}/approve`, {});
        const [ask] = await waiting(ca);
        ask!.device.refuse(ask!.requestId);
        assert.equal(((await refused).json() as Problem).code, 'SIGNATURE_REFUSED');
        const again = post(gw, pharmacist, `/prescriptions/${first.id}/approve`, {});
        const [ask2] = await waiting(ca);
        await ask2!.device.confirm(ask2!.requestId);
        assert.equal(ok<Prescription>(await again).status, 'approved');
        const reviews = (await gw.db.query<RequestRow>("SELECT * FROM signature_requests WHERE purpose = 'approve' ORDER BY status")).rows;
        assert.deepEqual(reviews.map((r) => [r.status, r.outcome]), [['refused', 'SIGNATURE_REFUSED'], ['signed', null]]);
        assert.ok((await gw.verifyAudit()).ok);
      } finally {
        await gw.close();
        await database.remove();
      }
    });

    test('the gateway restarted while the doctor had not confirmed: the next one stores the prescription once they do', async () => {
      const database = await durable.make();
      const ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000 });
      const options: GatewayOptions = { demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], signConfirmSeconds: 30 };
      let gw: TestGateway = await startGateway(database, options);
      let closed = false;
      try {
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const amlodipine = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!.id;
        const consult = await acceptedConsult(gw, zhang, doctor);
        const call = post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() });
        const [request] = await waiting(ca);
        await gw.close(); // the call dies with it
        closed = true;
        await call.catch(() => undefined);

        gw = await startGateway(database, options);
        closed = false;
        const pending = (await gw.db.query<RequestRow>("SELECT * FROM signature_requests WHERE status = 'pending'")).rows;
        assert.equal(pending.length, 1, 'still waiting after the restart');
        assert.equal(pending[0]!.ca_request_id, request!.requestId);
        assert.equal(await gw.advanceSignatures(), 0, 'not confirmed yet');
        await request!.device.confirm(request!.requestId);
        assert.equal(await gw.advanceSignatures(), 1);
        const stored = (await gw.db.query<{ id: string; status: string }>('SELECT id, status FROM prescriptions WHERE consult_id = $1', [consult.id])).rows;
        assert.deepEqual(stored.map((r) => r.status), ['pending_review']);
        assert.equal(stored[0]!.id, pending[0]!.prescription_id);
        const audit = (await gw.db.query<AuditRow>("SELECT * FROM audit_log WHERE action = 'completeSignature:prescribe'")).rows;
        assert.equal(audit.length, 1);
        assert.equal(audit[0]!.actor_role, 'doctor');
        assert.equal(audit[0]!.resource_id, stored[0]!.id);
        assert.ok((await gw.verifyAudit()).ok);
        assert.equal(await gw.advanceSignatures(), 0, 'nothing left waiting');
      } finally {
        if (!closed) await gw.close();
        await database.remove();
      }
    });

    test('nobody confirms in time: the request is recorded as lapsed, and the same key can ask again', async () => {
      const database = await durable.make();
      let gw: TestGateway | undefined;
      const ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000, now: () => (gw ? gw.clock.now() : new Date()) });
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], signConfirmSeconds: 1 });
      try {
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const amlodipine = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!.id;
        const consult = await acceptedConsult(gw, zhang, doctor);
        const key = newKey();
        const sign = () => post(gw!, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': key });
        assert.equal(((await sign()).json() as Problem).code, 'SIGNATURE_TIMED_OUT');
        const rows = (await gw.db.query<RequestRow>('SELECT * FROM signature_requests')).rows;
        assert.deepEqual(rows.map((r) => [r.status, r.outcome]), [['expired', 'SIGNATURE_TIMED_OUT']]);
        // The same key asked again: a new request, confirmed this time.
        const again = sign();
        const [request] = await waiting(ca, 2).catch(() => waiting(ca, 1));
        const fresh = onDevices(ca).find((r) => r.requestId !== rows[0]!.ca_request_id) ?? request!;
        await fresh.device.confirm(fresh.requestId);
        assert.equal(ok<Prescription>(await again, 201).status, 'pending_review');
      } finally {
        await gw.close();
        await database.remove();
      }
    });
  });
}
