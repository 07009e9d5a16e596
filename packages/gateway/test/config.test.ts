import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { DEFAULT_CLAIM_MAPPING } from '../src/identity.js';
import { languageOf } from '../src/languages.js';

test('loadConfig: defaults', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.dataDir, '.data/pglite');
  assert.equal(c.demo, undefined, 'decided by whether an adapter is given');
  assert.deepEqual(c.allowedOrigins, []);
  assert.equal(c.cancelCutoffMinutes, 60);
  assert.equal(c.apiPrefix, '/api');
  assert.equal(c.trustProxy, false);
  assert.equal(c.hisTimeoutMs, 5000);
  assert.equal(c.idp, undefined);
});

test('loadConfig: every variable', () => {
  const c = loadConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgres://u:p@db/ihkit',
    IHKIT_DATA_DIR: '/var/lib/ihkit',
    IHKIT_DEMO: 'off',
    IHKIT_JWT_SECRET: 's3cret',
    IHKIT_JWKS_URL: 'https://idp.example/jwks.json',
    IHKIT_JWT_ISSUER: 'https://idp.example',
    IHKIT_JWT_AUDIENCE: 'ihkit',
    IHKIT_ALLOWED_ORIGINS: 'https://a.example, https://b.example/',
    IHKIT_CANCEL_CUTOFF_MINUTES: '120',
    IHKIT_API_PREFIX: 'ihkit/api/',
    IHKIT_TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    IHKIT_HIS_TIMEOUT_MS: '2500',
  });
  assert.equal(c.port, 9000);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.databaseUrl, 'postgres://u:p@db/ihkit');
  assert.equal(c.demo, false);
  assert.deepEqual({ ...c.idp, claims: undefined }, { issuer: 'https://idp.example', audience: 'ihkit', jwksUrl: 'https://idp.example/jwks.json', claims: undefined });
  assert.deepEqual(c.idp?.claims, DEFAULT_CLAIM_MAPPING);
  assert.equal(c.reauthToSignMinutes, 5);
  assert.deepEqual(c.allowedOrigins, ['https://a.example', 'https://b.example']);
  assert.equal(c.cancelCutoffMinutes, 120);
  assert.equal(c.apiPrefix, '/ihkit/api');
  assert.deepEqual(c.trustProxy, ['10.0.0.0/8', '127.0.0.1']);
  assert.equal(c.hisTimeoutMs, 2500);
  assert.equal(loadConfig({ IHKIT_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ IHKIT_TRUST_PROXY: '2' }).trustProxy, 2);
  assert.equal(loadConfig({ IHKIT_DEMO: '1' }).demo, true);
});

test('loadConfig: refuses what it cannot use', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => loadConfig({ IHKIT_CANCEL_CUTOFF_MINUTES: '-5' }), /IHKIT_CANCEL_CUTOFF_MINUTES/);
  assert.throws(() => loadConfig({ IHKIT_DEMO: 'maybe' }), /IHKIT_DEMO/);
  assert.throws(() => loadConfig({ IHKIT_JWKS_URL: 'https://idp.example/jwks.json' }), /IHKIT_JWT_ISSUER/);
  // Without IHKIT_JWKS_URL the keys are discovered from the issuer, which must then be a URL.
  assert.throws(() => loadConfig({ IHKIT_JWT_ISSUER: 'i', IHKIT_JWT_AUDIENCE: 'a' }), /IHKIT_JWT_ISSUER must be a URL/);
  assert.throws(() => loadConfig({ IHKIT_JWKS_URL: 'not a url', IHKIT_JWT_ISSUER: 'i', IHKIT_JWT_AUDIENCE: 'a' }), /IHKIT_JWKS_URL/);
  assert.throws(() => loadConfig({ IHKIT_REAUTH_TO_SIGN_MINUTES: '0' }), /IHKIT_REAUTH_TO_SIGN_MINUTES/);
});

test('problem language from Accept-Language', () => {
  assert.equal(languageOf(undefined), 'en');
  assert.equal(languageOf('zh-CN'), 'zh');
  assert.equal(languageOf('zh-TW,en;q=0.5'), 'zh');
  assert.equal(languageOf('en-US,zh-CN;q=0.9'), 'en');
  assert.equal(languageOf('fr,zh;q=0.8'), 'zh');
  assert.equal(languageOf('zh;q=0.1,en;q=0.9'), 'en');
  assert.equal(languageOf('de'), 'en');
});

test('loadConfig: who may send lab results over MLLP, and MLLP over TLS', () => {
  assert.deepEqual(loadConfig({}).mllpAllow, ['127.0.0.0/8', '::1'], 'this machine only, by default');
  assert.deepEqual(loadConfig({ IHKIT_MLLP_ALLOW: '10.20.0.7, 10.30.0.0/16' }).mllpAllow, ['10.20.0.7', '10.30.0.0/16']);
  assert.throws(() => loadConfig({ IHKIT_MLLP_ALLOW: '10.20.0.0/40' }), /IHKIT_MLLP_ALLOW: "10.20.0.0\/40" is not an IP address or a CIDR block/);
  assert.equal(loadConfig({}).mllpTls, undefined);
  assert.throws(() => loadConfig({ IHKIT_MLLP_TLS_CERT: '/etc/ihkit/mllp.crt' }), /needs both IHKIT_MLLP_TLS_CERT and IHKIT_MLLP_TLS_KEY/);
  assert.throws(() => loadConfig({ IHKIT_MLLP_TLS_CERT: '/nonexistent/mllp.crt', IHKIT_MLLP_TLS_KEY: '/nonexistent/mllp.key' }), /IHKIT_MLLP_TLS_CERT: cannot read \/nonexistent\/mllp.crt/);
});

test('loadConfig: WeChat Pay and Alipay from the environment (docs/payments.md), and what they refuse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-pay-config-'));
  try {
    for (const f of ['apiclient_key.pem', 'platform.pem', 'pubkey.pem', 'app_key.pem', 'alipay_public.pem']) writeFileSync(join(dir, f), `-----BEGIN ${f}-----\n`);
    const wechat = {
      IHKIT_PUBLIC_URL: 'https://ih.hospital.example/',
      IHKIT_WECHATPAY_MCHID: '1900000109',
      IHKIT_WECHATPAY_APPID: 'wxd678efh567hg6787',
      IHKIT_WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      IHKIT_WECHATPAY_PRIVATE_KEY: join(dir, 'apiclient_key.pem'),
      IHKIT_WECHATPAY_PLATFORM_CERTS: `${join(dir, 'platform.pem')}, PUB_KEY_ID_0114232134912410000000000000000001=${join(dir, 'pubkey.pem')}`,
      IHKIT_WECHATPAY_APIV3_KEY: 'a'.repeat(32),
    };
    const c = loadConfig({ ...wechat, IHKIT_WECHATPAY_CHANNELS: 'jsapi', IHKIT_ALIPAY_APP_ID: '2021000000000001', IHKIT_ALIPAY_PRIVATE_KEY: join(dir, 'app_key.pem'), IHKIT_ALIPAY_PUBLIC_KEY: join(dir, 'alipay_public.pem'), IHKIT_RECONCILE_AFTER: '11:00', IHKIT_PAYMENT_SANDBOX: 'off', IHKIT_INSURANCE_SANDBOX: 'off', IHKIT_INSURANCE_CONSULTS: 'on' });
    assert.equal(c.publicUrl, 'https://ih.hospital.example');
    assert.equal(c.insuranceSandbox, false);
    assert.equal(loadConfig({}).insuranceSandbox, undefined, 'unset: on with the demo hospital only');
    assert.equal(c.insuranceConsults, true);
    assert.equal(loadConfig({}).insuranceConsults, undefined, 'unset: consult fees through insurance with the demo hospital only');
    assert.throws(() => loadConfig({ IHKIT_INSURANCE_CONSULTS: 'maybe' }), /IHKIT_INSURANCE_CONSULTS/);
    assert.equal(c.wechatPay!.mchid, '1900000109');
    assert.deepEqual(c.wechatPay!.channels, ['jsapi']);
    assert.equal(c.wechatPay!.platformCertificates.length, 1);
    assert.deepEqual(Object.keys(c.wechatPay!.platformPublicKeys), ['PUB_KEY_ID_0114232134912410000000000000000001']);
    assert.equal(c.alipay!.appId, '2021000000000001');
    assert.equal(c.alipay!.gateway, undefined, 'Alipay’s own gateway by default');
    assert.equal(c.reconcileAfter, '11:00');
    assert.equal(c.paymentSandbox, false);
    assert.equal(loadConfig({}).reconcileAfter, '10:30');
    assert.deepEqual(loadConfig(wechat).wechatPay!.channels, ['h5', 'jsapi']);

    const { IHKIT_PUBLIC_URL: _, ...noPublicUrl } = wechat;
    assert.throws(() => loadConfig(noPublicUrl), /needs IHKIT_PUBLIC_URL/);
    assert.throws(() => loadConfig({ ...wechat, IHKIT_WECHATPAY_APIV3_KEY: 'short' }), /32-character APIv3 key/);
    assert.throws(() => loadConfig({ ...wechat, IHKIT_WECHATPAY_CHANNELS: 'native' }), /IHKIT_WECHATPAY_CHANNELS/);
    assert.throws(() => loadConfig({ ...wechat, IHKIT_WECHATPAY_SERIAL: '' }), /needs IHKIT_WECHATPAY_SERIAL/);
    assert.throws(() => loadConfig({ ...wechat, IHKIT_WECHATPAY_PRIVATE_KEY: '/nonexistent/key.pem' }), /IHKIT_WECHATPAY_PRIVATE_KEY: cannot read/);
    assert.throws(() => loadConfig({ IHKIT_PUBLIC_URL: 'https://h.example', IHKIT_ALIPAY_APP_ID: '2021000000000001' }), /needs IHKIT_ALIPAY_PRIVATE_KEY/);
    assert.throws(() => loadConfig({ IHKIT_RECONCILE_AFTER: '25:00' }), /IHKIT_RECONCILE_AFTER must be HH:MM/);
    assert.throws(() => loadConfig({ IHKIT_PUBLIC_URL: 'ftp://h.example' }), /must be an http\(s\) URL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
