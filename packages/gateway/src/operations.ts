/**
 * What a handler is: one per operationId of the contract, given the validated request and
 * the gateway's services, answering with a status and a body the contract allows.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Db, HisAdapter, InsuranceAdapter, LisAdapter, NotificationAdapter, PacsAdapter, PharmacyAdapter, RegulatorAdapter, SandboxPayments, SignatureAdapter, X509Certificate } from '@ihkit/adapters';
import type { FastifyBaseLogger } from 'fastify';
import type { operations, PrescriptionRules, Query, RequestBody, ResponseBody, AcceptedBody } from '@ihkit/core';
import type { AuditNote, RefusalCounts } from './audit.js';
import type { TurnConfig } from './video/turn.js';
import type { JanusConfig } from './video/sfu.js';
import type { StudyOwners } from './reports/studies.js';
import type { Tokens } from './auth.js';
import type { RateLimiter } from './rate-limit.js';
import type { PaymentProviders } from './payments/providers.js';
import type { Organizations } from './organizations/registry.js';
import type { BookingFeeRules } from './booking/fees.js';
import { HttpProblem } from './problems.js';
import type { UserRow } from './users.js';
import type { LoadedTriageRules } from './triage-rules.js';

export type OperationId = keyof operations;

type PathParams<Op extends OperationId> = operations[Op]['parameters'] extends { path: infer P } ? P : Record<string, never>;

export interface Services {
  db: Db;
  /**
   * In an audited call, `db` carries the call's audit row into each of its transactions
   * (audited-db.ts); this is the database without it, for steps that touch no patient data and
   * commit on their own (a reconciliation run). Unset outside calls.
   */
  rawDb?: Db;
  /** The (home organization's) hospital system, already guarded: timeouts and failures become HIS_UNAVAILABLE. */
  his: HisAdapter;
  /** The organizations served, the home one with the adapters here, each member with its own (organizations/registry.ts). */
  organizations: Organizations;
  /** The laboratory system, guarded (LIS_UNAVAILABLE). */
  lis: LisAdapter;
  /** The PACS, guarded (PACS_UNAVAILABLE); none: no imaging studies. */
  pacs?: PacsAdapter;
  /** Which patient each study seen belongs to (access checks on pictures). */
  studyOwners: StudyOwners;
  tokens: Tokens;
  /** The rate limits (rate-limit.ts); the router applies them to the operations the contract names. */
  limiter: RateLimiter;
  /** Refused calls of callers not signed in, counted instead of audited one row each (audit.ts). */
  refusals: RefusalCounts;
  now(): Date;
  /** Whether demo login is on. */
  demo: boolean;
  cancelCutoffMinutes: number;
  /** Registration fees charged online (booking/fees.ts); holdMinutes 0: not charged online. */
  bookingFees: BookingFeeRules;
  /** Rescheduling (booking/reschedule.ts): how often, and until how close to the start. */
  rescheduleRules: { max: number; cutoffMinutes: number };
  /** The payment providers by name, each already guarded (failures become PAYMENT_UNAVAILABLE); none: nothing can be paid. */
  payments: PaymentProviders;
  /** Set when the payment provider is the sandbox: its checkout (sandboxPay) is then open. */
  sandbox?: SandboxPayments;
  /** The medical-insurance channel, already guarded (failures become INSURANCE_UNAVAILABLE); none: prescriptions are not settled through insurance. */
  insurance?: InsuranceAdapter;
  /** Whether consults' fees are settled through `insurance` too (IHKIT_INSURANCE_CONSULTS). */
  insuranceConsults?: boolean;
  consultRules: { payMinutes: number; acceptMinutes: number };
  /** How long the receiving organization of an accepted referral reads its records (referrals/). */
  referralGrantDays: number;
  /** The hospital's CA: signs for doctors and pharmacists with their own keys (prescriptions/signing.ts). */
  signer: SignatureAdapter;
  /** The CA roots signatures are verified up to (IHKIT_CA_ROOTS). */
  signatureRoots: X509Certificate[];
  /** The longest wait for a signer to confirm on their device. */
  signConfirmSeconds: number;
  /** How long after a remote consultation's appointment its experts may still read the attachments (IHKIT_REMOTE_CONSULTATION_GRANT_HOURS). */
  remoteConsultationGrantHours: number;
  /** Where paid prescriptions go, already guarded; none: prescriptions cannot be paid. */
  pharmacy?: PharmacyAdapter;
  /** The supervision platform the outbox reports to; none: reports wait in the outbox. */
  regulator?: RegulatorAdapter;
  prescriptionRules: PrescriptionRules;
  /** The hospital's guided-triage rules, checked at start (IHKIT_TRIAGE_RULES). */
  triage: LoadedTriageRules;
  /** The https origins article images may come from besides the site itself (IHKIT_ARTICLE_IMAGE_ORIGINS). */
  articleImageOrigins: readonly string[];
  /** A doctor who signed in longer ago than this must sign in again before signing (REAUTHENTICATION_REQUIRED). */
  reauthToSignMinutes: number;
  /** SMS / WeChat template messages to patients, already bounded by a timeout; none: messages wait in the outbox. */
  notifications?: NotificationAdapter;
  /** Family links: the secret one-time codes are derived from (family/codes.ts). */
  familyLinks: { secret: Uint8Array };
  /** The TURN server video calls relay through; none: direct connections only. */
  turn?: TurnConfig;
  /** The Janus SFU calls past the mesh's four move to; none: at most four per call. */
  janus?: JanusConfig;
  log: FastifyBaseLogger;
}

export interface Call<Op extends OperationId = OperationId> {
  operationId: Op;
  requestId: string;
  params: PathParams<Op>;
  query: Query<Op>;
  body: RequestBody<Op>;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived, for operations that take it so (`x-ihkit-raw-body`). */
  rawBody?: string;
  /** The client's address as the gateway sees it (IHKIT_TRUST_PROXY); WeChat Pay's H5 orders need it. */
  clientIp?: string;
  /** The signed-in user; set for every operation the contract secures. */
  user?: UserRow;
  /** The gateway session of the call's token (none for an identity provider's token). */
  sessionId?: string;
  /** When the caller last signed in (the token's session, or its `auth_time`); unknown for some identity provider tokens. */
  authenticatedAt?: Date;
  /** Handlers of audited operations note the patients and resource they touch here. */
  audit: AuditNote;
}

export interface Result<Op extends OperationId = OperationId> {
  status?: number;
  /** A JSON body, or the bytes of a file response (with its content-type in `headers`). */
  body: ResponseBody<Op> | AcceptedBody<Op> | Buffer;
  headers?: Record<string, string>;
}

export interface OperationHandler<Op extends OperationId = OperationId> {
  /** Set on operations that read or write patient data: each call leaves audit_log rows of this resource type. */
  audit?: string;
  handle(call: Call<Op>, services: Services): Promise<Result<Op>>;
}

export type Handlers = { [Op in OperationId]: OperationHandler<Op> };

/** The signed-in user of a secured operation. */
export function signedIn(call: Call<OperationId>): UserRow {
  if (!call.user) throw new HttpProblem('UNAUTHENTICATED');
  return call.user;
}

/** The Idempotency-Key header (the contract makes it required where it applies). */
export function idempotencyKey(call: Call<OperationId>): string {
  const key = call.headers['idempotency-key'];
  if (typeof key !== 'string' || !key) throw new HttpProblem('VALIDATION_FAILED', 'Idempotency-Key is required.', [{ pointer: '/header/idempotency-key', message: 'is required' }]);
  return key;
}

/** A comma-separated `status` query parameter (or the one `pointer` names), each value one of `allowed` (VALIDATION_FAILED otherwise); null when absent. */
export function statusesIn<S extends string>(value: string | undefined, allowed: readonly S[], pointer = '/query/status'): S[] | null {
  if (!value) return null;
  const statuses = value.split(',');
  const unknown = statuses.find((s) => !allowed.includes(s as S));
  if (unknown) throw new HttpProblem('VALIDATION_FAILED', `Unknown status ${unknown}.`, [{ pointer, message: `must be among ${allowed.join(', ')}` }]);
  return statuses as S[];
}
