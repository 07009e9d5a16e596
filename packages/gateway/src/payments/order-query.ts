/**
 * The notification that never came. A provider's notification can be lost, or reach a gateway
 * that died before it committed (WeChat Pay and Alipay retry for a day, but not for ever): so
 * every pending order is asked about at its provider (queryOrder), a minute after it was made
 * and then less and less often (at most every five minutes) until it expires; what was paid is
 * applied exactly as its notification would have been, and counts once with it. An order
 * still unpaid after its expiry is closed, at the provider and here. Consults and
 * prescriptions ask once more before they expire unpaid (settleByQuery).
 */
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';
import { applyNoticeIn, noticeOfQuery } from './apply.js';
import { FIRST_QUERY_MS, findPayment } from './orders.js';

/** The longest wait between two queries of one order. */
export const MAX_QUERY_INTERVAL_MS = 5 * 60_000;
/** An unpaid order is closed this long after its expiry (the provider's clock may lag). */
export const CLOSE_AFTER_EXPIRY_MS = 10 * 60_000;
const BATCH = 50;

/** Asks the providers about the pending orders that are due; returns those found paid and those closed. */
export async function queryPendingPayments(services: Services): Promise<{ paid: string[]; closed: string[] }> {
  const paid: string[] = [];
  const closed: string[] = [];
  const now = services.now();
  // Claiming a row schedules its next query, so gateways sharing the database do not ask twice.
  const { rows } = await services.db.query<{ id: string; provider: string }>(
    `UPDATE payments SET query_attempts = query_attempts + 1,
            next_query_at = $1::timestamptz + LEAST($2::float8, $3::float8 * power(2, LEAST(query_attempts, 20))) * interval '1 millisecond'
      WHERE id IN (SELECT id FROM payments WHERE status = 'pending' AND next_query_at <= $1 ORDER BY next_query_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, provider`,
    [now, MAX_QUERY_INTERVAL_MS, FIRST_QUERY_MS],
  );
  for (const { id, provider } of rows) {
    const adapter = services.payments.get(provider);
    if (!adapter?.queryOrder) {
      await services.db.query('UPDATE payments SET next_query_at = NULL WHERE id = $1', [id]);
      continue;
    }
    try {
      const state = await adapter.queryOrder({ orderId: id });
      const outcome = await services.db.transaction(async (tx) => {
        const payment = await findPayment(tx, { id }, true);
        if (!payment || payment.status !== 'pending') return undefined;
        const notice = noticeOfQuery(payment, state, services.now());
        if (notice) return (await applyNoticeIn(tx, services, provider, notice)).outcome === 'applied' ? 'paid' : undefined;
        const expiresAt = payment.expires_at ?? new Date(payment.created_at.getTime() + services.consultRules.payMinutes * 60_000);
        if (expiresAt.getTime() + CLOSE_AFTER_EXPIRY_MS > services.now().getTime()) return undefined;
        // Unpaid past its expiry: no longer payable at the provider, nor asked about here.
        if (state.status === 'pending') await adapter.closeOrder?.({ orderId: id });
        await tx.query(`UPDATE payments SET status = 'closed', closed_at = $2, next_query_at = NULL WHERE id = $1`, [id, services.now()]);
        return 'closed';
      });
      if (outcome === 'paid') paid.push(id);
      if (outcome === 'closed') closed.push(id);
    } catch (err) {
      const e = safeError(err);
      services.log.warn({ paymentId: id, provider, errorType: e.type, errorCode: e.code }, 'asking a payment provider about an order failed; will ask again');
    }
  }
  if (paid.length) services.log.info({ paymentIds: paid }, 'payments found paid by asking their provider (their notification had not come)');
  return { paid, closed };
}
