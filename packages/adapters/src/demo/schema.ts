import type { Migration } from '../db.js';

/**
 * The demo hospital's tables, in the gateway's database (all prefixed demo_). Calendar dates
 * are text (YYYY-MM-DD) in the hospital's time zone; instants are timestamptz.
 */
export const demoMigrations: Migration[] = [
  {
    name: 'demo_001_schema',
    sql: `
CREATE TABLE demo_departments (
  id             text PRIMARY KEY,
  sort           int NOT NULL,
  name           text NOT NULL,
  name_en        text,
  description    text,
  description_en text
);
CREATE TABLE demo_doctors (
  id            text PRIMARY KEY,
  department_id text NOT NULL REFERENCES demo_departments (id),
  sort          int NOT NULL,
  name          text NOT NULL,
  name_en       text,
  title         text NOT NULL CHECK (title IN ('chief', 'associate_chief', 'attending', 'resident')),
  specialty     text,
  specialty_en  text,
  fee_amount    int NOT NULL CHECK (fee_amount >= 0)
);
-- booked counts the appointments holding a place; it never exceeds capacity.
CREATE TABLE demo_slots (
  id            text PRIMARY KEY,
  doctor_id     text NOT NULL REFERENCES demo_doctors (id),
  department_id text NOT NULL REFERENCES demo_departments (id),
  local_date    text NOT NULL CHECK (local_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  start_at      timestamptz NOT NULL,
  end_at        timestamptz NOT NULL CHECK (end_at > start_at),
  capacity      int NOT NULL CHECK (capacity >= 0),
  booked        int NOT NULL DEFAULT 0,
  fee_amount    int NOT NULL CHECK (fee_amount >= 0),
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (doctor_id, start_at)
);
CREATE INDEX demo_slots_by_date ON demo_slots (local_date, doctor_id);
CREATE TABLE demo_patients (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  gender     text NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date text NOT NULL,
  id_number  text NOT NULL UNIQUE,
  card_no    text UNIQUE,
  phone      text
);
CREATE TABLE demo_encounters (
  id            text PRIMARY KEY,
  patient_id    text NOT NULL REFERENCES demo_patients (id),
  department_id text NOT NULL REFERENCES demo_departments (id),
  doctor_id     text NOT NULL REFERENCES demo_doctors (id),
  date          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('outpatient', 'inpatient', 'online')),
  diagnoses     jsonb NOT NULL
);
CREATE INDEX demo_encounters_by_patient ON demo_encounters (patient_id, date DESC);
-- doctor_id and local_date repeat the slot's, for the one-per-doctor-and-day index.
CREATE TABLE demo_appointments (
  id              text PRIMARY KEY,
  slot_id         text NOT NULL REFERENCES demo_slots (id),
  patient_id      text NOT NULL REFERENCES demo_patients (id),
  doctor_id       text NOT NULL,
  local_date      text NOT NULL,
  status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'completed', 'no_show')),
  idempotency_key text NOT NULL,
  created_at      timestamptz NOT NULL,
  cancelled_at    timestamptz,
  cancel_reason   text,
  CONSTRAINT demo_appointments_idempotency UNIQUE (idempotency_key)
);
-- One booked appointment per patient, doctor and day: the hospital's rule, kept atomic.
CREATE UNIQUE INDEX demo_appointments_one_per_doctor_day ON demo_appointments (patient_id, doctor_id, local_date) WHERE status = 'booked';
CREATE INDEX demo_appointments_by_patient ON demo_appointments (patient_id);
CREATE INDEX demo_appointments_by_slot ON demo_appointments (slot_id);
`,
  },
  {
    name: 'demo_002_appointment_numbers',
    sql: `
-- The hospital's registration number of each appointment (GH20261207-0012: the visit date and
-- the day's sequence), what a patient reads out at the hospital. The last number given out
-- for each date is counted up in the booking's transaction, so two bookings never share one.
CREATE TABLE demo_appointment_numbers (
  local_date text PRIMARY KEY,
  last       int NOT NULL CHECK (last > 0)
);
ALTER TABLE demo_appointments ADD COLUMN number text UNIQUE;
-- Appointments made before numbering get theirs in the order they were made.
WITH numbered AS (
  SELECT id, local_date, row_number() OVER (PARTITION BY local_date ORDER BY created_at, id) AS seq FROM demo_appointments
)
UPDATE demo_appointments a SET number = 'GH' || replace(n.local_date, '-', '') || '-' || lpad(n.seq::text, greatest(4, length(n.seq::text)), '0')
  FROM numbered n WHERE n.id = a.id;
INSERT INTO demo_appointment_numbers (local_date, last) SELECT local_date, count(*) FROM demo_appointments GROUP BY local_date;
ALTER TABLE demo_appointments ALTER COLUMN number SET NOT NULL;
`,
  },
  {
    name: 'demo_003_guardians',
    sql: `
-- The guardians the hospital registered for its young patients (from the household register or
-- birth certificate at their first visit), by the guardian's own patient id.
CREATE TABLE demo_guardians (
  id          text PRIMARY KEY,
  patient_id  text NOT NULL REFERENCES demo_patients (id),
  guardian_id text NOT NULL REFERENCES demo_patients (id),
  relation    text NOT NULL CHECK (relation IN ('parent', 'appointed')),
  UNIQUE (patient_id, guardian_id)
);
`,
  },
  {
    name: 'demo_004_book_function',
    sql: `
-- A booking as one call of the database: the checks, the place taken, the registration number
-- and the appointment, in the statement's transaction, as booking.ts did in ten round trips.
-- The outcome is the AdapterError code booking.ts answers with, or 'booked' / 'replayed' with
-- the appointment's id. A failed check returns before anything is written; the place is taken by
-- the same conditional UPDATE (booked < capacity), so concurrent bookings still never overbook.
-- The next registration number of a visit date (GH20261207-0012), for a booking here and a move
-- (booking.ts): the date's counter row is taken by the upsert and held until the transaction
-- ends, so numbers of one date follow one another; a transaction that fails gives its number back.
CREATE FUNCTION demo_next_number(p_date text) RETURNS text LANGUAGE sql AS $fn$
  INSERT INTO demo_appointment_numbers (local_date, last) VALUES (p_date, 1)
    ON CONFLICT (local_date) DO UPDATE SET last = demo_appointment_numbers.last + 1
  RETURNING 'GH' || replace(p_date, '-', '') || '-' || lpad(last::text, greatest(4, length(last::text)), '0')
$fn$;

CREATE FUNCTION demo_book(p_slot text, p_patient text, p_key text, p_now timestamptz, p_id text)
RETURNS TABLE (outcome text, appointment_id text) LANGUAGE plpgsql AS $fn$
DECLARE
  s demo_slots%ROWTYPE;
  prior demo_appointments%ROWTYPE;
BEGIN
  SELECT * INTO prior FROM demo_appointments WHERE idempotency_key = p_key;
  IF FOUND THEN
    IF prior.slot_id <> p_slot OR prior.patient_id <> p_patient THEN
      RETURN QUERY SELECT 'IDEMPOTENCY_KEY_REUSED', NULL::text; RETURN;
    END IF;
    RETURN QUERY SELECT 'replayed', prior.id; RETURN;
  END IF;
  SELECT * INTO s FROM demo_slots WHERE id = p_slot;
  IF NOT FOUND THEN RETURN QUERY SELECT 'SLOT_NOT_FOUND', NULL::text; RETURN; END IF;
  IF s.start_at <= p_now THEN RETURN QUERY SELECT 'SLOT_IN_PAST', NULL::text; RETURN; END IF;
  PERFORM 1 FROM demo_patients WHERE id = p_patient;
  IF NOT FOUND THEN RETURN QUERY SELECT 'PATIENT_NOT_FOUND', NULL::text; RETURN; END IF;
  PERFORM 1 FROM demo_appointments WHERE patient_id = p_patient AND doctor_id = s.doctor_id AND local_date = s.local_date AND status = 'booked';
  IF FOUND THEN RETURN QUERY SELECT 'ALREADY_BOOKED', NULL::text; RETURN; END IF;
  UPDATE demo_slots SET booked = booked + 1 WHERE id = p_slot AND booked < capacity;
  IF NOT FOUND THEN RETURN QUERY SELECT 'SLOT_TAKEN', NULL::text; RETURN; END IF;
  INSERT INTO demo_appointments (id, slot_id, patient_id, doctor_id, local_date, idempotency_key, created_at, number)
    VALUES (p_id, p_slot, p_patient, s.doctor_id, s.local_date, p_key, p_now, demo_next_number(s.local_date));
  RETURN QUERY SELECT 'booked', p_id;
END
$fn$;
`,
  },
  {
    name: 'demo_005_consultation_opinions',
    sql: `
-- The remote-consultation opinions (会诊意见) written into the patients' records, once each.
CREATE TABLE demo_consultation_opinions (
  id          text PRIMARY KEY,
  ref         text NOT NULL UNIQUE,
  patient_id  text NOT NULL REFERENCES demo_patients (id),
  record      jsonb NOT NULL,
  recorded_at timestamptz NOT NULL
);
`,
  },
];
