/**
 * Verifying a CA signature by certificate, whatever CA made it: the timestamp is the TSA's over
 * this signature and chains to a trusted root; the signer's certificate chains to a trusted
 * root (the hospital's configured CA roots), every certificate of both chains was valid at the
 * timestamp's time and not revoked by then (each issuer's CRL, checked against that issuer's
 * key); the certificate names the expected signer by licence number (subject serialNumber); and
 * the signature over the content verifies with its key. A certificate revoked after the
 * signature was made leaves the signature valid: it was made while the certificate was good.
 */
import 'reflect-metadata';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, PemConverter, X509Certificate, X509Crl } from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { Lru } from '../lru.js';
import type { CaSignature } from '../signature.js';
import { readTimestamp } from './timestamp.js';

/**
 * What never changes for the same bytes, remembered: parsed certificates and CRLs, a link of a
 * chain checked by its issuer's key (a certificate signs the same way every time), and a
 * certificate's public key. The same chains come back on every prescription.
 */
const parsed = new Lru<string, X509Certificate>(2000);
const parsedCrls = new Lru<string, X509Crl[]>(100);
const links = new Lru<string, boolean>(5000);
const keys = new Lru<string, Promise<CryptoKey>>(2000);

function certificate(der: ArrayBuffer | string): X509Certificate {
  const key = typeof der === 'string' ? der : Buffer.from(der).toString('base64');
  let cert = parsed.get(key);
  if (!cert) parsed.set(key, (cert = new X509Certificate(der)));
  return cert;
}

/** Whether `signed` (a certificate or a CRL) carries `issuer`'s signature, remembered by both. */
async function signedBy(signed: X509Certificate | X509Crl, issuer: X509Certificate): Promise<boolean> {
  const key = createHash('sha256').update(Buffer.from(signed.rawData)).update(Buffer.from(issuer.rawData)).digest('base64');
  let ok = links.get(key);
  if (ok === undefined) {
    ok = signed instanceof X509Crl
      ? await signed.verify({ publicKey: issuer.publicKey }).catch(() => false)
      : await signed.verify({ publicKey: issuer.publicKey, signatureOnly: true }).catch(() => false);
    links.set(key, ok);
  }
  return ok;
}

/** The certificate's public key for ECDSA P-256 verification, remembered. */
export function verifyingKey(cert: X509Certificate): Promise<CryptoKey> {
  const key = cert.serialNumber + cert.issuer + Buffer.from(cert.publicKey.rawData).toString('base64');
  let k = keys.get(key);
  if (!k) {
    k = cert.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
    k.catch(() => keys.set(key, undefined as never));
    keys.set(key, k);
  }
  return k;
}

/** A parsed certificate (@peculiar/x509), as the gateway holds its trusted roots. */
export type { X509Certificate };

export const SIGNATURE_ALGORITHM = 'ECDSA-P256-SHA256';
const ECDSA = { name: 'ECDSA', hash: 'SHA-256' } as const;
const SERIAL_NUMBER = '2.5.4.5';
const COMMON_NAME = '2.5.4.3';

/** Why a signature does not verify. */
export type SignatureFault = 'malformed' | 'timestamp' | 'chain' | 'not-valid-at-signing' | 'revoked' | 'revocation-unknown' | 'wrong-signer' | 'content';

export type SignatureCheck =
  | { valid: true; signedAt: Date; signer: SignerCertificate }
  | { valid: false; fault: SignatureFault };

/** What a certificate says of its holder, as printed on a prescription. */
export interface SignerCertificate {
  serial: string;
  name: string;
  licenceNumber: string;
  issuer: string;
}

/** Every certificate in a PEM text (one or more blocks). */
export function parseCertificates(pem: string): X509Certificate[] {
  return PemConverter.decode(pem).map((der) => certificate(der));
}

function parseCrls(pem: string): X509Crl[] {
  let crls = parsedCrls.get(pem);
  if (!crls) parsedCrls.set(pem, (crls = PemConverter.decode(pem).map((der) => new X509Crl(der))));
  return crls;
}

/** The holder's name, licence number and serial, from a certificate. */
export function signerOf(certificate: X509Certificate): SignerCertificate {
  return {
    serial: certificate.serialNumber,
    name: certificate.subjectName.getField(COMMON_NAME)[0] ?? '',
    licenceNumber: certificate.subjectName.getField(SERIAL_NUMBER)[0] ?? '',
    issuer: certificate.issuerName.getField(COMMON_NAME)[0] ?? certificate.issuer,
  };
}

const same = (a: X509Certificate, b: X509Certificate) => Buffer.compare(Buffer.from(a.rawData), Buffer.from(b.rawData)) === 0;

/** `cert` up to a trusted root, each link checked by its issuer's key; undefined when it does not get there. */
async function chainOf(cert: X509Certificate, pool: X509Certificate[], roots: X509Certificate[]): Promise<X509Certificate[] | undefined> {
  const chain = [cert];
  let current = cert;
  for (let depth = 0; depth < 6; depth++) {
    if (roots.some((r) => same(r, current))) return chain;
    let issuer: X509Certificate | undefined;
    for (const candidate of [...roots, ...pool]) {
      if (candidate.subject !== current.issuer || same(candidate, current)) continue;
      if (await signedBy(current, candidate)) {
        issuer = candidate;
        break;
      }
    }
    if (!issuer) return undefined;
    const isRoot = roots.some((r) => same(r, issuer));
    if (!isRoot && !issuer.getExtension(BasicConstraintsExtension)?.ca) return undefined;
    chain.push(issuer);
    if (isRoot) return chain;
    current = issuer;
  }
  return undefined;
}

const validAt = (c: X509Certificate, at: Date) => c.notBefore.getTime() <= at.getTime() && at.getTime() <= c.notAfter.getTime();

/** The fault of a chain at `at`: a certificate not valid then, revoked by then, or without its issuer's CRL. */
async function chainFault(chain: X509Certificate[], crls: X509Crl[], at: Date): Promise<SignatureFault | undefined> {
  if (!chain.every((c) => validAt(c, at))) return 'not-valid-at-signing';
  for (let i = 0; i + 1 < chain.length; i++) {
    const issuer = chain[i + 1]!;
    let crl: X509Crl | undefined;
    for (const candidate of crls) {
      if (candidate.issuer === issuer.subject && (await signedBy(candidate, issuer))) {
        crl = candidate;
        break;
      }
    }
    if (!crl) return 'revocation-unknown';
    const entry = crl.findRevoked(chain[i]!);
    const from = entry && (entry.invalidity && entry.invalidity < entry.revocationDate ? entry.invalidity : entry.revocationDate);
    if (from && from.getTime() <= at.getTime()) return 'revoked';
  }
  return undefined;
}

export interface VerifyOptions {
  content: Uint8Array;
  signature: CaSignature;
  /** Who must have signed: the HIS practitioner's licence number. */
  licenceNumber: string;
  /** The hospital's trusted CA roots. */
  roots: X509Certificate[];
  /** The CAs' current CRLs (PEM). */
  crls: string[];
}

/** Checks a CA signature; never throws for a bad one (a fault instead). */
export async function verifyCaSignature(options: VerifyOptions): Promise<SignatureCheck> {
  const { signature, roots } = options;
  let certificates: X509Certificate[];
  let crls: X509Crl[];
  try {
    certificates = signature.certificates.flatMap(parseCertificates);
    crls = options.crls.flatMap(parseCrls);
  } catch {
    return { valid: false, fault: 'malformed' };
  }
  const leaf = certificates[0];
  if (!leaf || signature.algorithm !== SIGNATURE_ALGORITHM) return { valid: false, fault: 'malformed' };
  const stamp = await readTimestamp(signature.timestamp, signature.value);
  if (!stamp) return { valid: false, fault: 'timestamp' };
  const chain = await chainOf(leaf, certificates.slice(1), roots);
  if (!chain) return { valid: false, fault: 'chain' };
  const fault = await chainFault(chain, crls, stamp.at);
  if (fault) return { valid: false, fault };
  const tsaChain = await chainOf(stamp.tsa, certificates, roots);
  if (!tsaChain || (await chainFault(tsaChain, crls, stamp.at))) return { valid: false, fault: 'timestamp' };
  const signer = signerOf(leaf);
  const usage = leaf.getExtension(KeyUsagesExtension);
  if (signer.licenceNumber !== options.licenceNumber || (usage && !(usage.usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)))) {
    return { valid: false, fault: 'wrong-signer' };
  }
  try {
    const key = await verifyingKey(leaf);
    const ok = await crypto.subtle.verify(ECDSA, key, Buffer.from(signature.value, "base64"), new Uint8Array(options.content));
    return ok ? { valid: true, signedAt: stamp.at, signer } : { valid: false, fault: 'content' };
  } catch {
    return { valid: false, fault: 'content' };
  }
}
