import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_025_signature_requests',
  sql: `
-- Signatures waiting for their signer's confirmation on their phone (prescriptions/signature-requests.ts):
-- what is to be signed (the document and its SHA-256), for whom, the CA's request id and when it
-- lapses, and what became of it. A call asks and may answer at once; the gateway's job asks the CA
-- until the signer confirmed, refused or the deadline passed, then stores what was signed in one
-- transaction (completion: what that needs besides the document). One pending request per slot:
-- signing again while one waits joins it; a refused or lapsed one can be asked again.
CREATE TABLE signature_requests (
  id              text PRIMARY KEY,
  purpose         text NOT NULL CHECK (purpose IN ('prescribe', 'revise', 'approve', 'return')),
  slot            text NOT NULL,
  prescription_id text NOT NULL,
  patient_id      text NOT NULL,
  signer_user_id  text NOT NULL REFERENCES users(id),
  signer          jsonb NOT NULL,
  title           text NOT NULL,
  digest          text NOT NULL,
  document        jsonb NOT NULL,
  completion      jsonb NOT NULL,
  ca_request_id   text,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed', 'refused', 'expired', 'failed')),
  outcome         text,
  deadline        timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  completed_at    timestamptz
);
CREATE UNIQUE INDEX signature_requests_one_pending ON signature_requests (slot) WHERE status = 'pending';
CREATE INDEX signature_requests_pending ON signature_requests (deadline) WHERE status = 'pending';
CREATE INDEX signature_requests_prescription ON signature_requests (prescription_id, created_at DESC);
`,
} satisfies Migration;
