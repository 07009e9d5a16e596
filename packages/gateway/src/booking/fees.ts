/**
 * Registration fees (挂号费) paid online. Booking a slot that has a fee takes the place in the
 * HIS at once (so holds count against the slot's capacity like any booking, and racing patients
 * never overbook) and holds it here, in `appointment_fees`, until the fee is paid: the payment's
 * arrival confirms it; unpaid by `hold_until` the hold lapses (holds.ts). Every change locks the
 * appointment's row, so a hold is paid or lapses, never both: a payment that arrives for a hold
 * that lapsed, or an appointment already cancelled, goes straight back through the refund
 * outbox. Cancelling a paid appointment gives back the hospital's share (refundShare), once.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Appointment, Money, RegistrationFee } from '@ihkit/core';
import type { Services } from '../operations.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment, orderPayment, refundPayment, type PayerChoice, type PaymentRow } from '../payments/orders.js';
import { recordRefund } from '../payments/refunds.js';
import { HttpProblem } from '../problems.js';

export interface BookingFeeRules {
  /** How long a place is held while its fee is unpaid; 0: fees are not charged online. */
  holdMinutes: number;
  /** Cancelled at least this long before the start: the whole fee goes back. */
  refundCutoffMinutes: number;
  /** Cancelled later: this share of the fee (0–100) goes back. */
  lateRefundPercent: number;
}

export interface FeeRow {
  appointment_id: string;
  patient_id: string;
  user_id: string;
  slot_id: string;
  starts_at: Date;
  amount: number;
  currency: string;
  status: RegistrationFee['status'];
  hold_until: Date;
  created_at: Date;
  paid_at: Date | null;
  ended_at: Date | null;
  released_at: Date | null;
  refund_amount: number | null;
}

/** What the payer sees at the provider: never the department or the doctor. */
export const REGISTRATION_DESCRIPTION = 'Registration fee';

/** Whether booking a slot with this fee holds it until the fee is paid online. */
export function chargedOnline(services: Services, fee: Money): boolean {
  return fee.amount > 0 && services.bookingFees.holdMinutes > 0 && services.payments.all.length > 0;
}

export async function findFee(q: Queryable, appointmentId: string, forUpdate = false): Promise<FeeRow | undefined> {
  const { rows } = await q.query<FeeRow>(`SELECT * FROM appointment_fees WHERE appointment_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [appointmentId]);
  return rows[0];
}

/**
 * Holds a newly booked appointment's place until its fee is paid (in the caller's transaction).
 * A replayed booking finds its hold as it stands.
 */
export async function holdPlace(tx: Queryable, services: Services, appointment: Appointment, userId: string): Promise<FeeRow> {
  const now = services.now();
  await tx.query(
    `INSERT INTO appointment_fees (appointment_id, patient_id, user_id, slot_id, starts_at, amount, currency, status, hold_until, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'held', $8, $9) ON CONFLICT (appointment_id) DO NOTHING`,
    [appointment.id, appointment.patientId, userId, appointment.slotId, new Date(appointment.start), appointment.fee.amount, appointment.fee.currency, new Date(now.getTime() + services.bookingFees.holdMinutes * 60_000), now],
  );
  return (await findFee(tx, appointment.id))!;
}

/** What the answer says of the refunds of a fee: whether the provider has made them all. */
type RefundState = { refunds_done: boolean | null };

function registrationOf(fee: FeeRow & RefundState, paymentId: string | null, rules: BookingFeeRules): RegistrationFee {
  const money = (amount: number) => ({ amount, currency: fee.currency });
  return {
    status: fee.status,
    amount: money(fee.amount),
    ...(fee.status === 'held' ? { holdUntil: fee.hold_until.toISOString() } : {}),
    ...(paymentId ? { paymentId } : {}),
    ...(fee.refund_amount ? { refunded: money(fee.refund_amount), refundStatus: fee.refunds_done ? 'made' : 'pending' } : {}),
    ...(fee.status === 'paid'
      ? {
          fullRefundUntil: new Date(fee.starts_at.getTime() - rules.refundCutoffMinutes * 60_000).toISOString(),
          lateRefund: money(refundShare(rules, fee.starts_at, fee.starts_at, fee.amount)),
        }
      : {}),
  };
}

/** The appointments with their registration fee, where it is charged online. */
export async function withRegistration(q: Queryable, rules: BookingFeeRules, appointments: Appointment[]): Promise<Appointment[]> {
  if (!appointments.length) return appointments;
  const { rows } = await q.query<FeeRow & RefundState & { payment_id: string | null }>(
    `SELECT f.*, (SELECT p.id FROM payments p WHERE p.appointment_id = f.appointment_id AND p.reschedule_id IS NULL AND p.status <> 'closed' ORDER BY (p.status IN ('pending', 'paid')) DESC, p.created_at DESC LIMIT 1) AS payment_id,
            (SELECT bool_and(r.done_at IS NOT NULL) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.appointment_id = f.appointment_id) AS refunds_done
       FROM appointment_fees f WHERE f.appointment_id = ANY($1)`,
    [appointments.map((a) => a.id)],
  );
  const byId = new Map(rows.map((r) => [r.appointment_id, r]));
  return appointments.map((a) => {
    const fee = byId.get(a.id);
    return fee ? { ...a, registration: registrationOf(fee, fee.payment_id, rules) } : a;
  });
}

/** The held appointment's payment order with the chosen method (its fee row locked here). */
export async function orderRegistration(tx: Queryable, services: Services, appointmentId: string, choice: PayerChoice): Promise<PaymentRow> {
  const fee = await findFee(tx, appointmentId, true);
  if (!fee) throw new HttpProblem('INVALID_STATE', 'This appointment has no fee to pay online.');
  const existing = await findPayment(tx, { appointmentId });
  if (existing && existing.status !== 'pending') return existing;
  if (fee.status !== 'held' || fee.hold_until <= services.now()) {
    throw new HttpProblem('INVALID_STATE', `The place is no longer held (${fee.status === 'held' ? 'lapsed' : fee.status}): book again.`);
  }
  return orderPayment(
    tx,
    services,
    { appointmentId, amount: { amount: fee.amount, currency: fee.currency }, description: REGISTRATION_DESCRIPTION, expiresAt: fee.hold_until },
    choice,
    (p) => settleByQuery(tx, services, p),
  );
}

/**
 * The fee's payment arrived (inside the notification's transaction): a held place is confirmed;
 * for a hold that lapsed, or an appointment cancelled meanwhile, the money goes back.
 */
export async function registrationPaid(tx: Queryable, services: Services, payment: PaymentRow): Promise<void> {
  const fee = await findFee(tx, payment.appointment_id!, true);
  if (fee?.status === 'held') {
    await tx.query(`UPDATE appointment_fees SET status = 'paid', paid_at = $2 WHERE appointment_id = $1`, [fee.appointment_id, services.now()]);
    return;
  }
  await refundPayment(tx, services, { id: payment.id }, 'The place was no longer held when the registration fee arrived.');
  if (fee) await tx.query('UPDATE appointment_fees SET refund_amount = $2 WHERE appointment_id = $1', [fee.appointment_id, payment.amount]);
}

/** What goes back of `amount` when an appointment starting at `start` is cancelled at `now`. */
export function refundShare(rules: BookingFeeRules, start: Date, now: Date, amount: number): number {
  if (start.getTime() - now.getTime() >= rules.refundCutoffMinutes * 60_000) return amount;
  return Math.floor((amount * rules.lateRefundPercent) / 100);
}

/**
 * The appointment was cancelled in the HIS: its fee is settled, in the caller's transaction, once
 * however often it is asked. Held: nothing was paid (a payment still on its way is given back
 * when it arrives, after the provider is asked once more). Paid: the hospital's share goes back.
 */
export async function cancelRegistration(tx: Queryable, services: Services, appointmentId: string): Promise<void> {
  let fee = await findFee(tx, appointmentId, true);
  if (!fee || (fee.status !== 'held' && fee.status !== 'paid')) return;
  const now = services.now();
  if (fee.status === 'held') {
    const pending = await findPayment(tx, { appointmentId }, true);
    if (pending?.status === 'pending') {
      // Paid meanwhile, its notification lost: it counts, and is then refunded as a paid one.
      await settleByQuery(tx, services, pending).catch((err: unknown) =>
        services.log.warn({ appointmentId, errorType: (err as Error)?.name }, 'could not ask the payment provider while cancelling a held appointment; a late payment will be given back'),
      );
      fee = (await findFee(tx, appointmentId))!;
    }
  }
  if (fee.status === 'held') {
    await tx.query(`UPDATE appointment_fees SET status = 'cancelled', ended_at = $2, released_at = $2 WHERE appointment_id = $1`, [appointmentId, now]);
    return;
  }
  const share = refundShare(services.bookingFees, fee.starts_at, now, fee.amount);
  await tx.query(`UPDATE appointment_fees SET status = 'cancelled', ended_at = $2, released_at = $2, refund_amount = coalesce(refund_amount, 0) + $3 WHERE appointment_id = $1`, [appointmentId, now, share]);
  if (share > 0) await refundAppointment(tx, services, appointmentId, share, 'The appointment was cancelled.');
}

/**
 * Gives back `amount` of what was paid for an appointment (in the caller's transaction): from its
 * fee's payment first, then from the differences of its moves to dearer slots, each up to what is
 * left of it. With a `part` (a move's id) each payment stays paid, so more can follow.
 */
export async function refundAppointment(tx: Queryable, services: Services, appointmentId: string, amount: number, reason: string, part?: string): Promise<void> {
  const { rows } = await tx.query<PaymentRow>(
    `SELECT id, provider, provider_ref, amount, currency FROM payments WHERE appointment_id = $1 AND status = 'paid' ORDER BY reschedule_id IS NOT NULL, created_at FOR UPDATE`,
    [appointmentId],
  );
  let due = amount;
  for (const payment of rows) {
    if (due <= 0) break;
    const given = await tx.query<{ n: number }>('SELECT coalesce(sum(amount), 0)::int AS n FROM refunds WHERE payment_id = $1', [payment.id]);
    const share = Math.min(due, payment.amount - given.rows[0]!.n);
    if (share <= 0) continue;
    await recordRefund(tx, payment, reason, services.now(), share, part);
    due -= share;
  }
}
