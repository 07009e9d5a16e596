/**
 * Following a signature request that waits for its signer on their phone (a signing call with
 * `respondAsync` answered 202, or a prescription's `pendingSignature`). A function of its own,
 * not a PrescriptionClient method, so that a bundle carries it only where a signer's desk follows one.
 */
import type { CallOptions, IhClient } from './client.js';

/** A signature request of the caller's (or of a prescription they may read): pending, or what became of it. */
export function getSignatureRequest(client: IhClient, signatureRequestId: string, o?: CallOptions) {
  return client.call('get', '/signature-requests/{signatureRequestId}', signatureRequestId, o);
}
