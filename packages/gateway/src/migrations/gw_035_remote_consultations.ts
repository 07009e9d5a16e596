import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_035_remote_consultations',
  sql: `
-- Remote consultations (远程会诊, remote-consultations/): a doctor of one organization asks
-- another for an opinion on one of their patients. The row is the requesting organization's
-- (organization_id, its patient data); the receiving organization sees it through
-- receiving_organization_id. States: requested → scheduled → opinion-signed → closed, or
-- declined / cancelled.
CREATE TABLE remote_consultations (
  id                        text PRIMARY KEY,
  organization_id           text NOT NULL REFERENCES organizations (id),
  receiving_organization_id text NOT NULL REFERENCES organizations (id),
  requested_by              text NOT NULL REFERENCES users (id),
  patient_id                text NOT NULL,
  department_id             text,
  expert_user_id            text REFERENCES users (id),
  question                  text NOT NULL,
  urgency                   text NOT NULL CHECK (urgency IN ('routine', 'urgent', 'emergency')),
  attachments               jsonb NOT NULL,
  state                     text NOT NULL CHECK (state IN ('requested', 'scheduled', 'opinion-signed', 'closed', 'declined', 'cancelled')),
  scheduled_at              timestamptz,
  scheduled_by              text REFERENCES users (id),
  grants_expire_at          timestamptz,
  decline_reason            text,
  -- The signed opinion: the document signed (canonical JSON) and the expert's CA signature.
  opinion                   jsonb,
  sig_algorithm             text,
  sig_value                 text,
  sig_certificate           text,
  sig_chain                 jsonb,
  sig_timestamp             text,
  signed_at                 timestamptz,
  turnaround_seconds        integer,
  closed_at                 timestamptz,
  created_at                timestamptz NOT NULL,
  idempotency_key           text NOT NULL,
  CHECK (receiving_organization_id <> organization_id),
  CHECK ((opinion IS NULL) = (signed_at IS NULL)),
  UNIQUE (requested_by, idempotency_key)
);
CREATE INDEX remote_consultations_requested ON remote_consultations (organization_id, created_at DESC);
CREATE INDEX remote_consultations_received ON remote_consultations (receiving_organization_id, state, created_at DESC);

-- The experts the receiving coordinator assigned, each with the grant to the attachments (none without attachments).
CREATE TABLE remote_consultation_experts (
  consultation_id text NOT NULL REFERENCES remote_consultations (id),
  user_id         text NOT NULL REFERENCES users (id),
  grant_id        text REFERENCES access_grants (id),
  PRIMARY KEY (consultation_id, user_id)
);
CREATE INDEX remote_consultation_experts_user ON remote_consultation_experts (user_id);

-- The signed opinion on its way into the patient's record at the requesting organization's HIS
-- (outbox.ts): one row per consultation, tried until the HIS takes it.
CREATE TABLE remote_consultation_writebacks (
  id              text PRIMARY KEY REFERENCES remote_consultations (id),
  organization_id text NOT NULL REFERENCES organizations (id),
  patient_id      text NOT NULL,
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_until   timestamptz,
  last_error      text,
  done_at         timestamptz,
  dead_at         timestamptz,
  his_ref         text
);
CREATE INDEX remote_consultation_writebacks_due ON remote_consultation_writebacks (next_attempt_at) WHERE done_at IS NULL AND dead_at IS NULL;

-- The expert's opinion is signed like a prescription (prescriptions/signature-requests.ts);
-- prescription_id then holds the consultation's id.
ALTER TABLE signature_requests DROP CONSTRAINT signature_requests_purpose_check;
ALTER TABLE signature_requests ADD CONSTRAINT signature_requests_purpose_check CHECK (purpose IN ('prescribe', 'revise', 'approve', 'return', 'opinion'));
`,
} satisfies Migration;
