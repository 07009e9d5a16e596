/**
 * The reference CA: a real, small certificate authority on @peculiar/x509 for the demo and the
 * tests, standing in for a hospital's CA service (a mobile signing app). It has a self-signed
 * root, a time-stamping authority certified by the root, and issues each signer an ECDSA P-256
 * certificate naming them by licence number (subject serialNumber). Each signer's private key
 * lives in their `SigningDevice` (the phone), never in the CA's adapter: a signature request
 * waits on the device until it is confirmed, refused or lapses. The CA publishes a CRL of the
 * certificates it revoked and refuses to sign with a revoked or expired one.
 *
 * SM2: @peculiar/x509 signs and verifies through WebCrypto, which has no SM2/SM3 (Node's
 * included), so this CA and the gateway's verifier are ECDSA P-256; a CA that signs with SM2
 * needs a verifier built on an SM2-capable X.509 stack (docs/adapters.md).
 *
 * With `dir`, the CA keeps its keys and certificates in `dir/ca.json` and the devices' keys in
 * `dir/devices.json` (demo only: a real device keeps its key in its secure element), so a
 * restarted demo verifies what it signed before.
 */
import 'reflect-metadata';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  X509Certificate,
  X509CertificateGenerator,
  X509CrlGenerator,
  X509CrlReason,
  type JsonName,
} from '@peculiar/x509';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdapterError } from '../errors.js';
import type { CaSignature, SignatureAdapter, SignatureRequest, SignatureState } from '../signature.js';
import { stampSignature } from './timestamp.js';
import { SIGNATURE_ALGORITHM } from './verify.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA = { name: 'ECDSA', hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 3600_000;

/** A pending request as its signer's device shows it. */
export interface DeviceRequest {
  requestId: string;
  title: string;
  expiresAt: string;
}

/** A signer's phone: holds their key, shows what waits for them, signs on their word. */
export interface SigningDevice {
  readonly licenceNumber: string;
  pending(): DeviceRequest[];
  confirm(requestId: string): Promise<void>;
  refuse(requestId: string): void;
}

export interface LocalCa {
  readonly adapter: SignatureAdapter;
  /** The root to configure as trusted (PEM). */
  readonly rootPem: string;
  /** Issues `signer` a certificate and a device holding its key (again: a new one, the old one stays valid until revoked). */
  enrol(signer: { licenceNumber: string; name: string }, validity?: { notBefore?: Date; notAfter?: Date }): Promise<{ serial: string; certificatePem: string }>;
  /** Revokes the signer's current certificate from `at` (default now). */
  revoke(licenceNumber: string, at?: Date): Promise<void>;
  /** The signer's device (SIGNER_CERTIFICATE_INVALID unless enrolled). */
  device(licenceNumber: string): SigningDevice;
  /** Every enrolled signer's device (the demo's phone page). */
  devices(): SigningDevice[];
  /** The current CRL (PEM). */
  crl(): Promise<string>;
}

export interface LocalCaOptions {
  /** Where keys and certificates are kept across restarts (demo); in memory without. */
  dir?: string;
  /** How long a request waits for its signer to confirm. Default 2 minutes. */
  confirmWithinMs?: number;
  /** Enrol a signer the CA does not know on their first request (the demo's practitioners). */
  enrolOnRequest?: boolean;
  /** Sign at once, as if every signer confirmed on their device straight away (a USB key with its PIN entered; tests not about confirming). */
  autoConfirm?: boolean;
  /** The CA's clock (tests move it). */
  now?: () => Date;
  /** The CA's name in its certificates. */
  name?: string;
}

interface KeyAndCert {
  key: CryptoKeyPair;
  certificate: X509Certificate;
}

interface Stored {
  root: { key: string; certificate: string };
  tsa: { key: string; certificate: string };
  revoked: Array<{ serial: string; at: string }>;
}

interface StoredDevices {
  [licenceNumber: string]: { key: string; certificate: string };
}

const exportKey = async (pair: CryptoKeyPair) => Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');

async function importKey(pkcs8: string, certificate: string): Promise<KeyAndCert> {
  const cert = new X509Certificate(certificate);
  const privateKey = await crypto.subtle.importKey('pkcs8', Buffer.from(pkcs8, 'base64'), EC, true, ['sign']);
  const publicKey = await cert.publicKey.export(EC, ['verify']);
  return { key: { privateKey, publicKey }, certificate: cert };
}

const newKeys = () => crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
const serial = () => `01${randomBytes(15).toString('hex')}`;

async function issue(root: KeyAndCert, subject: JsonName, publicKey: CryptoKey, validity: { notBefore: Date; notAfter: Date }, usage: 'signing' | 'timestamping'): Promise<X509Certificate> {
  return X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: root.certificate.subjectName,
    ...validity,
    publicKey,
    signingKey: root.key.privateKey,
    signingAlgorithm: ECDSA,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      usage === 'signing'
        ? new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true)
        : new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      ...(usage === 'timestamping' ? [new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping], true)] : []),
    ],
  });
}

interface Pending {
  requestId: string;
  licenceNumber: string;
  title: string;
  content: Uint8Array;
  expiresAt: Date;
  state: SignatureState;
}

class Device implements SigningDevice {
  constructor(
    readonly licenceNumber: string,
    readonly keys: KeyAndCert,
    private readonly ca: { requests: Map<string, Pending>; complete(p: Pending, signature: CaSignature | 'refused'): void; chainOf(cert: X509Certificate): string[]; stamp(value: string): Promise<string>; now(): Date },
  ) {}

  #mine(requestId: string): Pending {
    const p = this.ca.requests.get(requestId);
    if (!p || p.licenceNumber !== this.licenceNumber) throw new AdapterError('NOT_FOUND', 'No such signature request on this device.');
    if (p.state.status === 'pending' && p.expiresAt <= this.ca.now()) p.state = { status: 'expired' };
    if (p.state.status !== 'pending') throw new AdapterError('INVALID_STATE', `This signature request is ${p.state.status}.`);
    return p;
  }

  pending(): DeviceRequest[] {
    const now = this.ca.now();
    return [...this.ca.requests.values()]
      .filter((p) => p.licenceNumber === this.licenceNumber && p.state.status === 'pending' && p.expiresAt > now)
      .map((p) => ({ requestId: p.requestId, title: p.title, expiresAt: p.expiresAt.toISOString() }));
  }

  async confirm(requestId: string): Promise<void> {
    const p = this.#mine(requestId);
    const value = Buffer.from(await crypto.subtle.sign(ECDSA, this.keys.key.privateKey, new Uint8Array(p.content))).toString('base64');
    this.ca.complete(p, { algorithm: SIGNATURE_ALGORITHM, value, certificates: this.ca.chainOf(this.keys.certificate), timestamp: await this.ca.stamp(value) });
  }

  refuse(requestId: string): void {
    this.ca.complete(this.#mine(requestId), 'refused');
  }
}

/** A local CA, loaded from `dir` when it holds one, else new (and saved there). */
export async function createLocalCa(options: LocalCaOptions = {}): Promise<LocalCa> {
  const now = options.now ?? (() => new Date());
  const confirmWithinMs = options.confirmWithinMs ?? 120_000;
  const caName = options.name ?? 'ihkit Local Signing CA';
  const files = options.dir ? { ca: join(options.dir, 'ca.json'), devices: join(options.dir, 'devices.json') } : undefined;
  const readJson = async <T>(path: string): Promise<T | undefined> => readFile(path, 'utf8').then((t) => JSON.parse(t) as T, () => undefined);

  let stored = files && (await readJson<Stored>(files.ca));
  let root: KeyAndCert;
  let tsa: KeyAndCert;
  const revoked: Array<{ serial: string; at: Date }> = [];
  if (stored) {
    root = await importKey(stored.root.key, stored.root.certificate);
    tsa = await importKey(stored.tsa.key, stored.tsa.certificate);
    revoked.push(...stored.revoked.map((r) => ({ serial: r.serial, at: new Date(r.at) })));
  } else {
    const rootKeys = await newKeys();
    const start = new Date(now().getTime() - 24 * 3600_000);
    const certificate = await X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: [{ '2.5.4.3': [caName] }, { '2.5.4.10': ['ihkit demo'] }],
      notBefore: start,
      notAfter: new Date(start.getTime() + 20 * YEAR_MS),
      keys: rootKeys,
      signingAlgorithm: ECDSA,
      extensions: [new BasicConstraintsExtension(true, 0, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
    });
    root = { key: rootKeys, certificate };
    const tsaKeys = await newKeys();
    tsa = { key: tsaKeys, certificate: await issue(root, [{ '2.5.4.3': [`${caName} TSA`] }], tsaKeys.publicKey, { notBefore: start, notAfter: new Date(start.getTime() + 10 * YEAR_MS) }, 'timestamping') };
  }
  const devices = new Map<string, Device>();
  const requests = new Map<string, Pending>();

  const save = async () => {
    if (!files) return;
    await mkdir(options.dir!, { recursive: true });
    stored = {
      root: { key: await exportKey(root.key), certificate: root.certificate.toString('pem') },
      tsa: { key: await exportKey(tsa.key), certificate: tsa.certificate.toString('pem') },
      revoked: revoked.map((r) => ({ serial: r.serial, at: r.at.toISOString() })),
    };
    await writeFile(files.ca, JSON.stringify(stored), { mode: 0o600 });
    const keys: StoredDevices = {};
    for (const d of devices.values()) keys[d.licenceNumber] = { key: await exportKey(d.keys.key), certificate: d.keys.certificate.toString('pem') };
    await writeFile(files.devices, JSON.stringify(keys), { mode: 0o600 });
  };

  const hub = {
    requests,
    now,
    chainOf: (cert: X509Certificate) => [cert.toString('pem'), root.certificate.toString('pem')],
    stamp: (value: string) => stampSignature({ key: tsa.key.privateKey, certificate: tsa.certificate }, value, now()),
    complete(p: Pending, signature: CaSignature | 'refused') {
      p.state = signature === 'refused' ? { status: 'refused' } : { status: 'signed', signature };
      p.content = new Uint8Array(); // the document leaves the CA once answered
    },
  };

  const storedDevices = files && (await readJson<StoredDevices>(files.devices));
  for (const [licence, d] of Object.entries(storedDevices ?? {})) devices.set(licence, new Device(licence, await importKey(d.key, d.certificate), hub));
  if (!storedDevices) await save();

  /** Revoked, or to be revoked from the next second: signs no more. */
  const isRevoked = (cert: X509Certificate) => revoked.some((r) => r.serial === cert.serialNumber);

  async function enrol(signer: { licenceNumber: string; name: string }, validity: { notBefore?: Date; notAfter?: Date } = {}) {
    const keys = await newKeys();
    const notBefore = validity.notBefore ?? new Date(now().getTime() - 3600_000);
    const notAfter = validity.notAfter ?? new Date(notBefore.getTime() + 2 * YEAR_MS);
    const certificate = await issue(root, [{ '2.5.4.3': [signer.name] }, { '2.5.4.5': [signer.licenceNumber] }, { '2.5.4.10': ['ihkit demo'] }], keys.publicKey, { notBefore, notAfter }, 'signing');
    devices.set(signer.licenceNumber, new Device(signer.licenceNumber, { key: keys, certificate }, hub));
    await save();
    return { serial: certificate.serialNumber, certificatePem: certificate.toString('pem') };
  }

  function device(licenceNumber: string): Device {
    const d = devices.get(licenceNumber);
    if (!d) throw new AdapterError('SIGNER_CERTIFICATE_INVALID', 'This signer holds no certificate of this CA.');
    return d;
  }

  const adapter: SignatureAdapter = {
    algorithm: SIGNATURE_ALGORITHM,
    async requestSignature(request: SignatureRequest): Promise<SignatureState> {
      const { licenceNumber, name } = request.signer;
      if (!devices.has(licenceNumber) && options.enrolOnRequest) await enrol({ licenceNumber, name });
      const { certificate } = device(licenceNumber).keys;
      const at = now();
      if (isRevoked(certificate)) throw new AdapterError('SIGNER_CERTIFICATE_INVALID', 'The signer’s certificate is revoked.');
      if (certificate.notAfter < at || certificate.notBefore > at) throw new AdapterError('SIGNER_CERTIFICATE_INVALID', 'The signer’s certificate is not valid now.');
      const expiresAt = new Date(at.getTime() + confirmWithinMs);
      const requestId = randomUUID();
      const pending: Pending = { requestId, licenceNumber, title: request.title, content: new Uint8Array(request.content), expiresAt, state: { status: 'pending', requestId, expiresAt: expiresAt.toISOString() } };
      requests.set(requestId, pending);
      if (options.autoConfirm) {
        await device(licenceNumber).confirm(requestId);
        requests.delete(requestId);
        return pending.state;
      }
      return pending.state;
    },
    async signatureStatus(requestId: string): Promise<SignatureState> {
      const p = requests.get(requestId);
      if (!p) throw new AdapterError('NOT_FOUND', 'No such signature request.');
      if (p.state.status === 'pending' && p.expiresAt <= now()) {
        p.state = { status: 'expired' };
        p.content = new Uint8Array();
      }
      return p.state;
    },
    async revocationLists() {
      return [await crl()];
    },
  };

  /** The CRL, made again when a certificate is revoked or half its day has passed. */
  let published: { pem: string; at: number; revoked: number } | undefined;
  async function crl(): Promise<string> {
    if (published && published.revoked === revoked.length && now().getTime() - published.at < 12 * 3600_000 && now().getTime() >= published.at) return published.pem;
    const generated = await X509CrlGenerator.create({
      issuer: root.certificate.subjectName,
      thisUpdate: now(),
      nextUpdate: new Date(now().getTime() + 24 * 3600_000),
      entries: revoked.map((r) => ({ serialNumber: r.serial, revocationDate: r.at, reason: X509CrlReason.keyCompromise })),
      signingKey: root.key.privateKey,
      signingAlgorithm: ECDSA,
    });
    published = { pem: PemConverter.encode(generated.rawData, 'X509 CRL'), at: now().getTime(), revoked: revoked.length };
    return published.pem;
  }

  return {
    adapter,
    rootPem: root.certificate.toString('pem'),
    enrol,
    async revoke(licenceNumber, at = now()) {
      // A CRL tells the revocation time to the second: from the next one, so nothing signed before is caught.
      revoked.push({ serial: device(licenceNumber).keys.certificate.serialNumber, at: new Date(Math.ceil(at.getTime() / 1000) * 1000) });
      await save();
    },
    device,
    devices: () => [...devices.values()],
    crl,
  };
}
