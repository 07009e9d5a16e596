import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_027_care_retention',
  sql: `
-- Plans the care team changes and ends (care/changes.ts): each change raises the plan's version
-- and keeps the version it replaced in care_plan_versions, as it was; an ended plan records who
-- ended it and why, and is changed no more.
ALTER TABLE care_plans
  ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version > 0),
  ADD COLUMN changed_at timestamptz,
  ADD COLUMN ended_by text REFERENCES users(id),
  ADD COLUMN end_reason text CHECK (end_reason IN ('goal-met', 'transferred', 'declined', 'deceased', 'other')),
  ADD CONSTRAINT care_plans_end_reason CHECK (end_reason IS NULL OR ended_at IS NOT NULL);
CREATE TABLE care_plan_versions (
  plan_id            text NOT NULL REFERENCES care_plans(id),
  version            int NOT NULL,
  patient_id         text NOT NULL,
  measures           jsonb NOT NULL,
  thresholds         jsonb NOT NULL,
  revisit_every_days int NOT NULL,
  valid_from         timestamptz NOT NULL,
  replaced_at        timestamptz NOT NULL,
  replaced_by        text NOT NULL REFERENCES users(id),
  PRIMARY KEY (plan_id, version)
);

-- A plan, its readings, alerts and earlier versions are medical records (gw_016_retention's
-- rule): kept while the plan runs, and 15 years from its end and from the patient's last visit;
-- nothing while the patient is on legal hold. The purge job (records/purge.ts) deletes an ended
-- plan past its date with all of it. Readings and earlier versions are kept as written; an alert
-- is acknowledged once; a plan changes only by a new version, and an ended one not at all.
CREATE FUNCTION ihkit_care_plan_retain_until(plan text) RETURNS timestamptz LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT ihkit_retain_until('medical_record', p.ended_at) FROM care_plans p WHERE p.id = plan
$fn$;
DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION ihkit_care_plan_retain_until(text) SET search_path = %I, pg_temp', current_schema());
END $do$;
CREATE TRIGGER care_plans_keep_retained BEFORE DELETE ON care_plans FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_retain_until(''medical_record'', ($1).ended_at) AS retain_until');
CREATE TRIGGER care_readings_keep_retained BEFORE DELETE ON care_readings FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, p.patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(p.id) AS retain_until FROM care_plans p WHERE p.id = ($1).plan_id');
CREATE TRIGGER care_alerts_keep_retained BEFORE DELETE ON care_alerts FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(($1).plan_id) AS retain_until');
CREATE TRIGGER care_plan_versions_keep_retained BEFORE DELETE ON care_plan_versions FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).plan_id || ''@'' || ($1).version AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(($1).plan_id) AS retain_until');
CREATE TRIGGER care_readings_append_only BEFORE UPDATE ON care_readings FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER care_plan_versions_append_only BEFORE UPDATE ON care_plan_versions FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER care_alerts_record_kept BEFORE UPDATE ON care_alerts FOR EACH ROW
  WHEN ((OLD.id, OLD.plan_id, OLD.reading_id, OLD.patient_id, OLD.raised_at) IS DISTINCT FROM (NEW.id, NEW.plan_id, NEW.reading_id, NEW.patient_id, NEW.raised_at)
    OR (OLD.acknowledged_at IS NOT NULL AND (OLD.acknowledged_at, OLD.acknowledged_by) IS DISTINCT FROM (NEW.acknowledged_at, NEW.acknowledged_by)))
  EXECUTE FUNCTION ihkit_refuse('an alert is raised as it was and acknowledged once');
CREATE TRIGGER care_plans_record_kept BEFORE UPDATE ON care_plans FOR EACH ROW
  WHEN ((OLD.id, OLD.patient_id, OLD.template_id, OLD.created_by, OLD.idempotency_key, OLD.started_at) IS DISTINCT FROM (NEW.id, NEW.patient_id, NEW.template_id, NEW.created_by, NEW.idempotency_key, NEW.started_at)
    OR OLD.ended_at IS NOT NULL
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version AND (OLD.measures, OLD.thresholds, OLD.revisit_every_days) IS DISTINCT FROM (NEW.measures, NEW.thresholds, NEW.revisit_every_days)))
  EXECUTE FUNCTION ihkit_refuse('a plan changes only by a new version, and an ended one not at all');
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['care_plans', 'care_readings', 'care_alerts', 'care_plan_versions'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate()', t || '_no_truncate', t);
  END LOOP;
END
$do$;
`,
} satisfies Migration;
