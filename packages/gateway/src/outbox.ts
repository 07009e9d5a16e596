/**
 * Claim, then call: how the gateway hands rows of an outbox (refunds, supervision reports) to a
 * system outside it without holding a transaction across the call. A short statement claims
 * due rows for a while (`claimed_until`, counting the try in `attempts`); the call is made with
 * no transaction open — a slow system holds no lock and, on PGlite, does not stall the
 * database; its answer is recorded afterwards. Several gateways relay safely (SKIP LOCKED), and
 * a claim that lapsed (a gateway that died mid-call) is simply tried again, which the far side
 * must answer once per id. A failed try waits longer each time, up to an hour; with
 * `deadAfter`, a row that failed that many times is dead (`dead_at`) until someone retries it.
 */
import type { Queryable } from '@ihkit/adapters';
import { safeError } from './logging.js';

export interface OutboxSpec {
  table: string;
  /** The column set once the far side has answered. */
  done: string;
  /** The columns each claimed row is read with (id and attempts among them). */
  columns: string;
  batch: number;
  /** How long a claim holds before another relay may try the row. */
  claimMs: number;
  /** Tries after which a row is dead, until retried by hand; none: tried for ever. */
  deadAfter?: number;
  /** The order rows are claimed in (default: the soonest due first). */
  order?: string;
  /** A further condition on a row (`o`) to be claimed: what it waits for. */
  claimable?: string;
}

export interface OutboxRow {
  id: string;
  attempts: number;
}

const MAX_BACKOFF_MS = 60 * 60_000;

/** How long to wait after the `attempts`-th failed try: 30 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** A failure as kept in `last_error`: its type and code, never its message (it may quote data). */
export function failureText(err: unknown): string {
  const e = safeError(err);
  return `${e.type}${e.code ? ` ${e.code}` : ''}`;
}

/** Claims up to a batch of due rows for this relay (one statement). */
export async function claimDue<R extends OutboxRow>(q: Queryable, spec: OutboxSpec, now: Date): Promise<R[]> {
  const { rows } = await q.query<R>(
    `UPDATE ${spec.table} SET claimed_until = $2, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM ${spec.table} o
         WHERE ${spec.done} IS NULL${spec.deadAfter ? ' AND dead_at IS NULL' : ''} AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
           ${spec.claimable ? `AND ${spec.claimable}` : ''}
         ORDER BY ${spec.order ?? 'next_attempt_at'} LIMIT ${spec.batch} FOR UPDATE OF o SKIP LOCKED)
      RETURNING ${spec.columns}`,
    [now, new Date(now.getTime() + spec.claimMs)],
  );
  return rows;
}

/** Records a failed try of a claimed row: retried later, or dead after `deadAfter` tries. Returns whether it is dead. */
export async function retryLater(q: Queryable, spec: OutboxSpec, row: OutboxRow, now: Date, err: unknown): Promise<boolean> {
  const dead = spec.deadAfter !== undefined && row.attempts >= spec.deadAfter;
  await q.query(
    `UPDATE ${spec.table} SET next_attempt_at = $2, claimed_until = NULL, last_error = $3${spec.deadAfter ? ', dead_at = $4' : ''} WHERE id = $1`,
    [row.id, new Date(now.getTime() + retryDelayMs(row.attempts)), failureText(err), ...(spec.deadAfter ? [dead ? now : null] : [])],
  );
  return dead;
}

export interface Relay<R extends OutboxRow> {
  /** Hands one claimed row to the far side and records its answer. */
  send(row: R): Promise<void>;
  /** Records a failed try; `retry` (retryLater on the given Queryable) marks the row. Default: retry alone. */
  failed?(row: R, error: unknown, retry: (q: Queryable) => Promise<boolean>): Promise<void>;
}

/**
 * Claims and sends due rows, batch after batch, until none are due (a row that waited for one
 * sent meanwhile is due in the next batch); returns how many went and how many failed.
 */
export async function relayDue<R extends OutboxRow>(q: Queryable, spec: OutboxSpec, now: () => Date, relay: Relay<R>): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  for (;;) {
    const due = await claimDue<R>(q, spec, now());
    for (const row of due) {
      try {
        await relay.send(row);
        done += 1;
      } catch (err) {
        const retry = (tx: Queryable) => retryLater(tx, spec, row, now(), err);
        await (relay.failed ? relay.failed(row, err, retry) : retry(q));
        failed += 1;
      }
    }
    if (!due.length) return { done, failed };
  }
}
