import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_017_regulator_events',
  sql: `
-- The supervision platform hears of every step (regulator/outbox.ts): a consult created,
-- accepted, completed or referred; a prescription signed (each version), reviewed (approved or
-- returned), cancelled or dispensed — one report per subject, step and version, sent in the
-- order written (seq; a subject's report waits for the one before it). The relay claims due
-- reports (claimed_until) and calls the platform outside any transaction; a report that failed
-- too often is dead (dead_at) until an admin asks for it again.
ALTER TABLE regulator_outbox
  ADD COLUMN seq bigserial,
  ADD COLUMN event text,
  ADD COLUMN subject_version int NOT NULL DEFAULT 1 CHECK (subject_version > 0),
  ADD COLUMN patient_id text,
  ADD COLUMN claimed_until timestamptz,
  ADD COLUMN dead_at timestamptz;
UPDATE regulator_outbox SET
  event = CASE WHEN kind = 'prescription' THEN 'approved' WHEN payload->'consult'->>'status' = 'completed' THEN 'completed' ELSE 'referred' END,
  patient_id = CASE WHEN kind = 'prescription' THEN payload->'prescription'->'patient'->>'id' ELSE payload->>'patientId' END,
  subject_version = CASE WHEN kind = 'prescription' THEN COALESCE((payload->'prescription'->>'version')::int, 1) ELSE 1 END;
ALTER TABLE regulator_outbox
  ALTER COLUMN event SET NOT NULL,
  ALTER COLUMN patient_id SET NOT NULL,
  ADD CONSTRAINT regulator_outbox_event CHECK (
    (kind = 'consult' AND event IN ('created', 'accepted', 'completed', 'referred'))
    OR (kind = 'prescription' AND event IN ('signed', 'approved', 'returned', 'cancelled', 'dispensed'))),
  DROP CONSTRAINT regulator_outbox_kind_subject_id_key,
  ADD CONSTRAINT regulator_outbox_once UNIQUE (kind, subject_id, event, subject_version);
DROP INDEX regulator_outbox_due;
CREATE INDEX regulator_outbox_due ON regulator_outbox (next_attempt_at) WHERE acked_at IS NULL AND dead_at IS NULL;
CREATE INDEX regulator_outbox_unacked ON regulator_outbox (kind, subject_id, seq) WHERE acked_at IS NULL;
CREATE INDEX regulator_outbox_dead ON regulator_outbox (dead_at) WHERE acked_at IS NULL AND dead_at IS NOT NULL;
`,
} satisfies Migration;
