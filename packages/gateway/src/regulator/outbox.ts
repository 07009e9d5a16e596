/**
 * Reports to the provincial supervision platform go through an outbox: `enqueueReport` writes
 * one in the transaction of the event it reports, and `relayReports` (on the gateway's timer)
 * hands due ones to the RegulatorAdapter until the platform acknowledges each. A failed try
 * waits longer each time, up to an hour. Several gateways relay safely: rows are claimed with
 * SKIP LOCKED.
 */
import type { Queryable } from '@ihkit/adapters';
import { newId } from '../consults/store.js';
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';

export interface ReportInput {
  kind: 'consult' | 'prescription';
  subjectId: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export async function enqueueReport(tx: Queryable, report: ReportInput): Promise<void> {
  await tx.query(
    `INSERT INTO regulator_outbox (id, kind, subject_id, payload, occurred_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (kind, subject_id) DO NOTHING`,
    [newId('rpt'), report.kind, report.subjectId, JSON.stringify(report.payload), report.occurredAt],
  );
}

const BATCH = 50;
const MAX_BACKOFF_MS = 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** Sends the due reports; returns how many were acknowledged and how many failed. */
export async function relayReports(services: Services): Promise<{ acked: number; failed: number }> {
  const regulator = services.regulator;
  if (!regulator) return { acked: 0, failed: 0 };
  let acked = 0;
  let failed = 0;
  await services.db.transaction(async (tx) => {
    const now = services.now();
    const { rows } = await tx.query<{ id: string; kind: 'consult' | 'prescription'; subject_id: string; payload: Record<string, unknown>; occurred_at: Date; attempts: number }>(
      `SELECT id, kind, subject_id, payload, occurred_at, attempts FROM regulator_outbox
        WHERE acked_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [now],
    );
    for (const r of rows) {
      try {
        const { ackId } = await regulator.submit({ reportId: r.id, kind: r.kind, subjectId: r.subject_id, occurredAt: r.occurred_at.toISOString(), payload: r.payload });
        await tx.query('UPDATE regulator_outbox SET acked_at = $2, ack_id = $3, attempts = attempts + 1, last_error = NULL WHERE id = $1', [r.id, services.now(), ackId]);
        acked += 1;
      } catch (err) {
        const attempts = r.attempts + 1;
        const e = safeError(err);
        await tx.query('UPDATE regulator_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1', [r.id, attempts, new Date(now.getTime() + retryDelayMs(attempts)), `${e.type}${e.code ? ` ${e.code}` : ''}`]);
        failed += 1;
      }
    }
  });
  return { acked, failed };
}
