/**
 * Deliveries of patient data over the realtime socket leave audit rows (who received what, by
 * id), written before the frames go out: a frame whose row could not be written is not sent.
 * Rows are written in groups, as a database commits in groups: while one INSERT is on its way,
 * the deliveries asked for meanwhile (from every connection of this gateway) wait, then go in
 * the next — one INSERT per flush, not one per frame, and no wait longer than one INSERT when
 * the socket is quiet. Each INSERT is a transaction of its own that holds the chain's head for
 * that statement alone (audit.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import { writeAuditRows, type AuditRow } from '../audit.js';

interface Waiting {
  rows: AuditRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Rows per INSERT at most (a statement holds at most 65535 parameters; 8 per row). */
const MAX_ROWS = 2000;

export class DeliveryAudit {
  #queue: Waiting[] = [];
  /** The drain under way: set and cleared in the same turn as the queue is looked at, so nothing is left waiting. */
  #running: Promise<void> | undefined;
  /** INSERTs written (the bench and the tests read it). */
  flushes = 0;

  constructor(private readonly db: Queryable) {}

  /** Resolves once `rows` are in the audit log (then send what they record); rejects if they could not be written. */
  record(rows: AuditRow[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves when everything asked for so far is written (or failed): on close. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the deliveries of this turn of the event loop join the first group.
    await Promise.resolve();
    for (;;) {
      if (!this.#queue.length) {
        this.#running = undefined;
        return;
      }
      const group: Waiting[] = [];
      let rows = 0;
      while (this.#queue.length && (rows === 0 || rows + this.#queue[0]!.rows.length <= MAX_ROWS)) {
        const next = this.#queue.shift()!;
        group.push(next);
        rows += next.rows.length;
      }
      try {
        await writeAuditRows(this.db, group.flatMap((w) => w.rows));
        this.flushes += 1;
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
  }
}
