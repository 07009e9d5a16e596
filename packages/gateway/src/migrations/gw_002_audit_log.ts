import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_002_audit_log',
  sql: `
-- Every read or write of patient data, allowed or not. Opaque ids only: no names, ID numbers
-- or clinical text. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_id      text,
  actor_role    text,
  action        text NOT NULL,
  patient_id    text,
  resource_type text,
  resource_id   text,
  outcome       text NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
  request_id    text
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

CREATE FUNCTION ihkit_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$fn$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ihkit_audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION ihkit_audit_log_append_only();
`,
} satisfies Migration;
