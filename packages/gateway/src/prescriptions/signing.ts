/**
 * Signing a prescription's content with the doctor's key and checking it on every read: the
 * signed document is the canonical form (sorted-key JSON, UTF-8) of the content column, so
 * any change to it after signing fails SIGNATURE_INVALID. Only a doctor who signed in within
 * the last few minutes (IHKIT_REAUTH_TO_SIGN_MINUTES) signs: otherwise REAUTHENTICATION_REQUIRED.
 */
import { createHash } from 'node:crypto';
import { canonical, type SignatureAdapter } from '@ihkit/adapters';
import { signedIn, type Call, type Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { PrescriptionRow, SignedContent } from './store.js';

const bytes = (content: SignedContent) => new TextEncoder().encode(canonical(content));

/** Signs `content` as the calling doctor, who must have signed in recently. */
export async function signContent(services: Services, call: Call, content: SignedContent) {
  assertRecentSignIn(services, call);
  const { value, certificate } = await services.signer.sign({ signerId: signedIn(call).id, content: bytes(content) });
  return { algorithm: services.signer.algorithm, value, certificate };
}

/**
 * REAUTHENTICATION_REQUIRED unless the caller signed in (at the identity provider, `auth_time`;
 * or the gateway's demo login) within reauthToSignMinutes. A token that does not say when is
 * not recent: the safe answer.
 */
export function assertRecentSignIn(services: Services, call: Call): void {
  const at = call.authenticatedAt?.getTime();
  const limitMs = services.reauthToSignMinutes * 60_000;
  if (at === undefined || services.now().getTime() - at > limitMs) {
    throw new HttpProblem('REAUTHENTICATION_REQUIRED', `Signing needs a sign-in within the last ${services.reauthToSignMinutes} minutes: sign in again (max_age=0), then sign.`);
  }
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
