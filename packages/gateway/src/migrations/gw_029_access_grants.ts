import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_029_access_grants',
  sql: `
-- Access across organizations (organizations/grants.ts): the issuing organization lets another
-- one (or one user of it) read exactly the records listed, read-only, until the grant expires or
-- is revoked. Every read through a grant is audited with its id. A grant is never deleted; only
-- revoked_at and revoked_by change, once.
CREATE TABLE access_grants (
  id                      text PRIMARY KEY,
  issuer_organization_id  text NOT NULL REFERENCES organizations (id),
  grantee_organization_id text NOT NULL REFERENCES organizations (id),
  grantee_user_id         text REFERENCES users (id),
  patient_id              text NOT NULL,
  reason                  text NOT NULL CHECK (reason IN ('remote-consultation', 'referral', 'second-opinion', 'continuity-of-care')),
  request_ref             text,
  created_by              text NOT NULL REFERENCES users (id),
  created_at              timestamptz NOT NULL,
  expires_at              timestamptz NOT NULL,
  revoked_at              timestamptz,
  revoked_by              text REFERENCES users (id),
  idempotency_key         text,
  CHECK (grantee_organization_id <> issuer_organization_id),
  CHECK (expires_at > created_at),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
  UNIQUE (created_by, idempotency_key)
);
CREATE INDEX access_grants_received ON access_grants (grantee_organization_id, created_at DESC);
CREATE INDEX access_grants_issued ON access_grants (issuer_organization_id, created_at DESC);

CREATE TABLE access_grant_records (
  grant_id  text NOT NULL REFERENCES access_grants (id),
  kind      text NOT NULL CHECK (kind IN ('consult', 'lab-report', 'imaging-study', 'prescription')),
  record_id text NOT NULL,
  PRIMARY KEY (grant_id, kind, record_id)
);
CREATE INDEX access_grant_records_record ON access_grant_records (kind, record_id);

CREATE TRIGGER access_grant_records_append_only BEFORE UPDATE ON access_grant_records FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE FUNCTION ihkit_access_grant_kept() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'access_grants are kept: DELETE refused'; END IF;
  IF OLD.revoked_at IS NOT NULL
     OR (OLD.id, OLD.issuer_organization_id, OLD.grantee_organization_id, OLD.grantee_user_id, OLD.patient_id, OLD.reason, OLD.request_ref, OLD.created_by, OLD.created_at, OLD.expires_at, OLD.idempotency_key)
        IS DISTINCT FROM (NEW.id, NEW.issuer_organization_id, NEW.grantee_organization_id, NEW.grantee_user_id, NEW.patient_id, NEW.reason, NEW.request_ref, NEW.created_by, NEW.created_at, NEW.expires_at, NEW.idempotency_key)
  THEN RAISE EXCEPTION 'an access grant is only revoked, once'; END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER access_grants_kept BEFORE UPDATE OR DELETE ON access_grants FOR EACH ROW EXECUTE FUNCTION ihkit_access_grant_kept();
`,
} satisfies Migration;
