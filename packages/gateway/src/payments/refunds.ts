/**
 * Money goes back through an outbox, so that the provider is never asked to refund for a
 * transition the database refused.
 *
 * - `recordRefund` runs inside the transaction that decides the refund (a consult withdrawn, a
 *   prescription cancelled…): it marks the payment refunded and writes a `refunds` row, and
 *   announces it with pg_notify, which PostgreSQL delivers only when that transaction commits.
 *   A transaction that rolls back leaves neither row nor notice.
 * - `relayRefunds` (run on the notice by every gateway, and by the sweep) claims due rows,
 *   asks the provider outside any transaction and records its answer (outbox.ts). The provider
 *   is called with the refund's own id, which it answers once however often it is asked, so a
 *   claim that lapsed (a gateway that died between the provider's answer and our record) is
 *   simply asked again: that is the reconciliation.
 * - A failed try waits longer each time (up to an hour) and is tried again by the sweep.
 */
import type { Queryable } from '@ihkit/adapters';
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';
import { relayDue, type OutboxSpec } from '../outbox.js';

/** The notice that a refund was recorded (payload: nothing; the relay reads the table). */
export const REFUND_CHANNEL = 'ihkit_refund';

const OUTBOX: OutboxSpec = {
  table: 'refunds',
  done: 'done_at',
  columns: 'id, payment_id, provider, provider_ref, amount, currency, reason, attempts',
  batch: 20,
  claimMs: 2 * 60_000,
};

export interface RefundRow {
  id: string;
  payment_id: string;
  provider: string;
  provider_ref: string;
  amount: number;
  currency: string;
  reason: string;
  attempts: number;
}

/** The refund of a whole payment: its id is the payment's, so deciding it twice records it once. */
export function refundIdOf(paymentId: string): string {
  return `rf_${paymentId}`;
}

/**
 * Records that `payment` (locked by the caller, status paid) is to be refunded in full, inside
 * the deciding transaction. Returns the refund's id.
 */
export async function recordRefund(
  tx: Queryable,
  payment: { id: string; provider: string; provider_ref: string | null; amount: number; currency: string },
  reason: string,
  now: Date,
): Promise<string> {
  const id = refundIdOf(payment.id);
  await tx.query(`UPDATE payments SET status = 'refunded', refunded_at = $2 WHERE id = $1`, [payment.id, now]);
  await tx.query(
    `INSERT INTO refunds (id, payment_id, provider, provider_ref, amount, currency, reason, requested_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
    [id, payment.id, payment.provider, payment.provider_ref ?? '', payment.amount, payment.currency, reason, now],
  );
  await tx.query('SELECT pg_notify($1, $2)', [REFUND_CHANNEL, '']);
  return id;
}

/** Asks the provider for every due refund; returns how many it made and how many failed. */
export async function relayRefunds(services: Services): Promise<{ done: number; failed: number }> {
  const payments = services.payments;
  if (!payments) return { done: 0, failed: 0 };
  return relayDue<RefundRow>(services.db, OUTBOX, services.now, {
    async send(r) {
      if (r.provider !== payments.provider) throw new Error(`the payment was made with ${r.provider}, not ${payments.provider}`);
      const { refundRef } = await payments.refund({
        refundId: r.id,
        orderId: r.payment_id,
        providerRef: r.provider_ref,
        amount: { amount: r.amount, currency: r.currency },
        reason: r.reason,
      });
      await services.db.query('UPDATE refunds SET done_at = $2, refund_ref = $3, claimed_until = NULL, last_error = NULL WHERE id = $1', [r.id, services.now(), refundRef]);
      await services.db.query('UPDATE payments SET refund_ref = $2 WHERE id = $1', [r.payment_id, refundRef]);
    },
    async failed(r, err, retry) {
      await retry(services.db);
      const e = safeError(err);
      services.log?.warn({ refundId: r.id, attempts: r.attempts, errorType: e.type, errorCode: e.code }, 'a refund at the payment provider failed; will retry');
    },
  });
}

/**
 * Relays refunds whenever one is recorded by any gateway on the database (and once at start,
 * for what an earlier run left). Relays run one after another. Returns a stop function.
 */
export async function watchRefunds(services: Services, onError: (err: unknown) => void): Promise<() => Promise<void>> {
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  const kick = () => {
    if (queued) return; // a relay that has not started yet will find this refund too
    queued = true;
    chain = chain
      .then(async () => {
        queued = false;
        await relayRefunds(services);
      })
      .catch(onError);
  };
  const stop = await services.db.listen(REFUND_CHANNEL, kick, kick);
  kick();
  return async () => {
    await stop();
    await chain;
  };
}
