/**
 * Money goes back through an outbox (outbox.ts), so that the provider is never asked to refund
 * for a transition the database refused.
 *
 * - `recordRefund` runs inside the transaction that decides the refund (a consult withdrawn, a
 *   prescription cancelled…): it marks the payment refunded and writes a `refunds` row, and
 *   announces it, which PostgreSQL delivers only when that transaction commits.
 * - `relayRefunds` (run on the notice by every gateway, and by the sweep) asks the provider for
 *   each due refund outside any transaction. The provider is called with the refund's own id,
 *   which it answers once however often it is asked, so a claim that lapsed (a gateway that died
 *   between the provider's answer and our record) is simply asked again: that is the
 *   reconciliation. A failed try waits longer each time (up to an hour).
 */
import type { Queryable } from '@ihkit/adapters';
import type { Services } from '../operations.js';
import { reversalOutbox } from '../insurance/reversals.js';
import { announce, relayOutbox, watchOutbox, type Outbox } from '../outbox.js';

/** The notice that a refund was recorded (payload: nothing; the relay reads the table). */
export const REFUND_CHANNEL = 'ihkit_refund';

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
 * Records that `payment` (locked by the caller, status paid) is to be refunded — in full, or
 * `amount` of it — inside the deciding transaction. Returns the refund's id. A `part` (its own
 * id, e.g. a reschedule's) gives back a share and leaves the payment paid, so more can follow.
 */
export async function recordRefund(
  tx: Queryable,
  payment: { id: string; provider: string; provider_ref: string | null; amount: number; currency: string },
  reason: string,
  now: Date,
  amount = payment.amount,
  part?: string,
): Promise<string> {
  const id = part ? `${refundIdOf(payment.id)}_${part}` : refundIdOf(payment.id);
  if (!part) await tx.query(`UPDATE payments SET status = 'refunded', refunded_at = $2 WHERE id = $1`, [payment.id, now]);
  await tx.query(
    `INSERT INTO refunds (id, payment_id, provider, provider_ref, amount, currency, reason, requested_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
    [id, payment.id, payment.provider, payment.provider_ref ?? '', amount, payment.currency, reason, now],
  );
  await announce(tx, { channel: REFUND_CHANNEL });
  return id;
}

/** A refund's payment was made with a provider this gateway no longer has: it waits, and says so. */
class UnknownProvider extends Error {
  override readonly name = 'UnknownProvider';
  constructor(provider: string) {
    super(`no payment provider named ${provider} on this gateway`);
  }
}

/** The refunds outbox: each refund goes back through the provider its payment was made with. */
function refundOutbox(services: Services): Outbox<RefundRow> {
  return {
    table: 'refunds',
    columns: ['payment_id', 'provider', 'provider_ref', 'amount', 'currency', 'reason'],
    channel: REFUND_CHANNEL,
    async deliver(r) {
      const provider = services.payments.get(r.provider);
      if (!provider) throw new UnknownProvider(r.provider);
      // What the order was for: WeChat Pay asks for it beside the refund's amount.
      const order = (await services.db.query<{ amount: number }>('SELECT amount FROM payments WHERE id = $1', [r.payment_id])).rows[0];
      const { refundRef } = await provider.refund({
        refundId: r.id,
        orderId: r.payment_id,
        providerRef: r.provider_ref,
        amount: { amount: r.amount, currency: r.currency },
        ...(order ? { orderAmount: { amount: order.amount, currency: r.currency } } : {}),
        reason: r.reason,
      });
      await services.db.query('UPDATE payments SET refund_ref = $2 WHERE id = $1', [r.payment_id, refundRef]);
      return { refund_ref: refundRef };
    },
    onFailure: (r, e) => services.log?.warn({ refundId: r.id, attempts: r.attempts, errorType: e.type, errorCode: e.code }, 'a refund at the payment provider failed; will retry'),
  };
}

/**
 * Asks the payment providers for every due refund, and the insurer for every due reversal of an
 * insurance settlement (insurance/reversals.ts); returns how many were made and how many failed.
 */
export async function relayRefunds(services: Services): Promise<{ done: number; failed: number }> {
  const refunds = services.payments.all.length ? await relayOutbox(services.db, services.now, refundOutbox(services)) : { done: 0, failed: 0 };
  if (!services.insurance) return refunds;
  const reversals = await relayOutbox(services.db, services.now, reversalOutbox(services));
  return { done: refunds.done + reversals.done, failed: refunds.failed + reversals.failed };
}

/**
 * Relays refunds whenever one is recorded by any gateway on the database (and once at start,
 * for what an earlier run left). Returns a stop function.
 */
export function watchRefunds(services: Services, onError: (err: unknown) => void): Promise<() => Promise<void>> {
  return watchOutbox(services.db, { channel: REFUND_CHANNEL }, () => relayRefunds(services), onError);
}
