/**
 * Signatures that wait for their signer, stored (signature_requests, gw_025): a call asks the CA
 * (signing.ts) and records the request — which document (and its SHA-256), for whom, the CA's
 * request id, its deadline; while the signer has not answered on their phone it is `pending`,
 * and whoever looks next — the call still waiting, a retry of it, or the gateway's job after the
 * browser closed or the gateway restarted — asks the CA and, once signed, verifies the signature
 * and stores what was signed in one transaction with its audit row (a `Completer` per purpose),
 * or records the refusal, the lapse or the failure. One pending request per slot (the document's
 * place: a doctor's prescription by its Idempotency-Key, a revision or a review by its
 * prescription): signing again while one waits joins it; a refused or lapsed one is asked anew.
 * A call with `Prefer: respond-async` (RFC 7240) is answered 202 with the request while it waits
 * (signature-request-view.ts says what it shows); every end of a request tells its signer live
 * (a `signature` notice), whoever ended it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import parsePreferHeader from 'parse-prefer-header';
import { AdapterError, type CaSignature, type Db, type Queryable } from '@ihkit/adapters';
import { auditedDb } from '../audited-db.js';
import { safeError } from '../logging.js';
import { newId } from '../ids.js';
import { notify } from '../realtime/notices.js';
import { type Call, type Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { ServerErrorCode as ProblemCode } from '@ihkit/core';
import { checkSignature, digestOf, documentBytes } from './signing.js';
import { describeRequest, type SignatureRequestView } from './signature-request-view.js';

/** What is signed: a prescription (prescribe, revise), its review (approve, return), or a remote consultation's opinion (remote-consultations/). */
export type SignPurpose = 'prescribe' | 'revise' | 'approve' | 'return' | 'opinion';
export type SignatureRequestStatus = 'pending' | 'signed' | 'refused' | 'expired' | 'failed';

export interface SignatureRequestRow {
  id: string;
  purpose: SignPurpose;
  slot: string;
  prescription_id: string;
  patient_id: string;
  signer_user_id: string;
  signer: { name: string; licenceNumber: string };
  title: string;
  digest: string;
  document: unknown;
  completion: Record<string, unknown>;
  ca_request_id: string | null;
  status: SignatureRequestStatus;
  outcome: ProblemCode | null;
  deadline: Date;
  created_at: Date;
  completed_at: Date | null;
}

/** What a call asks to have signed, and what storing it needs. */
export interface SignatureAsk {
  purpose: SignPurpose;
  slot: string;
  /** The record signed for: the prescription, or the remote consultation of an opinion. */
  prescriptionId: string;
  patientId: string;
  signer: { name: string; licenceNumber: string };
  /** What the signer's phone shows: never clinical text. */
  title: string;
  document: unknown;
  completion: Record<string, unknown>;
}

/** Stores what `request` signed, in `tx` (the record as it stands then). May throw an HttpProblem (the request then failed with its code). */
export type Completer = (tx: Queryable, services: Services, request: SignatureRequestRow, signature: CaSignature) => Promise<unknown>;

const completers = new Map<SignPurpose, Completer>();

/** How each purpose stores what was signed (routes/prescriptions.ts, remote-consultations/opinion.ts). */
export function completeWith(purpose: SignPurpose, completer: Completer): void {
  completers.set(purpose, completer);
}

/** How often a waiting call asks again. */
const POLL_MS = 400;

const COLUMNS = 'id, purpose, slot, prescription_id, patient_id, signer_user_id, signer, title, digest, document, completion, ca_request_id, status, outcome, deadline, created_at, completed_at';

export async function findRequest(q: Queryable, id: string, forUpdate = false): Promise<SignatureRequestRow | undefined> {
  return (await q.query<SignatureRequestRow>(`SELECT ${COLUMNS} FROM signature_requests WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

async function pendingIn(q: Queryable, slot: string): Promise<SignatureRequestRow | undefined> {
  return (await q.query<SignatureRequestRow>(`SELECT ${COLUMNS} FROM signature_requests WHERE slot = $1 AND status = 'pending'`, [slot])).rows[0];
}

/** The latest request of a prescription's slot, whatever became of it. */
export async function latestRequest(q: Queryable, slot: string): Promise<SignatureRequestRow | undefined> {
  return (await q.query<SignatureRequestRow>(`SELECT ${COLUMNS} FROM signature_requests WHERE slot = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [slot])).rows[0];
}

/** Ends a pending request without a signature (a row of its own when the job does it). */
async function settle(db: Db, request: SignatureRequestRow, status: Exclude<SignatureRequestStatus, 'pending' | 'signed'>, outcome: ProblemCode, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const ended = await tx.query(`UPDATE signature_requests SET status = $2, outcome = $3, completed_at = $4, document = 'null'::jsonb WHERE id = $1 AND status = 'pending' RETURNING id`, [request.id, status, outcome, at]);
    if (ended.rows.length) await tellSigner(tx, request);
  });
}

/** Tells the signer, on commit, that their request ended (realtime/user-notices.ts checks it is theirs). */
const tellSigner = (tx: Queryable, request: Pick<SignatureRequestRow, 'id' | 'patient_id' | 'signer_user_id'>) =>
  notify(tx, { k: 'signature', s: request.id, pt: request.patient_id, u: [request.signer_user_id] });

/**
 * Asks the CA what became of a pending request and acts on it: signed, verified and stored;
 * refused; lapsed. `db`: the call's (audited by the call) or the job's. Answers the request as it is now.
 */
export async function advance(services: Services, db: Db, request: SignatureRequestRow): Promise<SignatureRequestRow> {
  if (request.status !== 'pending') return request;
  const now = services.now();
  if (!request.ca_request_id) {
    // The call that made it died before the CA answered: nobody will know its id.
    if (now.getTime() - request.created_at.getTime() > 60_000) await settle(db, request, 'failed', 'SIGNATURE_TIMED_OUT', now);
    return (await findRequest(db, request.id))!;
  }
  const state = await services.signer.signatureStatus(request.ca_request_id).catch((e: unknown) => {
    if (e instanceof AdapterError && e.code === 'NOT_FOUND') return { status: 'expired' as const };
    throw e;
  });
  if (state.status === 'pending') {
    if (now < request.deadline) return request;
    await settle(db, request, 'expired', 'SIGNATURE_TIMED_OUT', now);
  } else if (state.status === 'refused') await settle(db, request, 'refused', 'SIGNATURE_REFUSED', now);
  else if (state.status === 'signed') await store(services, db, request, state.signature);
  else await settle(db, request, 'expired', 'SIGNATURE_TIMED_OUT', now);
  return (await findRequest(db, request.id))!;
}

/** The signature checked by certificate, then what was signed stored with it, once. */
async function store(services: Services, db: Db, request: SignatureRequestRow, signature: CaSignature): Promise<void> {
  const check = await checkSignature(services, documentBytes(request.document), signature, request.signer.licenceNumber);
  if (!check.valid) {
    services.log.warn({ fault: check.fault, signatureRequestId: request.id }, 'the CA answered a signature that does not verify');
    return settle(db, request, 'failed', 'SIGNATURE_INVALID', services.now());
  }
  const completer = completers.get(request.purpose)!;
  try {
    await db.transaction(async (tx) => {
      const locked = await findRequest(tx, request.id, true);
      if (locked?.status !== 'pending') return;
      await completer(tx, services, locked, signature);
      await tx.query(`UPDATE signature_requests SET status = 'signed', completed_at = $2, document = 'null'::jsonb WHERE id = $1`, [request.id, services.now()]);
      await tellSigner(tx, locked);
    });
  } catch (e) {
    if (!(e instanceof HttpProblem)) throw e;
    await settle(db, request, 'failed', e.code, services.now());
  }
}

/** Asks the CA to sign for `ask`, or joins the request pending in its slot. */
async function open(services: Services, call: Call, ask: SignatureAsk): Promise<SignatureRequestRow> {
  const user = call.user!;
  const waiting = await pendingIn(services.db, ask.slot);
  if (waiting) return waiting;
  const now = services.now();
  const id = newId('sig');
  const inserted = await services.db.transaction((tx) =>
    tx.query(
      `INSERT INTO signature_requests (id, purpose, slot, prescription_id, patient_id, signer_user_id, signer, title, digest, document, completion, deadline, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (slot) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [id, ask.purpose, ask.slot, ask.prescriptionId, ask.patientId, user.id, JSON.stringify(ask.signer), ask.title, digestOf(ask.document), JSON.stringify(ask.document),
        JSON.stringify(ask.completion), new Date(now.getTime() + services.signConfirmSeconds * 1000), now],
    ),
  );
  // Another call for the same slot got there first: join it.
  if (!inserted.rows.length) return (await pendingIn(services.db, ask.slot)) ?? open(services, call, ask);
  const request = (await findRequest(services.db, id))!;
  let state;
  try {
    state = await services.signer.requestSignature({ signer: ask.signer, title: ask.title, content: documentBytes(ask.document) });
  } catch (e) {
    const code: ProblemCode = e instanceof AdapterError && e.code === 'SIGNER_CERTIFICATE_INVALID' ? 'SIGNER_CERTIFICATE_INVALID' : 'HIS_UNAVAILABLE';
    await settle(services.db, request, 'failed', code, services.now());
    throw e;
  }
  if (state.status === 'pending') {
    const deadline = new Date(Math.min(request.deadline.getTime(), new Date(state.expiresAt).getTime()));
    await services.db.transaction((tx) => tx.query('UPDATE signature_requests SET ca_request_id = $2, deadline = $3 WHERE id = $1', [id, state.requestId, deadline]));
    return { ...request, ca_request_id: state.requestId, deadline };
  }
  if (state.status === 'signed') await store(services, services.db, request, state.signature);
  else await settle(services.db, request, state.status === 'refused' ? 'refused' : 'expired', state.status === 'refused' ? 'SIGNATURE_REFUSED' : 'SIGNATURE_TIMED_OUT', services.now());
  return (await findRequest(services.db, id))!;
}

/**
 * RFC 7240: the call asked to be answered at once (202) rather than wait for the signer —
 * `respond-async` anywhere in its Prefer list (any case, with any other preferences); preferences
 * the gateway does not know, or a Prefer without it, leave the call synchronous.
 */
export function prefersAsync(call: Pick<Call, 'headers'>): boolean {
  return parsePreferHeader(call.headers.prefer).respondAsync !== undefined;
}

/** The answer to a call with `Prefer: respond-async` whose signer has yet to confirm: 202, the request at its Location. */
export class Accepted {
  readonly status = 202 as const;
  readonly headers: Record<string, string>;
  constructor(readonly body: SignatureRequestView) {
    this.headers = { location: `signature-requests/${encodeURIComponent(body.id)}`, 'preference-applied': 'respond-async' };
  }
}

/**
 * Has `ask` signed by its signer and stored, waiting while they confirm on their phone (at most
 * signConfirmSeconds): the record as stored (`read`). SIGNATURE_REFUSED, SIGNATURE_TIMED_OUT, or the
 * code storing it failed with (the request stays stored either way; a lapsed wait leaves it to the job).
 * With `Prefer: respond-async`, a request still pending is answered Accepted at once: the job (or
 * a read of it) completes it by the same path.
 */
export function signAndStore<T>(services: Services, call: Call, ask: SignatureAsk, read: (id: string) => Promise<T>): Promise<T>;
/** `mayAnswerAsync`: an operation whose contract has the 202 (a prescription's signing and review) honours `Prefer: respond-async`. */
export function signAndStore<T>(services: Services, call: Call, ask: SignatureAsk, read: (id: string) => Promise<T>, mayAnswerAsync: true): Promise<T | Accepted>;
export async function signAndStore<T>(services: Services, call: Call, ask: SignatureAsk, read: (id: string) => Promise<T>, mayAnswerAsync = false): Promise<T | Accepted> {
  let request = await open(services, call, ask);
  if (request.status === 'pending' && mayAnswerAsync && prefersAsync(call)) {
    call.audit.resourceId = request.prescription_id;
    return new Accepted(await describeRequest(services.db, request));
  }
  const waitUntil = Date.now() + services.signConfirmSeconds * 1000;
  while (request.status === 'pending') {
    if (Date.now() >= waitUntil) {
      await settle(services.db, request, 'expired', 'SIGNATURE_TIMED_OUT', services.now());
      throw new HttpProblem('SIGNATURE_TIMED_OUT');
    }
    await sleep(POLL_MS);
    request = await advance(services, services.db, (await findRequest(services.db, request.id))!);
  }
  if (request.status !== 'signed') throw new HttpProblem(request.outcome ?? 'SIGNATURE_TIMED_OUT');
  call.audit.resourceId = request.prescription_id;
  return read(request.prescription_id);
}

/**
 * The job: every pending request nobody is waiting on — the call gone, the browser closed, the
 * gateway restarted — asked about and completed or ended; each step's change with its audit row
 * (actor: the signer, as whose act it is stored). Answers how many ended.
 */
export async function advanceSignatures(services: Services, runId: string): Promise<number> {
  const { rows } = await services.db.query<SignatureRequestRow & { role: string }>(
    `SELECT ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}, u.role FROM signature_requests s JOIN users u ON u.id = s.signer_user_id WHERE s.status = 'pending' ORDER BY s.created_at LIMIT 100`,
  );
  let ended = 0;
  for (const request of rows) {
    const db = auditedDb(services.db, () => ({
      actorId: request.signer_user_id, actorRole: request.role, action: `completeSignature:${request.purpose}`, patientIds: [request.patient_id],
      resourceType: request.purpose === 'opinion' ? 'remote_consultation' : 'prescription', resourceId: request.prescription_id, outcome: 'ok', requestId: runId,
    }), 'the signature job');
    try {
      if ((await advance(services, db, request)).status !== 'pending') ended += 1;
    } catch (err) {
      services.log.warn({ err: safeError(err), signatureRequestId: request.id }, 'asking the CA about a signature request failed');
    }
  }
  return ended;
}
