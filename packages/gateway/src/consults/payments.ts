/**
 * Paying for a consult and giving the money back. The gateway keeps its own `payments` row
 * per consult; the PaymentAdapter talks to the provider. A provider's notification is
 * applied once (payment_notifications), only with the amount that was asked for; money that
 * arrives for a consult that ended meanwhile is refunded at once.
 */
import type { IncomingNotification, Queryable } from '@ihkit/adapters';
import type { Money, Payment } from '@ihkit/core';
import type { AuditNote } from '../audit.js';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { prescriptionPaid } from '../prescriptions/lifecycle.js';
import { findConsult, newId, transition, type ConsultRow } from './store.js';
import { recordRefund } from '../payments/refunds.js';

export interface PaymentRow {
  id: string;
  consult_id: string;
  prescription_id: string | null;
  provider: string;
  provider_ref: string | null;
  checkout_url: string | null;
  amount: number;
  currency: string;
  status: Payment['status'];
  paid_at: Date | null;
}

const COLUMNS = 'id, consult_id, prescription_id, provider, provider_ref, checkout_url, amount, currency, status, paid_at';

export function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    consultId: r.consult_id,
    ...(r.prescription_id ? { prescriptionId: r.prescription_id } : {}),
    status: r.status,
    amount: { amount: r.amount, currency: r.currency },
    provider: r.provider,
    ...(r.checkout_url ? { checkoutUrl: r.checkout_url } : {}),
    ...(r.paid_at ? { paidAt: r.paid_at.toISOString() } : {}),
  };
}

/** A payment by its id, the consult's own payment (its fee), or a prescription's. */
export async function findPayment(q: Queryable, where: { id: string } | { consultId: string } | { prescriptionId: string }, forUpdate = false): Promise<PaymentRow | undefined> {
  const [condition, value] = 'id' in where ? ['id = $1', where.id] : 'consultId' in where ? ['consult_id = $1 AND prescription_id IS NULL', where.consultId] : ['prescription_id = $1', where.prescriptionId];
  const { rows } = await q.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE ${condition}${forUpdate ? ' FOR UPDATE' : ''}`, [value]);
  return rows[0];
}

function paymentsOf(services: Services) {
  if (!services.payments) throw new HttpProblem('PAYMENT_UNAVAILABLE', 'No payment adapter is configured on this gateway.');
  return services.payments;
}

/** The consult's payment order, made at the provider on first call (the row is locked by the caller). */
export async function orderFor(tx: Queryable, row: ConsultRow, services: Services): Promise<PaymentRow> {
  const existing = await findPayment(tx, { consultId: row.id });
  if (existing) return existing;
  if (row.status !== 'requested') throw new HttpProblem('INVALID_STATE', `A ${row.status} consult cannot be paid.`);
  return createPaymentOrder(tx, services, { consultId: row.id, amount: { amount: row.fee_amount, currency: row.fee_currency }, description: 'Online follow-up consult' });
}

/** Opens an order at the provider and records it as pending. */
export async function createPaymentOrder(tx: Queryable, services: Services, order: { consultId: string; prescriptionId?: string; amount: Money; description: string }): Promise<PaymentRow> {
  const payments = paymentsOf(services);
  const id = newId('pay');
  const created = await payments.createOrder({ orderId: id, amount: order.amount, description: order.description });
  await tx.query(
    `INSERT INTO payments (id, consult_id, prescription_id, provider, provider_ref, checkout_url, amount, currency, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)`,
    [id, order.consultId, order.prescriptionId ?? null, payments.provider, created.providerRef, created.checkoutUrl ?? null, order.amount.amount, order.amount.currency, services.now()],
  );
  return (await findPayment(tx, { id }))!;
}

/**
 * Refunds the consult's payment if it was paid: recorded in the caller's transaction and made
 * at the provider once that commits (payments/refunds.ts).
 */
export async function refundIfPaid(tx: Queryable, consultId: string, services: Services, reason: string): Promise<void> {
  await refundPayment(tx, services, { consultId }, reason);
}

/**
 * Records the refund of a paid payment (the consult's fee, or a prescription's) in the
 * caller's transaction; anything not paid is left alone. Call it only once the transition
 * that gives the money back has been allowed: the provider is asked after the commit.
 */
export async function refundPayment(tx: Queryable, services: Services, which: { consultId: string } | { prescriptionId: string }, reason: string): Promise<void> {
  const payment = await findPayment(tx, which, true);
  if (!payment || payment.status !== 'paid') return;
  await recordRefund(tx, payment, reason, services.now());
}

/**
 * Verifies and applies a provider's notification. Repeats are answered as handled and change
 * nothing. Returns the payment; `note` learns its id and patient inside the transaction.
 */
export async function applyNotification(services: Services, provider: string, notification: IncomingNotification, note?: AuditNote): Promise<PaymentRow> {
  const payments = paymentsOf(services);
  if (provider !== payments.provider) throw new HttpProblem('NOT_FOUND', 'No such payment provider on this gateway.');
  const notice = await payments.verifyNotification(notification);
  return services.db.transaction(async (tx) => {
    const payment = await findPayment(tx, { id: notice.orderId }, true);
    if (!payment || payment.provider !== provider) throw new HttpProblem('NOT_FOUND', 'No such payment order.');
    if (note) {
      note.resourceId = payment.id;
      const consult = await findConsult(tx, payment.consult_id);
      if (consult) note.patientIds.push(consult.patient_id);
    }
    const fresh = await tx.query('INSERT INTO payment_notifications (provider, notification_id, payment_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING payment_id', [provider, notice.notificationId, payment.id]);
    if (!fresh.rows.length || payment.status !== 'pending' || notice.status !== 'paid') return payment;
    if (notice.amount.amount !== payment.amount || notice.amount.currency !== payment.currency) {
      throw new HttpProblem('VALIDATION_FAILED', 'The notified amount is not the amount of the order.');
    }
    const now = services.now();
    await tx.query(`UPDATE payments SET status = 'paid', paid_at = $2 WHERE id = $1`, [payment.id, now]);
    if (payment.prescription_id) {
      await prescriptionPaid(tx, services, payment.prescription_id);
      return (await findPayment(tx, { id: payment.id }))!;
    }
    const row = (await findConsult(tx, payment.consult_id, true))!;
    if (row.status === 'requested') {
      await transition(tx, row, 'pay', { paid_at: now, accept_by: new Date(now.getTime() + services.consultRules.acceptMinutes * 60_000) }, now);
    } else {
      // The consult ended while its payer was paying (not paid in time, withdrawn): give the money back.
      await refundIfPaid(tx, row.id, services, 'The consult had ended before the payment arrived.');
    }
    return (await findPayment(tx, { id: payment.id }))!;
  });
}
