/**
 * Reconciliation (对账): every day, each provider's bill of the day before (its own day, Beijing
 * time; out after about 10:00) is compared with the gateway's payments and refunds, and every
 * difference is kept for the finance office (listReconciliation):
 * - `missing`: the gateway recorded a payment (paid that day, by the provider's time) or a
 *   refund (made that day) that the bill does not have;
 * - `extra`: the bill has a payment or refund the gateway did not record — not at all, or not
 *   as paid (a pending order the bill shows paid is also asked about again at once);
 * - `mismatch`: both have it, with different amounts.
 * A run is claimed like an outbox row (one gateway does it); a failed one is tried again later,
 * waiting longer each time; the days before are caught up (three). An admin can run a day again.
 */
import type { BillLine, Db } from '@ihkit/adapters';
import { beijingDay } from '@ihkit/adapters';
import type { PaymentDifference, Reconciliation, ReconciliationRun } from '@ihkit/core';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { retryDelayMs } from '../outbox.js';

/** How long a run owns its claim. */
const CLAIM_MS = 15 * 60_000;
/** How many days before yesterday are caught up. */
const CATCH_UP_DAYS = 2;

interface Difference {
  kind: 'missing' | 'extra' | 'mismatch';
  line: 'payment' | 'refund';
  paymentId?: string;
  refundId?: string;
  providerRef?: string;
  ours?: number;
  theirs?: number;
  currency: string;
}

/** The instants a Beijing day spans. */
function dayBounds(date: string): [Date, Date] {
  const start = new Date(`${date}T00:00:00+08:00`);
  if (Number.isNaN(start.getTime()) || beijingDay(start) !== date) throw new HttpProblem('VALIDATION_FAILED', 'Not a date.', [{ pointer: '/body/date', message: 'is not a date (YYYY-MM-DD)' }]);
  return [start, new Date(start.getTime() + 86_400_000)];
}

/** Compares the bill's lines with what the gateway recorded of that provider's day. */
async function compare(db: Db, provider: string, date: string, bill: BillLine[]): Promise<{ differences: Difference[]; pendingPaid: string[] }> {
  const [from, to] = dayBounds(date);
  const differences: Difference[] = [];
  const pendingPaid: string[] = [];
  const billPayments = new Map(bill.filter((l) => l.kind === 'payment').map((l) => [l.orderId, l]));
  const billRefunds = new Map(bill.filter((l) => l.kind === 'refund').map((l) => [l.refundId ?? '', l]));

  // Every payment the bill has, as the gateway knows it (whatever its day here).
  const known = new Map(
    (await db.query<{ id: string; amount: number; currency: string; paid: boolean }>('SELECT id, amount, currency, paid_at IS NOT NULL AS paid FROM payments WHERE provider = $1 AND id = ANY($2::text[])', [provider, [...billPayments.keys()]])).rows.map((r) => [r.id, r]),
  );
  for (const [orderId, line] of billPayments) {
    const ours = known.get(orderId);
    const base = { line: 'payment' as const, paymentId: orderId, providerRef: line.providerRef, theirs: line.amount.amount, currency: line.amount.currency };
    if (!ours?.paid) {
      differences.push({ kind: 'extra', ...base, ...(ours ? { ours: ours.amount } : {}) });
      if (ours) pendingPaid.push(orderId);
    } else if (ours.amount !== line.amount.amount || ours.currency !== line.amount.currency) differences.push({ kind: 'mismatch', ...base, ours: ours.amount });
  }
  const paidThatDay = await db.query<{ id: string; amount: number; currency: string; provider_txn: string | null }>(
    'SELECT id, amount, currency, provider_txn FROM payments WHERE provider = $1 AND paid_at IS NOT NULL AND coalesce(provider_paid_at, paid_at) >= $2 AND coalesce(provider_paid_at, paid_at) < $3',
    [provider, from, to],
  );
  for (const p of paidThatDay.rows) {
    if (!billPayments.has(p.id)) differences.push({ kind: 'missing', line: 'payment', paymentId: p.id, ...(p.provider_txn ? { providerRef: p.provider_txn } : {}), ours: p.amount, currency: p.currency });
  }

  const knownRefunds = new Map(
    (await db.query<{ id: string; payment_id: string; amount: number; currency: string }>('SELECT id, payment_id, amount, currency FROM refunds WHERE provider = $1 AND id = ANY($2::text[])', [provider, [...billRefunds.keys()]])).rows.map((r) => [r.id, r]),
  );
  for (const [refundId, line] of billRefunds) {
    const ours = knownRefunds.get(refundId);
    const base = { line: 'refund' as const, paymentId: line.orderId, refundId, providerRef: line.providerRef, theirs: line.amount.amount, currency: line.amount.currency };
    if (!ours) differences.push({ kind: 'extra', ...base });
    else if (ours.amount !== line.amount.amount || ours.currency !== line.amount.currency) differences.push({ kind: 'mismatch', ...base, ours: ours.amount });
  }
  const refundedThatDay = await db.query<{ id: string; payment_id: string; amount: number; currency: string; refund_ref: string | null }>(
    'SELECT id, payment_id, amount, currency, refund_ref FROM refunds WHERE provider = $1 AND done_at >= $2 AND done_at < $3',
    [provider, from, to],
  );
  for (const r of refundedThatDay.rows) {
    if (!billRefunds.has(r.id)) differences.push({ kind: 'missing', line: 'refund', paymentId: r.payment_id, refundId: r.id, ...(r.refund_ref ? { providerRef: r.refund_ref } : {}), ours: r.amount, currency: r.currency });
  }
  return { differences, pendingPaid };
}

/** Downloads one provider's bill of one day, compares it and records the run (claimed by the caller). */
async function runDay(services: Services, provider: string, date: string): Promise<void> {
  const adapter = services.payments.get(provider);
  if (!adapter?.bill) throw new HttpProblem('NOT_FOUND', 'No such payment provider with a bill on this gateway.');
  try {
    const bill = await adapter.bill(date);
    const { differences, pendingPaid } = await compare(services.db, provider, date, bill);
    const now = services.now();
    await services.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM payment_differences WHERE source = 'bill' AND provider = $1 AND bill_date = $2`, [provider, date]);
      for (const d of differences) {
        await tx.query(
          `INSERT INTO payment_differences (id, provider, source, bill_date, kind, line, payment_id, refund_id, provider_ref, ours_amount, theirs_amount, currency, detected_at)
           VALUES ($1, $2, 'bill', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [newId('pdf'), provider, date, d.kind, d.line, d.paymentId ?? null, d.refundId ?? null, d.providerRef ?? null, d.ours ?? null, d.theirs ?? null, d.currency, now],
        );
      }
      await tx.query(
        `UPDATE reconciliations SET status = 'done', checked_at = $3, bill_lines = $4, differences = $5, claimed_until = NULL, error = NULL WHERE provider = $1 AND bill_date = $2`,
        [provider, date, now, bill.length, differences.length],
      );
      // Paid at the provider, pending here: ask about them at once (payments/order-query.ts).
      if (pendingPaid.length) await tx.query(`UPDATE payments SET next_query_at = $2 WHERE id = ANY($1::text[]) AND status = 'pending'`, [pendingPaid, now]);
    });
    if (differences.length) services.log.warn({ provider, date, differences: differences.length }, 'reconciliation found differences with the provider’s bill');
  } catch (err) {
    const e = safeError(err);
    const { rows } = await services.db.query<{ attempts: number }>('SELECT attempts FROM reconciliations WHERE provider = $1 AND bill_date = $2', [provider, date]);
    const retryAt = new Date(services.now().getTime() + retryDelayMs(rows[0]?.attempts ?? 1));
    await services.db.query(`UPDATE reconciliations SET status = 'failed', claimed_until = NULL, next_attempt_at = $3, error = $4 WHERE provider = $1 AND bill_date = $2`, [provider, date, retryAt, `${e.type}${e.code ? ` ${e.code}` : ''}`]);
    services.log.warn({ provider, date, errorType: e.type, errorCode: e.code }, 'reconciling a payment provider’s bill failed; will retry');
    throw err;
  }
}

/**
 * The daily job (on the sweep): each provider's bill of yesterday once it is out (`after`,
 * HH:MM Beijing time), and of the days before that were not done. Returns the runs made.
 */
export async function reconcileDue(services: Services, after: string): Promise<Array<{ provider: string; date: string; ok: boolean }>> {
  const now = services.now();
  const today = beijingDay(now);
  const clock = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  const dates = Array.from({ length: CATCH_UP_DAYS + 1 }, (_, i) => beijingDay(new Date(Date.parse(`${today}T12:00:00+08:00`) - (i + 1) * 86_400_000)))
    .filter((d, i) => i > 0 || clock >= after);
  const runs: Array<{ provider: string; date: string; ok: boolean }> = [];
  for (const adapter of services.payments.all.filter((a) => a.bill)) {
    for (const date of dates) {
      const claimed = await services.db.query(
        `INSERT INTO reconciliations (provider, bill_date, status, attempts, claimed_until) VALUES ($1, $2, 'running', 1, $3)
         ON CONFLICT (provider, bill_date) DO UPDATE SET status = 'running', attempts = reconciliations.attempts + 1, claimed_until = $3
          WHERE (reconciliations.status = 'failed' AND reconciliations.next_attempt_at <= $4) OR (reconciliations.status = 'running' AND reconciliations.claimed_until <= $4)
         RETURNING provider`,
        [adapter.provider, date, new Date(now.getTime() + CLAIM_MS), now],
      );
      if (!claimed.rows.length) continue;
      const ok = await runDay(services, adapter.provider, date).then(() => true, () => false);
      runs.push({ provider: adapter.provider, date, ok });
    }
  }
  return runs;
}

/** Runs one day again now (an admin's request), whatever became of it before. */
export async function reconcileNow(services: Services, provider: string, date: string): Promise<void> {
  dayBounds(date);
  if (!services.payments.get(provider)?.bill) throw new HttpProblem('NOT_FOUND', 'No such payment provider with a bill on this gateway.');
  if (date >= beijingDay(services.now())) throw new HttpProblem('VALIDATION_FAILED', 'A day’s bill is out only the day after.', [{ pointer: '/body/date', message: 'is not a past day' }]);
  await services.db.query(
    `INSERT INTO reconciliations (provider, bill_date, status, attempts, claimed_until) VALUES ($1, $2, 'running', 1, $3)
     ON CONFLICT (provider, bill_date) DO UPDATE SET status = 'running', attempts = reconciliations.attempts + 1, claimed_until = $3`,
    [provider, date, new Date(services.now().getTime() + CLAIM_MS)],
  );
  await runDay(services, provider, date);
}

/** The runs of the days from `from` to `to` and their differences, with the notifications' of those days. */
export async function readReconciliation(db: Db, range: { from: string; to: string; provider?: string }): Promise<Reconciliation> {
  const [start] = dayBounds(range.from);
  const [, end] = dayBounds(range.to);
  const only = range.provider ? ' AND provider = $3' : '';
  const params = range.provider ? [range.from, range.to, range.provider] : [range.from, range.to];
  const runs = await db.query<{ provider: string; bill_date: string; status: ReconciliationRun['status']; attempts: number; checked_at: Date | null; bill_lines: number | null; differences: number | null; error: string | null }>(
    `SELECT provider, bill_date, status, attempts, checked_at, bill_lines, differences, error FROM reconciliations WHERE bill_date >= $1 AND bill_date <= $2${only} ORDER BY bill_date, provider`,
    params,
  );
  const diffs = await db.query<{ id: string; provider: string; source: 'bill' | 'notification'; bill_date: string | null; kind: PaymentDifference['kind']; line: 'payment' | 'refund'; payment_id: string | null; refund_id: string | null; provider_ref: string | null; ours_amount: number | null; theirs_amount: number | null; currency: string; detected_at: Date }>(
    `SELECT id, provider, source, bill_date, kind, line, payment_id, refund_id, provider_ref, ours_amount, theirs_amount, currency, detected_at FROM payment_differences
      WHERE ((source = 'bill' AND bill_date >= $1 AND bill_date <= $2) OR (source = 'notification' AND detected_at >= $${params.length + 1} AND detected_at < $${params.length + 2}))${only}
      ORDER BY coalesce(bill_date, ''), detected_at, id`,
    [...params, start, end],
  );
  return {
    runs: runs.rows.map((r) => ({
      provider: r.provider,
      date: r.bill_date,
      status: r.status,
      attempts: r.attempts,
      ...(r.checked_at ? { checkedAt: r.checked_at.toISOString() } : {}),
      ...(r.bill_lines !== null ? { billLines: r.bill_lines } : {}),
      ...(r.differences !== null ? { differences: r.differences } : {}),
      ...(r.error ? { error: r.error } : {}),
    })),
    differences: diffs.rows.map((d) => ({
      id: d.id,
      provider: d.provider,
      source: d.source,
      ...(d.bill_date ? { date: d.bill_date } : {}),
      kind: d.kind,
      line: d.line,
      ...(d.payment_id ? { paymentId: d.payment_id } : {}),
      ...(d.refund_id ? { refundId: d.refund_id } : {}),
      ...(d.provider_ref ? { providerRef: d.provider_ref } : {}),
      ...(d.ours_amount !== null ? { ours: { amount: d.ours_amount, currency: d.currency } } : {}),
      ...(d.theirs_amount !== null ? { theirs: { amount: d.theirs_amount, currency: d.currency } } : {}),
      detectedAt: d.detected_at.toISOString(),
    })),
  };
}
