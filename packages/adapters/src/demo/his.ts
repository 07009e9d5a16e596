import type { Department, Doctor, Slot } from '@ihkit/core';
import type { Db } from '../db.js';
import { AdapterError } from '../errors.js';
import type { Encounter, HisAdapter, HisGuardian, HisPatient, PatientLookup, PatientSearch, SlotQuery } from '../his.js';
import { book, cancel, reschedule } from './booking.js';
import { DEMO_HOSPITAL } from './catalog.js';
import { getDrugs, listAllergies, listInteractions, searchDrugs } from './pharmacy-catalog.js';
import { getPractitioner } from './practitioners.js';
import { contractShapes, selectAppointments, SLOT_COLUMNS, type SlotRow } from './rows.js';

export interface DemoHisOptions {
  /** IANA time zone of the hospital (default Asia/Shanghai); must match the one seeded with. */
  timeZone?: string;
  /** The clock: refuses slots that have begun, stamps createdAt and cancelledAt. */
  now?: () => Date;
}

interface PatientRow { id: string; name: string; gender: 'male' | 'female'; birth_date: string; id_number: string; card_no: string | null; phone: string | null }
const PATIENT_SELECT = 'SELECT id, name, gender, birth_date, id_number, card_no, phone FROM demo_patients';
const toHisPatient = (r: PatientRow): HisPatient => ({
  id: r.id, name: r.name, gender: r.gender, birthDate: r.birth_date, idNumber: r.id_number,
  ...(r.card_no ? { cardNo: r.card_no } : {}), ...(r.phone ? { phone: r.phone } : {}),
});

/** The demo hospital's HIS: a HisAdapter over the demo_* tables in the gateway's database. */
export interface DemoHis extends HisAdapter {
  readonly name: 'demo';
  readonly hospital: { readonly name: string; readonly nameEn: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The demo HIS on a migrated (demoMigrations) and seeded (seedDemo) database. */
export function createDemoHis(db: Db, options: DemoHisOptions = {}): DemoHis {
  const timeZone = options.timeZone ?? DEMO_HOSPITAL.timeZone;
  const now = options.now ?? (() => new Date());
  const shapes = contractShapes(timeZone);
  const ctx = { db, now, shapes };

  return {
    name: 'demo',
    timeZone,
    hospital: { name: DEMO_HOSPITAL.name, nameEn: DEMO_HOSPITAL.nameEn },
    searchDrugs,
    getDrugs,
    listInteractions,
    listAllergies,
    getPractitioner,

    async listDepartments(): Promise<Department[]> {
      const { rows } = await db.query<{ id: string; name: string; name_en: string; description: string; description_en: string }>(
        'SELECT id, name, name_en, description, description_en FROM demo_departments ORDER BY sort, id');
      return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, description: r.description, descriptionEn: r.description_en }));
    },

    async listDoctors(query = {}): Promise<Doctor[]> {
      const { rows } = await db.query<{ id: string; name: string; name_en: string; department_id: string; title: Doctor['title']; specialty: string; specialty_en: string; fee_amount: number }>(
        'SELECT id, name, name_en, department_id, title, specialty, specialty_en, fee_amount FROM demo_doctors WHERE ($1::text IS NULL OR department_id = $1) ORDER BY sort, id',
        [query.departmentId ?? null]);
      return rows.map((r) => ({
        id: r.id, name: r.name, nameEn: r.name_en, departmentId: r.department_id, title: r.title,
        specialty: r.specialty, specialtyEn: r.specialty_en, fee: { amount: r.fee_amount, currency: DEMO_HOSPITAL.currency },
      }));
    },

    async listSlots(q: SlotQuery): Promise<Slot[]> {
      if (!DATE.test(q.from) || !DATE.test(q.to)) throw new AdapterError('VALIDATION_FAILED', '`from` and `to` must be dates (YYYY-MM-DD)');
      if (q.from > q.to) throw new AdapterError('VALIDATION_FAILED', '`from` is after `to`');
      const { rows } = await db.query<SlotRow>(
        `SELECT ${SLOT_COLUMNS} FROM demo_slots WHERE local_date BETWEEN $1 AND $2
           AND ($3::text IS NULL OR doctor_id = $3) AND ($4::text IS NULL OR department_id = $4) ORDER BY start_at, doctor_id`,
        [q.from, q.to, q.doctorId ?? null, q.departmentId ?? null]);
      return rows.map(shapes.slot);
    },

    async getSlot(slotId) {
      const { rows } = await db.query<SlotRow>(`SELECT ${SLOT_COLUMNS} FROM demo_slots WHERE id = $1`, [slotId]);
      return rows[0] && shapes.slot(rows[0]);
    },

    book: (request) => book(request, ctx),
    cancel: (appointmentId, reason) => cancel(appointmentId, reason, ctx),
    reschedule: (appointmentId, slotId) => reschedule(appointmentId, slotId, ctx),

    async getAppointment(appointmentId) {
      const [row] = await selectAppointments(db, 'a.id = $1', [appointmentId]);
      return row && shapes.appointment(row);
    },

    /** Soonest first. */
    async listAppointments(q) {
      if (!q.patientIds.length) return [];
      const rows = await selectAppointments(db, 'a.patient_id = ANY($1::text[]) AND ($2::text IS NULL OR a.status = $2) ORDER BY s.start_at, a.created_at, a.id',
        [q.patientIds, q.status ?? null]);
      return rows.map(shapes.appointment);
    },

    async findPatient(lookup: PatientLookup): Promise<HisPatient | undefined> {
      const [column, value] = 'idNumber' in lookup ? ['id_number', lookup.idNumber.trim().toUpperCase()]
        : 'cardNo' in lookup ? ['card_no', lookup.cardNo.trim()]
        : ['id', lookup.patientId];
      const { rows } = await db.query<PatientRow>(`${PATIENT_SELECT} WHERE ${column} = $1`, [value]);
      return rows[0] && toHisPatient(rows[0]);
    },

    async searchPatients(query: PatientSearch, limit: number): Promise<HisPatient[]> {
      const [where, value] = 'name' in query ? ["starts_with(name, $1)", query.name] : ["(right(upper(id_number), length($1)) = upper($1) OR right(phone, length($1)) = $1)", query.digits];
      const { rows } = await db.query<PatientRow>(`${PATIENT_SELECT} WHERE ${where} ORDER BY name, id LIMIT $2`, [value, limit]);
      return rows.map(toHisPatient);
    },

    async listGuardians(patientId): Promise<HisGuardian[]> {
      const { rows } = await db.query<{ guardian_id: string; relation: HisGuardian['relation'] }>(
        'SELECT guardian_id, relation FROM demo_guardians WHERE patient_id = $1 ORDER BY guardian_id', [patientId]);
      return rows.map((r) => ({ patientId: r.guardian_id, relation: r.relation }));
    },

    async recordConsultationOpinion(opinion) {
      const known = await db.query('SELECT 1 FROM demo_patients WHERE id = $1', [opinion.patientId]);
      if (!known.rows.length) throw new AdapterError('NOT_FOUND', 'no such patient');
      await db.query('INSERT INTO demo_consultation_opinions (id, ref, patient_id, record, recorded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
        [opinion.id, `HZ-${opinion.id}`, opinion.patientId, JSON.stringify(opinion), now()]);
      const { rows } = await db.query<{ ref: string }>('SELECT ref FROM demo_consultation_opinions WHERE id = $1', [opinion.id]);
      return { ref: rows[0]!.ref };
    },

    /** Newest first, each with its diagnoses. */
    async listEncounters(patientId): Promise<Encounter[]> {
      const { rows } = await db.query<{ id: string; patient_id: string; department_id: string; doctor_id: string; date: string; kind: Encounter['kind']; diagnoses: Encounter['diagnoses'] }>(
        'SELECT id, patient_id, department_id, doctor_id, date, kind, diagnoses FROM demo_encounters WHERE patient_id = $1 ORDER BY date DESC, id', [patientId]);
      return rows.map((r) => ({ id: r.id, patientId: r.patient_id, departmentId: r.department_id, doctorId: r.doctor_id, date: r.date, kind: r.kind, diagnoses: r.diagnoses }));
    },
  };
}
