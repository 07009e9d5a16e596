/** The tables the gateway owns. Applied with the adapters' migrations by the db module's `migrate`. */
import type { Migration } from '@ihkit/adapters';

export const gatewayMigrations: Migration[] = [
  {
    name: 'gw_001_users',
    sql: `
CREATE TABLE users (
  id               text PRIMARY KEY,
  username         text UNIQUE,
  password_hash    text,
  role             text NOT NULL CHECK (role IN ('patient', 'doctor', 'pharmacist', 'admin')),
  display_name     text NOT NULL,
  external_subject text UNIQUE,
  his_patient_id   text,
  his_doctor_id    text,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- The patients a user may act for: themselves and the family members they added.
-- idempotency_key: the Idempotency-Key of the addFamilyMember call that made the link.
CREATE TABLE user_patients (
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  patient_id      text NOT NULL,
  relation        text NOT NULL CHECK (relation IN ('self', 'child', 'parent', 'spouse', 'other')),
  idempotency_key text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, patient_id),
  UNIQUE (user_id, idempotency_key)
);
CREATE UNIQUE INDEX user_patients_one_self ON user_patients (user_id) WHERE relation = 'self';
CREATE INDEX user_patients_patient ON user_patients (patient_id);
`,
  },
  {
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
  },
];
