/**
 * Following a signature request that waits for its signer on their phone (a signing call with
 * `respondAsync` answered 202, or a prescription's `pendingSignature`). A client of its own, not
 * a PrescriptionClient method, so that a bundle carries it only where a signer's desk follows one.
 */
import type { CallOptions, IhClient } from './client.js';

export class SignatureRequestClient {
  constructor(readonly client: IhClient) {}

  /** A signature request of the caller's (or of a prescription they may read): pending, or what became of it. */
  getSignatureRequest(signatureRequestId: string, o?: CallOptions) {
    return this.client.call('get', '/signature-requests/{signatureRequestId}', signatureRequestId, o);
  }
}
