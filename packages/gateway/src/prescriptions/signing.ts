/**
 * Signatures by the signer's own key, through the hospital's CA (SignatureAdapter): the gateway
 * asks the CA to sign a document for a named practitioner, who confirms on their phone (the
 * desk shows 请在手机上确认签名 meanwhile); the request is stored while it waits
 * (signature-requests.ts) — refused: SIGNATURE_REFUSED; nobody confirmed in time:
 * SIGNATURE_TIMED_OUT. It holds no one's key.
 *
 * Every signature is verified by certificate (@ihkit/adapters' verifyCaSignature): up to the
 * hospital's CA roots (IHKIT_CA_ROOTS), valid and not revoked at its timestamp, the certificate
 * naming the practitioner's licence number, the signature over the canonical form (sorted-key
 * JSON, UTF-8) of what was signed: any change to it afterwards fails SIGNATURE_INVALID.
 * Only someone who signed in within the last few minutes (IHKIT_REAUTH_TO_SIGN_MINUTES) signs.
 */
import { createHash } from 'node:crypto';
import { canonical, Lru, verifyCaSignature, type CaSignature, type SignatureAdapter, type SignatureCheck, type X509Certificate } from '@ihkit/adapters';
import { type Call, type Services } from '../operations.js';
import { HttpProblem } from '../problems.js';

/** The signed form of a document: its canonical JSON, UTF-8. */
export const documentBytes = (document: unknown) => new TextEncoder().encode(canonical(document));
const bytes = documentBytes;

/** What verifying needs: the trusted roots and the CA's current CRLs (the gateway's services; the CLI's own). */
export interface SignatureTrust {
  signer: Pick<SignatureAdapter, 'revocationLists'>;
  signatureRoots: X509Certificate[];
}

/** SHA-256 (hex) of a document's canonical form: what a review signs of the prescription. */
export const digestOf = (document: unknown) => createHash('sha256').update(bytes(document)).digest('hex');

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
 * Valid checks remembered by a SHA-256 of everything checked (content, signature, chain,
 * timestamp, signer, and the CRLs of the moment): a certificate check costs several ECDSA
 * verifications, a hash microseconds, and a new CRL checks everything again.
 */
const remembered = new WeakMap<SignatureTrust['signer'], Lru<string, SignatureCheck>>();

/** Checks `signature` over `content` as `licenceNumber`'s, against the hospital's roots and the CA's CRLs. */
export async function checkSignature(services: SignatureTrust, content: Uint8Array, signature: CaSignature, licenceNumber: string): Promise<SignatureCheck> {
  const crls = await services.signer.revocationLists();
  const key = createHash('sha256').update(content).update(`\0${canonical(signature)}\0${licenceNumber}\0${crls.join('\0')}`).digest('base64');
  let cache = remembered.get(services.signer);
  if (!cache) remembered.set(services.signer, (cache = new Lru(10_000)));
  const known = cache.get(key);
  if (known) return known;
  const check = await verifyCaSignature({ content, signature, licenceNumber, roots: services.signatureRoots, crls });
  if (check.valid) cache.set(key, check);
  return check;
}
