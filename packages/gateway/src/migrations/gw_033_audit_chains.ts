import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_033_audit_chains',
  sql: `
-- Sixteen chains instead of one. gw_015's single head was locked from a transaction's audit row
-- until its commit, so every audited commit of every gateway on the database waited for the one
-- before it to reach the disk: audited writes went one fsync at a time, however many clients and
-- gateways there were (pgbench on the bench's server: 512 chained inserts/s at 64 clients with one
-- head, 2,725 with 16). Now a transaction takes the first head no other transaction holds and
-- keeps it for all its rows; only when all sixteen are held does it wait, on one chosen by its
-- backend. Each chain is as before — seq 1, 2, 3 … without gaps, each row hashing the one before
-- it in its chain — and the verifier walks each. Rows written before this are chain 0.
ALTER TABLE audit_chain DROP COLUMN one;
ALTER TABLE audit_chain ADD COLUMN chain smallint NOT NULL DEFAULT 0 CHECK (chain BETWEEN 0 AND 15);
ALTER TABLE audit_chain ADD PRIMARY KEY (chain);
ALTER TABLE audit_chain ALTER COLUMN chain DROP DEFAULT;
INSERT INTO audit_chain (chain, seq, hash) SELECT g, 0, decode(repeat('00', 32), 'hex') FROM generate_series(1, 15) AS g;

ALTER TABLE audit_log ADD COLUMN chain smallint NOT NULL DEFAULT 0;
DROP INDEX audit_log_seq;
CREATE UNIQUE INDEX audit_log_chain_seq ON audit_log (chain, seq);

-- The head a transaction holds is remembered in a transaction-local setting, so its rows stay in
-- one chain and it never holds two heads (two transactions each waiting for the other's).
CREATE OR REPLACE FUNCTION ihkit_audit_chain_append() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
  held text := current_setting('ihkit.audit_chain', true);
  head audit_chain%ROWTYPE;
BEGIN
  IF coalesce(held, '') <> '' THEN
    SELECT * INTO STRICT head FROM audit_chain WHERE chain = held::smallint FOR UPDATE;
  ELSE
    SELECT * INTO head FROM audit_chain ORDER BY chain LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
      SELECT * INTO STRICT head FROM audit_chain WHERE chain = pg_backend_pid() % 16 FOR UPDATE;
    END IF;
    PERFORM set_config('ihkit.audit_chain', head.chain::text, true);
  END IF;
  NEW.chain := head.chain;
  NEW.seq := head.seq + 1;
  NEW.at := clock_timestamp();
  NEW.prev_hash := head.hash;
  NEW.hash := sha256(head.hash || convert_to(ihkit_audit_text(NEW.seq, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.patient_id,
    NEW.resource_type, NEW.resource_id, NEW.outcome, NEW.request_id), 'UTF8'));
  UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash WHERE chain = head.chain;
  RETURN NEW;
END
$fn$;
DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION ihkit_audit_chain_append() SET search_path = %I, pg_temp', current_schema());
END $do$;
`,
} satisfies Migration;
