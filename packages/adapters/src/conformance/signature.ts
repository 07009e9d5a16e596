import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical } from '../canonical.js';
import type { CaSignature, SignatureAdapter, SignatureState } from '../signature.js';
import { createLocalCa } from '../signatures/local-ca.js';
import { parseCertificates, verifyCaSignature, type SignatureCheck } from '../signatures/verify.js';
import { rejectsWithCode, useSubject, type Subject } from './suite.js';

type Signer = { licenceNumber: string; name: string };

export interface SignatureFixture {
  /** The CA's roots a hospital would configure (PEM). */
  roots: string[];
  /** A signer holding a valid certificate. */
  signer: Signer;
  /** Another signer holding a valid certificate. */
  otherSigner: Signer;
  /** A signer whose certificate has expired. */
  expiredSigner: Signer;
  /** A signer the kit may revoke (revocation is the kit's last check on them). */
  revocableSigner: Signer;
  /** Confirms a pending request on its signer's device (the person pressing "sign"). */
  confirm(requestId: string): Promise<void>;
  /** Refuses it on the device. */
  refuse(requestId: string): Promise<void>;
  /** Revokes the signer's certificate at the CA. */
  revoke(signer: Signer): Promise<void>;
}

const document = (n: number) => new TextEncoder().encode(canonical({ id: `rx_conformance_${n}`, items: [{ drugId: 'd1', quantity: 2 }], diagnosis: { code: 'I10' } }));

/** A pending request confirmed on the device, or a signature made at once. */
async function signed(adapter: SignatureAdapter, fixture: SignatureFixture, signer: Signer, content: Uint8Array): Promise<CaSignature> {
  let state: SignatureState = await adapter.requestSignature({ signer, title: 'Prescription', content });
  if (state.status === 'pending') {
    assert.ok(!Number.isNaN(Date.parse(state.expiresAt)), `a pending request says when it lapses (expiresAt ${state.expiresAt})`);
    assert.equal((await adapter.signatureStatus(state.requestId)).status, 'pending', 'before the signer confirms, the request is pending');
    await fixture.confirm(state.requestId);
    state = await adapter.signatureStatus(state.requestId);
  }
  assert.equal(state.status, 'signed', 'a confirmed request is signed');
  if (state.status !== 'signed') throw new Error('unreachable');
  return state.signature;
}

/**
 * Registers node:test tests that check a SignatureAdapter against the contract in
 * signature.ts, verifying what it signs the way the gateway does (signatures/verify.ts).
 */
export function signatureConformance(name: string, setup: () => Promise<Subject<SignatureAdapter, SignatureFixture>>): void {
  describe(`SignatureAdapter conformance: ${name}`, () => {
    const subject = useSubject(setup);
    const check = async (content: Uint8Array, signature: CaSignature, licenceNumber: string, roots?: string[]): Promise<SignatureCheck> => {
      const { adapter, fixture } = subject();
      return verifyCaSignature({ content, signature, licenceNumber, roots: (roots ?? fixture.roots).flatMap(parseCertificates), crls: await adapter.revocationLists() });
    };

    test('a signature verifies by its certificate chain, for its signer, with a timestamp', async () => {
      const { adapter, fixture } = subject();
      const content = document(1);
      const signature = await signed(adapter, fixture, fixture.signer, content);
      const result = await check(content, signature, fixture.signer.licenceNumber);
      assert.ok(result.valid, `the signature must verify; it failed: ${result.valid ? '' : result.fault}`);
      assert.ok(Math.abs(result.signedAt.getTime() - Date.now()) < 10 * 60_000, 'the timestamp is about now');
    });

    test('wrong signer, tampered content and a chain to another CA do not verify', async () => {
      const { adapter, fixture } = subject();
      const content = document(2);
      const signature = await signed(adapter, fixture, fixture.signer, content);
      assert.deepEqual(await check(content, signature, fixture.otherSigner.licenceNumber), { valid: false, fault: 'wrong-signer' });
      assert.deepEqual(await check(document(3), signature, fixture.signer.licenceNumber), { valid: false, fault: 'content' });
      const stranger = await createLocalCa({ name: 'Another CA' });
      assert.deepEqual(await check(content, signature, fixture.signer.licenceNumber, [stranger.rootPem]), { valid: false, fault: 'chain' }, 'it does not chain to another CA’s root');
      const other = await signed(adapter, fixture, fixture.otherSigner, content);
      const swapped = { ...signature, certificates: other.certificates };
      assert.equal((await check(content, swapped, fixture.signer.licenceNumber)).valid, false, 'another signer’s certificate does not make it the signer’s');
    });

    test('a refused request ends refused; an unknown one is NOT_FOUND', async () => {
      const { adapter, fixture } = subject();
      const state = await adapter.requestSignature({ signer: fixture.signer, title: 'Prescription', content: document(4) });
      if (state.status !== 'pending') return assert.fail('the adapter signed without asking the signer: the kit cannot check refusal');
      await fixture.refuse(state.requestId);
      assert.equal((await adapter.signatureStatus(state.requestId)).status, 'refused');
      await rejectsWithCode(() => adapter.signatureStatus('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND', 'signatureStatus of an unknown request');
    });

    test('an expired certificate does not sign', async () => {
      const { adapter, fixture } = subject();
      await rejectsWithCode(() => adapter.requestSignature({ signer: fixture.expiredSigner, title: 'Prescription', content: document(5) }), 'SIGNER_CERTIFICATE_INVALID', 'requestSignature for a signer whose certificate expired');
    });

    test('once revoked, a certificate signs no more; what it signed before still verifies', async () => {
      const { adapter, fixture } = subject();
      const content = document(6);
      const before = await signed(adapter, fixture, fixture.revocableSigner, content);
      await fixture.revoke(fixture.revocableSigner);
      await rejectsWithCode(() => adapter.requestSignature({ signer: fixture.revocableSigner, title: 'Prescription', content }), 'SIGNER_CERTIFICATE_INVALID', 'requestSignature for a revoked signer');
      const result = await check(content, before, fixture.revocableSigner.licenceNumber);
      assert.ok(result.valid, `a signature made before the revocation still verifies; it failed: ${result.valid ? '' : result.fault}`);
    });
  });
}
