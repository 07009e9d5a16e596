/**
 * The outbox, once: work for a system outside the database (a refund at the payment provider, a
 * message through the notification provider) is written as a row in the transaction that
 * decides it, and done only after that transaction commits.
 *
 * - `announce` runs inside the deciding transaction: its pg_notify is delivered only when the
 *   transaction commits, so a rolled-back decision leaves neither row nor notice.
 * - `relayOutbox` (run on the notice by every gateway, and by the sweep) claims due rows in a
 *   short transaction, does each one's work outside any transaction — a slow provider holds no
 *   lock and, on PGlite, does not stall the database — and records the outcome. The work must be
 *   idempotent by the row's id: a claim that lapsed (a gateway that died between the provider's
 *   answer and our record) is simply done again, and the provider answers it once.
 * - A failed try waits longer each time (retryDelayMs, up to an hour) and is tried again by the sweep.
 *
 * An outbox table has the columns id, next_attempt_at, claimed_until, attempts, done_at and
 * last_error (see the `refunds` and `notification_outbox` migrations).
 */
import type { Db, Queryable } from '@ihkit/adapters';
import { safeError } from './logging.js';
import { retryDelayMs } from './regulator/outbox.js';

/** How long a relay owns the rows it claimed before another may try them. */
const CLAIM_MS = 2 * 60_000;
const BATCH = 20;

export interface OutboxRow {
  id: string;
  attempts: number;
}

export interface Outbox<Row extends OutboxRow> {
  /** The table (a trusted name from the code, never from a request). */
  table: string;
  /** The columns a claim reads, besides id and attempts. */
  columns: readonly string[];
  /** The channel its rows are announced on. */
  channel: string;
  /**
   * Does one row's work; answers the columns to set with `done_at` (a provider's reference…).
   * Throwing means "not done": the row is tried again later.
   */
  deliver(row: Row): Promise<Record<string, unknown>>;
  /** Told of a failed try (log ids and the error's type only: rows may hold what must not be logged). */
  onFailure?(row: Row, error: { type: string; code?: string }): void;
}

/** Announces, inside the deciding transaction, that `outbox` has a new row. */
export async function announce(tx: Queryable, outbox: Pick<Outbox<OutboxRow>, 'channel'>): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [outbox.channel, '']);
}

/** Claims the due rows for this relay (a short transaction). */
async function claimDue<Row extends OutboxRow>(db: Db, outbox: Outbox<Row>, now: Date): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `UPDATE ${outbox.table} SET claimed_until = $2, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM ${outbox.table}
         WHERE done_at IS NULL AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
         ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING ${['id', 'attempts', ...outbox.columns].join(', ')}`,
    [now, new Date(now.getTime() + CLAIM_MS)],
  );
  return rows;
}

/** Does the work of every due row; returns how many were done and how many failed. */
export async function relayOutbox<Row extends OutboxRow>(db: Db, now: () => Date, outbox: Outbox<Row>): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  for (;;) {
    const due = await claimDue(db, outbox, now());
    for (const row of due) {
      try {
        const extra = Object.entries(await outbox.deliver(row));
        const sets = extra.map(([column], i) => `, ${column} = $${i + 3}`).join('');
        await db.query(`UPDATE ${outbox.table} SET done_at = $2, claimed_until = NULL, last_error = NULL${sets} WHERE id = $1`, [row.id, now(), ...extra.map(([, v]) => v)]);
        done += 1;
      } catch (err) {
        const e = safeError(err);
        const retryAt = new Date(now().getTime() + retryDelayMs(row.attempts));
        await db.query(`UPDATE ${outbox.table} SET next_attempt_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1`, [row.id, retryAt, `${e.type}${e.code ? ` ${e.code}` : ''}`]);
        outbox.onFailure?.(row, { type: e.type, code: typeof e.code === 'string' ? e.code : undefined });
        failed += 1;
      }
    }
    if (due.length < BATCH) return { done, failed };
  }
}

/**
 * Runs `relay` whenever a row is announced by any gateway on the database (and once at start,
 * for what an earlier run left). Relays run one after another. Returns a stop function.
 */
export async function watchOutbox(db: Db, outbox: Pick<Outbox<OutboxRow>, 'channel'>, relay: () => Promise<unknown>, onError: (err: unknown) => void): Promise<() => Promise<void>> {
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
