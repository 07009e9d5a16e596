/**
 * Who may see a prescription and in which role, and what happens when one is paid. The
 * patient's accounts, its doctor and every pharmacist of its organization see it; anyone else
 * gets NOT_FOUND.
 * Which of them may call an operation at all is the contract's `x-ihkit-roles` (the router).
 */
import type { Queryable } from '@ihkit/adapters';
import { refundPayment } from '../payments/orders.js';
import { reverseInsurance } from '../insurance/reversals.js';
import { safeError } from '../logging.js';
import type { Call, OperationId, Services } from '../operations.js';
import { signedIn } from '../operations.js';
import { withinOrganization } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, type UserRow } from '../users.js';
import { dispatchToPharmacy } from './fulfilment.js';
import { assertPayable } from './signatures.js';
import { appendHistory, canMove, findPrescription, type PrescriptionRow } from './store.js';

export type PrescriptionRole = 'patient' | 'doctor' | 'pharmacist';

export async function prescriptionRole(q: Queryable, user: UserRow, row: Pick<PrescriptionRow, 'doctor_user_id' | 'patient_id' | 'organization_id'>): Promise<PrescriptionRole | undefined> {
  if (!withinOrganization(user, row.organization_id)) return undefined;
  if (user.role === 'pharmacist') return 'pharmacist';
  if (user.role === 'doctor') return row.doctor_user_id === user.id ? 'doctor' : undefined;
  if (user.role === 'patient') return (await linkedPatient(q, user.id, row.patient_id)) ? 'patient' : undefined;
  return undefined;
}

/** The prescription named by the call for someone who may see it (NOT_FOUND otherwise). */
export async function openPrescription(call: Call<OperationId>, q: Queryable, id: string, opts: { forUpdate?: boolean } = {}) {
  const user = signedIn(call);
  call.audit.resourceId = id;
  const row = await findPrescription(q, id, opts.forUpdate);
  if (row) call.audit.patientIds.push(row.patient_id);
  const role = row && (await prescriptionRole(q, user, row));
  if (!row || !role) throw new HttpProblem('NOT_FOUND');
  return { row, role, user };
}

/**
 * A payment for the prescription arrived (inside the notification's transaction). An approved
 * prescription, both of its signatures valid, that was still valid when the provider took the
 * money (`paidAt`, its own time, never later than now) becomes paid and goes to the pharmacy;
 * otherwise the money goes back.
 */
export async function prescriptionPaid(tx: Queryable, services: Services, id: string, paidAt?: Date): Promise<void> {
  const row = (await findPrescription(tx, id, true))!;
  const now = services.now();
  const when = paidAt && paidAt < now ? paidAt : now;
  // Both signatures must still hold: a prescription changed after signing is not dispensed, and the money goes back.
  const signed = await assertPayable(services, row).then(() => true, () => false);
  if (!signed) services.log.warn({ prescriptionId: id }, 'a payment arrived for a prescription whose signatures do not verify: refunded');
  if (!signed || !canMove(row, 'paid') || row.valid_until < when) {
    const reason = signed ? 'The prescription was no longer payable when the payment arrived.' : 'The prescription’s signatures do not verify.';
    await refundPayment(tx, services, { prescriptionId: id }, reason);
    await reverseInsurance(tx, services, { prescriptionId: id }, reason);
    return;
  }
  await tx.query(`UPDATE prescriptions SET status = 'paid', fulfilment_status = 'preparing', fulfilment_updated_at = $2 WHERE id = $1`, [id, now]);
  await appendHistory(tx, row, 'paid', null, {}, now);
  try {
    await dispatchToPharmacy(tx, { ...row, status: 'paid' }, services);
  } catch (err) {
    // Paid stays paid: the gateway's timer sends it to the pharmacy again.
    services.log?.warn({ err: safeError(err) }, 'sending a paid prescription to the pharmacy failed; will retry');
  }
}
