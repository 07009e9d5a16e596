/**
 * Signing a prescription's content with the doctor's key and checking it on every read: the
 * signed document is the canonical form (sorted-key JSON, UTF-8) of the content column, so
 * any change to it after signing fails SIGNATURE_INVALID.
 */
import { createHash } from 'node:crypto';
import { canonical, type SignatureAdapter } from '@ihkit/adapters';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { PrescriptionRow, SignedContent } from './store.js';

const bytes = (content: SignedContent) => new TextEncoder().encode(canonical(content));

export async function signContent(services: Services, doctorUserId: string, content: SignedContent) {
  const { value, certificate } = await services.signer.sign({ signerId: doctorUserId, content: bytes(content) });
  return { algorithm: services.signer.algorithm, value, certificate };
}

/**
 * Signatures already verified, per signer, by a SHA-256 of everything verified (content,
 * signature, certificate, signer): an SM2 verification costs milliseconds of CPU, a hash
 * microseconds, and any change to the row changes the hash, so it is verified again.
 */
const verified = new WeakMap<SignatureAdapter, Set<string>>();
const REMEMBERED = 10_000;

/** SIGNATURE_INVALID unless the row's signature verifies against its content, by its signer. */
export async function assertSigned(services: Services, row: PrescriptionRow): Promise<void> {
  const { signer } = services;
  const content = bytes(row.content);
  const key = createHash('sha256').update(content).update(`\0${row.sig_algorithm}\0${row.sig_value}\0${row.sig_certificate}\0${row.doctor_user_id}`).digest('base64');
  let known = verified.get(signer);
  if (!known) verified.set(signer, (known = new Set()));
  if (known.has(key)) return;
  const ok = row.sig_algorithm === signer.algorithm
    && (await signer.verify({ signerId: row.doctor_user_id, content, value: row.sig_value, certificate: row.sig_certificate }));
  if (!ok) throw new HttpProblem('SIGNATURE_INVALID', 'This prescription was changed after it was signed, or its signature is not its doctor’s.');
  if (known.size >= REMEMBERED) known.delete(known.values().next().value!);
  known.add(key);
}
