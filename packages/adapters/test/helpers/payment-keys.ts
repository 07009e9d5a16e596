/**
 * Generated test keys for the payment providers' stand-ins — never real ones. RSA 2048 key
 * pairs (node:crypto) and, for WeChat Pay's platform, an X.509 certificate made by OpenSSL's
 * command line (Debian's `openssl`), whose serial number is what `Wechatpay-Serial` names.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RsaPair {
  /** PKCS#8 PEM. */
  privateKey: string;
  /** SPKI PEM. */
  publicKey: string;
}

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A self-signed RSA certificate (PEM) with its key and serial number (upper-case hex). */
export function rsaCertificate(commonName: string): RsaPair & { certificate: string; serial: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-pay-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${commonName}`, '-keyout', 'key.pem', '-out', 'cert.pem'], { cwd: dir, stdio: 'pipe' });
    const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const cert = new X509Certificate(certificate);
    return { privateKey: readFileSync(join(dir, 'key.pem'), 'utf8'), publicKey: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(), certificate, serial: cert.serialNumber.toUpperCase() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Letters and digits, `length` of them (WeChat Pay's APIv3 key is 32). */
export function randomKey(length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}
