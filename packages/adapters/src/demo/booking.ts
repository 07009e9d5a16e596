/**
 * Booking and cancelling in the demo HIS. A place is taken by one conditional UPDATE
 * (`booked < capacity`), in the same transaction as the appointment's INSERT (a booking is one
 * call of the database's `demo_book`, demo_004_book_function), so the slot is
 * never overbooked however many gateways and connections book at once; unique indexes back
 * the idempotency key and the one-appointment-per-doctor-and-day rule.
 */
import type { Appointment, AppointmentStatus, ServerErrorCode } from '@ihkit/core';
import type { Db, Queryable } from '../db.js';
import { AdapterError, isAdapterError } from '../errors.js';
import type { BookRequest } from '../his.js';
import { newAppointmentId } from './ids.js';
import { SLOT_COLUMNS, selectAppointments, type ContractShapes, type SlotRow } from './rows.js';

interface BookingContext {
  db: Db;
  now: () => Date;
  shapes: ContractShapes;
}

const alreadyBooked = () => new AdapterError('ALREADY_BOOKED', 'The patient already holds an appointment with this doctor on that day');

/** The name of the unique constraint a database error violated, if it is one. */
function violatedUnique(e: unknown): string | undefined {
  const err = e as { code?: unknown; constraint?: unknown } | null;
  return err?.code === '23505' ? String(err.constraint ?? '') : undefined;
}

/** The appointment an idempotency key already made; IDEMPOTENCY_KEY_REUSED if it was for another slot or patient. */
async function replay(q: Queryable, req: BookRequest, ctx: BookingContext): Promise<Appointment | undefined> {
  const [first] = await selectAppointments(q, 'a.idempotency_key = $1', [req.idempotencyKey]);
  if (!first) return undefined;
  if (first.slot_id !== req.slotId || first.patient_id !== req.patientId) {
    throw new AdapterError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for another booking');
  }
  return ctx.shapes.appointment(first);
}

/** The next registration number of a visit date (GH20261207-0012), as a booking takes it: `demo_next_number`. */
async function nextNumber(tx: Queryable, localDate: string): Promise<string> {
  return (await tx.query<{ number: string }>('SELECT demo_next_number($1) AS number', [localDate])).rows[0]!.number;
}

const BOOKING_REFUSALS: Record<string, string> = {
  IDEMPOTENCY_KEY_REUSED: 'This idempotency key was already used for another booking',
  SLOT_NOT_FOUND: 'No such slot',
  SLOT_IN_PAST: 'The slot has already begun',
  PATIENT_NOT_FOUND: 'No such patient',
  SLOT_TAKEN: 'The slot has no places left',
};

/** Books through `demo_book` (demo_004_book_function): one round trip for the booking, one to read it back. */
export async function book(req: BookRequest, ctx: BookingContext): Promise<Appointment> {
  try {
    const { rows } = await ctx.db.query<{ outcome: string; appointment_id: string | null }>(
      'SELECT outcome, appointment_id FROM demo_book($1, $2, $3, $4, $5)', [req.slotId, req.patientId, req.idempotencyKey, ctx.now(), newAppointmentId()]);
    const { outcome, appointment_id: id } = rows[0]!;
    if (outcome === 'ALREADY_BOOKED') throw alreadyBooked();
    if (outcome !== 'booked' && outcome !== 'replayed') throw new AdapterError(outcome as ServerErrorCode, BOOKING_REFUSALS[outcome] ?? outcome);
    return ctx.shapes.appointment((await selectAppointments(ctx.db, 'a.id = $1', [id]))[0]!);
  } catch (e) {
    // A request with the same key may have raced this one and won (it took the last place, or
    // its appointment hit a unique index first): then its appointment is the answer.
    const constraint = violatedUnique(e);
    if (constraint !== undefined || (isAdapterError(e) && e.code !== 'IDEMPOTENCY_KEY_REUSED')) {
      const replayed = await replay(ctx.db, req, ctx);
      if (replayed) return replayed;
    }
    if (constraint === 'demo_appointments_one_per_doctor_day') throw alreadyBooked();
    throw e;
  }
}

/**
 * Moves a booked appointment to another slot: in one transaction the new place is taken (the same
 * conditional UPDATE as a booking) and the old one freed, so both happen or neither. A new
 * visit date gets a new registration number; the same slot again answers it unchanged.
 */
export async function reschedule(appointmentId: string, slotId: string, ctx: BookingContext): Promise<Appointment> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ status: AppointmentStatus; slot_id: string; patient_id: string; local_date: string }>(
        'SELECT status, slot_id, patient_id, local_date FROM demo_appointments WHERE id = $1 FOR UPDATE', [appointmentId]);
      const row = rows[0];
      if (!row) throw new AdapterError('NOT_FOUND', 'No such appointment');
      const current = async () => ctx.shapes.appointment((await selectAppointments(tx, 'a.id = $1', [appointmentId]))[0]!);
      if (row.slot_id === slotId) return current();
      if (row.status !== 'booked') throw new AdapterError('INVALID_STATE', `The appointment is ${row.status}`);
      const [slot] = (await tx.query<SlotRow>(`SELECT ${SLOT_COLUMNS} FROM demo_slots WHERE id = $1`, [slotId])).rows;
      if (!slot) throw new AdapterError('SLOT_NOT_FOUND', 'No such slot');
      if (slot.start_at.getTime() <= ctx.now().getTime()) throw new AdapterError('SLOT_IN_PAST', 'The slot has already begun');
      const held = await tx.query("SELECT 1 FROM demo_appointments WHERE patient_id = $1 AND doctor_id = $2 AND local_date = $3 AND status = 'booked' AND id <> $4",
        [row.patient_id, slot.doctor_id, slot.local_date, appointmentId]);
      if (held.rows.length) throw alreadyBooked();
      const taken = await tx.query('UPDATE demo_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity RETURNING id', [slotId]);
      if (!taken.rows.length) throw new AdapterError('SLOT_TAKEN', 'The slot has no places left');
      await tx.query('UPDATE demo_slots SET booked = booked - 1 WHERE id = $1', [row.slot_id]);
      const number = slot.local_date === row.local_date ? null : await nextNumber(tx, slot.local_date);
      await tx.query('UPDATE demo_appointments SET slot_id = $2, doctor_id = $3, local_date = $4, number = coalesce($5, number) WHERE id = $1',
        [appointmentId, slotId, slot.doctor_id, slot.local_date, number]);
      return current();
    });
  } catch (e) {
    if (violatedUnique(e) === 'demo_appointments_one_per_doctor_day') throw alreadyBooked();
    throw e;
  }
}

/** Cancels a booked appointment and frees its place; a cancelled one is returned unchanged. */
export async function cancel(appointmentId: string, reason: string | undefined, ctx: BookingContext): Promise<Appointment> {
  return ctx.db.transaction(async (tx) => {
    // FOR UPDATE: concurrent cancels of one appointment take turns, so the place is freed once.
    const { rows } = await tx.query<{ status: AppointmentStatus; slot_id: string }>('SELECT status, slot_id FROM demo_appointments WHERE id = $1 FOR UPDATE', [appointmentId]);
    const row = rows[0];
    if (!row) throw new AdapterError('NOT_FOUND', 'No such appointment');
    if (row.status === 'booked') {
      await tx.query("UPDATE demo_appointments SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE id = $1", [appointmentId, ctx.now(), reason ?? null]);
      await tx.query('UPDATE demo_slots SET booked = booked - 1 WHERE id = $1', [row.slot_id]);
    } else if (row.status !== 'cancelled') {
      throw new AdapterError('CANCEL_TOO_LATE', `The appointment is ${row.status}`);
    }
    return ctx.shapes.appointment((await selectAppointments(tx, 'a.id = $1', [appointmentId]))[0]!);
  });
}
