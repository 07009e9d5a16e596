import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_031_questionnaires',
  sql: `
-- Questionnaires in follow-up (care/questionnaires.ts): a plan asks for standard scales
-- (PHQ-9, GAD-7 — @ihkit/core CARE_QUESTIONNAIRES) every so many days, with the score that alerts
-- the care team; its versions keep them too. The patient's answers are kept as sent with the
-- score the gateway computed (care_questionnaire_responses); a score at or above the plan's
-- limit, or a safety item answered, raises an alert like a reading beyond its limits does — an
-- alert is raised by one reading or one response. Reminders of questionnaires go out once a day.
ALTER TABLE care_plans ADD COLUMN questionnaires jsonb NOT NULL DEFAULT '[]';
ALTER TABLE care_plan_versions ADD COLUMN questionnaires jsonb NOT NULL DEFAULT '[]';
CREATE TABLE care_questionnaire_responses (
  id               text PRIMARY KEY,
  plan_id          text NOT NULL REFERENCES care_plans(id),
  patient_id       text NOT NULL,
  questionnaire_id text NOT NULL CHECK (questionnaire_id IN ('phq-9', 'gad-7')),
  items            jsonb NOT NULL,
  score            int NOT NULL CHECK (score >= 0),
  band             text NOT NULL,
  flags            jsonb NOT NULL,
  authored_at      timestamptz NOT NULL,
  recorded_by      text NOT NULL REFERENCES users(id),
  idempotency_key  text NOT NULL,
  organization_id  text NOT NULL DEFAULT 'home',
  UNIQUE (recorded_by, idempotency_key)
);
CREATE INDEX care_questionnaire_responses_plan ON care_questionnaire_responses (plan_id, questionnaire_id, authored_at DESC);
ALTER TABLE care_alerts
  ALTER COLUMN reading_id DROP NOT NULL,
  ADD COLUMN response_id text UNIQUE REFERENCES care_questionnaire_responses(id),
  ADD CONSTRAINT care_alerts_raised_by CHECK ((reading_id IS NULL) <> (response_id IS NULL));
ALTER TABLE care_reminders DROP CONSTRAINT care_reminders_subject_check;
ALTER TABLE care_reminders ADD CONSTRAINT care_reminders_subject_check CHECK (subject IN ('readings', 'revisit', 'questionnaires'));

-- Kept like the plan's readings (gw_027_care_retention): medical records, as written.
CREATE TRIGGER care_questionnaire_responses_keep_retained BEFORE DELETE ON care_questionnaire_responses FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(($1).plan_id) AS retain_until');
CREATE TRIGGER care_questionnaire_responses_append_only BEFORE UPDATE ON care_questionnaire_responses FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER care_questionnaire_responses_no_truncate BEFORE TRUNCATE ON care_questionnaire_responses FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate();
DROP TRIGGER care_alerts_record_kept ON care_alerts;
CREATE TRIGGER care_alerts_record_kept BEFORE UPDATE ON care_alerts FOR EACH ROW
  WHEN ((OLD.id, OLD.plan_id, OLD.reading_id, OLD.response_id, OLD.patient_id, OLD.raised_at) IS DISTINCT FROM (NEW.id, NEW.plan_id, NEW.reading_id, NEW.response_id, NEW.patient_id, NEW.raised_at)
    OR (OLD.acknowledged_at IS NOT NULL AND (OLD.acknowledged_at, OLD.acknowledged_by) IS DISTINCT FROM (NEW.acknowledged_at, NEW.acknowledged_by)))
  EXECUTE FUNCTION ihkit_refuse('an alert is raised as it was and acknowledged once');
DROP TRIGGER care_plans_record_kept ON care_plans;
CREATE TRIGGER care_plans_record_kept BEFORE UPDATE ON care_plans FOR EACH ROW
  WHEN ((OLD.id, OLD.patient_id, OLD.template_id, OLD.created_by, OLD.idempotency_key, OLD.started_at) IS DISTINCT FROM (NEW.id, NEW.patient_id, NEW.template_id, NEW.created_by, NEW.idempotency_key, NEW.started_at)
    OR OLD.ended_at IS NOT NULL
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version AND (OLD.measures, OLD.thresholds, OLD.revisit_every_days, OLD.questionnaires) IS DISTINCT FROM (NEW.measures, NEW.thresholds, NEW.revisit_every_days, NEW.questionnaires)))
  EXECUTE FUNCTION ihkit_refuse('a plan changes only by a new version, and an ended one not at all');
`,
} satisfies Migration;
