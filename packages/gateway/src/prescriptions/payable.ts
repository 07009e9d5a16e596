/**
 * What paying a prescription needs first, however it is paid (payPrescription, or medical
 * insurance's settleInsurance): the fulfilment chosen (a pickup point of the pharmacy, or an
 * address), and an approved, signed, unexpired prescription, its fulfilment recorded.
 */
import type { Queryable } from '@ihkit/adapters';
import type { FulfilmentInput } from '@ihkit/core';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { prescriptionChanged } from './notices.js';
import { assertPayable } from './signatures.js';
import { assertMove, type FulfilmentChoice, type PrescriptionRow } from './store.js';

/** The fulfilment the patient chose, its pickup point looked up at the pharmacy (outside any transaction). */
export async function fulfilmentOf(services: Services, choice: FulfilmentInput): Promise<FulfilmentChoice> {
  if (!services.pharmacy) throw new HttpProblem('INVALID_STATE', 'No pharmacy is configured on this gateway.');
  if (choice.method !== 'pickup') return { method: 'delivery', address: choice.address };
  const pickupPoint = (await services.pharmacy.pickupPoints()).find((p) => p.id === choice.pickupPointId);
  if (!pickupPoint) throw new HttpProblem('VALIDATION_FAILED', 'No such pickup point.', [{ pointer: '/body/fulfilment/pickupPointId', message: 'is not a pickup point' }]);
  return { method: 'pickup', pickupPoint };
}

/**
 * Checks that `row` (locked by the caller) can be paid now, and records `fulfilment` when given
 * (the first choice stays while an order is pending).
 */
export async function preparePayment(tx: Queryable, services: Services, row: PrescriptionRow, fulfilment: FulfilmentChoice | undefined): Promise<void> {
  assertMove(row, 'pay');
  await assertPayable(services, row);
  if (row.valid_until < services.now()) throw new HttpProblem('PRESCRIPTION_EXPIRED');
  if (!fulfilment) return;
  await tx.query(`UPDATE prescriptions SET fulfilment = $2, fulfilment_status = 'waiting_payment', fulfilment_updated_at = $3 WHERE id = $1`, [row.id, JSON.stringify(fulfilment), services.now()]);
  await prescriptionChanged(tx, row.id, { review: false }); // the patient's other accounts see the choice
}
