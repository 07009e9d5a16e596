import { addDays, localDate } from '@ihkit/core';
import type { Db, Queryable } from '../db.js';
import { capacityAt, clinicSessions, DEMO_HOSPITAL, departments, doctors, encounters, patients, SESSION_MINUTES, SLOT_MINUTES } from './seed-data.js';
import { isoWeekday, zonedInstant } from './zoned-time.js';

/** How many days of slots the demo hospital opens, today included. */
export const BOOKING_WINDOW_DAYS = 14;

/**
 * Seeds the demo hospital; safe on every start. Reference data is inserted once; slots are
 * topped up so every doctor has slots from today through the booking window (a restart on a
 * later day adds the new days and keeps existing bookings).
 */
export async function seedDemo(db: Db, now: Date = new Date(), timeZone = DEMO_HOSPITAL.timeZone): Promise<{ slotsAdded: number }> {
  return db.transaction(async (tx) => {
    for (const [i, x] of departments.entries()) {
      await tx.query('INSERT INTO demo_departments (id, sort, name, name_en, description, description_en) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO NOTHING', [x.id, i, x.name, x.nameEn, x.description, x.descriptionEn]);
    }
    for (const [i, x] of doctors.entries()) {
      await tx.query('INSERT INTO demo_doctors (id, department_id, sort, name, name_en, title, specialty, specialty_en, fee_amount) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (id) DO NOTHING', [x.id, x.departmentId, i, x.name, x.nameEn, x.title, x.specialty, x.specialtyEn, x.fee]);
    }
    for (const x of patients) {
      await tx.query('INSERT INTO demo_patients (id, name, gender, birth_date, id_number, card_no, phone) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING', [x.id, x.name, x.gender, x.birthDate, x.idNumber, x.cardNo, x.phone]);
    }
    for (const x of encounters) {
      await tx.query('INSERT INTO demo_encounters (id, patient_id, department_id, doctor_id, date, kind, diagnoses) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING', [x.id, x.patientId, x.departmentId, x.doctorId, x.date, x.kind, JSON.stringify(x.diagnoses)]);
    }
    return { slotsAdded: await topUpSlots(tx, localDate(now, timeZone), timeZone) };
  });
}

async function topUpSlots(tx: Queryable, today: string, timeZone: string): Promise<number> {
  const rows: unknown[][] = [];
  for (let day = 0; day < BOOKING_WINDOW_DAYS; day++) {
    const date = addDays(today, day);
    const weekday = isoWeekday(date);
    for (const [i, doctor] of doctors.entries()) {
      for (const [wd, half] of clinicSessions(i)) {
        if (wd !== weekday) continue;
        const { start, end } = SESSION_MINUTES[half];
        for (let m = start, k = 0; m + SLOT_MINUTES <= end; m += SLOT_MINUTES, k++) {
          const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
          const id = `slot_${doctor.id.slice(4)}_${date.replaceAll('-', '')}${hhmm}`;
          rows.push([id, doctor.id, doctor.departmentId, date, zonedInstant(date, m, timeZone), zonedInstant(date, m + SLOT_MINUTES, timeZone), capacityAt(i, k), doctor.fee]);
        }
      }
    }
  }
  let added = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const values = chunk.map((_, r) => `(${Array.from({ length: 8 }, (_, c) => `$${r * 8 + c + 1}`).join(',')})`).join(',');
    const res = await tx.query(`INSERT INTO demo_slots (id, doctor_id, department_id, local_date, start_at, end_at, capacity, fee_amount) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`, chunk.flat());
    added += res.rows.length;
  }
  return added;
}
