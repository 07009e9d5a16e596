/**
 * Payment orders: the gateway's `payments` rows, one per order at a provider. A consult's fee,
 * a prescription or an appointment's registration fee has at most one live order (pending or paid); choosing another method
 * closes the pending one at its provider first and opens a new one, so an order id is never
 * reused across providers or channels. Provider calls run inside the caller's transaction
 * (the row is locked): a checkout leaves the gateway only once its order is recorded.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentChannel, Queryable } from '@ihkit/adapters';
import type { Money, Payment, PaymentChoice, WechatJsapiParams } from '@ihkit/core';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { recordRefund } from './refunds.js';

export interface PaymentRow {
  id: string;
  consult_id: string | null;
  prescription_id: string | null;
  appointment_id: string | null;
  /** With appointment_id: the move to a dearer slot whose difference this pays (booking/reschedule-difference.ts). */
  reschedule_id: string | null;
  provider: string;
  channel: PaymentChannel | null;
  provider_ref: string | null;
  checkout_url: string | null;
  checkout: WechatJsapiParams | null;
  amount: number;
  currency: string;
  status: Payment['status'];
  created_at: Date;
  expires_at: Date | null;
  paid_at: Date | null;
}

const COLUMNS = 'id, consult_id, prescription_id, appointment_id, reschedule_id, provider, channel, provider_ref, checkout_url, checkout, amount, currency, status, created_at, expires_at, paid_at';

/** When the gateway first asks the provider about an order whose notification has not come. */
export const FIRST_QUERY_MS = 60_000;

export function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    ...(r.consult_id ? { consultId: r.consult_id } : {}),
    ...(r.appointment_id ? { appointmentId: r.appointment_id } : {}),
    ...(r.prescription_id ? { prescriptionId: r.prescription_id } : {}),
    status: r.status,
    amount: { amount: r.amount, currency: r.currency },
    provider: r.provider,
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.checkout_url && r.status === 'pending' ? { checkoutUrl: r.checkout_url } : {}),
    ...(r.checkout && r.status === 'pending' ? { jsapi: r.checkout } : {}),
    ...(r.paid_at ? { paidAt: r.paid_at.toISOString() } : {}),
  };
}

/** What a payment is for: a consult's fee, a prescription, an appointment's registration fee, or the difference of its move to a dearer slot. */
export type PaymentOf = { consultId: string } | { prescriptionId: string } | { appointmentId: string } | { rescheduleId: string };

/** The condition that picks the payments of `where`, and its value. */
function subjectOf(where: PaymentOf): [string, string] {
  if ('consultId' in where) return ['consult_id = $1 AND prescription_id IS NULL', where.consultId];
  if ('appointmentId' in where) return ['appointment_id = $1 AND reschedule_id IS NULL', where.appointmentId];
  if ('rescheduleId' in where) return ['reschedule_id = $1', where.rescheduleId];
  return ['prescription_id = $1', where.prescriptionId];
}

/**
 * A payment by its id, or the current one of what it is for: the live order (pending or paid),
 * else the latest refunded one; closed orders only by id.
 */
export async function findPayment(q: Queryable, where: { id: string } | PaymentOf, forUpdate = false): Promise<PaymentRow | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  if ('id' in where) return (await q.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE id = $1${lock}`, [where.id])).rows[0];
  const [condition, value] = subjectOf(where);
  const { rows } = await q.query<PaymentRow>(
    `SELECT ${COLUMNS} FROM payments WHERE ${condition} AND status <> 'closed' ORDER BY (status IN ('pending', 'paid')) DESC, created_at DESC LIMIT 1${lock}`,
    [value],
  );
  return rows[0];
}

/** Letters, digits and `_` only, at most 32: a merchant order number at every provider. */
function newPaymentId(): string {
  return `pay_${randomBytes(12).toString('hex')}`;
}

/** What is being paid for. */
export interface PaymentSubject {
  /** A consult's fee, or with prescriptionId one of its prescriptions. */
  consultId?: string;
  prescriptionId?: string;
  /** An appointment's registration fee (instead of a consult). */
  appointmentId?: string;
  /** With appointmentId: the difference of its move to a dearer slot. */
  rescheduleId?: string;
  amount: Money;
  /** What the payer sees at the provider: never clinical ("Online consult"). */
  description: string;
  /** Unpaid by then, the provider refuses it. */
  expiresAt: Date;
}

/** The choice of the call, and what the provider may need of the payer. */
export type PayerChoice = PaymentChoice & { clientIp?: string };

/**
 * The subject's order with the chosen method, made at the provider when needed (inside the
 * caller's transaction; the subject is locked by the caller and payable). A pending order with
 * the same method and amount is asked again (the provider answers it once; a fresh checkout); with another
 * method or amount (a part settled through insurance meanwhile) it is first settled: paid meanwhile, it is applied and answered; otherwise closed.
 */
export async function orderPayment(tx: Queryable, services: Services, subject: PaymentSubject, choice: PayerChoice, settle: (payment: PaymentRow) => Promise<PaymentRow>): Promise<PaymentRow> {
  const which: PaymentOf = subject.prescriptionId
    ? { prescriptionId: subject.prescriptionId }
    : subject.rescheduleId
      ? { rescheduleId: subject.rescheduleId }
      : subject.appointmentId
        ? { appointmentId: subject.appointmentId }
        : { consultId: subject.consultId! };
  let current = await findPayment(tx, which, true);
  if (current && current.status !== 'pending') return current;
  const { adapter, channel } = services.payments.choose(choice, current ? { provider: current.provider, channel: current.channel } : undefined);
  const order = (orderId: string) =>
    adapter.createOrder({
      orderId,
      amount: subject.amount,
      description: subject.description,
      channel,
      expiresAt: subject.expiresAt,
      payer: { ...(choice.openId ? { openId: choice.openId } : {}), ...(choice.clientIp ? { clientIp: choice.clientIp } : {}) },
    });
  if (current && current.provider === adapter.provider && current.channel === channel && current.amount === subject.amount.amount) {
    const again = await order(current.id);
    await tx.query('UPDATE payments SET provider_ref = $2, checkout_url = $3, checkout = $4 WHERE id = $1', [current.id, again.providerRef, again.checkoutUrl ?? null, again.jsapi ? JSON.stringify(again.jsapi) : null]);
    return (await findPayment(tx, { id: current.id }))!;
  }
  if (current) {
    current = await closePending(tx, services, current, settle);
    if (current.status !== 'pending' && current.status !== 'closed') return current;
  }
  const id = newPaymentId();
  const created = await order(id);
  const now = services.now();
  await tx.query(
    `INSERT INTO payments (id, consult_id, prescription_id, provider, channel, provider_ref, checkout_url, checkout, amount, currency, status, created_at, expires_at, next_query_at, appointment_id, reschedule_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, $13, $14, $15)`,
    [id, subject.consultId ?? null, subject.prescriptionId ?? null, adapter.provider, channel, created.providerRef, created.checkoutUrl ?? null, created.jsapi ? JSON.stringify(created.jsapi) : null, subject.amount.amount, subject.amount.currency, now, subject.expiresAt, new Date(now.getTime() + FIRST_QUERY_MS), subject.appointmentId ?? null, subject.rescheduleId ?? null],
  );
  return (await findPayment(tx, { id }))!;
}

/**
 * Closes a pending order (locked by the caller) at its provider and here, once `settle` (the
 * order query) found it unpaid; answers it as it then stands (paid meanwhile: not closed).
 */
export async function closePending(tx: Queryable, services: Services, payment: PaymentRow, settle: (payment: PaymentRow) => Promise<PaymentRow>): Promise<PaymentRow> {
  const current = await settle(payment);
  if (current.status !== 'pending') return current;
  await services.payments.get(current.provider)?.closeOrder?.({ orderId: current.id });
  await tx.query(`UPDATE payments SET status = 'closed', closed_at = $2 WHERE id = $1`, [current.id, services.now()]);
  return { ...current, status: 'closed' };
}

/**
 * Records the refund of a paid payment (the consult's fee, or a prescription's) in the
 * caller's transaction; anything not paid is left alone. Call it only once the transition
 * that gives the money back has been allowed: the provider is asked after the commit.
 */
export async function refundPayment(tx: Queryable, services: Services, which: PaymentOf | { id: string }, reason: string, amount?: number, part?: string): Promise<void> {
  const payment = await findPayment(tx, which, true);
  if (!payment || payment.status !== 'paid') return;
  await recordRefund(tx, payment, reason, services.now(), amount, part);
}

/** The payment the call names, or NOT_FOUND. */
export function requirePayment(payment: PaymentRow | undefined): PaymentRow {
  if (!payment) throw new HttpProblem('NOT_FOUND', 'No such payment order.');
  return payment;
}
