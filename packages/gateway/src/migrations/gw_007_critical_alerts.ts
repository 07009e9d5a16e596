import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_007_critical_alerts',
  sql: `
-- A critical lab result (HH, LL, AA) raised to the doctor who ordered the test. One alert per
-- report and set of critical results (a correction that changes them raises a new one); many
-- gateways watching one LIS insert it once. Who acknowledged it and when is kept here and in
-- the audit log.
CREATE TABLE critical_alerts (
  id              text PRIMARY KEY,
  report_id       text NOT NULL,
  results_digest  text NOT NULL,
  patient_id      text NOT NULL,
  doctor_id       text NOT NULL,
  report_title    text NOT NULL,
  observations    jsonb NOT NULL,
  raised_at       timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text REFERENCES users (id),
  UNIQUE (report_id, results_digest)
);
CREATE INDEX critical_alerts_doctor ON critical_alerts (doctor_id, raised_at DESC);
`,
} satisfies Migration;
