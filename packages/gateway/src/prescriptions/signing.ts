/**
 * Signing a prescription's content with the doctor's key and checking it on every read: the
 * signed document is the canonical form (sorted-key JSON, UTF-8) of the content column, so
 * any change to it after signing fails SIGNATURE_INVALID.
 */
import { canonical } from '@ihkit/adapters';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { PrescriptionRow, SignedContent } from './store.js';

const bytes = (content: SignedContent) => new TextEncoder().encode(canonical(content));

export async function signContent(services: Services, doctorUserId: string, content: SignedContent) {
  const { value, certificate } = await services.signer.sign({ signerId: doctorUserId, content: bytes(content) });
  return { algorithm: services.signer.algorithm, value, certificate };
}

/** SIGNATURE_INVALID unless the row's signature verifies against its content, by its signer. */
export async function assertSigned(services: Services, row: PrescriptionRow): Promise<void> {
  const ok = row.sig_algorithm === services.signer.algorithm
    && (await services.signer.verify({ signerId: row.doctor_user_id, content: bytes(row.content), value: row.sig_value, certificate: row.sig_certificate }));
  if (!ok) throw new HttpProblem('SIGNATURE_INVALID', 'This prescription was changed after it was signed, or its signature is not its doctor’s.');
}
