/**
 * Trusted timestamps: a time-stamping authority (TSA) signs the SHA-256 of a signature value and
 * the time it saw it, with a key whose certificate (extended key usage timeStamping) chains to
 * the CA's root. The token is base64 of JSON: `{ tst: { imprint, genTime, serial }, value,
 * certificates }` — `value` the TSA's ECDSA P-256 signature over the canonical form of `tst`.
 * It proves the signature existed at `genTime`, which is the time its certificate is checked at.
 * (Not RFC 3161's DER TimeStampToken: no maintained TSP encoder runs on WebCrypto here.)
 */
import 'reflect-metadata';
import { ExtendedKeyUsage, ExtendedKeyUsageExtension, type X509Certificate } from '@peculiar/x509';
import { createHash, randomBytes } from 'node:crypto';
import { canonical } from '../canonical.js';
import { parseCertificates, verifyingKey } from './verify.js';

const ECDSA = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface TimestampInfo {
  /** SHA-256 (hex) of the signature value's bytes. */
  imprint: string;
  genTime: string;
  serial: string;
}

interface Token {
  tst: TimestampInfo;
  value: string;
  certificates: string[];
}

export const imprintOf = (signatureValue: string) => createHash('sha256').update(Buffer.from(signatureValue, 'base64')).digest('hex');

/** A token over `signatureValue` at `at`, by the TSA's key and certificate. */
export async function stampSignature(tsa: { key: CryptoKey; certificate: X509Certificate }, signatureValue: string, at: Date): Promise<string> {
  const tst: TimestampInfo = { imprint: imprintOf(signatureValue), genTime: at.toISOString(), serial: randomBytes(8).toString('hex') };
  const value = Buffer.from(await crypto.subtle.sign(ECDSA, tsa.key, new TextEncoder().encode(canonical(tst)))).toString('base64');
  const token: Token = { tst, value, certificates: [tsa.certificate.toString('pem')] };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

/**
 * The token's time and its TSA certificate when the token is well formed, signed by that
 * certificate's key, made for timestamping, and over `signatureValue`; undefined otherwise.
 * Whether the TSA certificate chains to a trusted root is the caller's check.
 */
export async function readTimestamp(token: string, signatureValue: string): Promise<{ at: Date; tsa: X509Certificate } | undefined> {
  let parsed: Token;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Token;
    if (!parsed?.tst || typeof parsed.value !== 'string' || !Array.isArray(parsed.certificates) || typeof parsed.certificates[0] !== 'string') return undefined;
  } catch {
    return undefined;
  }
  const { tst } = parsed;
  if (tst.imprint !== imprintOf(signatureValue)) return undefined;
  const at = new Date(tst.genTime);
  if (Number.isNaN(at.getTime())) return undefined;
  try {
    const [tsa] = parseCertificates(parsed.certificates[0]);
    if (!tsa) return undefined;
    const eku = tsa.getExtension(ExtendedKeyUsageExtension);
    if (!eku?.usages.includes(ExtendedKeyUsage.timeStamping)) return undefined;
    const key = await verifyingKey(tsa);
    const ok = await crypto.subtle.verify(ECDSA, key, Buffer.from(parsed.value, 'base64'), new TextEncoder().encode(canonical({ imprint: tst.imprint, genTime: tst.genTime, serial: tst.serial })));
    return ok ? { at, tsa } : undefined;
  } catch {
    return undefined;
  }
}
