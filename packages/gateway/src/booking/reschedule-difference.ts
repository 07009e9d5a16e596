/**
 * A move to a dearer slot (改约补差价), when the registration fee was paid online: the difference
 * is paid before the HIS is asked. The move is recorded `awaiting_payment` with its target slot
 * and a deadline (now + IHKIT_BOOKING_HOLD_MINUTES); the target place is not held meanwhile. The
 * patient pays it through payAppointment (a payment order of the move: `payments.reschedule_id`).
 *
 * - Paid (payments/apply.ts, applied once however often the provider tells): `paid`; the HIS
 *   move then runs (its one step: new place taken, old freed), right after the notification
 *   commits and on every sweep until it answers. Moved: `done`, the fee's total is the new
 *   slot's. Refused (the target place is gone): `failed` (`slot_taken`), the difference refunded
 *   in full, the patient told (notification outbox); the appointment stays where it was.
 * - Unpaid by the deadline: the order is asked about once more (a lost notification still
 *   counts), then closed; `failed` (`not_paid`), the patient told.
 * - Cancelled meanwhile, or another slot chosen: the order closed or the difference refunded.
 * A payment that arrives for a move that ended goes straight back. A crash between the
 * provider's charge and our record is repaired by the order query (payments/order-query.ts).
 */
import { isAdapterError, type Queryable } from '@ihkit/adapters';
import { localDate, localTime, type Appointment, type PendingMove, type Slot } from '@ihkit/core';
import { jobEntry, writeAudit } from '../audit.js';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';
import { enqueueNotification } from '../notifications/outbox.js';
import type { Services } from '../operations.js';
import { settleByQuery } from '../payments/apply.js';
import { closePending, findPayment, orderPayment, refundPayment, type PayerChoice, type PaymentRow } from '../payments/orders.js';
import { HttpProblem } from '../problems.js';
import type { FeeRow } from './fees.js';

/** What the payer sees at the provider: never the department or the doctor. */
const DIFFERENCE_DESCRIPTION = 'Registration fee difference';
const BATCH = 100;

export interface DearerMoveRow {
  id: string;
  appointment_id: string;
  to_slot_id: string;
  to_starts_at: Date;
  status: 'awaiting_payment' | 'paid' | 'failed';
  difference: number;
  currency: string;
  hold_until: Date;
  failure: PendingMove['failure'] | null;
}

const MOVE_COLUMNS = 'id, appointment_id, to_slot_id, to_starts_at, status, difference, currency, hold_until, failure';

async function findMove(q: Queryable, id: string): Promise<DearerMoveRow | undefined> {
  return (await q.query<DearerMoveRow>(`SELECT ${MOVE_COLUMNS} FROM appointment_reschedules WHERE id = $1 FOR UPDATE`, [id])).rows[0];
}

/** The appointment's move waiting for its difference (locked), if any. */
async function awaitingMove(q: Queryable, appointmentId: string): Promise<DearerMoveRow | undefined> {
  const { rows } = await q.query<DearerMoveRow>(`SELECT ${MOVE_COLUMNS} FROM appointment_reschedules WHERE appointment_id = $1 AND status IN ('awaiting_payment', 'paid') FOR UPDATE`, [appointmentId]);
  return rows[0];
}

/**
 * Records a move of a paid appointment to a dearer `slot` as awaiting its difference (in the
 * caller's transaction, the fee locked). The same slot again answers the move as it stands;
 * another slot replaces it, unless its difference was paid meanwhile.
 */
export async function startDearerMove(tx: Queryable, services: Services, appointment: Appointment, slot: Slot, fee: FeeRow, userId: string): Promise<void> {
  if ((await awaitingMove(tx, appointment.id))?.to_slot_id === slot.id) return;
  await endAwaitingMove(tx, services, appointment.id);
  const now = services.now();
  await tx.query(
    `INSERT INTO appointment_reschedules (id, appointment_id, user_id, from_slot_id, to_slot_id, to_starts_at, status, requested_at, difference, currency, hold_until)
     VALUES ($1, $2, $3, $4, $5, $6, 'awaiting_payment', $7, $8, $9, $10)`,
    [newId('mv'), appointment.id, userId, appointment.slotId, slot.id, new Date(slot.start), now, slot.fee.amount - fee.amount, fee.currency, new Date(now.getTime() + services.bookingFees.holdMinutes * 60_000)],
  );
}

/**
 * The payment order of the appointment's move awaiting its difference, with the chosen method
 * (payAppointment); undefined when no move waits for one.
 */
export async function orderDifference(tx: Queryable, services: Services, appointmentId: string, choice: PayerChoice): Promise<PaymentRow | undefined> {
  const move = await awaitingMove(tx, appointmentId);
  if (!move) return undefined;
  const existing = await findPayment(tx, { rescheduleId: move.id });
  if (existing && existing.status !== 'pending') return existing;
  if (move.status !== 'awaiting_payment' || move.hold_until <= services.now()) throw new HttpProblem('INVALID_STATE', 'The time to pay the difference has passed: choose the slot again.');
  return orderPayment(
    tx,
    services,
    { appointmentId, rescheduleId: move.id, amount: { amount: move.difference, currency: move.currency }, description: DIFFERENCE_DESCRIPTION, expiresAt: move.hold_until },
    choice,
    (p) => settleByQuery(tx, services, p),
  );
}

/**
 * A move's difference arrived (inside the notification's transaction): the move is to be made;
 * for one that ended meanwhile (not paid in time, replaced, cancelled) the money goes back.
 */
export async function differencePaid(tx: Queryable, services: Services, payment: PaymentRow): Promise<void> {
  const move = await findMove(tx, payment.reschedule_id!);
  if (move?.status === 'awaiting_payment') {
    await tx.query(`UPDATE appointment_reschedules SET status = 'paid' WHERE id = $1`, [move.id]);
    return;
  }
  await refundPayment(tx, services, { id: payment.id }, 'The move had ended when its difference arrived.');
}

/**
 * Ends a move that waits for its difference (locked by the caller), the appointment staying where
 * it is: its pending order is asked about and closed; a difference already paid goes back.
 */
async function endMove(tx: Queryable, services: Services, move: DearerMoveRow, failure: NonNullable<DearerMoveRow['failure']>): Promise<void> {
  const pending = await findPayment(tx, { rescheduleId: move.id }, true);
  if (pending?.status === 'pending' && (await closePending(tx, services, pending, (p) => settleByQuery(tx, services, p))).status === 'paid' && failure === 'replaced') {
    // Paid just now: it is being made, and is not replaced (the order query applies the payment again).
    throw new HttpProblem('INVALID_STATE', 'The appointment is being rescheduled.');
  }
  await tx.query(`UPDATE appointment_reschedules SET status = 'failed', failure = $2, done_at = $3 WHERE id = $1`, [move.id, failure, services.now()]);
  // Paid (before, or found so just now): the difference goes back in full.
  await refundPayment(tx, services, { rescheduleId: move.id }, failure === 'slot_taken' ? 'The slot was taken before the move.' : 'The move did not happen.');
}

/**
 * A move to a slot no dearer replaces the one waiting for its difference (in the caller's
 * transaction); one whose difference was paid is being made (INVALID_STATE).
 */
export async function endAwaitingMove(tx: Queryable, services: Services, appointmentId: string): Promise<void> {
  const move = await awaitingMove(tx, appointmentId);
  if (move?.status === 'paid') throw new HttpProblem('INVALID_STATE', 'The appointment is being rescheduled.');
  if (move) await endMove(tx, services, move, 'replaced');
}

/** The appointment was cancelled: a move waiting for its difference ends, what was paid of it going back. */
export async function cancelDearerMove(tx: Queryable, services: Services, appointmentId: string): Promise<void> {
  const move = await awaitingMove(tx, appointmentId);
  if (move) await endMove(tx, services, move, 'cancelled');
}

/** Ends a move that failed by itself (slot taken, not paid) with a message to the patient and an audit row. */
async function failMove(tx: Queryable, services: Services, move: DearerMoveRow, failure: 'slot_taken' | 'not_paid', runId: string): Promise<void> {
  await endMove(tx, services, move, failure);
  const fee = (await tx.query<{ patient_id: string }>('SELECT patient_id FROM appointment_fees WHERE appointment_id = $1', [move.appointment_id])).rows[0]!;
  const tz = services.his.timeZone;
  await enqueueNotification(tx, {
    patientId: fee.patient_id,
    template: failure === 'slot_taken' ? 'reschedule-slot-taken' : 'reschedule-unpaid',
    params: { date: localDate(move.to_starts_at, tz), time: localTime(move.to_starts_at, tz), minutes: String(services.bookingFees.holdMinutes) },
    now: services.now(),
  });
  await writeAudit(tx, jobEntry('failDearerMove', { resourceType: 'appointment', resourceId: move.appointment_id, patientIds: [fee.patient_id] }, runId));
}

/**
 * Makes in the HIS the moves whose difference was paid (of one appointment, or all that are
 * due): moved, the move is finished by `finish`; refused, it fails and the difference goes back;
 * the HIS unreachable, the next sweep tries again. Errors are logged, never thrown.
 */
export async function makePaidMoves(services: Services, finish: (tx: Queryable, moved: Appointment) => Promise<void>, appointmentId?: string): Promise<void> {
  const { rows } = await services.db.query<{ id: string; appointment_id: string; to_slot_id: string }>(
    `SELECT id, appointment_id, to_slot_id FROM appointment_reschedules WHERE status = 'paid'${appointmentId ? ' AND appointment_id = $1' : ''} ORDER BY requested_at LIMIT ${BATCH}`,
    appointmentId ? [appointmentId] : [],
  );
  const runId = newId('run');
  for (const move of rows) {
    try {
      let moved: Appointment | undefined;
      try {
        moved = await services.his.reschedule(move.appointment_id, move.to_slot_id);
      } catch (e) {
        if (!isAdapterError(e)) throw e;
        // Refused: unless an earlier try (another gateway's) already moved it.
        const now = await services.his.getAppointment(move.appointment_id);
        if (now?.slotId === move.to_slot_id) moved = now;
      }
      await services.db.transaction(async (tx) => {
        const row = await findMove(tx, move.id);
        if (row?.status !== 'paid') return;
        if (moved) {
          await finish(tx, moved);
          await writeAudit(tx, jobEntry('makeDearerMove', { resourceType: 'appointment', resourceId: move.appointment_id, patientIds: [moved.patientId] }, runId));
        } else await failMove(tx, services, row, 'slot_taken', runId);
      });
    } catch (err) {
      const e = safeError(err);
      services.log.warn({ appointmentId: move.appointment_id, errorType: e.type, errorCode: e.code }, 'moving an appointment whose difference was paid failed; will try again');
    }
  }
}

/** Ends the moves whose difference was not paid by their deadline (after asking the provider once more). */
export async function lapseUnpaidMoves(services: Services): Promise<void> {
  const now = services.now();
  const { rows } = await services.db.query<{ id: string }>(
    `SELECT id FROM appointment_reschedules WHERE status = 'awaiting_payment' AND hold_until <= $1 ORDER BY hold_until LIMIT ${BATCH}`,
    [now],
  );
  const runId = newId('run');
  for (const { id } of rows) {
    try {
      await services.db.transaction(async (tx) => {
        const move = await findMove(tx, id);
        if (move?.status !== 'awaiting_payment') return;
        const pending = await findPayment(tx, { rescheduleId: id }, true);
        if (pending?.status === 'pending' && (await settleByQuery(tx, services, pending)).status !== 'pending') return; // paid in time
        await failMove(tx, services, move, 'not_paid', runId);
      });
    } catch (err) {
      services.log.warn({ moveId: id, errorType: safeError(err).type }, 'could not end a move whose difference was not paid; will try again');
    }
  }
}

/** The appointments with their latest move to a dearer slot, while it waits or when it failed (a move made shows as the appointment itself). */
export async function withPendingMoves(q: Queryable, appointments: Appointment[]): Promise<Appointment[]> {
  if (!appointments.length) return appointments;
  const { rows } = await q.query<DearerMoveRow & { payment_id: string | null; refunds_done: boolean | null }>(
    `SELECT DISTINCT ON (m.appointment_id) m.${MOVE_COLUMNS.split(', ').join(', m.')},
            (SELECT p.id FROM payments p WHERE p.reschedule_id = m.id AND p.status <> 'closed' ORDER BY p.created_at DESC LIMIT 1) AS payment_id,
            (SELECT bool_and(r.done_at IS NOT NULL) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.reschedule_id = m.id) AS refunds_done
       FROM appointment_reschedules m
      WHERE m.appointment_id = ANY($1) AND m.failure IS DISTINCT FROM 'replaced'
      ORDER BY m.appointment_id, m.requested_at DESC, m.status IN ('pending', 'awaiting_payment', 'paid') DESC`,
    [appointments.map((a) => a.id)],
  );
  const byId = new Map(rows.filter((r) => r.difference !== null && r.status !== ('done' as string) && r.status !== ('pending' as string)).map((r) => [r.appointment_id, r]));
  return appointments.map((a) => {
    const m = byId.get(a.id);
    if (!m) return a;
    const pendingMove: PendingMove = {
      status: m.status,
      toSlotId: m.to_slot_id,
      toStart: m.to_starts_at.toISOString(),
      difference: { amount: m.difference, currency: m.currency },
      payUntil: m.hold_until.toISOString(),
      ...(m.payment_id ? { paymentId: m.payment_id } : {}),
      ...(m.failure ? { failure: m.failure } : {}),
      ...(m.refunds_done !== null ? { refundStatus: m.refunds_done ? 'made' : 'pending' } : {}),
    };
    return { ...a, pendingMove };
  });
}
