/**
 * What a provider says of a payment — a notification, or the answer to an order query — is
 * applied here, once: each word is recorded in `payment_notifications` by its id (an order
 * query's id is `query:<payment id>`, so a later notification of the same payment finds it paid
 * and changes nothing). Only `paid` for the order's exact amount pays; a different amount is
 * refused, recorded, and shown to the finance office as a difference. Money that arrives for
 * an order that was closed, or for something no longer payable, goes back through the refund
 * outbox.
 */
import type { OrderState, PaymentNotice, Queryable } from '@ihkit/adapters';
import { registrationPaid } from '../booking/fees.js';
import { differencePaid } from '../booking/reschedule-difference.js';
import { consultPaid } from '../consults/payments.js';
import { newId } from '../ids.js';
import type { Services } from '../operations.js';
import { prescriptionPaid } from '../prescriptions/lifecycle.js';
import { findPayment, type PaymentRow } from './orders.js';
import { recordRefund } from './refunds.js';

export type NoticeOutcome = 'applied' | 'repeat' | 'already' | 'ignored' | 'amount_mismatch';

/** Applies `notice` from `provider` in the caller's transaction. Returns the payment (undefined: no such order of that provider) and what became of it. */
export async function applyNoticeIn(tx: Queryable, services: Services, provider: string, notice: PaymentNotice): Promise<{ payment?: PaymentRow; outcome: NoticeOutcome }> {
  const payment = await findPayment(tx, { id: notice.orderId }, true);
  if (!payment || payment.provider !== provider) return { outcome: 'ignored' };
  const seen = await tx.query<{ outcome: NoticeOutcome }>('SELECT outcome FROM payment_notifications WHERE provider = $1 AND notification_id = $2', [provider, notice.notificationId]);
  if (seen.rows[0]) return { payment, outcome: seen.rows[0].outcome === 'amount_mismatch' ? 'amount_mismatch' : 'repeat' };
  const record = (outcome: NoticeOutcome) =>
    tx.query('INSERT INTO payment_notifications (provider, notification_id, payment_id, outcome, amount, currency, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [provider, notice.notificationId, payment.id, outcome, notice.amount.amount, notice.amount.currency, services.now()]);
  if (notice.status !== 'paid') {
    await record('ignored');
    return { payment, outcome: 'ignored' };
  }
  if (notice.amount.amount !== payment.amount || notice.amount.currency !== payment.currency) {
    await record('amount_mismatch');
    await tx.query(
      `INSERT INTO payment_differences (id, provider, source, kind, line, payment_id, provider_ref, ours_amount, theirs_amount, currency, detected_at)
       VALUES ($1, $2, 'notification', 'mismatch', 'payment', $3, $4, $5, $6, $7, $8)`,
      [newId('pdf'), provider, payment.id, notice.providerRef ?? null, payment.amount, notice.amount.amount, notice.amount.currency, services.now()],
    );
    services.log.warn({ paymentId: payment.id, provider }, 'a payment provider told another amount than the order’s: refused, and shown to the finance office');
    return { payment, outcome: 'amount_mismatch' };
  }
  if (payment.status === 'paid' || payment.status === 'refunded') {
    await record('already');
    return { payment, outcome: 'already' };
  }
  await record('applied');
  const now = services.now();
  const closed = payment.status === 'closed';
  // A closed order stays out of the live ones (another may be pending): it goes straight to refunded.
  await tx.query(`UPDATE payments SET status = CASE WHEN status = 'closed' THEN status ELSE 'paid' END, paid_at = $2, provider_txn = $3, provider_paid_at = $4, next_query_at = NULL WHERE id = $1`, [
    payment.id,
    now,
    notice.providerRef ?? null,
    new Date(notice.at),
  ]);
  const paid = (await findPayment(tx, { id: payment.id }))!;
  if (closed) {
    // The payer paid an order the gateway had closed (another method was chosen): it goes back.
    await recordRefund(tx, paid, 'The payment arrived for an order that had been closed.', now);
  } else {
    await paymentArrived(tx, services, paid, new Date(notice.at));
  }
  return { payment: (await findPayment(tx, { id: payment.id }))!, outcome: 'applied' };
}

/** Applies `notice` in a transaction of its own. */
export function applyNotice(services: Services, provider: string, notice: PaymentNotice) {
  return services.db.transaction((tx) => applyNoticeIn(tx, services, provider, notice));
}

/** An order query's answer that it was paid, as a notice (its id makes it count once). */
export function noticeOfQuery(payment: PaymentRow, state: OrderState, now: Date): PaymentNotice | undefined {
  if (state.status !== 'paid' || !state.amount) return undefined;
  return { notificationId: `query:${payment.id}`, orderId: payment.id, status: 'paid', amount: state.amount, at: state.at ?? now.toISOString(), ...(state.providerRef ? { providerRef: state.providerRef } : {}) };
}

/**
 * Asks the provider about a pending order, in the caller's transaction (the row locked), and
 * applies it when it was paid. Returns the payment as it then stands.
 */
export async function settleByQuery(tx: Queryable, services: Services, payment: PaymentRow): Promise<PaymentRow> {
  const adapter = services.payments.get(payment.provider);
  if (payment.status !== 'pending' || !adapter?.queryOrder) return payment;
  const notice = noticeOfQuery(payment, await adapter.queryOrder({ orderId: payment.id }), services.now());
  if (!notice) return payment;
  return (await applyNoticeIn(tx, services, payment.provider, notice)).payment ?? payment;
}

/**
 * A payment was paid (inside the notification's transaction): the consult becomes paid, the
 * prescription goes to the pharmacy, the held appointment is confirmed (booking/fees.ts), or a
 * move's difference lets it be made (booking/reschedule-difference.ts); for one that ended meanwhile, the money goes back.
 */
async function paymentArrived(tx: Queryable, services: Services, payment: PaymentRow, providerAt: Date): Promise<void> {
  if (payment.reschedule_id) {
    await differencePaid(tx, services, payment);
    return;
  }
  if (payment.appointment_id) {
    await registrationPaid(tx, services, payment);
    return;
  }
  if (payment.prescription_id) {
    await prescriptionPaid(tx, services, payment.prescription_id, providerAt);
    return;
  }
  await consultPaid(tx, services, payment.consult_id!, payment.id);
}
