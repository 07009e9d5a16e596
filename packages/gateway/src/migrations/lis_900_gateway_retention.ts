import type { Migration } from '@ihkit/adapters';

export default {
  // Named lis_9xx so that it runs after the lab store's own migrations (lis_0xx, from
  // @ihkit/adapters), whose table it guards; it is the gateway's.
  name: 'lis_900_gateway_retention',
  sql: `
-- Lab reports the gateway stores are medical records (gw_016_retention's rule): kept 15 years
-- from their issue and from the patient's last visit. A correction from the laboratory
-- replaces a report; the version it replaced is kept in lab_report_versions, as it was.
CREATE TABLE lab_report_versions (
  id          bigserial PRIMARY KEY,
  report_id   text NOT NULL,
  patient_id  text NOT NULL,
  issued_at   timestamptz NOT NULL,
  report      jsonb NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lab_report_versions_of ON lab_report_versions (report_id, id);
CREATE FUNCTION ihkit_keep_lab_report_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO lab_report_versions (report_id, patient_id, issued_at, report) VALUES (OLD.id, OLD.patient_id, OLD.issued_at, to_jsonb(OLD));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER lab_reports_keep_versions AFTER UPDATE ON lab_reports FOR EACH ROW EXECUTE FUNCTION ihkit_keep_lab_report_version();
CREATE TRIGGER lab_report_versions_append_only BEFORE UPDATE ON lab_report_versions FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER lab_reports_keep_retained BEFORE DELETE ON lab_reports FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_retain_until(''medical_record'', ($1).issued_at) AS retain_until');
CREATE TRIGGER lab_report_versions_keep_retained BEFORE DELETE ON lab_report_versions FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id::text AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_retain_until(''medical_record'', ($1).issued_at) AS retain_until');
CREATE TRIGGER lab_reports_no_truncate BEFORE TRUNCATE ON lab_reports FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate();
CREATE TRIGGER lab_report_versions_no_truncate BEFORE TRUNCATE ON lab_report_versions FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate();
`,
} satisfies Migration;
