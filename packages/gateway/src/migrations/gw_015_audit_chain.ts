import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_015_audit_chain',
  sql: `
-- The audit log as a hash chain (audit-chain.ts verifies it). Each row carries its place in
-- the chain (seq, 1, 2, 3 … without gaps), the hash of the row before it and its own hash:
--   hash = sha256(prev_hash || convert_to(ihkit_audit_text(row), 'UTF8'))
-- (the first row's prev_hash is 32 zero bytes). The trigger below fills them in, and at, on
-- INSERT — whatever the INSERT said — from the chain's head (audit_chain), whose row it locks
-- until the inserting transaction ends: rows join the chain in the order their transactions
-- take the head, and a row rolled back gives its place back. Insert audit rows last in a
-- transaction, so that the head is held for the commit only.
CREATE TABLE audit_chain (
  one  boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq  bigint NOT NULL CHECK (seq >= 0),
  hash bytea NOT NULL
);

-- The text a row's hash covers: seq, at (UTC, microseconds), then each column as
-- <bytes>:<value>, or - for NULL, separated by |. A column added to audit_log must join it.
CREATE FUNCTION ihkit_audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
$fn$;
CREATE FUNCTION ihkit_audit_text(seq bigint, at timestamptz, actor_id text, actor_role text, action text, patient_id text,
                                 resource_type text, resource_id text, outcome text, request_id text)
RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT concat_ws('|', seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    ihkit_audit_field(actor_id), ihkit_audit_field(actor_role), ihkit_audit_field(action), ihkit_audit_field(patient_id),
    ihkit_audit_field(resource_type), ihkit_audit_field(resource_id), ihkit_audit_field(outcome), ihkit_audit_field(request_id))
$fn$;

-- Rows written before the chain are chained in the order they were written.
ALTER TABLE audit_log ADD COLUMN seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
DO $do$
DECLARE
  r audit_log%ROWTYPE;
  prev bytea := decode(repeat('00', 32), 'hex');
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    UPDATE audit_log SET seq = n, prev_hash = prev,
      hash = sha256(prev || convert_to(ihkit_audit_text(n, r.at, r.actor_id, r.actor_role, r.action, r.patient_id, r.resource_type, r.resource_id, r.outcome, r.request_id), 'UTF8'))
      WHERE id = r.id RETURNING hash INTO prev;
  END LOOP;
  INSERT INTO audit_chain (seq, hash) VALUES (n, prev);
END
$do$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- SECURITY DEFINER: the gateway's role may add rows to audit_log and nothing else (db/roles.ts);
-- the head is the owner's. Its search_path is this schema, then pg_temp (never a temporary
-- table of the caller's).
CREATE FUNCTION ihkit_audit_chain_append() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
  head audit_chain%ROWTYPE;
BEGIN
  SELECT * INTO STRICT head FROM audit_chain FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.at := clock_timestamp();
  NEW.prev_hash := head.hash;
  NEW.hash := sha256(head.hash || convert_to(ihkit_audit_text(NEW.seq, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.patient_id,
    NEW.resource_type, NEW.resource_id, NEW.outcome, NEW.request_id), 'UTF8'));
  UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash;
  RETURN NEW;
END
$fn$;
DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION ihkit_audit_chain_append() SET search_path = %I, pg_temp', current_schema());
END $do$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ihkit_audit_chain_append();
-- The head is changed by that trigger only.
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION ihkit_audit_log_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION ihkit_audit_log_append_only();
`,
} satisfies Migration;
