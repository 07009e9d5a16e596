/** The gateway's settings, and reading them from environment variables. */
import { readFileSync } from 'node:fs';
import { MLLP_DEFAULT_ALLOW, mllpAllowList } from '@ihkit/adapters';
import type { IdpConfig } from './auth.js';
import { DEFAULT_CLAIM_MAPPING, parseRoleValues } from './identity.js';
import { HOME_ORGANIZATION, ORGANIZATION_KINDS, type OrganizationKind } from './organizations/registry.js';
import { parseRateLimits, type RateLimits } from './rate-limit.js';

export interface GatewayConfig {
  /** PORT, default 8080 (used by the CLI's listen). */
  port: number;
  /** HOST, default 127.0.0.1. */
  host: string;
  /** DATABASE_URL: a PostgreSQL server. Without it, embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /**
   * IHKIT_MIGRATION_DATABASE_URL: the same server as the database's owner. Migrations run as it,
   * and then grant DATABASE_URL's role what the gateway needs (db/roles.ts). Without it,
   * migrations run as DATABASE_URL's role (which then owns the tables, the audit log included).
   */
  migrationDatabaseUrl?: string;
  /**
   * The home organization (organizations/): IHKIT_ORGANIZATION_ID (default home; set it before
   * the first start, rows keep the id they were written with), IHKIT_ORGANIZATION_NAME (default
   * the HIS's hospital name), IHKIT_ORGANIZATION_KIND (regional-centre, hospital, county or
   * community; default hospital).
   */
  organization: { id: string; name?: string; kind: OrganizationKind };
  /** IHKIT_DATA_DIR, default .data/pglite. */
  dataDir: string;
  /** IHKIT_DEMO: the demo hospital and demo login. Unset: on when no HIS adapter is given. */
  demo?: boolean;
  /** IHKIT_JWT_SECRET: HS256 secret of the gateway's own session tokens (demo login); random when unset. */
  jwtSecret?: string;
  /**
   * The hospital's identity provider (OpenID Connect): IHKIT_JWT_ISSUER and IHKIT_JWT_AUDIENCE,
   * both required; IHKIT_JWKS_URL (default: discovered from the issuer); which claims say what:
   * IHKIT_JWT_ROLE_CLAIM, IHKIT_JWT_ROLE_VALUES, IHKIT_JWT_PATIENT_ID_CLAIM, IHKIT_JWT_DOCTOR_ID_CLAIM,
   * IHKIT_JWT_PHARMACIST_ID_CLAIM, IHKIT_JWT_ORGANIZATION_CLAIM, IHKIT_JWT_NAME_CLAIM, IHKIT_JWT_ASSURANCE_CLAIM, IHKIT_JWT_REAL_NAME_LEVELS.
   * Without demo login (IHKIT_DEMO) the gateway does not start without one.
   */
  idp?: IdpConfig;
  /** IHKIT_REAUTH_TO_SIGN_MINUTES, default 5: a doctor who signed in longer ago than this must sign in again to sign a prescription. */
  reauthToSignMinutes: number;
  /** IHKIT_ALLOWED_ORIGINS: comma-separated origins allowed by CORS; none by default. */
  allowedOrigins: string[];
  /** IHKIT_CANCEL_CUTOFF_MINUTES, default 60: no cancelling this close to the start. */
  cancelCutoffMinutes: number;
  /**
   * IHKIT_BOOKING_HOLD_MINUTES, default 0: with a payment provider, booking a slot that has a fee
   * holds the place this long while the patient pays the registration fee online (0: the fee is
   * not charged online; the hospital takes it).
   */
  bookingHoldMinutes: number;
  /** IHKIT_BOOKING_REFUND_CUTOFF_MINUTES, default 1440: a paid appointment cancelled earlier than this before its start gets the whole fee back. */
  bookingRefundCutoffMinutes: number;
  /** IHKIT_BOOKING_LATE_REFUND_PERCENT, default 50: the share of the fee given back when it is cancelled later than that. */
  bookingLateRefundPercent: number;
  /** IHKIT_RESCHEDULE_MAX, default 1: how often one appointment may be rescheduled online (0: never). */
  rescheduleMax: number;
  /** IHKIT_RESCHEDULE_CUTOFF_MINUTES, default 120: no rescheduling this close to the appointment's start. */
  rescheduleCutoffMinutes: number;
  /** IHKIT_REFERRAL_GRANT_DAYS, default 30 (at most 30): how long the receiving organization of an accepted referral reads its records, unless it is closed or cancelled before. */
  referralGrantDays: number;
  /** IHKIT_API_PREFIX, default /api. */
  apiPrefix: string;
  /** IHKIT_TRUST_PROXY: true, a hop count, or comma-separated addresses/CIDRs. Default false. */
  trustProxy: boolean | number | string[];
  /** IHKIT_HIS_TIMEOUT_MS, default 5000: a HIS call slower than this is "HIS unavailable". */
  hisTimeoutMs: number;
  /** IHKIT_LOG_LEVEL, default info. */
  logLevel: string;
  /** IHKIT_CONSULT_PAY_MINUTES, default 30: an online consult not paid by then is cancelled. */
  consultPayMinutes: number;
  /** IHKIT_CONSULT_ACCEPT_MINUTES, default 120: a paid consult no doctor accepted by then is refunded. */
  consultAcceptMinutes: number;
  /** IHKIT_PAYMENT_SANDBOX_SECRET: signing secret of the sandbox payment provider (demo); random when unset. */
  paymentSandboxSecret?: string;
  /** IHKIT_CA_ROOTS: a PEM file of the hospital's trusted CA root certificates; signatures are verified up to them. Required with a hospital's CA; the reference CA's own root otherwise. */
  caRoots?: string;
  /** IHKIT_CA_CRLS: a PEM file of the CA's current CRLs, for `ihkit-gateway verify` without the reference CA (the running gateway asks its SignatureAdapter). */
  caCrls?: string;
  /** IHKIT_SIGN_CONFIRM_SECONDS, default 120: the longest the gateway waits for a signer to confirm on their device (then SIGNATURE_TIMED_OUT). */
  signConfirmSeconds: number;
  /** IHKIT_REMOTE_CONSULTATION_GRANT_HOURS, default 24: how long after a remote consultation's appointment its experts may still read the attachments. */
  remoteConsultationGrantHours: number;
  /** IHKIT_LOCAL_CA_DIR: where the reference CA keeps its keys and certificates (demo); in memory when unset. */
  localCaDir?: string;
  /** IHKIT_LOCAL_CA_CONFIRM, device or auto (default): whether the reference CA waits for the signer to confirm on the (demo) phone, or signs at once. */
  localCaConfirm: 'device' | 'auto';
  /** IHKIT_CHRONIC_MAX_DAYS, default 28: the longest supply for a chronic condition (with a reason). */
  chronicMaxDays: number;
  /** IHKIT_PHARMACY_PREPARE_SECONDS, default 60: how long the sandbox pharmacy prepares an order (demo). */
  pharmacyPrepareSeconds: number;
  /** IHKIT_REGULATOR_URL (and IHKIT_REGULATOR_TOKEN): the supervision platform; reports wait in the outbox without it. */
  regulatorUrl?: string;
  regulatorToken?: string;
  /** IHKIT_TURN_URLS: comma-separated TURN URLs (turn:host:3478?transport=udp, …); none: direct connections only. */
  turnUrls: string[];
  /** IHKIT_TURN_SECRET: coturn's static-auth-secret; required with IHKIT_TURN_URLS. */
  turnSecret?: string;
  /** IHKIT_TURN_TTL_SECONDS, default 3600: how long minted TURN credentials work. */
  turnTtlSeconds: number;
  /** IHKIT_JANUS_URL: the Janus SFU's WebSocket URL (ws:// or wss://, as browsers reach it); none: calls stay on the mesh (at most four). */
  janusUrl?: string;
  /** IHKIT_JANUS_ADMIN_KEY: the VideoRoom plugin's admin_key, which creating rooms takes; required with IHKIT_JANUS_URL. */
  janusAdminKey?: string;
  /** IHKIT_RECORDING_MAX_MB, default 64: the largest consult recording accepted, in MB (413 PAYLOAD_TOO_LARGE beyond). */
  recordingMaxMb: number;
  /** IHKIT_ADAPTER_BREAKER_FAILURES, default 5: failures in a row after which a hospital system is not called for a while. */
  adapterBreakerFailures: number;
  /** IHKIT_ADAPTER_BREAKER_COOLDOWN_MS, default 15000: how long the gateway then answers "unavailable" before trying again. */
  adapterBreakerCooldownMs: number;
  /** IHKIT_CATALOG_CACHE_SECONDS, default 300: how long departments, doctors and pickup points are cached (0: not cached). */
  catalogCacheSeconds: number;
  /** IHKIT_MLLP_PORT: listen for HL7 v2 results (ORU^R01) over MLLP on this port; unset: no listener. */
  mllpPort?: number;
  /** IHKIT_MLLP_HOST, default 127.0.0.1: the address the MLLP listener binds. */
  mllpHost: string;
  /** IHKIT_MLLP_ALLOW: comma-separated addresses and CIDR blocks of the laboratory systems that may send; default loopback only. */
  mllpAllow: string[];
  /**
   * IHKIT_MLLP_TLS_CERT and IHKIT_MLLP_TLS_KEY (PEM files): MLLP over TLS; with IHKIT_MLLP_TLS_CA
   * (the CA that signs the laboratory's client certificates) a sender must present one.
   */
  mllpTls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  /** IHKIT_DICOMWEB_URL: the PACS's DICOMweb root (…/dicom-web); unset: the demo PACS with the demo hospital, none otherwise. */
  dicomWebUrl?: string;
  /**
   * IHKIT_RATE_LIMITS: over the defaults of rate-limit.ts, `off`, or comma-separated
   * `rule=limit/window` or `rule=off` (`login.address=30/1m,booking.user=off`). Shared by
   * gateways on one database; clients by address as IHKIT_TRUST_PROXY reads it.
   */
  rateLimits: RateLimits;
  /** IHKIT_TRIAGE_RULES: the hospital's guided-triage rules (JSON or YAML); default the demo hospital's. */
  triageRules?: string;
  /** IHKIT_ARTICLE_IMAGE_ORIGINS: comma-separated https origins article images may come from besides the site itself; unset: the site only. */
  articleImageOrigins: string[];
  /**
   * IHKIT_PUBLIC_URL: the gateway's address as payment providers and payers reach it
   * (https://h.example); providers notify {IHKIT_PUBLIC_URL}{IHKIT_API_PREFIX}/payments/notify/{provider}.
   * Required with a real payment provider.
   */
  publicUrl?: string;
  /** IHKIT_PAYMENT_RETURN_URL: the portal page payers come back to after paying at a provider. */
  paymentReturnUrl?: string;
  /** IHKIT_INSURANCE_SANDBOX: the sandbox medical-insurance channel (demo only). Unset: on with the demo hospital. */
  insuranceSandbox?: boolean;
  /**
   * IHKIT_INSURANCE_CONSULTS: follow-up consults' fees are settled through medical insurance too
   * (prescriptions always are, with an insurer). Unset: on with the demo hospital, off otherwise.
   */
  insuranceConsults?: boolean;
  /** IHKIT_PAYMENT_SANDBOX: the sandbox payment provider (demo only). Unset: on with the demo hospital. */
  paymentSandbox?: boolean;
  /** WeChat Pay (API v3), when IHKIT_WECHATPAY_MCHID is set: see payments docs. */
  wechatPay?: WechatPayConfig;
  /** Alipay, when IHKIT_ALIPAY_APP_ID is set: see payments docs. */
  alipay?: AlipayConfig;
  /** IHKIT_RECONCILE_AFTER, default 10:30: from this time (Beijing) the providers' bills of the day before are compared. */
  reconcileAfter: string;
}

export interface WechatPayConfig {
  /** IHKIT_WECHATPAY_MCHID, IHKIT_WECHATPAY_APPID, IHKIT_WECHATPAY_SERIAL (the merchant API certificate's serial number). */
  mchid: string;
  appid: string;
  serial: string;
  /** IHKIT_WECHATPAY_PRIVATE_KEY: the merchant API private key (PEM file, apiclient_key.pem). */
  privateKey: Buffer;
  /** IHKIT_WECHATPAY_PLATFORM_CERTS: comma-separated PEM files of platform certificates, or `PUB_KEY_ID_…=file` for WeChat Pay public keys. */
  platformCertificates: Buffer[];
  platformPublicKeys: Record<string, Buffer>;
  /** IHKIT_WECHATPAY_APIV3_KEY: the APIv3 key (32 characters). */
  apiV3Key: string;
  /** IHKIT_WECHATPAY_CHANNELS, default h5,jsapi. */
  channels: Array<'h5' | 'jsapi'>;
  /** IHKIT_WECHATPAY_API_URL, default WeChat Pay's. */
  baseUrl?: string;
}

export interface AlipayConfig {
  /** IHKIT_ALIPAY_APP_ID. */
  appId: string;
  /** IHKIT_ALIPAY_PRIVATE_KEY: the app's private key (PEM file). */
  privateKey: Buffer;
  /** IHKIT_ALIPAY_PUBLIC_KEY: Alipay's public key (PEM file). */
  alipayPublicKey: Buffer;
  /** IHKIT_ALIPAY_GATEWAY, default https://openapi.alipay.com/gateway.do. */
  gateway?: string;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): GatewayConfig {
  const text = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const v = text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got "${v}"`);
    return n;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const v = text(name);
    if (v === undefined) return fallback;
    if (!(values as readonly string[]).includes(v)) throw new Error(`${name} must be one of ${values.join(', ')}, got "${v}"`);
    return v as T;
  };

  const issuer = text('IHKIT_JWT_ISSUER');
  const audience = text('IHKIT_JWT_AUDIENCE');
  const jwksUrl = text('IHKIT_JWKS_URL');
  const jwtSecret = text('IHKIT_JWT_SECRET');
  const claimNames = ['ROLE', 'PATIENT_ID', 'DOCTOR_ID', 'PHARMACIST_ID', 'ORGANIZATION', 'NAME', 'ASSURANCE'].map((c) => `IHKIT_JWT_${c}_CLAIM`);
  const idpSettings = [...claimNames, 'IHKIT_JWT_ROLE_VALUES', 'IHKIT_JWT_REAL_NAME_LEVELS'].filter((n) => text(n) !== undefined);
  let idp: IdpConfig | undefined;
  if (issuer || audience || jwksUrl || idpSettings.length) {
    if (!issuer || !audience) {
      throw new Error(`A hospital identity provider needs both IHKIT_JWT_ISSUER (the iss of its tokens) and IHKIT_JWT_AUDIENCE (the aud its access tokens carry for this API); ${[issuer && 'IHKIT_JWT_ISSUER', audience && 'IHKIT_JWT_AUDIENCE', jwksUrl && 'IHKIT_JWKS_URL', ...idpSettings].filter(Boolean).join(', ')} set`);
    }
    if (jwksUrl) httpUrl('IHKIT_JWKS_URL', jwksUrl);
    else httpUrl('IHKIT_JWT_ISSUER', issuer);
    const d = DEFAULT_CLAIM_MAPPING;
    idp = {
      issuer,
      audience,
      ...(jwksUrl ? { jwksUrl } : {}),
      claims: {
        role: text('IHKIT_JWT_ROLE_CLAIM') ?? d.role,
        roleValues: parseRoleValues(text('IHKIT_JWT_ROLE_VALUES')),
        patientId: text('IHKIT_JWT_PATIENT_ID_CLAIM') ?? d.patientId,
        doctorId: text('IHKIT_JWT_DOCTOR_ID_CLAIM') ?? d.doctorId,
        pharmacistId: text('IHKIT_JWT_PHARMACIST_ID_CLAIM') ?? d.pharmacistId,
        organization: text('IHKIT_JWT_ORGANIZATION_CLAIM') ?? d.organization,
        name: text('IHKIT_JWT_NAME_CLAIM') ?? d.name,
        assurance: text('IHKIT_JWT_ASSURANCE_CLAIM') ?? d.assurance,
        realNameLevels: text('IHKIT_JWT_REAL_NAME_LEVELS')?.split(',').map((s) => s.trim()).filter(Boolean) ?? d.realNameLevels,
      },
    };
  }

  const turnUrls = (text('IHKIT_TURN_URLS') ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const badTurn = turnUrls.find((u) => !/^turns?:[^\s]+$/.test(u));
  if (badTurn) throw new Error(`IHKIT_TURN_URLS must hold turn: or turns: URLs, got "${badTurn}"`);
  if (turnUrls.length && !text('IHKIT_TURN_SECRET')) throw new Error('IHKIT_TURN_URLS needs IHKIT_TURN_SECRET (the TURN server\'s static-auth-secret)');

  const janusUrl = text('IHKIT_JANUS_URL');
  if (janusUrl && !/^wss?:\/\/[^\s]+$/.test(janusUrl)) throw new Error(`IHKIT_JANUS_URL must be a ws: or wss: URL, got "${janusUrl}"`);
  if (janusUrl && !text('IHKIT_JANUS_ADMIN_KEY')) throw new Error("IHKIT_JANUS_URL needs IHKIT_JANUS_ADMIN_KEY (the VideoRoom plugin's admin_key)");

  let prefix = text('IHKIT_API_PREFIX') ?? '/api';
  if (!prefix.startsWith('/')) prefix = `/${prefix}`;
  prefix = prefix.replace(/\/+$/, '');

  return {
    port: int('PORT', 8080, 0),
    host: text('HOST') ?? '127.0.0.1',
    databaseUrl: text('DATABASE_URL'),
    migrationDatabaseUrl: text('IHKIT_MIGRATION_DATABASE_URL'),
    dataDir: text('IHKIT_DATA_DIR') ?? '.data/pglite',
    demo: flag('IHKIT_DEMO', text('IHKIT_DEMO')),
    jwtSecret,
    idp,
    reauthToSignMinutes: int('IHKIT_REAUTH_TO_SIGN_MINUTES', 5, 1),
    allowedOrigins: (text('IHKIT_ALLOWED_ORIGINS') ?? '').split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean),
    cancelCutoffMinutes: int('IHKIT_CANCEL_CUTOFF_MINUTES', 60, 0),
    bookingHoldMinutes: int('IHKIT_BOOKING_HOLD_MINUTES', 0, 0),
    rescheduleMax: int('IHKIT_RESCHEDULE_MAX', 1, 0),
    rescheduleCutoffMinutes: int('IHKIT_RESCHEDULE_CUTOFF_MINUTES', 120, 0),
    bookingRefundCutoffMinutes: int('IHKIT_BOOKING_REFUND_CUTOFF_MINUTES', 1440, 0),
    bookingLateRefundPercent: int('IHKIT_BOOKING_LATE_REFUND_PERCENT', 50, 0, 100),
    referralGrantDays: int('IHKIT_REFERRAL_GRANT_DAYS', 30, 1, 30),
    apiPrefix: prefix,
    organization: {
      id: text('IHKIT_ORGANIZATION_ID') ?? HOME_ORGANIZATION,
      ...(text('IHKIT_ORGANIZATION_NAME') ? { name: text('IHKIT_ORGANIZATION_NAME') } : {}),
      kind: oneOf('IHKIT_ORGANIZATION_KIND', ORGANIZATION_KINDS, 'hospital'),
    },
    trustProxy: trustProxy(text('IHKIT_TRUST_PROXY')),
    hisTimeoutMs: int('IHKIT_HIS_TIMEOUT_MS', 5000, 1),
    logLevel: text('IHKIT_LOG_LEVEL') ?? 'info',
    consultPayMinutes: int('IHKIT_CONSULT_PAY_MINUTES', 30, 1),
    consultAcceptMinutes: int('IHKIT_CONSULT_ACCEPT_MINUTES', 120, 1),
    paymentSandboxSecret: text('IHKIT_PAYMENT_SANDBOX_SECRET'),
    caRoots: text('IHKIT_CA_ROOTS'),
    caCrls: text('IHKIT_CA_CRLS'),
    signConfirmSeconds: int('IHKIT_SIGN_CONFIRM_SECONDS', 120, 5),
    remoteConsultationGrantHours: int('IHKIT_REMOTE_CONSULTATION_GRANT_HOURS', 24, 1),
    localCaDir: text('IHKIT_LOCAL_CA_DIR'),
    localCaConfirm: localCaConfirm(text('IHKIT_LOCAL_CA_CONFIRM')),
    chronicMaxDays: int('IHKIT_CHRONIC_MAX_DAYS', 28, 7),
    pharmacyPrepareSeconds: int('IHKIT_PHARMACY_PREPARE_SECONDS', 60, 0),
    regulatorUrl: text('IHKIT_REGULATOR_URL'),
    regulatorToken: text('IHKIT_REGULATOR_TOKEN'),
    turnUrls: turnUrls,
    turnSecret: text('IHKIT_TURN_SECRET'),
    turnTtlSeconds: int('IHKIT_TURN_TTL_SECONDS', 3600, 60),
    janusUrl,
    janusAdminKey: text('IHKIT_JANUS_ADMIN_KEY'),
    recordingMaxMb: int('IHKIT_RECORDING_MAX_MB', 64, 1),
    adapterBreakerFailures: int('IHKIT_ADAPTER_BREAKER_FAILURES', 5, 1),
    adapterBreakerCooldownMs: int('IHKIT_ADAPTER_BREAKER_COOLDOWN_MS', 15_000, 0),
    catalogCacheSeconds: int('IHKIT_CATALOG_CACHE_SECONDS', 300, 0),
    mllpPort: text('IHKIT_MLLP_PORT') === undefined ? undefined : int('IHKIT_MLLP_PORT', 0, 0),
    mllpHost: text('IHKIT_MLLP_HOST') ?? '127.0.0.1',
    mllpAllow: mllpAllow(text('IHKIT_MLLP_ALLOW')),
    mllpTls: mllpTls(text('IHKIT_MLLP_TLS_CERT'), text('IHKIT_MLLP_TLS_KEY'), text('IHKIT_MLLP_TLS_CA')),
    dicomWebUrl: dicomWebUrl(text('IHKIT_DICOMWEB_URL')),
    rateLimits: parseRateLimits(text('IHKIT_RATE_LIMITS')),
    triageRules: text('IHKIT_TRIAGE_RULES'),
    articleImageOrigins: articleImageOrigins(text('IHKIT_ARTICLE_IMAGE_ORIGINS')),
    ...paymentConfig(text),
  };
}

/** The payment providers' settings (IHKIT_WECHATPAY_…, IHKIT_ALIPAY_…), their key files read. */
function paymentConfig(text: (name: string) => string | undefined): Pick<GatewayConfig, 'publicUrl' | 'paymentReturnUrl' | 'paymentSandbox' | 'insuranceSandbox' | 'insuranceConsults' | 'wechatPay' | 'alipay' | 'reconcileAfter'> {
  const need = (name: string, why: string) => {
    const v = text(name);
    if (!v) throw new Error(`${why} needs ${name}`);
    return v;
  };
  const file = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch {
      throw new Error(`${name}: cannot read ${path}`);
    }
  };
  const url = (name: string) => {
    const v = text(name);
    if (v === undefined) return undefined;
    const u = new URL(v); // throws on a malformed URL
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL, got "${v}"`);
    return v.replace(/\/+$/, '');
  };
  let wechatPay: WechatPayConfig | undefined;
  if (text('IHKIT_WECHATPAY_MCHID')) {
    const why = 'WeChat Pay (IHKIT_WECHATPAY_MCHID)';
    const certs = need('IHKIT_WECHATPAY_PLATFORM_CERTS', why).split(',').map((s) => s.trim()).filter(Boolean);
    const apiV3Key = need('IHKIT_WECHATPAY_APIV3_KEY', why);
    if (Buffer.byteLength(apiV3Key) !== 32) throw new Error('IHKIT_WECHATPAY_APIV3_KEY must be the 32-character APIv3 key');
    const channels = (text('IHKIT_WECHATPAY_CHANNELS') ?? 'h5,jsapi').split(',').map((c) => c.trim()).filter(Boolean);
    const bad = channels.find((c) => c !== 'h5' && c !== 'jsapi');
    if (bad || !channels.length) throw new Error(`IHKIT_WECHATPAY_CHANNELS must list h5 and/or jsapi, got "${text('IHKIT_WECHATPAY_CHANNELS')}"`);
    wechatPay = {
      mchid: need('IHKIT_WECHATPAY_MCHID', why),
      appid: need('IHKIT_WECHATPAY_APPID', why),
      serial: need('IHKIT_WECHATPAY_SERIAL', why),
      privateKey: file('IHKIT_WECHATPAY_PRIVATE_KEY', need('IHKIT_WECHATPAY_PRIVATE_KEY', why)),
      platformCertificates: certs.filter((c) => !c.includes('=')).map((c) => file('IHKIT_WECHATPAY_PLATFORM_CERTS', c)),
      platformPublicKeys: Object.fromEntries(certs.filter((c) => c.includes('=')).map((c) => [c.slice(0, c.indexOf('=')), file('IHKIT_WECHATPAY_PLATFORM_CERTS', c.slice(c.indexOf('=') + 1))])),
      apiV3Key,
      channels: channels as Array<'h5' | 'jsapi'>,
      ...(url('IHKIT_WECHATPAY_API_URL') ? { baseUrl: `${url('IHKIT_WECHATPAY_API_URL')}/` } : {}),
    };
  }
  let alipay: AlipayConfig | undefined;
  if (text('IHKIT_ALIPAY_APP_ID')) {
    const why = 'Alipay (IHKIT_ALIPAY_APP_ID)';
    alipay = {
      appId: need('IHKIT_ALIPAY_APP_ID', why),
      privateKey: file('IHKIT_ALIPAY_PRIVATE_KEY', need('IHKIT_ALIPAY_PRIVATE_KEY', why)),
      alipayPublicKey: file('IHKIT_ALIPAY_PUBLIC_KEY', need('IHKIT_ALIPAY_PUBLIC_KEY', why)),
      ...(url('IHKIT_ALIPAY_GATEWAY') ? { gateway: url('IHKIT_ALIPAY_GATEWAY') } : {}),
    };
  }
  const publicUrl = url('IHKIT_PUBLIC_URL');
  if ((wechatPay || alipay) && !publicUrl) throw new Error('A payment provider needs IHKIT_PUBLIC_URL (where it sends its notifications)');
  const reconcileAfter = text('IHKIT_RECONCILE_AFTER') ?? '10:30';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(reconcileAfter)) throw new Error(`IHKIT_RECONCILE_AFTER must be HH:MM, got "${reconcileAfter}"`);
  const sandbox = text('IHKIT_PAYMENT_SANDBOX');
  const insuranceSandbox = text('IHKIT_INSURANCE_SANDBOX');
  const insuranceConsults = text('IHKIT_INSURANCE_CONSULTS');
  return {
    publicUrl,
    paymentReturnUrl: url('IHKIT_PAYMENT_RETURN_URL'),
    paymentSandbox: sandbox === undefined ? undefined : flag('IHKIT_PAYMENT_SANDBOX', sandbox),
    insuranceSandbox: insuranceSandbox === undefined ? undefined : flag('IHKIT_INSURANCE_SANDBOX', insuranceSandbox),
    insuranceConsults: flag('IHKIT_INSURANCE_CONSULTS', insuranceConsults),
    wechatPay,
    alipay,
    reconcileAfter,
  };
}

function localCaConfirm(v: string | undefined): GatewayConfig['localCaConfirm'] {
  if (v === undefined || v === 'auto' || v === 'device') return v ?? 'auto';
  throw new Error(`IHKIT_LOCAL_CA_CONFIRM must be device or auto, got "${v}"`);
}

function flag(name: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (/^(1|true|on|yes)$/i.test(v)) return true;
  if (/^(0|false|off|no)$/i.test(v)) return false;
  throw new Error(`${name} must be 1/0, true/false, on/off or yes/no, got "${v}"`);
}

function trustProxy(v: string | undefined): boolean | number | string[] {
  if (v === undefined) return false;
  if (/^(1|true|on|yes)$/i.test(v) && v !== '1') return true;
  if (/^(0|false|off|no)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The URL, which must be http(s); throws naming the setting. */
function httpUrl(name: string, v: string): URL {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new Error(`${name} must be a URL, got "${v}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got "${v}"`);
  return url;
}

function dicomWebUrl(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const url = new URL(v); // throws on a malformed URL
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`IHKIT_DICOMWEB_URL must be an http(s) URL, got "${v}"`);
  return v.replace(/\/+$/, '');
}

/** IHKIT_ARTICLE_IMAGE_ORIGINS: https origins, each exactly an origin (no path). */
function articleImageOrigins(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || url.protocol !== 'https:' || url.origin !== entry.replace(/\/$/, '')) throw new Error(`IHKIT_ARTICLE_IMAGE_ORIGINS: "${entry}" is not an https origin (https://img.h.example)`);
    return url.origin;
  });
}

function mllpAllow(v: string | undefined): string[] {
  const entries = v === undefined ? [...MLLP_DEFAULT_ALLOW] : v.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    mllpAllowList(entries);
  } catch (e) {
    throw new Error(`IHKIT_MLLP_ALLOW: ${(e as Error).message}`);
  }
  return entries;
}

function mllpTls(cert: string | undefined, key: string | undefined, ca: string | undefined): GatewayConfig['mllpTls'] {
  if (!cert && !key && !ca) return undefined;
  if (!cert || !key) throw new Error('MLLP over TLS needs both IHKIT_MLLP_TLS_CERT and IHKIT_MLLP_TLS_KEY (PEM files)');
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch {
      throw new Error(`${name}: cannot read ${file}`);
    }
  };
  return { cert: read('IHKIT_MLLP_TLS_CERT', cert), key: read('IHKIT_MLLP_TLS_KEY', key), ...(ca ? { ca: read('IHKIT_MLLP_TLS_CA', ca) } : {}) };
}
