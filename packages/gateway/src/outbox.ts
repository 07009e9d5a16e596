/**
 * The outbox, once: work for a system outside the database (a refund at the payment provider, a
 * message through the notification provider, a report to the supervision platform) is written
 * as a row in the transaction that decides it, and done only after that transaction commits.
 *
 * - `announce` runs inside the deciding transaction: its pg_notify is delivered only when the
 *   transaction commits, so a rolled-back decision leaves neither row nor notice.
 * - `relayOutbox` (run on the notice by every gateway, and by the sweep) claims due rows in one
 *   short statement (`claimed_until`, counting the try in `attempts`), does each one's work with
 *   no transaction open — a slow provider holds no lock and, on PGlite, does not stall the
 *   database — and records the outcome afterwards, in a transaction of its own together with
 *   what the outbox adds to it (`record`: the audit row of a report). Several gateways relay
 *   safely (SKIP LOCKED). The work must be idempotent by the row's id: a claim that lapsed (a
 *   gateway that died between the provider's answer and our record) is simply done again, and
 *   the provider answers it once.
 * - A failed try waits longer each time (retryDelayMs, up to an hour) and is tried again by the
 *   sweep; with `deadAfter`, a row that failed that many times is dead (`dead_at`) and left alone
 *   until someone sends it again.
 *
 * An outbox table has the columns id, next_attempt_at, claimed_until, attempts, last_error and
 * its done column (done_at, or `done`), and dead_at with `deadAfter` (see the `refunds`,
 * `notification_outbox` and `regulator_outbox` migrations).
 */
import type { Db, Queryable } from '@ihkit/adapters';
import { safeError } from './logging.js';

/** How long a relay owns the rows it claimed before another may try them (default). */
const CLAIM_MS = 2 * 60_000;
const BATCH = 20;
const MAX_BACKOFF_MS = 60 * 60_000;

export interface OutboxRow {
  id: string;
  attempts: number;
}

export interface Outbox<Row extends OutboxRow> {
  /** The table (a trusted name from the code, never from a request). */
  table: string;
  /** The columns a claim reads, besides id and attempts. */
  columns: readonly string[];
  /** The channel its rows are announced on (none: relayed by the sweep alone). */
  channel?: string;
  /**
   * Does one row's work; answers the columns to set with the done column (a provider's reference…).
   * Throwing means "not done": the row is tried again later.
   */
  deliver(row: Row): Promise<Record<string, unknown>>;
  /** Told of a failed try (log ids and the error's type only: rows may hold what must not be logged); `dead` with deadAfter. */
  onFailure?(row: Row, error: { type: string; code?: string }, dead: boolean): void;
  /** Written in the transaction that records a try's outcome (an audit row). */
  record?(tx: Queryable, row: Row, outcome: 'ok' | 'error'): Promise<void>;
  /** The column set once the work is done (default done_at). */
  doneColumn?: string;
  /** Tries after which a row is dead until sent again by hand (dead_at); none: tried for ever. */
  deadAfter?: number;
  /** Rows claimed at once (default 20). */
  batch?: number;
  /** How long a claim holds (default 2 minutes). */
  claimMs?: number;
  /** The order rows are claimed in (default: the soonest due first). */
  order?: string;
  /** A further condition on a row (`o`) to be claimed: what it waits for. */
  claimable?: string;
}

/** How long to wait after the `attempts`-th failed try: 30 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** A failure as kept in `last_error`: its type and code, never its message (it may quote data). */
export function failureText(e: { type: string; code?: unknown }): string {
  return `${e.type}${e.code ? ` ${e.code}` : ''}`;
}

/** Announces, inside the deciding transaction, that an outbox has a new row. */
export async function announce(tx: Queryable, outbox: { channel: string }): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [outbox.channel, '']);
}

/** Claims the due rows for this relay (one statement). */
async function claimDue<Row extends OutboxRow>(db: Queryable, outbox: Outbox<Row>, now: Date): Promise<Row[]> {
  const done = outbox.doneColumn ?? 'done_at';
  const { rows } = await db.query<Row>(
    `UPDATE ${outbox.table} SET claimed_until = $2, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM ${outbox.table} o
         WHERE ${done} IS NULL${outbox.deadAfter ? ' AND dead_at IS NULL' : ''} AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
           ${outbox.claimable ? `AND ${outbox.claimable}` : ''}
         ORDER BY ${outbox.order ?? 'next_attempt_at'} LIMIT ${outbox.batch ?? BATCH} FOR UPDATE OF o SKIP LOCKED)
      RETURNING ${['id', 'attempts', ...outbox.columns].join(', ')}`,
    [now, new Date(now.getTime() + (outbox.claimMs ?? CLAIM_MS))],
  );
  return rows;
}

/** Does the work of every due row; returns how many were done and how many failed. */
export async function relayOutbox<Row extends OutboxRow>(db: Db, now: () => Date, outbox: Outbox<Row>): Promise<{ done: number; failed: number }> {
  const doneColumn = outbox.doneColumn ?? 'done_at';
  let done = 0;
  let failed = 0;
  for (;;) {
    const due = await claimDue(db, outbox, now());
    for (const row of due) {
      let extra: [string, unknown][];
      try {
        extra = Object.entries(await outbox.deliver(row));
      } catch (err) {
        const e = safeError(err);
        const dead = outbox.deadAfter !== undefined && row.attempts >= outbox.deadAfter;
        const at = now();
        await db.transaction(async (tx) => {
          await tx.query(
            `UPDATE ${outbox.table} SET next_attempt_at = $2, claimed_until = NULL, last_error = $3${outbox.deadAfter ? ', dead_at = $4' : ''} WHERE id = $1`,
            [row.id, new Date(at.getTime() + retryDelayMs(row.attempts)), failureText(e), ...(outbox.deadAfter ? [dead ? at : null] : [])],
          );
          await outbox.record?.(tx, row, 'error');
        });
        outbox.onFailure?.(row, { type: e.type, code: typeof e.code === 'string' ? e.code : undefined }, dead);
        failed += 1;
        continue;
      }
      const sets = extra.map(([column], i) => `, ${column} = $${i + 3}`).join('');
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE ${outbox.table} SET ${doneColumn} = $2, claimed_until = NULL, last_error = NULL${sets} WHERE id = $1`, [row.id, now(), ...extra.map(([, v]) => v)]);
        await outbox.record?.(tx, row, 'ok');
      });
      done += 1;
    }
    // A row that waited for one sent meanwhile (`claimable`) is due in the next batch.
    if (!due.length || (!outbox.claimable && due.length < (outbox.batch ?? BATCH))) return { done, failed };
  }
}

/**
 * Runs `relay` whenever a row is announced by any gateway on the database (and once at start,
 * for what an earlier run left). Relays run one after another. Returns a stop function.
 */
export async function watchOutbox(db: Db, outbox: { channel: string }, relay: () => Promise<unknown>, onError: (err: unknown) => void): Promise<() => Promise<void>> {
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  const kick = () => {
    if (queued) return; // a relay that has not started yet will find this row too
    queued = true;
    chain = chain
      .then(async () => {
        queued = false;
        await relay();
      })
      .catch(onError);
  };
  const stop = await db.listen(outbox.channel, kick, kick);
  kick();
  return async () => {
    await stop();
    await chain;
  };
}
