import { randomBytes } from 'node:crypto';
import type { Appointment, AppointmentStatus, Department, Doctor, Slot } from '@ihkit/core';
import type { Db, Queryable } from '../db.js';
import { AdapterError } from '../errors.js';
import type { BookRequest, Encounter, HisAdapter, HisPatient, PatientLookup, SlotQuery } from '../his.js';
import { DEMO_HOSPITAL } from './seed-data.js';
import { zonedIso } from './zoned-time.js';

export interface DemoHisOptions {
  timeZone?: string;
  now?: () => Date;
}

const CURRENCY = 'CNY';
const SLOT_COLUMNS = 'id, doctor_id, department_id, start_at, end_at, capacity, booked, fee_amount';
const APPOINTMENT_SELECT = `SELECT a.id, a.patient_id, a.slot_id, a.doctor_id, s.department_id, s.start_at, s.end_at, a.status,
  s.fee_amount, a.created_at, a.cancelled_at, a.idempotency_key FROM demo_appointments a JOIN demo_slots s ON s.id = a.slot_id`;

type SlotRow = { id: string; doctor_id: string; department_id: string; start_at: Date; end_at: Date; capacity: number; booked: number; fee_amount: number };
type AppointmentRow = { id: string; patient_id: string; slot_id: string; doctor_id: string; department_id: string; start_at: Date; end_at: Date; status: AppointmentStatus; fee_amount: number; created_at: Date; cancelled_at: Date | null; idempotency_key: string | null };

/** A unique-constraint violation, as both database drivers report it. */
function uniqueViolation(e: unknown): string | undefined {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' ? (err.constraint ?? '') : undefined;
}

/** The demo hospital's HIS, kept in the gateway's database (tables demo_*). */
export function createDemoHis(db: Db, options: DemoHisOptions = {}): HisAdapter {
  const timeZone = options.timeZone ?? DEMO_HOSPITAL.timeZone;
  const now = options.now ?? (() => new Date());
  const iso = (d: Date) => zonedIso(d, timeZone);

  const toSlot = (r: SlotRow): Slot => ({
    id: r.id, doctorId: r.doctor_id, departmentId: r.department_id, start: iso(r.start_at), end: iso(r.end_at),
    capacity: r.capacity, available: r.capacity - r.booked, fee: { amount: r.fee_amount, currency: CURRENCY },
  });
  const toAppointment = (r: AppointmentRow): Appointment => ({
    id: r.id, patientId: r.patient_id, slotId: r.slot_id, doctorId: r.doctor_id, departmentId: r.department_id,
    start: iso(r.start_at), end: iso(r.end_at), status: r.status, fee: { amount: r.fee_amount, currency: CURRENCY },
    createdAt: iso(r.created_at), ...(r.cancelled_at ? { cancelledAt: iso(r.cancelled_at) } : {}),
  });
  const appointmentWhere = async (q: Queryable, where: string, params: unknown[]) =>
    (await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE ${where}`, params)).rows;

  /** The appointment a key already made, or IDEMPOTENCY_KEY_REUSED if it made another. */
  async function replay(q: Queryable, req: BookRequest): Promise<Appointment | undefined> {
    const [first] = await appointmentWhere(q, 'a.idempotency_key = $1', [req.idempotencyKey]);
    if (!first) return undefined;
    if (first.slot_id !== req.slotId || first.patient_id !== req.patientId) {
      throw new AdapterError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another booking');
    }
    return toAppointment(first);
  }

  return {
    name: 'demo',
    timeZone,

    async listDepartments(): Promise<Department[]> {
      const { rows } = await db.query<{ id: string; name: string; name_en: string; description: string; description_en: string }>('SELECT id, name, name_en, description, description_en FROM demo_departments ORDER BY sort');
      return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, description: r.description, descriptionEn: r.description_en }));
    },

    async listDoctors(query = {}): Promise<Doctor[]> {
      const { rows } = await db.query<{ id: string; name: string; name_en: string; department_id: string; title: Doctor['title']; specialty: string; specialty_en: string; fee_amount: number }>(
        'SELECT id, name, name_en, department_id, title, specialty, specialty_en, fee_amount FROM demo_doctors WHERE ($1::text IS NULL OR department_id = $1) ORDER BY sort',
        [query.departmentId ?? null],
      );
      return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, departmentId: r.department_id, title: r.title, specialty: r.specialty, specialtyEn: r.specialty_en, fee: { amount: r.fee_amount, currency: CURRENCY } }));
    },

    async listSlots(q: SlotQuery): Promise<Slot[]> {
      if (q.from > q.to) throw new AdapterError('VALIDATION_FAILED', '`from` is after `to`');
      const { rows } = await db.query<SlotRow>(
        `SELECT ${SLOT_COLUMNS} FROM demo_slots WHERE local_date BETWEEN $1 AND $2
           AND ($3::text IS NULL OR doctor_id = $3) AND ($4::text IS NULL OR department_id = $4) ORDER BY start_at, doctor_id`,
        [q.from, q.to, q.doctorId ?? null, q.departmentId ?? null],
      );
      return rows.map(toSlot);
    },

    async getSlot(slotId) {
      const { rows } = await db.query<SlotRow>(`SELECT ${SLOT_COLUMNS} FROM demo_slots WHERE id = $1`, [slotId]);
      return rows[0] && toSlot(rows[0]);
    },

    async book(req: BookRequest): Promise<Appointment> {
      try {
        return await db.transaction(async (tx) => {
          const replayed = await replay(tx, req);
          if (replayed) return replayed;
          const [slot] = (await tx.query<SlotRow & { local_date: string }>(`SELECT ${SLOT_COLUMNS}, local_date FROM demo_slots WHERE id = $1`, [req.slotId])).rows;
          if (!slot) throw new AdapterError('SLOT_NOT_FOUND', 'No such slot');
          if (slot.start_at.getTime() <= now().getTime()) throw new AdapterError('SLOT_IN_PAST', 'The slot has already begun');
          const patient = await tx.query('SELECT 1 FROM demo_patients WHERE id = $1', [req.patientId]);
          if (!patient.rows.length) throw new AdapterError('PATIENT_NOT_FOUND', 'No such patient');
          const held = await tx.query("SELECT 1 FROM demo_appointments WHERE patient_id = $1 AND doctor_id = $2 AND local_date = $3 AND status = 'booked'", [req.patientId, slot.doctor_id, slot.local_date]);
          if (held.rows.length) throw new AdapterError('ALREADY_BOOKED', 'The patient already has an appointment with this doctor that day');
          // The one atomic step: a place is taken only while one is left.
          const taken = await tx.query('UPDATE demo_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity RETURNING id', [req.slotId]);
          if (!taken.rows.length) throw new AdapterError('SLOT_TAKEN', 'The slot has no places left');
          const id = `apt_${randomBytes(9).toString('base64url')}`;
          await tx.query(
            'INSERT INTO demo_appointments (id, slot_id, patient_id, doctor_id, local_date, idempotency_key, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
            [id, req.slotId, req.patientId, slot.doctor_id, slot.local_date, req.idempotencyKey, now()],
          );
          return toAppointment((await appointmentWhere(tx, 'a.id = $1', [id]))[0]!);
        });
      } catch (e) {
        const constraint = uniqueViolation(e);
        if (constraint === 'demo_appointments_idempotency') {
          // A retry with the same key raced us and won: answer with its appointment.
          const replayed = await replay(db, req);
          if (replayed) return replayed;
        }
        if (constraint === 'demo_appointments_one_per_doctor_day') throw new AdapterError('ALREADY_BOOKED', 'The patient already has an appointment with this doctor that day');
        throw e;
      }
    },

    async cancel(appointmentId, reason) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ status: AppointmentStatus; slot_id: string }>('SELECT status, slot_id FROM demo_appointments WHERE id = $1 FOR UPDATE', [appointmentId]);
        const row = rows[0];
        if (!row) throw new AdapterError('NOT_FOUND', 'No such appointment');
        if (row.status === 'booked') {
          await tx.query("UPDATE demo_appointments SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE id = $1", [appointmentId, now(), reason ?? null]);
          await tx.query('UPDATE demo_slots SET booked = booked - 1 WHERE id = $1', [row.slot_id]);
        } else if (row.status !== 'cancelled') {
          throw new AdapterError('CANCEL_TOO_LATE', 'The appointment has already taken place');
        }
        return toAppointment((await appointmentWhere(tx, 'a.id = $1', [appointmentId]))[0]!);
      });
    },

    async getAppointment(appointmentId) {
      const [row] = await appointmentWhere(db, 'a.id = $1', [appointmentId]);
      return row && toAppointment(row);
    },

    async listAppointments(q) {
      if (!q.patientIds.length) return [];
      const rows = await appointmentWhere(db, 'a.patient_id = ANY($1::text[]) AND ($2::text IS NULL OR a.status = $2) ORDER BY s.start_at, a.id', [q.patientIds, q.status ?? null]);
      return rows.map(toAppointment);
    },

    async findPatient(lookup: PatientLookup): Promise<HisPatient | undefined> {
      const [column, value] = 'idNumber' in lookup ? ['id_number', lookup.idNumber.toUpperCase()] : 'cardNo' in lookup ? ['card_no', lookup.cardNo] : ['id', lookup.patientId];
      const { rows } = await db.query<{ id: string; name: string; gender: 'male' | 'female'; birth_date: string; id_number: string; card_no: string | null; phone: string | null }>(
        `SELECT id, name, gender, birth_date, id_number, card_no, phone FROM demo_patients WHERE ${column} = $1`, [value]);
      const r = rows[0];
      return r && { id: r.id, name: r.name, gender: r.gender, birthDate: r.birth_date, idNumber: r.id_number, ...(r.card_no ? { cardNo: r.card_no } : {}), ...(r.phone ? { phone: r.phone } : {}) };
    },

    async listEncounters(patientId): Promise<Encounter[]> {
      const { rows } = await db.query<{ id: string; patient_id: string; department_id: string; doctor_id: string; date: string; kind: Encounter['kind']; diagnoses: Encounter['diagnoses'] | string }>(
        'SELECT id, patient_id, department_id, doctor_id, date, kind, diagnoses FROM demo_encounters WHERE patient_id = $1 ORDER BY date DESC, id', [patientId]);
      return rows.map((r) => ({ id: r.id, patientId: r.patient_id, departmentId: r.department_id, doctorId: r.doctor_id, date: r.date, kind: r.kind, diagnoses: typeof r.diagnoses === 'string' ? JSON.parse(r.diagnoses) : r.diagnoses }));
    },
  };
}
