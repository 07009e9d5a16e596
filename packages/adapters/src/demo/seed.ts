import { localDate } from '@ihkit/core';
import type { Db, Queryable } from '../db.js';
import { DEMO_HOSPITAL, departments, doctors } from './catalog.js';
import { demoEncounters, demoGuardians, demoPatients } from './patients.js';
import { scheduledSlots } from './schedule.js';

/** Any number, the same in every gateway: two gateways seeding at once take turns. */
const SEED_LOCK = 4_857_202;

/**
 * Seeds the demo hospital; safe to call on every start, also from several gateways at once.
 * Reference data (departments, doctors, patients, their guardians, visits) is inserted once and never changed
 * afterwards; slots are topped up so that every doctor's clinic days from today through
 * today + 13 (hospital time zone) have their slots. A restart on a later day adds the new days;
 * existing slots and their bookings stay as they are. Returns how many slots were added.
 */
export async function seedDemo(db: Db, now: Date = new Date(), timeZone: string = DEMO_HOSPITAL.timeZone): Promise<{ slotsAdded: number }> {
  const today = localDate(now, timeZone);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    await refuseForeignDemoData(tx);
    await insertRows(tx, 'demo_departments', ['id', 'sort', 'name', 'name_en', 'description', 'description_en'],
      departments.map((x, i) => [x.id, i, x.name, x.nameEn, x.description, x.descriptionEn]));
    await insertRows(tx, 'demo_doctors', ['id', 'department_id', 'sort', 'name', 'name_en', 'title', 'specialty', 'specialty_en', 'fee_amount'],
      doctors.map((x, i) => [x.id, x.departmentId, i, x.name, x.nameEn, x.title, x.specialty, x.specialtyEn, x.fee]));
    await insertRows(tx, 'demo_patients', ['id', 'name', 'gender', 'birth_date', 'id_number', 'card_no', 'phone'],
      demoPatients(today).map((x) => [x.id, x.name, x.gender, x.birthDate, x.idNumber, x.cardNo, x.phone]));
    await insertRows(tx, 'demo_guardians', ['id', 'patient_id', 'guardian_id', 'relation'], demoGuardians.map((g) => [g.id, g.patientId, g.guardianId, g.relation]));
    await insertRows(tx, 'demo_encounters', ['id', 'patient_id', 'department_id', 'doctor_id', 'date', 'kind', 'diagnoses'],
      demoEncounters(today).map((x) => [x.id, x.patientId, x.departmentId, x.doctorId, x.date, x.kind, JSON.stringify(x.diagnoses)]));
    const slotsAdded = await insertRows(tx, 'demo_slots', ['id', 'doctor_id', 'department_id', 'local_date', 'start_at', 'end_at', 'capacity', 'fee_amount'],
      scheduledSlots(today, timeZone).map((s) => [s.id, s.doctor.id, s.doctor.departmentId, s.localDate, s.start, s.end, s.capacity, s.doctor.fee]));
    return { slotsAdded };
  });
}

/**
 * Demo data seeded by an earlier, incompatible layout (other ids) cannot be topped up; say so
 * plainly instead of failing on a duplicate card number.
 */
async function refuseForeignDemoData(tx: Queryable): Promise<void> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*) AS n FROM demo_departments WHERE NOT (id = ANY($1::text[]))', [departments.map((d) => d.id)]);
  if (rows[0]!.n > 0) {
    throw new Error('This database holds demo hospital data from an older ihkit layout. Remove it (the embedded database lives in .data/pglite by default) and start again.');
  }
}

/** Inserts the rows whose id is new (in chunks); returns how many were inserted. */
export async function insertRows(tx: Queryable, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<number> {
  const CHUNK = 200;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    const res = await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`, chunk.flat());
    inserted += res.rows.length;
  }
  return inserted;
}
