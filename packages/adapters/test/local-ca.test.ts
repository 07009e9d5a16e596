/**
 * The reference CA: the conformance kit on it, and what the kit cannot see from outside —
 * requests that lapse, a certificate revoked while a request waits, a restarted CA.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonical, createLocalCa, parseCertificates, verifyCaSignature, type SignatureState } from '@ihkit/adapters';
import { signatureConformance } from '@ihkit/adapters/conformance';

const signer = { licenceNumber: '110440000012345', name: '周敏' };
const content = new TextEncoder().encode(canonical({ id: 'rx_1', items: [{ drugId: 'd1', quantity: 1 }] }));

signatureConformance('local CA', async () => {
  const ca = await createLocalCa();
  const expiredSigner = { licenceNumber: '110440000000003', name: '孙丽' };
  const people = [signer, { licenceNumber: '110440000000002', name: '王强' }, { licenceNumber: '110440000000004', name: '李娜' }];
  for (const p of people) await ca.enrol(p);
  await ca.enrol(expiredSigner, { notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  const deviceOf = (requestId: string) => people.map((p) => ca.device(p.licenceNumber)).find((d) => d.pending().some((r) => r.requestId === requestId))!;
  return {
    adapter: ca.adapter,
    fixture: {
      roots: [ca.rootPem],
      signer,
      otherSigner: people[1]!,
      expiredSigner,
      revocableSigner: people[2]!,
      confirm: (id) => deviceOf(id).confirm(id),
      refuse: async (id) => deviceOf(id).refuse(id),
      revoke: (s) => ca.revoke(s.licenceNumber),
    },
  };
});

describe('local CA', () => {
  test('a request nobody confirms lapses; the device no longer shows it nor signs it', async () => {
    let t = Date.now();
    const ca = await createLocalCa({ now: () => new Date(t), confirmWithinMs: 60_000 });
    await ca.enrol(signer);
    const state = await ca.adapter.requestSignature({ signer, title: 'Prescription 20261207-0001', content });
    assert.equal(state.status, 'pending');
    const { requestId } = state as Extract<SignatureState, { status: 'pending' }>;
    assert.deepEqual(ca.device(signer.licenceNumber).pending().map((r) => r.title), ['Prescription 20261207-0001']);
    t += 61_000;
    assert.deepEqual(await ca.adapter.signatureStatus(requestId), { status: 'expired' });
    assert.deepEqual(ca.device(signer.licenceNumber).pending(), []);
    await assert.rejects(ca.device(signer.licenceNumber).confirm(requestId), /expired/);
  });

  test('a signature made after its certificate was revoked does not verify (revoked at the timestamp’s time)', async () => {
    let t = Date.now();
    const ca = await createLocalCa({ now: () => new Date(t) });
    await ca.enrol(signer);
    const state = (await ca.adapter.requestSignature({ signer, title: 'Prescription', content })) as Extract<SignatureState, { status: 'pending' }>;
    await ca.revoke(signer.licenceNumber);
    t += 1500;
    await ca.device(signer.licenceNumber).confirm(state.requestId);
    const done = await ca.adapter.signatureStatus(state.requestId);
    assert.equal(done.status, 'signed');
    if (done.status !== 'signed') return;
    const result = await verifyCaSignature({ content, signature: done.signature, licenceNumber: signer.licenceNumber, roots: parseCertificates(ca.rootPem), crls: await ca.adapter.revocationLists() });
    assert.deepEqual(result, { valid: false, fault: 'revoked' });
    // Without the CRL, revocation is unknown: not valid either.
    const blind = await verifyCaSignature({ content, signature: done.signature, licenceNumber: signer.licenceNumber, roots: parseCertificates(ca.rootPem), crls: [] });
    assert.deepEqual(blind, { valid: false, fault: 'revocation-unknown' });
  });

  test('kept in a directory, a restarted CA has the same root and the same devices', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ihkit-ca-'));
    try {
      const first = await createLocalCa({ dir, enrolOnRequest: true });
      const state = (await first.adapter.requestSignature({ signer, title: 'Prescription', content })) as Extract<SignatureState, { status: 'pending' }>;
      await first.device(signer.licenceNumber).confirm(state.requestId);
      const again = await createLocalCa({ dir, enrolOnRequest: true });
      assert.equal(again.rootPem, first.rootPem);
      const second = (await again.adapter.requestSignature({ signer, title: 'Prescription', content })) as Extract<SignatureState, { status: 'pending' }>;
      await again.device(signer.licenceNumber).confirm(second.requestId);
      const done = await again.adapter.signatureStatus(second.requestId);
      assert.equal(done.status, 'signed');
      if (done.status !== 'signed') return;
      const result = await verifyCaSignature({ content, signature: done.signature, licenceNumber: signer.licenceNumber, roots: parseCertificates(first.rootPem), crls: await again.adapter.revocationLists() });
      assert.equal(result.valid, true);
      if (result.valid) assert.equal(result.signer.name, '周敏');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
