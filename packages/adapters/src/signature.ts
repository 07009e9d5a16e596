/**
 * What ihkit needs from a CA's e-signature service (a mobile signing app such as a provincial
 * CA's, or a USB key behind the CA's server): each doctor and pharmacist holds their own key,
 * and the gateway only asks the CA to sign a document for a named signer. The gateway never
 * sees a private key; it verifies every signature itself, by certificate (signatures/verify.ts).
 *
 * Contract for implementers:
 * - `requestSignature` asks the signer's key to sign `content` (the canonical form of a
 *   prescription or a review, UTF-8). A service that signs at once answers `signed`; one that
 *   waits for the signer to confirm on their device answers `pending` with a request id and
 *   when the request lapses.
 * - `signatureStatus` answers what became of a pending request: still `pending`, `signed`,
 *   `refused` (the signer declined on their device) or `expired` (nobody confirmed in time).
 * - A `signed` answer carries the signature (ECDSA P-256 over SHA-256 of `content`, raw r‖s,
 *   base64), the signer's certificate chain (PEM, signer first; the root may be left out), and
 *   a trusted timestamp over the signature from the CA's time-stamping authority.
 * - The signer's certificate names them by their licence number (the HIS practitioner's
 *   licence) in the subject's serialNumber attribute (OID 2.5.4.5).
 * - `revocationLists` gives the CAs' current CRLs (PEM), each signed by the CA that issued the
 *   certificates it lists; the gateway checks them against its configured roots.
 * - A CA that will not sign for the signer (no certificate, a revoked or expired one) throws
 *   an AdapterError with code `SIGNER_CERTIFICATE_INVALID`; an unknown request id, `NOT_FOUND`.
 */
import type { AdapterCallOptions } from './call-options.js';
export interface SignatureAdapter {
  /** The signature algorithm: ECDSA-P256-SHA256 (see docs/adapters.md on SM2). */
  readonly algorithm: string;
  requestSignature(request: SignatureRequest, options?: AdapterCallOptions): Promise<SignatureState>;
  signatureStatus(requestId: string, options?: AdapterCallOptions): Promise<SignatureState>;
  revocationLists(options?: AdapterCallOptions): Promise<string[]>;
}

export interface SignatureRequest {
  /** Who must sign, as the HIS records them. */
  signer: { licenceNumber: string; name: string };
  /** The document the signer is shown on their device: a title, never clinical text. */
  title: string;
  content: Uint8Array;
}

/** A signature made by the signer's key, with what it takes to verify it. */
export interface CaSignature {
  algorithm: string;
  /** base64. */
  value: string;
  /** PEM, the signer's certificate first, then its issuers. */
  certificates: string[];
  /** The time-stamping authority's token over the signature (signatures/timestamp.ts). */
  timestamp: string;
}

export type SignatureState =
  | { status: 'signed'; signature: CaSignature }
  | { status: 'pending'; requestId: string; expiresAt: string }
  | { status: 'refused' | 'expired' };
