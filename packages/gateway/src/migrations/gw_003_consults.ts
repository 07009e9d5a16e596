import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_003_consults',
  sql: `
-- Online follow-up consults. The doctor's record is a medical record (kept 15 years); chat
-- messages and images are kept at least 3 years. retain_until is set when a row is written.
CREATE TABLE consults (
  id                 text PRIMARY KEY,
  user_id            text NOT NULL REFERENCES users (id),
  patient_id         text NOT NULL,
  -- The patient as named on the record when the consult was asked for.
  patient_name       text NOT NULL,
  patient_gender     text NOT NULL CHECK (patient_gender IN ('male', 'female')),
  patient_age        int NOT NULL,
  doctor_id          text NOT NULL,
  department_id      text NOT NULL,
  encounter_id       text NOT NULL,
  condition_code     text NOT NULL,
  condition_name     text NOT NULL,
  condition_date     text NOT NULL,
  complaint          text NOT NULL,
  guardian_name      text,
  guardian_relation  text CHECK (guardian_relation IN ('parent', 'other')),
  status             text NOT NULL CHECK (status IN ('requested', 'paid', 'accepted', 'in_progress', 'completed', 'referred', 'cancelled', 'refunded')),
  fee_amount         int NOT NULL CHECK (fee_amount >= 0),
  fee_currency       text NOT NULL,
  idempotency_key    text NOT NULL,
  created_at         timestamptz NOT NULL,
  paid_at            timestamptz,
  accept_by          timestamptz,
  accepted_at        timestamptz,
  ended_at           timestamptz,
  record             jsonb,
  referral_reason    text,
  cancel_reason      text CHECK (cancel_reason IN ('by_patient', 'not_paid_in_time', 'not_accepted_in_time', 'referred_before_acceptance')),
  last_seq           int NOT NULL DEFAULT 0,
  patient_read_seq   int NOT NULL DEFAULT 0,
  doctor_read_seq    int NOT NULL DEFAULT 0,
  retention_class    text NOT NULL DEFAULT 'medical_record',
  retain_until       timestamptz NOT NULL,
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX consults_queue ON consults (doctor_id, status, paid_at);
CREATE INDEX consults_patient ON consults (patient_id, created_at DESC);
CREATE INDEX consults_open ON consults (status, accept_by) WHERE status IN ('requested', 'paid');

CREATE TABLE consult_attachments (
  id              text PRIMARY KEY,
  consult_id      text NOT NULL REFERENCES consults (id),
  uploaded_by     text NOT NULL REFERENCES users (id),
  content_type    text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  size            int NOT NULL CHECK (size > 0),
  sha256          text NOT NULL,
  data            bytea NOT NULL,
  created_at      timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL
);
CREATE INDEX consult_attachments_consult ON consult_attachments (consult_id);

-- The conversation and the consult's state changes (kind 'event'), numbered 1, 2, 3, … per
-- consult. Kept as written: a trigger refuses UPDATE and DELETE.
CREATE TABLE consult_messages (
  id              text PRIMARY KEY,
  consult_id      text NOT NULL REFERENCES consults (id),
  seq             int NOT NULL CHECK (seq > 0),
  kind            text NOT NULL CHECK (kind IN ('text', 'image', 'event')),
  sender          text NOT NULL CHECK (sender IN ('patient', 'doctor', 'system')),
  sender_user_id  text REFERENCES users (id),
  text            text,
  attachment_id   text REFERENCES consult_attachments (id),
  event           text,
  idempotency_key text,
  created_at      timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL,
  UNIQUE (consult_id, seq),
  UNIQUE (consult_id, sender_user_id, idempotency_key)
);
CREATE FUNCTION ihkit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$fn$;
CREATE TRIGGER consult_messages_append_only BEFORE UPDATE OR DELETE ON consult_messages
  FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

-- One payment order per consult; paid at most once, refunded at most once.
CREATE TABLE payments (
  id            text PRIMARY KEY,
  consult_id    text NOT NULL UNIQUE REFERENCES consults (id),
  provider      text NOT NULL,
  provider_ref  text,
  checkout_url  text,
  amount        int NOT NULL,
  currency      text NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'paid', 'refunded')),
  created_at    timestamptz NOT NULL,
  paid_at       timestamptz,
  refunded_at   timestamptz,
  refund_ref    text
);

-- Provider notifications already applied, so that a repeat changes nothing.
CREATE TABLE payment_notifications (
  provider        text NOT NULL,
  notification_id text NOT NULL,
  payment_id      text NOT NULL REFERENCES payments (id),
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, notification_id)
);
`,
} satisfies Migration;
