/**
 * Reference signers that keep no key store: each signer's key is derived from one secret
 * (HMAC-SHA256 of the signer id), so a restarted gateway signs with the same keys and checks
 * that a certificate is the signer's. They stand in for a CA's service in the demo and in
 * tests; a hospital connects its CA (CFCA, a provincial CA) through the same SignatureAdapter.
 * - `SM2-SM3`: China's national algorithms (GM/T 0003), through sm-crypto-v2; the certificate
 *   is the uncompressed public key in hex.
 * - `ECDSA-P256-SHA256`: node:crypto; the certificate is the SPKI public key in PEM.
 */
import { createECDH, createHmac, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import type { SignatureAdapter } from '../signature.js';

export type LocalAlgorithm = 'SM2-SM3' | 'ECDSA-P256-SHA256';

const ORDER: Record<LocalAlgorithm, bigint> = {
  'SM2-SM3': 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  'ECDSA-P256-SHA256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
};

/** A private scalar in [1, n): HMAC output, hashed again in the rare case it falls outside. */
function derivePrivate(secret: Uint8Array, algorithm: LocalAlgorithm, signerId: string): Buffer {
  for (let i = 0; ; i++) {
    const d = createHmac('sha256', secret).update(`ihkit-signer:${algorithm}:${signerId}:${i}`).digest();
    const n = BigInt(`0x${d.toString('hex')}`);
    if (n > 0n && n < ORDER[algorithm]) return d;
  }
}

interface Keys {
  certificate: string;
  sign(content: Uint8Array): string;
  verify(content: Uint8Array, value: string): boolean;
}

function sm2Keys(d: Buffer): Keys {
  const privateKey = d.toString('hex');
  const publicKey = sm2.getPublicKeyFromPrivateKey(privateKey);
  return {
    certificate: publicKey,
    sign: (content) => Buffer.from(sm2.doSignature(content, privateKey, { der: true, hash: true, publicKey }), 'hex').toString('base64'),
    verify: (content, value) => {
      try {
        return sm2.doVerifySignature(content, Buffer.from(value, 'base64').toString('hex'), publicKey, { der: true, hash: true });
      } catch {
        return false;
      }
    },
  };
}

function p256Keys(d: Buffer): Keys {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(); // 04 || x || y
  const jwk = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
  const privateKey: KeyObject = createPrivateKey({ key: { ...jwk, d: d.toString('base64url') }, format: 'jwk' });
  const publicKey: KeyObject = createPublicKey({ key: jwk, format: 'jwk' });
  return {
    certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (content) => nodeSign('sha256', content, privateKey).toString('base64'),
    verify: (content, value) => nodeVerify('sha256', content, publicKey, Buffer.from(value, 'base64')),
  };
}

export function createLocalSigner(options: { algorithm: LocalAlgorithm; secret: Uint8Array }): SignatureAdapter {
  const { algorithm, secret } = options;
  if (!(algorithm in ORDER)) throw new Error(`ihkit: unknown signature algorithm ${String(algorithm)} (SM2-SM3 or ECDSA-P256-SHA256)`);
  const cache = new Map<string, Keys>();
  const keysOf = (signerId: string): Keys => {
    let k = cache.get(signerId);
    if (!k) {
      const d = derivePrivate(secret, algorithm, signerId);
      cache.set(signerId, (k = algorithm === 'SM2-SM3' ? sm2Keys(d) : p256Keys(d)));
    }
    return k;
  };
  return {
    algorithm,
    async sign({ signerId, content }) {
      const keys = keysOf(signerId);
      return { value: keys.sign(content), certificate: keys.certificate };
    },
    async verify({ signerId, content, value, certificate }) {
      const keys = keysOf(signerId);
      return certificate === keys.certificate && keys.verify(content, value);
    },
  };
}
