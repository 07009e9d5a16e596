/**
 * createGateway: the Fastify app serving the contract under the API prefix, on a database
 * (PGlite or PostgreSQL) and a HIS adapter (the demo hospital unless one is given). It does
 * not listen, so an embedding server can add its own routes and plugins first.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import {
  createAlipay, createDemoHis, createDemoPacs, createDicomWebPacs, createHttpRegulator, createLocalCa, createSandboxInsurance, createSandboxNotifications, createSandboxPayments, createSandboxPharmacy, createStoredLis, createWechatPay, demoAccounts, demoPickupPoints, type DemoAccount, type DemoHis, type LocalCa, type Db, type HisAdapter, type InsuranceAdapter, type LisAdapter, type NotificationAdapter, type PacsAdapter, type PaymentAdapter, type PharmacyAdapter, type RegulatorAdapter, type SandboxInsurance, type SandboxNotifications, type SandboxPayments, type SignatureAdapter,
} from '@ihkit/adapters';
import { DEFAULT_PRESCRIPTION_RULES, type Reconciliation } from '@ihkit/core';
import { createTokens, probeIdentityProvider } from './auth.js';
import { loadConfig, type GatewayConfig } from './config.js';
import { loadSignatureRoots } from './signature-trust.js';
import { loadContract } from './contract.js';
import { auditLogExposure } from './db/roles.js';
import { verifyAuditChain, type ChainHead, type ChainVerdict } from './audit-chain.js';
import { purgeRecords, type PurgeResult } from './records/purge.js';
import { seedDemoAccounts } from './demo-accounts.js';
import { seedDemoArticles } from './articles/demo-articles.js';
import { guardHis, guardInsurance, guardLis, guardNotifications, guardPacs, guardPayments, guardPharmacy, type GuardOptions } from './adapter-guard.js';
import { watchCriticalResults } from './reports/alerts.js';
import { StudyOwners } from './reports/studies.js';
import { announceArrival, type Arrival } from './reports/arrivals.js';
import { watchRefunds } from './payments/refunds.js';
import { PaymentProviders } from './payments/providers.js';
import { readReconciliation, reconcileNow } from './payments/reconcile.js';
import { watchNotifications } from './notifications/outbox.js';
import { watchOpinionWritebacks } from './remote-consultations/writeback.js';
import { RefusalCounts } from './audit.js';
import { createRateLimiter } from './rate-limit.js';
import { registerRealtime } from './realtime/socket.js';
import { guardOrganization, Organizations, saveOrganizations, type OrganizationOptions } from './organizations/registry.js';
import { loggerOptions, safeError } from './logging.js';
import type { Services } from './operations.js';
import { classify, sendProblem } from './problems.js';
import { checkCoverage, registerOperations, type HandlerMap } from './router.js';
import { handlers as defaultHandlers } from './routes/index.js';
import { secureApi } from './security.js';
import { ajvOptions } from './validation.js';
import { definedOnly } from './defined.js';
import { loadTriageRules, unknownTriageDepartments } from './triage-rules.js';
import { gatewayJobs, logFailure, periodicJobs } from './jobs.js';
import { openDatabase } from './plugins/database.js';
import { runJobs } from './plugins/jobs.js';
import { listenForResults } from './plugins/mllp.js';
import { startRealtime } from './plugins/realtime.js';
import { watch } from './plugins/watchers.js';

export interface GatewayOptions extends Partial<GatewayConfig> {
  /** A database to use instead of opening one from databaseUrl/dataDir (the caller closes it). */
  db?: Db;
  /**
   * The other organizations this gateway serves (a regional platform's member hospitals), each
   * with its own HIS and optionally LIS, PACS and payment providers (docs/network.md); the
   * adapters above are the home organization's (`organization`, IHKIT_ORGANIZATION_ID).
   */
  organizations?: OrganizationOptions[];
  /** Demo accounts to seed besides the demo hospital's (a member organization's staff, with its organizationId); demo only. */
  demoAccounts?: ReadonlyArray<DemoAccount & { organizationId?: string }>;
  /** The hospital's HIS adapter, or a function making it on the gateway's database. */
  his?: HisAdapter | ((db: Db) => HisAdapter | Promise<HisAdapter>);
  /**
   * The laboratory system. Default: the stored LIS in the gateway's database, which the HL7 v2
   * listener (IHKIT_MLLP_PORT) fills and the demo hospital seeds.
   */
  lis?: LisAdapter | ((db: Db) => LisAdapter | Promise<LisAdapter>);
  /** The PACS. Default: DICOMweb at IHKIT_DICOMWEB_URL, else the demo PACS with the demo hospital, else none. */
  pacs?: PacsAdapter;
  /**
   * The payment providers, in the order patients are offered them. Default: WeChat Pay and
   * Alipay when configured (IHKIT_WECHATPAY_…, IHKIT_ALIPAY_…), then the sandbox provider with
   * the demo hospital (IHKIT_PAYMENT_SANDBOX); none: nothing can be paid.
   */
  payments?: PaymentAdapter | PaymentAdapter[];
  /**
   * The hospital's CA: doctors and pharmacists sign through it with their own keys. Default:
   * the reference CA (IHKIT_LOCAL_CA_DIR, IHKIT_LOCAL_CA_CONFIRM), for the demo and tests.
   */
  signer?: SignatureAdapter;
  /** The trusted CA roots (PEM) signatures are verified up to. Default: the file IHKIT_CA_ROOTS names; with the reference CA, its root. */
  signatureRoots?: string[];
  /**
   * The medical-insurance channel prescriptions can be settled through (医保移动支付). Default:
   * the sandbox insurer with the demo hospital, or with IHKIT_INSURANCE_SANDBOX=1; none otherwise.
   */
  insurance?: InsuranceAdapter;
  /** Where paid prescriptions go. Default: the sandbox pharmacy with the demo hospital, none otherwise. */
  pharmacy?: PharmacyAdapter;
  /** The supervision platform. Default: IHKIT_REGULATOR_URL over HTTP, else none (reports wait in the outbox). */
  regulator?: RegulatorAdapter;
  /**
   * SMS / WeChat template messages to patients (one-time codes of family links, their
   * announcements). Default: the sandbox provider with the demo hospital, none otherwise
   * (messages wait in the outbox, and no adult's link can be proven by a code).
   */
  notifications?: NotificationAdapter;
  /** How often overdue consults are ended, in ms (default 30 000; 0: never, tests call sweepConsults). */
  sweepIntervalMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Fastify logger options (level, stream, …); false for none. */
  logger?: Exclude<FastifyServerOptions['logger'], undefined>;
  /** Handlers by operationId, over the built-in ones (an undefined entry removes one). Startup fails unless they match the contract. */
  handlers?: HandlerMap;
}

export interface Gateway {
  app: FastifyInstance;
  db: Db;
  his: HisAdapter;
  lis: LisAdapter;
  /** The HL7 v2 listener, when IHKIT_MLLP_PORT (mllpPort) is set: the port it listens on. */
  mllp?: { port: number };
  /** The sandbox payment provider, when it is the one in use. */
  sandbox?: SandboxPayments;
  /** The sandbox notification provider ("the patient's phone"), when it is the one in use. */
  sandboxNotifications?: SandboxNotifications;
  /** The sandbox insurer, when it is the one in use: its e-certificate page answers through it. */
  sandboxInsurance?: SandboxInsurance;
  /** The reference CA, when it is the one in use: its signers' devices ("the doctor's phone"). */
  localCa?: LocalCa;
  /** Hands due messages to the notification provider (also on every message written and on the sweep). */
  relayNotifications(): Promise<{ done: number; failed: number }>;
  /** Writes the follow-up reminders due now (missed readings, revisits) to the notification outbox (also on the sweep); returns how many. */
  sweepCareReminders(): Promise<number>;
  /** Ends overdue consults now (what the periodic sweep does); returns their ids. */
  sweepConsults(): Promise<string[]>;
  /** Releases the places held for registration fees not paid in time (also on the sweep); returns their appointments. */
  lapseHolds(): Promise<string[]>;
  /** Expires unpaid prescriptions and follows the pharmacy's progress (also on the sweep). */
  sweepPrescriptions(): Promise<{ expired: string[] }>;
  /** Asks the CA about the signatures waiting for their signers and stores or ends them (also every 2 s and on the sweep); returns how many ended. */
  advanceSignatures(): Promise<number>;
  /** Adds the refusals counted since the last flush to `audit_refusals` (also on the sweep and at close). */
  flushRefusals(): Promise<void>;
  /** Writes signed remote-consultation opinions into the requesting organizations' HIS (also on every opinion signed and on the sweep). */
  relayOpinionWritebacks(): Promise<{ done: number; failed: number }>;
  /** Hands due outbox reports to the supervision platform (also on the sweep). */
  relayReports(): Promise<{ acked: number; failed: number }>;
  /** Asks the payment providers for the refunds due now (also on every recorded refund and on the sweep). */
  relayRefunds(): Promise<{ done: number; failed: number }>;
  /** Asks the providers about pending orders whose notification has not come (also on the sweep). */
  queryPayments(): Promise<{ paid: string[]; closed: string[] }>;
  /** Asks the insurer about settlements left settling (a gateway that died mid-way; also on the sweep); returns those repaired. */
  repairInsurance(): Promise<string[]>;
  /** Compares the providers' bills that are due with the gateway's records (also on the sweep). */
  reconcilePayments(): Promise<Array<{ provider: string; date: string; ok: boolean }>>;
  /** Compares one provider's bill of one day (YYYY-MM-DD, Beijing) again now, and answers the run and its differences (the CLI's `reconcile`). */
  reconcile(provider: string, date: string): Promise<Reconciliation>;
  /** Raises alerts for critical reports of the gateway's own LIS that have none (also at start and on the sweep); returns how many. */
  raiseMissedAlerts(): Promise<number>;
  /** Deletes the records past their retention and on no legal hold (records/purge.ts; `ihkit-gateway records purge`). */
  purgeRecords(): Promise<PurgeResult>;
  /** Walks the audit log's hash chain and names its first broken row (audit-chain.ts; `ihkit-gateway audit verify`). */
  verifyAudit(anchors?: ChainHead[]): Promise<ChainVerdict>;
  close(): Promise<void>;
}

/** The largest request body accepted (413 PAYLOAD_TOO_LARGE beyond). */
export const BODY_LIMIT = 64 * 1024;

export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const config: GatewayConfig = { ...loadConfig({}), ...definedOnly(options) };
  const now = options.now ?? (() => new Date());
  const contract = loadContract();
  const handlers: HandlerMap = { ...defaultHandlers, ...(options.handlers ?? {}) };
  checkCoverage(contract, handlers); // before anything is opened
  const triage = await loadTriageRules(contract, config.triageRules); // a broken rules file stops the start here

  const demo = config.demo ?? options.his === undefined;
  if (!demo && options.his === undefined) throw new Error('ihkit gateway: no HIS adapter — pass `his`, or turn the demo hospital on (IHKIT_DEMO=1)');
  // Without demo login, the identity provider is the only way in: without it every call would be 401.
  if (!demo && !config.idp) {
    throw new Error('ihkit gateway: no identity provider, so nobody could sign in — set IHKIT_JWT_ISSUER and IHKIT_JWT_AUDIENCE (docs/gateway.md#identity-provider), or turn the demo login on (IHKIT_DEMO=1)');
  }

  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logger),
    bodyLimit: BODY_LIMIT,
    trustProxy: typeof config.trustProxy === 'number' ? hopsWithin(config.trustProxy) : config.trustProxy,
    genReqId: () => randomUUID(),
    ajv: ajvOptions,
    return503OnClosing: true,
    // A URL the router cannot read (bad percent-encoding, a parameter over maxParamLength) is a problem too.
    frameworkErrors: (error, request, reply) => void sendProblem(request, reply, error.code === 'FST_ERR_ASYNC_CONSTRAINT' ? 'INTERNAL' : 'VALIDATION_FAILED', { detail: 'The URL is not valid.' }),
  });
  // Each part that runs in the background is a plugin that stops itself when the app closes,
  // in the reverse order of their start (the database last); a failed start closes what started.
  try {
    const db = await openDatabase(app, { db: options.db, config, demo, demoTables: demo || options.his === undefined, now });
    const his = options.his === undefined ? createDemoHis(db, { now }) : typeof options.his === 'function' ? await options.his(db) : options.his;
    if (options.lis !== undefined && config.mllpPort !== undefined) throw new Error('ihkit gateway: the HL7 v2 listener (IHKIT_MLLP_PORT) stores results in the gateway\'s own LIS; it cannot be used with another `lis`');
    const storedLis = createStoredLis(db, {
      timeZone: his.timeZone,
      onWatchError: (err) => app.log.error({ err: safeError(err) }, 'a stored lab report could not be read for its watchers; the sweep raises its alert'),
    });
    const lis = options.lis === undefined ? storedLis : typeof options.lis === 'function' ? await options.lis(db) : options.lis;
    const pacs = options.pacs ?? (config.dicomWebUrl ? createDicomWebPacs({ baseUrl: config.dicomWebUrl }) : demo ? createDemoPacs({ now }) : undefined);

    const exposure = await auditLogExposure(db);
    if (exposure.length) app.log.warn({ problems: exposure }, 'the gateway\'s database role could change or switch off the audit log: run it as a role of its own (docs/gateway.md#database-roles)');

    if (config.idp) {
      const idp = config.idp;
      const where = { issuer: idp.issuer, audience: idp.audience, keys: idp.jwksUrl ?? 'discovered from the issuer', roleClaim: idp.claims.role };
      // Named now rather than as every sign-in failing; the gateway still starts (the provider may come up later) and asks again on the first token.
      const problem = await probeIdentityProvider(idp);
      if (problem) app.log.error(where, `identity provider misconfigured or unreachable: ${problem} (check IHKIT_JWT_ISSUER${idp.jwksUrl ? ' and IHKIT_JWKS_URL' : ''}; docs/gateway.md#identity-provider)`);
      else app.log.info(where, 'accepting tokens of the identity provider');
    }
    const secretText = config.jwtSecret;
    if (!secretText) app.log.warn('IHKIT_JWT_SECRET is not set: using a random secret, so sessions will not survive a restart');
    const secret = secretText ? new TextEncoder().encode(secretText) : new Uint8Array(randomBytes(32));
    const localCa = options.signer ? undefined : await createLocalCa({ dir: config.localCaDir, enrolOnRequest: true, autoConfirm: config.localCaConfirm === 'auto', now });
    if (localCa && !demo) app.log.warn('no CA is configured: prescriptions are signed by the reference CA, which is for the demo and tests (docs/adapters.md#signatures)');
    if (localCa && !config.localCaDir) app.log.warn('IHKIT_LOCAL_CA_DIR is not set: the reference CA is new at every start, so what it signed before will not verify');
    const signer = options.signer ?? localCa!.adapter;
    const signatureRoots = await loadSignatureRoots(config, options.signatureRoots, localCa);
    const pharmacy = options.pharmacy ?? (demo ? createSandboxPharmacy({ pickupPoints: demoPickupPoints, now, prepareMs: config.pharmacyPrepareSeconds * 1000 }) : undefined);
    const regulator = options.regulator ?? (config.regulatorUrl ? createHttpRegulator({ url: config.regulatorUrl, token: config.regulatorToken }) : undefined);
    const adapterFailure = (kind: string) => ({ method, reason, error }: { method: string; reason: string; error?: unknown }) =>
      app.log.warn({ [`${kind}Method`]: method, reason, errorType: error ? safeError(error).type : undefined }, `${kind} call failed`);

    const notifyUrl = (provider: string) => `${config.publicUrl}${config.apiPrefix}/payments/notify/${provider}`;
    const returnUrl = config.paymentReturnUrl ? { returnUrl: config.paymentReturnUrl } : {};
    const paymentAdapters: PaymentAdapter[] = options.payments !== undefined
      ? [options.payments].flat()
      : [
          ...(config.wechatPay ? [createWechatPay({ ...config.wechatPay, notifyUrl: notifyUrl('wechat'), ...returnUrl, timeoutMs: config.hisTimeoutMs, now })] : []),
          ...(config.alipay ? [createAlipay({ ...config.alipay, notifyUrl: notifyUrl('alipay'), ...returnUrl, timeoutMs: config.hisTimeoutMs, now })] : []),
          ...((config.paymentSandbox ?? demo) ? [createSandboxPayments({ secret: config.paymentSandboxSecret ?? randomBytes(32), now })] : []),
        ];
    const sandbox = paymentAdapters.find((a): a is SandboxPayments => a.provider === 'sandbox' && 'payerPaid' in a);
    const insurance = options.insurance ?? ((config.insuranceSandbox ?? demo) ? createSandboxInsurance({ now }) : undefined);
    const sandboxInsurance = insurance?.insurer === 'sandbox' && 'answer' in insurance ? (insurance as SandboxInsurance) : undefined;
    const notifications = options.notifications ?? (demo ? createSandboxNotifications({ now }) : undefined);
    if (!notifications) app.log.warn('no notification provider: one-time codes and notices to patients wait in the outbox');
    const sandboxNotifications = notifications?.name === 'sandbox' && 'inbox' in notifications ? (notifications as SandboxNotifications) : undefined;
    const bounds: GuardOptions = {
      timeoutMs: config.hisTimeoutMs,
      breaker: { failures: config.adapterBreakerFailures, cooldownMs: config.adapterBreakerCooldownMs },
      // The gateway's clock, so that cache times and cool-downs follow it (tests move it).
      now: () => now().getTime(),
    };
    const catalogCacheMs = config.catalogCacheSeconds * 1000;
    const hisFailure = (organizationId?: string) => ({ method, reason, error }: { method: string; reason: string; error?: unknown }) => {
      // An adapter's message may quote what it was asked (an ID number): only its type and code at info level.
      const err = error ? safeError(error) : undefined;
      app.log.warn({ hisMethod: method, reason, errorType: err?.type, errorCode: err?.code, organizationId }, 'HIS call failed');
      if (err) app.log.debug({ hisMethod: method, err }, 'HIS call failure details');
    };
    const hisBounds = {
      ...bounds,
      cacheMs: catalogCacheMs,
      // Who may practise online changes when the hospital says so: a minute at most.
      practitionerCacheMs: Math.min(catalogCacheMs, 60_000),
    };
    const homeHis = guardHis(his, { ...hisBounds, onFailure: hisFailure() });
    const homeLis = guardLis(lis, { ...bounds, onFailure: adapterFailure('lis') });
    const homePacs = pacs && guardPacs(pacs, { ...bounds, onFailure: adapterFailure('pacs') });
    const homePayments = new PaymentProviders(paymentAdapters.map((a) => guardPayments(a, { ...bounds, onFailure: adapterFailure('payment') })));
    const organizations = new Organizations(
      {
        id: config.organization.id, name: config.organization.name ?? ('hospital' in his ? (his as DemoHis).hospital.name : config.organization.id), kind: config.organization.kind, home: true,
        his: homeHis, lis: homeLis, ...(homePacs ? { pacs: homePacs } : {}), payments: homePayments,
      },
      await Promise.all((options.organizations ?? []).map((o) => guardOrganization(db, o, hisBounds, (kind, organizationId) => (kind === 'his' ? hisFailure(organizationId) : adapterFailure(kind))))),
    );
    await saveOrganizations(db, organizations);
    if (demo) await seedDemoAccounts(db, [...demoAccounts, ...(options.demoAccounts ?? [])]);
    const services: Services = {
      db,
      lis: homeLis,
      pacs: homePacs,
      studyOwners: new StudyOwners(bounds.now),
      his: homeHis,
      organizations,
      tokens: createTokens({ secret, idp: config.idp, now }),
      refusals: new RefusalCounts(),
      limiter: createRateLimiter({ db, limits: config.rateLimits, secret, now, onLimited: (rule) => app.log.info({ rule }, 'rate limited') }),
      now,
      demo,
      cancelCutoffMinutes: config.cancelCutoffMinutes,
      rescheduleRules: { max: config.rescheduleMax, cutoffMinutes: config.rescheduleCutoffMinutes },
      referralGrantDays: config.referralGrantDays,
      bookingFees: { holdMinutes: config.bookingHoldMinutes, refundCutoffMinutes: config.bookingRefundCutoffMinutes, lateRefundPercent: config.bookingLateRefundPercent },
      payments: homePayments,
      sandbox,
      insurance: insurance && guardInsurance(insurance, { ...bounds, onFailure: adapterFailure('insurance') }),
      insuranceConsults: insurance !== undefined && (config.insuranceConsults ?? demo),
      consultRules: { payMinutes: config.consultPayMinutes, acceptMinutes: config.consultAcceptMinutes },
      signer,
      signatureRoots,
      signConfirmSeconds: config.signConfirmSeconds,
      remoteConsultationGrantHours: config.remoteConsultationGrantHours,
      pharmacy: pharmacy && guardPharmacy(pharmacy, { ...bounds, cacheMs: catalogCacheMs, onFailure: adapterFailure('pharmacy') }),
      regulator,
      prescriptionRules: { ...DEFAULT_PRESCRIPTION_RULES, chronicMaxDays: config.chronicMaxDays },
      triage,
      articleImageOrigins: config.articleImageOrigins,
      reauthToSignMinutes: config.reauthToSignMinutes,
      notifications: notifications && guardNotifications(notifications, { ...bounds, onFailure: adapterFailure('notification') }),
      familyLinks: { secret: createHmac('sha256', secret).update('ihkit family-link codes').digest() },
      turn: config.turnUrls.length && config.turnSecret ? { urls: config.turnUrls, secret: config.turnSecret, ttlSeconds: config.turnTtlSeconds } : undefined,
      janus: config.janusUrl && config.janusAdminKey ? { url: config.janusUrl, adminKey: config.janusAdminKey } : undefined,
      log: app.log,
    };
    // The demo's articles, written by one of its doctors (after the accounts), tagged with the
    // departments the guarded HIS lists (its catalog cache then serves the start's other reads).
    if (demo) await seedDemoArticles(db, await services.his.listDepartments().catch(() => []), now());
    await checkTriageDepartments(services, app.log);
    const { hub, deliveries } = await startRealtime(app, db);
    const announce = (arrival: Arrival) =>
      void announceArrival(db, hub, arrival).catch((err: unknown) => app.log.warn({ err: safeError(err) }, 'telling a patient of a new report failed'));
    const mllp = config.mllpPort === undefined ? undefined : await listenForResults(app, { ...config, mllpPort: config.mllpPort }, storedLis, his.timeZone);
    await watch(app, [
      {
        name: 'the critical-result watch',
        start: () => watchCriticalResults(lis, db, {
          now,
          onRaised: (alertId) => app.log.info({ alertId }, 'critical result raised'),
          onUnrouted: () => app.log.warn('a critical result names no ordering doctor: no alert raised'),
          onError: (err) => app.log.error({ err: safeError(err) }, 'raising a critical result failed'),
          onReport: (report) => announce({ patientId: report.patientId, reportId: report.id }),
        }),
      },
      { name: 'the study watch', start: async () => (pacs?.watch ? pacs.watch((study) => announce({ patientId: study.patientId, studyId: study.id })) : undefined) },
      { name: 'the refund relay', start: () => watchRefunds(services, logFailure(app.log, 'relaying refunds failed')) },
      { name: 'the notification relay', start: () => watchNotifications(services, logFailure(app.log, 'relaying notifications failed')) },
      { name: 'the opinion write-back relay', start: () => watchOpinionWritebacks(services, logFailure(app.log, 'writing consultation opinions into the HIS failed')) },
    ]);
    const every = { sweepEveryMs: options.sweepIntervalMs ?? 30_000, signaturesEveryMs: options.sweepIntervalMs === 0 ? 0 : 2000 };
    const jobs = gatewayJobs(services, { ...every, reconcileAfter: config.reconcileAfter, lis, storedLis, log: app.log });
    await jobs.raiseMissedAlerts();
    await runJobs(app, periodicJobs(jobs, every), jobs.idle);

    await app.register(
      async (api) => {
        await secureApi(api, { allowedOrigins: config.allowedOrigins });
        api.setErrorHandler((error, request, reply) => {
          const c = classify(error);
          if (c.unexpected) request.log.error({ err: safeError(error) }, 'unexpected error');
          else if (c.code === 'DATABASE_UNAVAILABLE') request.log.warn({ err: safeError((error as Error).cause) }, 'the database server is not reachable');
          return sendProblem(request, reply, c.code, { detail: c.detail, errors: c.errors, findings: c.findings, retryAfterSeconds: c.retryAfterSeconds });
        });
        const notFound = (request: FastifyRequest, reply: FastifyReply) => sendProblem(request, reply, 'NOT_FOUND', { detail: 'No such operation.' });
        api.setNotFoundHandler(notFound);
        registerOperations(api, contract, handlers, services, { bodyLimits: { uploadVideoRecording: config.recordingMaxMb * 1024 * 1024 }, bodyLimit: BODY_LIMIT });
        await registerRealtime(api, services, hub, deliveries);
        // Also a catch-all route, so an embedding server's root wildcard (@fastify/static at /)
        // does not answer unknown API paths with its own 404.
        api.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', handler: notFound });
      },
      { prefix: config.apiPrefix },
    );

    return {
      app, db, his, lis, mllp, sandbox, sandboxNotifications, sandboxInsurance, localCa,
      relayNotifications: jobs.relayNotifications, relayOpinionWritebacks: jobs.relayOpinionWritebacks, sweepCareReminders: jobs.sweepCareReminders, advanceSignatures: jobs.advanceSignatures,
      sweepConsults: jobs.sweepConsults, lapseHolds: jobs.lapseHolds, sweepPrescriptions: jobs.sweepPrescriptions, relayReports: jobs.relayReports, relayRefunds: jobs.relayRefunds,
      queryPayments: jobs.queryPayments, repairInsurance: jobs.repairInsurance, reconcilePayments: jobs.reconcilePayments,
      reconcile: async (provider, date) => {
        await reconcileNow(services, provider, date);
        return readReconciliation(db, { from: date, to: date, provider });
      },
      flushRefusals: jobs.flushRefusals, raiseMissedAlerts: jobs.raiseMissedAlerts,
      purgeRecords: () => purgeRecords(db, app.log), verifyAudit: (anchors) => verifyAuditChain(db, { anchors }), close: () => app.close(),
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/** Says at start which departments the triage rules name that the HIS does not list (their routes then lead nowhere). */
async function checkTriageDepartments(services: Services, log: FastifyInstance['log']): Promise<void> {
  try {
    const unknown = unknownTriageDepartments(services.triage.rules, (await services.his.listDepartments()).map((d) => d.id));
    if (unknown.length) log.warn({ departmentIds: unknown }, `the triage rules name ${unknown.length} department(s) the HIS does not list: ${unknown.join(', ')}`);
  } catch (err) {
    log.warn({ err: safeError(err) }, 'the triage rules\' departments could not be checked against the HIS (it did not answer)');
  }
}

/** Trust the nearest `hops` proxies (IHKIT_TRUST_PROXY=2). */
function hopsWithin(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
