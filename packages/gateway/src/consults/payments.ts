/**
 * Paying for a consult and giving the money back: the consult's fee is a payment order
 * (payments/orders.ts) that the patient pays with the method they choose; a provider's word
 * that it was paid is applied once (payments/apply.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment, orderPayment, refundPayment, type PayerChoice, type PaymentRow } from '../payments/orders.js';
import type { ConsultRow } from './store.js';

// Where these lived before payments/orders.ts: kept for the modules that import them from here.
export { findPayment, refundPayment, toPayment, type PaymentRow } from '../payments/orders.js';

/** What the payer sees at the provider. */
export const CONSULT_DESCRIPTION = 'Online follow-up consult';

/** The consult's payment order with the chosen method (the row is locked by the caller). */
export async function orderFor(tx: Queryable, row: ConsultRow, services: Services, choice: PayerChoice): Promise<PaymentRow> {
  const existing = await findPayment(tx, { consultId: row.id });
  if (existing && existing.status !== 'pending') return existing;
  if (row.status !== 'requested') {
    if (existing) return existing;
    throw new HttpProblem('INVALID_STATE', `A ${row.status} consult cannot be paid.`);
  }
  const expiresAt = new Date(row.created_at.getTime() + services.consultRules.payMinutes * 60_000);
  return orderPayment(tx, services, { consultId: row.id, amount: { amount: row.fee_amount, currency: row.fee_currency }, description: CONSULT_DESCRIPTION, expiresAt }, choice, (p) => settleByQuery(tx, services, p));
}

/**
 * Refunds the consult's payment if it was paid: recorded in the caller's transaction and made
 * at the provider once that commits (payments/refunds.ts).
 */
export async function refundIfPaid(tx: Queryable, consultId: string, services: Services, reason: string): Promise<void> {
  await refundPayment(tx, services, { consultId }, reason);
}
