/**
 * Signing with `Prefer: respond-async` (RFC 7240): the sign and review calls answer 202 at once
 * with the signature request at its Location; the request is followed by getSignatureRequest
 * (its signer, and whoever may read the prescription) and by the signer's live `signature`
 * frame; the prescription (or, for a new one, the consult's prescribing context) shows the
 * signer's pending request, so a reloaded desk finds it; confirmed on the phone, the job stores it
 * exactly as a waiting call would; refused and lapsed, the outcome names the code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { createLocalCa, type LocalCa } from '@ihkit/adapters';
import type { Prescription, SignatureRequest } from '@ihkit/core';
import { prefersAsync } from '../src/prescriptions/signature-requests.js';
import { durables } from './helpers/databases.js';
import { login, newKey, startGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, get, ok, OTHER_DOCTOR, post } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';

const onDevices = (ca: LocalCa) => ca.devices().flatMap((d) => d.pending().map((r) => ({ ...r, device: d })));
async function waiting(ca: LocalCa) {
  for (let i = 0; i < 250; i++) {
    const found = onDevices(ca);
    if (found.length) return found[0]!;
    await sleep(20);
  }
  throw new Error('no signature request reached a device');
}
/** respond-async among other preferences (RFC 7240): still asks for 202. */
const ASYNC = { prefer: 'return=minimal, respond-async, wait=0' };

test('Prefer is read as RFC 7240 says: respond-async anywhere in the list, any case; everything else ignored', () => {
  const asks = (prefer?: string | string[]) => prefersAsync({ headers: { prefer } as IncomingHttpHeaders });
  for (const prefer of ['respond-async', 'Respond-Async', 'return=minimal, respond-async', 'wait=10,respond-async;x=1', ' respond-async ', ['return=minimal', 'respond-async']]) {
    assert.equal(asks(prefer), true, String(prefer));
  }
  for (const prefer of [undefined, '', 'return=minimal', 'wait=0', 'handling=lenient', 'respond-asynchronously', 'foo="respond-async"', 'foo="a, respond-async"', 'return=minimal; respond-async']) {
    assert.equal(asks(prefer), false, String(prefer));
  }
});

for (const durable of durables) {
  describe(`signing answered at once (${durable.name})`, () => {
    test('202 with the request; followed, reloaded, confirmed later: stored as a waiting call would; a refused review says so', async () => {
      const database = await durable.make();
      const ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000 });
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], signConfirmSeconds: 30 });
      const live = connections();
      try {
        const url = await listen(gw);
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const otherDoctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
        const amlodipine = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!.id;
        const consult = await acceptedConsult(gw, zhang, doctor);
        const ended: Array<string | undefined> = [];
        live.connect(url, doctor).onSignature((id) => ended.push(id));

        const res = await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey(), ...ASYNC });
        const accepted = ok<SignatureRequest>(res, 202);
        assert.equal(res.headers['preference-applied'], 'respond-async');
        assert.equal(res.headers.location, `signature-requests/${accepted.id}`);
        assert.equal(accepted.state, 'pending');
        assert.equal(accepted.kind, 'prescription');
        assert.ok(Date.parse(accepted.expiresAt) > Date.now());
        assert.equal(accepted.outcome, undefined);

        // A reloaded desk finds it in the consult's prescribing context; nobody else reads it.
        const context = ok<{ pendingSignature?: { id: string; state: string } }>(await get(gw, doctor, `/consults/${consult.id}/prescribing`));
        assert.deepEqual({ id: context.pendingSignature?.id, state: context.pendingSignature?.state }, { id: accepted.id, state: 'pending' });
        assert.equal(ok<SignatureRequest>(await get(gw, doctor, `/signature-requests/${accepted.id}`)).state, 'pending');
        assert.equal((await get(gw, otherDoctor, `/signature-requests/${accepted.id}`)).statusCode, 404);
        assert.equal((await get(gw, zhang, `/signature-requests/${accepted.id}`)).statusCode, 404, 'no prescription yet: the signer only');

        const request = await waiting(ca);
        await request.device.confirm(request.requestId);
        assert.equal(await gw.advanceSignatures(), 1, 'the job completes it');
        await eventually(() => assert.deepEqual(ended.filter(Boolean), [accepted.id], 'the signer is told (a resync without id may come first)'));
        const signed = ok<SignatureRequest>(await get(gw, doctor, `/signature-requests/${accepted.id}`));
        assert.equal(signed.state, 'signed');
        assert.deepEqual(signed.outcome, { status: 'pending_review' });
        const prescription = ok<Prescription>(await get(gw, doctor, `/prescriptions/${accepted.prescriptionId}`));
        assert.equal(prescription.status, 'pending_review');
        assert.equal(prescription.pendingSignature, undefined);
        assert.equal(ok<SignatureRequest>(await get(gw, zhang, `/signature-requests/${accepted.id}`)).state, 'signed', 'the patient may read the prescription now');

        // The pharmacist's review: 202, the prescription shows it pending to them; refused on the phone.
        const pharmacist = await login(gw, 'ph.sun', 'demo');
        const review = ok<SignatureRequest>(await post(gw, pharmacist, `/prescriptions/${prescription.id}/approve`, {}, ASYNC), 202);
        assert.equal(review.kind, 'review');
        const shown = ok<Prescription>(await get(gw, pharmacist, `/prescriptions/${prescription.id}`));
        assert.deepEqual(shown.pendingSignature, { id: review.id, state: 'pending', kind: 'review', expiresAt: review.expiresAt });
        assert.equal(ok<Prescription>(await get(gw, doctor, `/prescriptions/${prescription.id}`)).pendingSignature, undefined, 'not the doctor\'s to confirm');
        const listed = ok<{ items: Prescription[] }>(await get(gw, pharmacist, '/prescriptions?status=pending_review')).items.find((p) => p.id === prescription.id)!;
        assert.equal(listed.pendingSignature?.id, review.id);
        const ask = await waiting(ca);
        ask.device.refuse(ask.requestId);
        const refused = ok<SignatureRequest>(await get(gw, pharmacist, `/signature-requests/${review.id}`));
        assert.equal(refused.state, 'refused');
        assert.deepEqual(refused.outcome, { code: 'SIGNATURE_REFUSED' });
        assert.equal(ok<Prescription>(await get(gw, pharmacist, `/prescriptions/${prescription.id}`)).pendingSignature, undefined);

        // Asked again with a Prefer that holds no respond-async (RFC 7240: other preferences are
        // ignored): synchronous as before, waits and answers the approved prescription.
        const again = post(gw, pharmacist, `/prescriptions/${prescription.id}/approve`, {}, { prefer: 'return=representation; charset="a, respond-async"' });
        const ask2 = await waiting(ca);
        await ask2.device.confirm(ask2.requestId);
        assert.equal(ok<Prescription>(await again).status, 'approved');
        assert.ok((await gw.verifyAudit()).ok);
      } finally {
        live.closeAll();
        await gw.close();
        await database.remove();
      }
    });

    test('nobody confirms in time: expired with SIGNATURE_TIMED_OUT', async () => {
      const database = await durable.make();
      let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
      const ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000, now: () => (gw ? gw.clock.now() : new Date()) });
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], signConfirmSeconds: 5 });
      try {
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const amlodipine = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!.id;
        const consult = await acceptedConsult(gw, zhang, doctor);
        const accepted = ok<SignatureRequest>(await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey(), ...ASYNC }), 202);
        gw.clock.set(gw.clock.ms + 6_000);
        const lapsed = ok<SignatureRequest>(await get(gw, doctor, `/signature-requests/${accepted.id}`));
        assert.equal(lapsed.state, 'expired');
        assert.deepEqual(lapsed.outcome, { code: 'SIGNATURE_TIMED_OUT' });
        assert.equal(ok<{ pendingSignature?: unknown }>(await get(gw, doctor, `/consults/${consult.id}/prescribing`)).pendingSignature, undefined);
      } finally {
        await gw.close();
        await database.remove();
      }
    });
  });
}
