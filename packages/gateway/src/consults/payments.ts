/**
 * Paying for a consult and giving the money back: the consult's fee is a payment order
 * (payments/orders.ts) that the patient pays with the method they choose, or settled through
 * medical insurance (consults/insured.ts) with its self-pay part such an order; a provider's
 * word that it was paid is applied once (payments/apply.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import { reverseInsurance } from '../insurance/reversals.js';
import { liveSettlement } from '../insurance/store.js';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment, orderPayment, refundPayment, type PayerChoice, type PaymentRow } from '../payments/orders.js';
import { findConsult, transition, type ConsultRow } from './store.js';

// Where these lived before payments/orders.ts: kept for the modules that import them from here.
export { findPayment, refundPayment, toPayment, type PaymentRow } from '../payments/orders.js';

/** What the payer sees at the provider. */
export const CONSULT_DESCRIPTION = 'Online follow-up consult';

/** Unpaid by then, the consult is cancelled (consults/expiry.ts) and its order refused at the provider. */
export function payBy(row: ConsultRow, services: Services): Date {
  return new Date(row.created_at.getTime() + services.consultRules.payMinutes * 60_000);
}

/**
 * The consult's payment order with the chosen method (the row is locked by the caller): for
 * its fee, or, settled through medical insurance, for the self-pay part left.
 */
export async function orderFor(tx: Queryable, row: ConsultRow, services: Services, choice: PayerChoice): Promise<PaymentRow> {
  const existing = await findPayment(tx, { consultId: row.id });
  if (existing && existing.status !== 'pending') return existing;
  if (row.status !== 'requested') {
    if (existing) return existing;
    throw new HttpProblem('INVALID_STATE', `A ${row.status} consult cannot be paid.`);
  }
  const settled = await liveSettlement(tx, { consultId: row.id });
  if (settled && settled.status !== 'settled') throw new HttpProblem('INVALID_STATE', 'The consult is being settled through medical insurance.');
  const amount = settled?.split ? settled.split.selfPay : { amount: row.fee_amount, currency: row.fee_currency };
  return orderPayment(tx, services, { consultId: row.id, amount, description: CONSULT_DESCRIPTION, expiresAt: payBy(row, services) }, choice, (p) => settleByQuery(tx, services, p));
}

/**
 * The consult's fee was paid (a payment arrived, or medical insurance settled all of it), in
 * the caller's transaction: a consult still waiting for it becomes paid and goes to its
 * doctor; one that ended meanwhile (not paid in time, withdrawn) gets the money back — the
 * payment `paymentId` names, and the insurer's part.
 */
export async function consultPaid(tx: Queryable, services: Services, consultId: string, paymentId?: string): Promise<void> {
  const row = (await findConsult(tx, consultId, true))!;
  const now = services.now();
  if (row.status === 'requested') {
    await transition(tx, row, 'pay', { paid_at: now, accept_by: new Date(now.getTime() + services.consultRules.acceptMinutes * 60_000) }, now);
    return;
  }
  const reason = 'The consult had ended before the payment arrived.';
  if (paymentId) await refundPayment(tx, services, { id: paymentId }, reason);
  await reverseInsurance(tx, services, { consultId }, reason);
}

/**
 * Gives the consult's money back if it was paid: its payment refunded and its insurance
 * settlement reversed, recorded in the caller's transaction and made at the provider and the
 * insurer once that commits (payments/refunds.ts, insurance/reversals.ts).
 */
export async function refundIfPaid(tx: Queryable, consultId: string, services: Services, reason: string): Promise<void> {
  await refundPayment(tx, services, { consultId }, reason);
  await reverseInsurance(tx, services, { consultId }, reason);
}
