/**
 * Certificates for tests of TLS listeners, made by OpenSSL's command line (Debian's `openssl`):
 * a laboratory CA, the listener's certificate for 127.0.0.1 signed by it, a client certificate
 * it signed, and a client certificate a stranger's CA signed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

export interface TestCertificates {
  /** The laboratory CA: signs the listener's and the laboratory's certificates. */
  ca: Buffer;
  server: KeyPair;
  client: KeyPair;
  /** A client certificate from another CA. */
  stranger: KeyPair;
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const read = (name: string): KeyPair => ({ cert: readFileSync(join(dir, `${name}.crt`)), key: readFileSync(join(dir, `${name}.key`)) });
  const authority = (name: string) => ssl('req', '-x509', ...newKey, '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
  const issue = (name: string, by: string, extensions: string): KeyPair => {
    writeFileSync(join(dir, `${name}.ext`), `[ext]\n${extensions}\n`);
    ssl('req', ...newKey, '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${by}.crt`, '-CAkey', `${by}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-extensions', 'ext', '-out', `${name}.crt`);
    return read(name);
  };
  try {
    authority('lab-ca');
    authority('stranger-ca');
    return {
      ca: read('lab-ca').cert,
      server: issue('mllp-listener', 'lab-ca', 'subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = serverAuth'),
      client: issue('lis', 'lab-ca', 'extendedKeyUsage = clientAuth'),
      stranger: issue('stranger', 'stranger-ca', 'extendedKeyUsage = clientAuth'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
