/**
 * A crowd for the demo hospital, for load tests and benchmarks: many adult patients, slots
 * with a chosen capacity, and the check that a rush on those slots left consistent bookings.
 */
import { addDays, residentIdCheckChar } from '@ihkit/core';
import type { Queryable } from '../db.js';
import { insertRows } from './seed.js';

/** Sequence numbers per birth date in the resident IDs made here (100–999). */
const PER_DAY = 900;

/**
 * Adds `n` adult hospital patients with valid resident IDs, numbered after every patient
 * already there (so calls do not collide); returns their ids, `${prefix}_<number>`.
 */
export async function addDemoPatients(db: Queryable, n: number, prefix = 'pat_crowd'): Promise<string[]> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM demo_patients');
  const first = rows[0]!.n;
  const ids: string[] = [];
  const values: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const k = first + i;
    const birthDate = addDays('1980-01-01', Math.floor(k / PER_DAY));
    const first17 = `440106${birthDate.replaceAll('-', '')}${100 + (k % PER_DAY)}`;
    const id = `${prefix}_${k}`;
    ids.push(id);
    values.push([id, `测试${k}`, Number(first17[16]) % 2 === 1 ? 'male' : 'female', birthDate, first17 + residentIdCheckChar(first17)]);
  }
  await insertRows(db, 'demo_patients', ['id', 'name', 'gender', 'birth_date', 'id_number'], values);
  return ids;
}

/** Sets a slot's number of places (at least the places already booked). */
export async function setSlotCapacity(db: Queryable, slotId: string, capacity: number): Promise<void> {
  await db.query('UPDATE demo_slots SET capacity = $2 WHERE id = $1', [slotId, capacity]);
}

/** A booking answered 201. */
export interface BookingAnswer {
  id: string;
  slotId: string;
  patientId: string;
}

/**
 * What is wrong with the bookings held in `slotIds`, read from the tables, when every
 * booking made there was answered (`answered`, the 201s) and each patient tried once:
 * a slot holding more than its places, or a count of places that disagrees with its
 * appointments; a patient holding two of them; a 201 with no appointment behind it, or an
 * appointment nobody was told of. Empty when all is well.
 */
export async function bookingViolations(db: Queryable, slotIds: readonly string[], answered: readonly BookingAnswer[]): Promise<string[]> {
  const found: string[] = [];
  const slots = await db.query<{ id: string; capacity: number; booked: number; held: number }>(
    `SELECT s.id, s.capacity, s.booked, count(a.id)::int AS held
       FROM demo_slots s LEFT JOIN demo_appointments a ON a.slot_id = s.id AND a.status = 'booked'
      WHERE s.id = ANY($1::text[]) GROUP BY s.id, s.capacity, s.booked`,
    [slotIds],
  );
  for (const s of slots.rows) {
    if (s.held > s.capacity) found.push(`slot ${s.id} holds ${s.held} appointments for ${s.capacity} places`);
    if (s.held !== s.booked) found.push(`slot ${s.id} counts ${s.booked} places taken but holds ${s.held} appointments`);
  }
  const stored = (await db.query<{ id: string; slot_id: string; patient_id: string }>(
    "SELECT id, slot_id, patient_id FROM demo_appointments WHERE slot_id = ANY($1::text[]) AND status = 'booked'",
    [slotIds],
  )).rows;
  const perPatient = new Map<string, number>();
  for (const a of stored) perPatient.set(a.patient_id, (perPatient.get(a.patient_id) ?? 0) + 1);
  for (const [patientId, n] of perPatient) if (n > 1) found.push(`patient ${patientId} holds ${n} appointments`);
  const byId = new Map(stored.map((a) => [a.id, a]));
  for (const b of answered) {
    const a = byId.get(b.id);
    if (!a) found.push(`appointment ${b.id} was answered 201 but is not stored`);
    else if (a.slot_id !== b.slotId || a.patient_id !== b.patientId) found.push(`appointment ${b.id} is stored for another slot or patient than answered`);
  }
  const told = new Set(answered.map((b) => b.id));
  for (const a of stored) if (!told.has(a.id)) found.push(`appointment ${a.id} is stored but was never answered 201`);
  return found;
}
