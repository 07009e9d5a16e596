/**
 * Money goes back through an outbox, so that the provider is never asked to refund for a
 * transition the database refused.
 *
 * - `recordRefund` runs inside the transaction that decides the refund (a consult withdrawn, a
 *   prescription cancelled…): it marks the payment refunded and writes a `refunds` row, and
 *   announces it with pg_notify, which PostgreSQL delivers only when that transaction commits.
 *   A transaction that rolls back leaves neither row nor notice.
 * - `relayRefunds` (run on the notice by every gateway, and by the sweep) claims due rows,
 *   asks the provider outside any transaction — a slow provider holds no lock and, on PGlite,
 *   does not stall the database — and records its answer. The provider is called with the
 *   refund's own id, which it answers once however often it is asked, so a claim that lapsed
 *   (a gateway that died between the provider's answer and our record) is simply asked again:
 *   that is the reconciliation.
 * - A failed try waits longer each time (up to an hour) and is tried again by the sweep.
 */
import type { Db, Queryable } from '@ihkit/adapters';
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';
import { retryDelayMs } from '../regulator/outbox.js';

/** The notice that a refund was recorded (payload: nothing; the relay reads the table). */
export const REFUND_CHANNEL = 'ihkit_refund';

/** How long a relay owns the rows it claimed before another may try them. */
const CLAIM_MS = 2 * 60_000;
const BATCH = 20;

export interface RefundRow {
  id: string;
  payment_id: string;
  provider: string;
  provider_ref: string;
  amount: number;
  /** What the payment was for (WeChat Pay asks for it beside the refund's amount). */
  order_amount: number;
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

/** A refund's payment was made with a provider this gateway no longer has: it waits, and says so. */
class UnknownProvider extends Error {
  override readonly name = 'UnknownProvider';
  constructor(provider: string) {
    super(`no payment provider named ${provider} on this gateway`);
  }
}

/** Claims the due refunds for this relay (a short transaction). */
async function claimDue(db: Db, now: Date): Promise<RefundRow[]> {
  const { rows } = await db.query<RefundRow>(
    `UPDATE refunds SET claimed_until = $2, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM refunds
         WHERE done_at IS NULL AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
         ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, payment_id, provider, provider_ref, amount, currency, reason, attempts,
                (SELECT p.amount FROM payments p WHERE p.id = refunds.payment_id) AS order_amount`,
    [now, new Date(now.getTime() + CLAIM_MS)],
  );
  return rows;
}

/** Asks the provider for every due refund; returns how many it made and how many failed. */
export async function relayRefunds(services: Services): Promise<{ done: number; failed: number }> {
  if (!services.payments.all.length) return { done: 0, failed: 0 };
  let done = 0;
  let failed = 0;
  for (;;) {
    const due = await claimDue(services.db, services.now());
    for (const r of due) {
      try {
        // Each refund goes back through the provider its payment was made with.
        const provider = services.payments.get(r.provider);
        if (!provider) throw new UnknownProvider(r.provider);
        const { refundRef } = await provider.refund({
          refundId: r.id,
          orderId: r.payment_id,
          providerRef: r.provider_ref,
          amount: { amount: r.amount, currency: r.currency },
          orderAmount: { amount: r.order_amount, currency: r.currency },
          reason: r.reason,
        });
        await services.db.query('UPDATE refunds SET done_at = $2, refund_ref = $3, claimed_until = NULL, last_error = NULL WHERE id = $1', [r.id, services.now(), refundRef]);
        await services.db.query('UPDATE payments SET refund_ref = $2 WHERE id = $1', [r.payment_id, refundRef]);
        done += 1;
      } catch (err) {
        const e = safeError(err);
        const retryAt = new Date(services.now().getTime() + retryDelayMs(r.attempts));
        await services.db.query('UPDATE refunds SET next_attempt_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1', [r.id, retryAt, `${e.type}${e.code ? ` ${e.code}` : ''}`]);
        services.log?.warn({ refundId: r.id, attempts: r.attempts, errorType: e.type, errorCode: e.code }, 'a refund at the payment provider failed; will retry');
        failed += 1;
      }
    }
    if (due.length < BATCH) return { done, failed };
  }
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
