/**
 * Rescheduling (改约): an appointment moves to another slot of the same doctor or department in
 * one step of the HIS (HisAdapter.reschedule: the new place taken and the old one freed
 * together). The hospital's limits: at most `max` moves per appointment, none within
 * `cutoffMinutes` of its start. A registration fee paid online goes with it: the same fee is
 * carried over, a cheaper slot's difference goes back (a refund of its own, `rf_<payment>_<move>`);
 * a dearer slot's difference is paid before the HIS is asked (reschedule-difference.ts: the move
 * waits `awaiting_payment`, is made once the difference arrives, or fails with the difference
 * refunded — never moved and unpaid, nor paid and not moved). A held, unpaid fee moves only to a
 * slot of the same fee; a fee the hospital takes at the counter only to a slot no dearer.
 *
 * Each move is written `pending` before the HIS is asked and `done` with what it did to the fee
 * after: a gateway that dies in between finishes it when the patient retries (the appointment is
 * then already in the slot asked for).
 */
import { isAdapterError, type Queryable } from '@ihkit/adapters';
import { slotState, type Appointment, type Slot } from '@ihkit/core';
import { newId } from '../ids.js';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { chargedOnline, findFee, refundAppointment } from './fees.js';
import { endAwaitingMove, lapseUnpaidMoves, makePaidMoves, startDearerMove } from './reschedule-difference.js';

/** A move still pending this long is taken to have failed before the HIS moved it. */
const STALE_MS = 60_000;

interface MoveRow {
  id: string;
  from_slot_id: string;
  to_slot_id: string;
  requested_at: Date;
}

const notAllowed = (why: string) => new HttpProblem('RESCHEDULE_NOT_ALLOWED', why);

/** The appointments with how often each was moved. */
export async function withReschedules(q: Queryable, appointments: Appointment[]): Promise<Appointment[]> {
  if (!appointments.length) return appointments;
  const { rows } = await q.query<{ appointment_id: string; n: number }>(
    "SELECT appointment_id, count(*)::int AS n FROM appointment_reschedules WHERE status = 'done' AND appointment_id = ANY($1) GROUP BY appointment_id",
    [appointments.map((a) => a.id)],
  );
  const byId = new Map(rows.map((r) => [r.appointment_id, r.n]));
  return appointments.map((a) => (byId.has(a.id) ? { ...a, rescheduled: byId.get(a.id)! } : a));
}

/** The hospital's rules for moving `appointment` to `slot`, checked before anything is written. */
function checkRules(services: Services, appointment: Appointment, slot: Slot): void {
  if (slot.doctorId !== appointment.doctorId && slot.departmentId !== appointment.departmentId) throw notAllowed('An appointment moves only to a slot of the same doctor or department.');
  const { cutoffMinutes } = services.rescheduleRules;
  if (Date.parse(appointment.start) - services.now().getTime() < cutoffMinutes * 60_000) throw notAllowed(`Appointments can be rescheduled up to ${cutoffMinutes} minutes before the start.`);
}

/**
 * Records the move as pending, in a transaction of its own, once the limits and the fee allow it;
 * a dearer slot's as awaiting its difference (answers true: the HIS is not asked yet).
 */
async function startMove(tx: Queryable, services: Services, appointment: Appointment, slot: Slot, userId: string): Promise<boolean> {
  const fee = await findFee(tx, appointment.id, true);
  const { rows } = await tx.query<MoveRow & { status: string }>('SELECT id, from_slot_id, to_slot_id, requested_at, status FROM appointment_reschedules WHERE appointment_id = $1', [appointment.id]);
  const pending = rows.find((r) => r.status === 'pending');
  if (pending) {
    // The HIS did not move it (the appointment is still where it was): a failed try, unless one is under way now.
    if (services.now().getTime() - pending.requested_at.getTime() < STALE_MS) throw new HttpProblem('INVALID_STATE', 'The appointment is being rescheduled.');
    await tx.query('DELETE FROM appointment_reschedules WHERE id = $1', [pending.id]);
  }
  if (rows.filter((r) => r.status === 'done').length >= services.rescheduleRules.max) throw notAllowed(`An appointment can be rescheduled ${services.rescheduleRules.max} time(s).`);
  if (fee) {
    if (fee.status === 'held' && slot.fee.amount !== fee.amount) throw new HttpProblem('INVALID_STATE', 'Pay the registration fee first, then reschedule.');
    if (fee.status === 'paid' && slot.fee.amount > fee.amount) {
      await startDearerMove(tx, services, appointment, slot, fee, userId);
      return true;
    }
  } else if (chargedOnline(services, slot.fee) && slot.fee.amount > appointment.fee.amount) {
    throw notAllowed('That slot costs more than this appointment: cancel, and book it.');
  }
  await endAwaitingMove(tx, services, appointment.id);
  await tx.query(`INSERT INTO appointment_reschedules (id, appointment_id, user_id, from_slot_id, to_slot_id, status, requested_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)`, [
    newId('mv'), appointment.id, userId, appointment.slotId, slot.id, services.now(),
  ]);
  return false;
}

/**
 * The HIS moved `appointment` to its slot: the pending move (or the one whose difference was
 * paid) becomes done, and the fee follows (in the caller's transaction).
 */
async function finishMove(tx: Queryable, services: Services, appointment: Appointment): Promise<void> {
  const { rows } = await tx.query<MoveRow>(
    "SELECT id, from_slot_id, to_slot_id, requested_at FROM appointment_reschedules WHERE appointment_id = $1 AND status IN ('pending', 'paid') AND to_slot_id = $2 FOR UPDATE",
    [appointment.id, appointment.slotId],
  );
  const move = rows[0];
  if (!move) return;
  const fee = await findFee(tx, appointment.id, true);
  let refund = 0;
  if (fee) {
    const now = appointment.fee.amount;
    if (fee.status === 'paid' && now < fee.amount) {
      refund = fee.amount - now;
      await refundAppointment(tx, services, appointment.id, refund, 'The appointment moved to a cheaper slot.', move.id);
    }
    await tx.query('UPDATE appointment_fees SET slot_id = $2, starts_at = $3, amount = $4, refund_amount = CASE WHEN $5::int > 0 THEN coalesce(refund_amount, 0) + $5 ELSE refund_amount END WHERE appointment_id = $1', [
      appointment.id, appointment.slotId, new Date(appointment.start), now, refund,
    ]);
  }
  await tx.query(`UPDATE appointment_reschedules SET status = 'done', done_at = $2, refund_amount = $3 WHERE id = $1`, [move.id, services.now(), refund]);
}

/** Moves one of the user's appointments (already read and theirs) to `slotId`; answers it as the HIS now has it. */
export async function rescheduleAppointment(services: Services, appointment: Appointment, slotId: string, userId: string): Promise<Appointment> {
  const { db, his } = services;
  if (appointment.slotId === slotId) {
    // Already there: a retry, perhaps of a move the HIS made and a dying gateway did not record.
    await db.transaction((tx) => finishMove(tx, services, appointment));
    return appointment;
  }
  if (appointment.status !== 'booked') throw new HttpProblem('INVALID_STATE', `A ${appointment.status} appointment cannot be rescheduled.`);
  const slot = await his.getSlot(slotId);
  if (!slot) throw new HttpProblem('SLOT_NOT_FOUND');
  if (slotState(slot, services.now()) === 'past') throw new HttpProblem('SLOT_IN_PAST');
  checkRules(services, appointment, slot);
  try {
    if (await db.transaction((tx) => startMove(tx, services, appointment, slot, userId))) return appointment;
  } catch (e) {
    if ((e as { code?: unknown })?.code === '23505') throw new HttpProblem('INVALID_STATE', 'The appointment is being rescheduled.');
    throw e;
  }
  let moved: Appointment;
  try {
    moved = await his.reschedule(appointment.id, slotId);
  } catch (e) {
    // The HIS refused: nothing moved. (Unavailable: it may have; the retry, or the next move, tells.)
    if (isAdapterError(e)) await db.transaction((tx) => tx.query("DELETE FROM appointment_reschedules WHERE appointment_id = $1 AND status = 'pending'", [appointment.id]));
    throw e;
  }
  await db.transaction((tx) => finishMove(tx, services, moved));
  return moved;
}

/** Makes in the HIS the move of `appointmentId` whose difference was just paid (after the notification committed); the sweep retries what fails. */
export function makePaidMove(services: Services, appointmentId: string): Promise<void> {
  return makePaidMoves(services, (tx, moved) => finishMove(tx, services, moved), appointmentId);
}

/** The sweep of moves to dearer slots: those unpaid by their deadline end, those paid are made. */
export async function settleDearerMoves(services: Services): Promise<void> {
  await lapseUnpaidMoves(services);
  await makePaidMoves(services, (tx, moved) => finishMove(tx, services, moved));
}
