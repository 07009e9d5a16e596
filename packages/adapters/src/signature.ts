/**
 * What ihkit needs from a CA's e-signature service: sign a document for a practitioner, and
 * verify a signature later. The gateway signs the canonical form of a prescription (sorted-key
 * JSON, UTF-8) when its doctor submits it, and verifies it on every read.
 *
 * Contract for implementers:
 * - `sign` signs `content` as `signerId` (the gateway's opaque doctor id) and returns the
 *   signature and the certificate (or public key) to verify it with.
 * - `verify` answers false when the signature does not match the content, or the certificate
 *   is not the signer's; it throws only when the service cannot be reached.
 */
export interface SignatureAdapter {
  /** e.g. SM2-SM3 or ECDSA-P256-SHA256. */
  readonly algorithm: string;
  sign(request: { signerId: string; content: Uint8Array }): Promise<{ value: string; certificate: string }>;
  verify(request: { signerId: string; content: Uint8Array; value: string; certificate: string }): Promise<boolean>;
}
