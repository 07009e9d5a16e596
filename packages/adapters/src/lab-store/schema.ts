import type { Migration } from '../db.js';

/** The NOTIFY channel on which a saved report's id is announced. */
export const LAB_CHANNEL = 'ihkit_lab';

/**
 * The stored LIS's table, in the gateway's database. One row per report (an OBR group of an
 * ORU^R01, or a seeded demo report); `observations` holds the contract's LabObservation[].
 */
export const labStoreMigrations: Migration[] = [
  {
    name: 'lis_001_lab_reports',
    sql: `
-- received_at is when the row's current version was stored: set on insert and again whenever
-- a changed report (a correction) replaces it. watch() catches up from it after a lost listen.
CREATE TABLE lab_reports (
  id                 text PRIMARY KEY,
  patient_id         text NOT NULL,
  ordering_doctor_id text,
  source             text NOT NULL,
  title              text NOT NULL,
  title_en           text,
  specimen           text,
  status             text NOT NULL CHECK (status IN ('preliminary', 'final', 'corrected', 'cancelled')),
  collected_at       timestamptz,
  issued_at          timestamptz NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now(),
  observations       jsonb NOT NULL CHECK (jsonb_typeof(observations) = 'array'),
  critical           boolean NOT NULL DEFAULT false
);
CREATE INDEX lab_reports_patient_issued ON lab_reports (patient_id, issued_at DESC);
CREATE INDEX lab_reports_received ON lab_reports (received_at);
`,
  },
];
