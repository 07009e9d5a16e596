import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_004_prescriptions',
  sql: `
-- E-prescriptions. content is what the doctor signed: its canonical form (sorted-key JSON)
-- is the signed document, checked against sig_value on every read. The rest is workflow.
-- Kept as a medical record (15 years).
CREATE TABLE prescriptions (
  id                    text PRIMARY KEY,
  consult_id            text NOT NULL REFERENCES consults (id),
  patient_id            text NOT NULL,
  doctor_user_id        text NOT NULL REFERENCES users (id),
  version               int NOT NULL CHECK (version > 0),
  status                text NOT NULL CHECK (status IN ('pending_review', 'returned', 'approved', 'paid', 'dispatched', 'completed', 'cancelled', 'expired')),
  content               jsonb NOT NULL,
  sig_algorithm         text NOT NULL,
  sig_value             text NOT NULL,
  sig_certificate       text NOT NULL,
  signed_at             timestamptz NOT NULL,
  valid_until           timestamptz NOT NULL,
  findings              jsonb NOT NULL,
  allergies             jsonb NOT NULL,
  review                jsonb,
  fulfilment            jsonb,
  pharmacy_ref          text,
  fulfilment_status     text CHECK (fulfilment_status IN ('waiting_payment', 'preparing', 'shipped', 'ready_for_pickup', 'delivered', 'picked_up', 'cancelled')),
  tracking_no           text,
  fulfilment_updated_at timestamptz,
  cancelled_at          timestamptz,
  idempotency_key       text NOT NULL,
  created_at            timestamptz NOT NULL,
  retention_class       text NOT NULL DEFAULT 'medical_record',
  retain_until          timestamptz NOT NULL,
  UNIQUE (doctor_user_id, idempotency_key)
);
CREATE INDEX prescriptions_queue ON prescriptions (status, signed_at);
CREATE INDEX prescriptions_patient ON prescriptions (patient_id, created_at DESC);
CREATE INDEX prescriptions_consult ON prescriptions (consult_id);

-- Every signed version and every review, as written (a revision adds a row, never edits one).
CREATE TABLE prescription_history (
  id              bigserial PRIMARY KEY,
  prescription_id text NOT NULL REFERENCES prescriptions (id),
  version         int NOT NULL,
  event           text NOT NULL CHECK (event IN ('signed', 'approved', 'returned', 'paid', 'dispatched', 'completed', 'cancelled', 'expired')),
  actor_user_id   text REFERENCES users (id),
  detail          jsonb NOT NULL,
  at              timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'medical_record',
  retain_until    timestamptz NOT NULL
);
CREATE INDEX prescription_history_of ON prescription_history (prescription_id, id);
CREATE TRIGGER prescription_history_append_only BEFORE UPDATE OR DELETE ON prescription_history
  FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

-- A payment is for a consult, or for one of its prescriptions.
ALTER TABLE payments ADD COLUMN prescription_id text REFERENCES prescriptions (id);
ALTER TABLE payments DROP CONSTRAINT payments_consult_id_key;
CREATE UNIQUE INDEX payments_one_per_consult ON payments (consult_id) WHERE prescription_id IS NULL;
CREATE UNIQUE INDEX payments_one_per_prescription ON payments (prescription_id) WHERE prescription_id IS NOT NULL;

-- Reports to the supervision platform, written with the event and sent until acknowledged.
CREATE TABLE regulator_outbox (
  id              text PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('consult', 'prescription')),
  subject_id      text NOT NULL,
  payload         jsonb NOT NULL,
  occurred_at     timestamptz NOT NULL,
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  acked_at        timestamptz,
  ack_id          text,
  last_error      text,
  UNIQUE (kind, subject_id)
);
CREATE INDEX regulator_outbox_due ON regulator_outbox (next_attempt_at) WHERE acked_at IS NULL;
`,
} satisfies Migration;
