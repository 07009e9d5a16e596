import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_016_retention',
  sql: `
-- Records the law keeps (records/retention.ts): medical records — a consult with the doctor's
-- record, prescriptions and their history, lab reports — at least 15 years from the patient's
-- last visit; chat, images, recordings and the consents behind them at least 3 years. The
-- database refuses to delete a row before then or while its patient is on legal hold, to
-- shorten a row's retention, and to change what a record says; the purge job
-- (records/purge.ts) deletes what has passed. The periods are here and nowhere else.
CREATE FUNCTION ihkit_retention_period(cls text) RETURNS interval LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  CASE cls
    WHEN 'medical_record' THEN RETURN interval '15 years';
    WHEN 'chat_media' THEN RETURN interval '3 years';
    ELSE RAISE EXCEPTION 'ihkit: no retention class %', cls;
  END CASE;
END
$fn$;
CREATE FUNCTION ihkit_retain_until(cls text, from_at timestamptz) RETURNS timestamptz LANGUAGE sql STABLE AS $fn$
  SELECT from_at + ihkit_retention_period(cls)
$fn$;

-- Each patient's last visit the gateway saw (a consult asked for or ended): their medical
-- records are kept 15 years from it. Kept by the trigger on consults only.
CREATE TABLE retention_patients (
  patient_id    text PRIMARY KEY,
  last_visit_at timestamptz NOT NULL
);
INSERT INTO retention_patients (patient_id, last_visit_at)
  SELECT patient_id, max(GREATEST(created_at, COALESCE(ended_at, created_at))) FROM consults GROUP BY patient_id;

-- While a hold is in force (not released) nothing of its patient's is deleted, whatever its
-- date. Placed and released by the database's owner (ihkit-gateway records hold / release),
-- never deleted; released once. reference: the case or order it is kept for (no names).
CREATE TABLE legal_holds (
  id          bigserial PRIMARY KEY,
  patient_id  text NOT NULL,
  reference   text NOT NULL,
  placed_at   timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
CREATE INDEX legal_holds_in_force ON legal_holds (patient_id) WHERE released_at IS NULL;
CREATE TRIGGER legal_holds_kept BEFORE DELETE ON legal_holds FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER legal_holds_released_once BEFORE UPDATE ON legal_holds FOR EACH ROW
  WHEN ((OLD.id, OLD.patient_id, OLD.reference, OLD.placed_at) IS DISTINCT FROM (NEW.id, NEW.patient_id, NEW.reference, NEW.placed_at) OR OLD.released_at IS NOT NULL)
  EXECUTE FUNCTION ihkit_append_only();

-- Whether a row of class cls, kept at least until \`until\`, of \`patient\`, must still be kept now.
CREATE FUNCTION ihkit_retained(cls text, until timestamptz, patient text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT patient IS NULL OR until IS NULL OR until > now()
    OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.patient_id = patient AND h.released_at IS NULL)
    OR (cls = 'medical_record' AND EXISTS (SELECT 1 FROM retention_patients v WHERE v.patient_id = patient AND ihkit_retain_until(cls, v.last_visit_at) > now()))
$fn$;

CREATE FUNCTION ihkit_note_visit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
  INSERT INTO retention_patients AS v (patient_id, last_visit_at) VALUES (NEW.patient_id, GREATEST(NEW.created_at, COALESCE(NEW.ended_at, NEW.created_at)))
    ON CONFLICT (patient_id) DO UPDATE SET last_visit_at = EXCLUDED.last_visit_at WHERE EXCLUDED.last_visit_at > v.last_visit_at;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER consults_visit AFTER INSERT OR UPDATE OF ended_at ON consults FOR EACH ROW EXECUTE FUNCTION ihkit_note_visit();

-- Refuses to delete a row that must still be kept. TG_ARGV[0]: a query of the row ($1) that
-- gives its id, patient_id, retention_class and retain_until.
CREATE FUNCTION ihkit_keep_retained() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
  kept record;
BEGIN
  EXECUTE TG_ARGV[0] INTO kept USING OLD;
  IF ihkit_retained(kept.retention_class, kept.retain_until, kept.patient_id) THEN
    RAISE EXCEPTION 'ihkit: % % is kept until % (or while its patient is on legal hold): DELETE refused', TG_TABLE_NAME, kept.id, kept.retain_until
      USING ERRCODE = 'IH001', HINT = 'Records under retention are deleted only by the purge job (ihkit-gateway records purge), once past their date.';
  END IF;
  RETURN OLD;
END
$fn$;

-- Refuses the statement, saying why (TG_ARGV[0]).
CREATE FUNCTION ihkit_refuse() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'ihkit: % refused on %: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'IH002';
END
$fn$;

DO $do$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['ihkit_retained(text, timestamptz, text)', 'ihkit_note_visit()', 'ihkit_keep_retained()'] LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
  END LOOP;
END
$do$;

-- Deleting: refused while retained. Rows whose patient is their parent's are found through it.
CREATE TRIGGER consults_keep_retained BEFORE DELETE ON consults FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until');
CREATE TRIGGER prescriptions_keep_retained BEFORE DELETE ON prescriptions FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until');
CREATE TRIGGER prescription_history_keep_retained BEFORE DELETE ON prescription_history FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id::text AS id, p.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM prescriptions p WHERE p.id = ($1).prescription_id');
CREATE TRIGGER consult_messages_keep_retained BEFORE DELETE ON consult_messages FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM consults c WHERE c.id = ($1).consult_id');
CREATE TRIGGER consult_attachments_keep_retained BEFORE DELETE ON consult_attachments FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM consults c WHERE c.id = ($1).consult_id');
CREATE TRIGGER video_recordings_keep_retained BEFORE DELETE ON video_recordings FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM consults c WHERE c.id = ($1).consult_id');
CREATE TRIGGER video_recording_requests_keep_retained BEFORE DELETE ON video_recording_requests FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM video_rooms r JOIN consults c ON c.id = r.consult_id WHERE r.id = ($1).room_id');
CREATE TRIGGER video_recording_consents_keep_retained BEFORE DELETE ON video_recording_consents FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id::text AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM video_recording_requests q JOIN video_rooms r ON r.id = q.room_id JOIN consults c ON c.id = r.consult_id WHERE q.id = ($1).request_id');

-- Rows kept as written refuse UPDATE; their DELETE is the retention rule's (above), no longer
-- refused outright.
DROP TRIGGER consult_messages_append_only ON consult_messages;
DROP TRIGGER prescription_history_append_only ON prescription_history;
DROP TRIGGER video_recording_requests_append_only ON video_recording_requests;
DROP TRIGGER video_recording_consents_append_only ON video_recording_consents;
CREATE TRIGGER consult_messages_append_only BEFORE UPDATE ON consult_messages FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER prescription_history_append_only BEFORE UPDATE ON prescription_history FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER video_recording_requests_append_only BEFORE UPDATE ON video_recording_requests FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER video_recording_consents_append_only BEFORE UPDATE ON video_recording_consents FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER consult_attachments_append_only BEFORE UPDATE ON consult_attachments FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER video_recordings_append_only BEFORE UPDATE ON video_recordings FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

-- Consults and prescriptions move through their lifecycle, but what they record does not change.
CREATE TRIGGER consults_retention_kept BEFORE UPDATE ON consults FOR EACH ROW
  WHEN (NEW.retain_until < OLD.retain_until OR NEW.retention_class IS DISTINCT FROM OLD.retention_class)
  EXECUTE FUNCTION ihkit_refuse('retention is lengthened, never shortened');
CREATE TRIGGER prescriptions_retention_kept BEFORE UPDATE ON prescriptions FOR EACH ROW
  WHEN (NEW.retain_until < OLD.retain_until OR NEW.retention_class IS DISTINCT FROM OLD.retention_class)
  EXECUTE FUNCTION ihkit_refuse('retention is lengthened, never shortened');
CREATE TRIGGER consults_record_kept BEFORE UPDATE ON consults FOR EACH ROW
  WHEN ((OLD.id, OLD.user_id, OLD.patient_id, OLD.patient_name, OLD.patient_gender, OLD.patient_age, OLD.doctor_id, OLD.department_id, OLD.encounter_id,
         OLD.condition_code, OLD.condition_name, OLD.condition_date, OLD.complaint, OLD.guardian_name, OLD.guardian_relation, OLD.fee_amount,
         OLD.fee_currency, OLD.idempotency_key, OLD.created_at)
        IS DISTINCT FROM
        (NEW.id, NEW.user_id, NEW.patient_id, NEW.patient_name, NEW.patient_gender, NEW.patient_age, NEW.doctor_id, NEW.department_id, NEW.encounter_id,
         NEW.condition_code, NEW.condition_name, NEW.condition_date, NEW.complaint, NEW.guardian_name, NEW.guardian_relation, NEW.fee_amount,
         NEW.fee_currency, NEW.idempotency_key, NEW.created_at)
    OR (OLD.record IS NOT NULL AND NEW.record IS DISTINCT FROM OLD.record)
    OR (OLD.referral_reason IS NOT NULL AND NEW.referral_reason IS DISTINCT FROM OLD.referral_reason)
    OR (OLD.ended_at IS NOT NULL AND NEW.ended_at IS DISTINCT FROM OLD.ended_at)
    OR (OLD.status IN ('completed', 'referred', 'cancelled', 'refunded') AND NEW.status IS DISTINCT FROM OLD.status))
  EXECUTE FUNCTION ihkit_refuse('a consult''s request, record and outcome are kept as written');
-- A signed prescription changes only by a revision (version + 1, signed again; the history keeps every version).
CREATE TRIGGER prescriptions_record_kept BEFORE UPDATE ON prescriptions FOR EACH ROW
  WHEN ((OLD.id, OLD.consult_id, OLD.patient_id, OLD.doctor_user_id, OLD.idempotency_key, OLD.created_at, OLD.number)
        IS DISTINCT FROM (NEW.id, NEW.consult_id, NEW.patient_id, NEW.doctor_user_id, NEW.idempotency_key, NEW.created_at, NEW.number)
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version
        AND (OLD.content, OLD.sig_algorithm, OLD.sig_value, OLD.sig_certificate, OLD.signed_at) IS DISTINCT FROM (NEW.content, NEW.sig_algorithm, NEW.sig_value, NEW.sig_certificate, NEW.signed_at))
    OR (OLD.status IN ('completed', 'cancelled', 'expired') AND NEW.status IS DISTINCT FROM OLD.status))
  EXECUTE FUNCTION ihkit_refuse('a signed prescription changes only by a revision, and an ended one not at all');

-- TRUNCATE would skip the rules above.
CREATE FUNCTION ihkit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'ihkit: TRUNCATE refused on %: it holds records under retention', TG_TABLE_NAME USING ERRCODE = 'IH002';
END
$fn$;
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['consults', 'prescriptions', 'prescription_history', 'consult_messages', 'consult_attachments', 'video_recordings',
                           'video_recording_requests', 'video_recording_consents', 'legal_holds', 'retention_patients'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate()', t || '_no_truncate', t);
  END LOOP;
END
$do$;
`,
} satisfies Migration;
