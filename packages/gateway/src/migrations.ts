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
  {
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
  },
  {
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
  },
  {
    name: 'gw_005_video',
    sql: `
-- Video rooms: one open room per consult; its participants (the patient's account, the
-- doctor, invited specialists) and whether the doctor let them in.
CREATE TABLE video_rooms (
  id          text PRIMARY KEY,
  consult_id  text NOT NULL REFERENCES consults (id),
  status      text NOT NULL CHECK (status IN ('open', 'ended')),
  created_by  text NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE UNIQUE INDEX video_rooms_one_open ON video_rooms (consult_id) WHERE status = 'open';

CREATE TABLE video_participants (
  room_id      text NOT NULL REFERENCES video_rooms (id),
  user_id      text NOT NULL REFERENCES users (id),
  role         text NOT NULL CHECK (role IN ('patient', 'doctor', 'specialist')),
  -- 0, 1, 2, 3: the order they came in.
  position     int NOT NULL CHECK (position >= 0),
  admitted_at  timestamptz,
  invited_by   text REFERENCES users (id),
  created_at   timestamptz NOT NULL,
  -- Live connections joined now, across gateways.
  online       int NOT NULL DEFAULT 0 CHECK (online >= 0),
  PRIMARY KEY (room_id, user_id)
);

-- Signals between peers on their way: written by the sender's gateway, read by the
-- receiver's (NOTIFY carries the id only), removed by the sweep after a minute.
CREATE TABLE video_signals (
  id          bigserial PRIMARY KEY,
  room_id     text NOT NULL REFERENCES video_rooms (id),
  from_user   text NOT NULL,
  to_user     text NOT NULL,
  message     jsonb NOT NULL,
  created_at  timestamptz NOT NULL
);
`,
  },
  {
    name: 'gw_006_video_recording',
    sql: `
-- Recording a video consult, only with every participant's recorded consent. The consult's
-- doctor asks (a request; the room points to its latest), each admitted participant answers
-- yes or no (every answer kept, the latest per participant counts), and a recording made
-- under an agreed request is kept with the consult's record, with the answers it was made
-- under. Audio/video is kept at least 3 years, like chat media; so is the consent behind it.
CREATE TABLE video_recording_requests (
  id              text PRIMARY KEY,
  room_id         text NOT NULL REFERENCES video_rooms (id),
  requested_by    text NOT NULL REFERENCES users (id),
  requested_at    timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL
);
CREATE INDEX video_recording_requests_room ON video_recording_requests (room_id);
CREATE TRIGGER video_recording_requests_append_only BEFORE UPDATE OR DELETE ON video_recording_requests
  FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

ALTER TABLE video_rooms ADD COLUMN recording_request_id text REFERENCES video_recording_requests (id);

CREATE TABLE video_recording_consents (
  id              bigserial PRIMARY KEY,
  request_id      text NOT NULL REFERENCES video_recording_requests (id),
  user_id         text NOT NULL REFERENCES users (id),
  consent         boolean NOT NULL,
  at              timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL
);
CREATE INDEX video_recording_consents_of ON video_recording_consents (request_id, user_id, id);
CREATE TRIGGER video_recording_consents_append_only BEFORE UPDATE OR DELETE ON video_recording_consents
  FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

-- consents: the request and every admitted participant's yes, as they stood at upload.
CREATE TABLE video_recordings (
  id              text PRIMARY KEY,
  consult_id      text NOT NULL REFERENCES consults (id),
  room_id         text NOT NULL REFERENCES video_rooms (id),
  request_id      text NOT NULL REFERENCES video_recording_requests (id),
  uploaded_by     text NOT NULL REFERENCES users (id),
  media_type      text NOT NULL CHECK (media_type IN ('audio/webm', 'audio/ogg')),
  size            int NOT NULL CHECK (size > 0),
  sha256          text NOT NULL,
  duration_ms     int CHECK (duration_ms >= 0),
  consents        jsonb NOT NULL,
  data            bytea NOT NULL,
  idempotency_key text NOT NULL,
  created_at      timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL,
  UNIQUE (uploaded_by, idempotency_key)
);
CREATE INDEX video_recordings_consult ON video_recordings (consult_id, created_at);
`,
  },
  {
    name: 'gw_007_critical_alerts',
    sql: `
-- A critical lab result (HH, LL, AA) raised to the doctor who ordered the test. One alert per
-- report and set of critical results (a correction that changes them raises a new one); many
-- gateways watching one LIS insert it once. Who acknowledged it and when is kept here and in
-- the audit log.
CREATE TABLE critical_alerts (
  id              text PRIMARY KEY,
  report_id       text NOT NULL,
  results_digest  text NOT NULL,
  patient_id      text NOT NULL,
  doctor_id       text NOT NULL,
  report_title    text NOT NULL,
  observations    jsonb NOT NULL,
  raised_at       timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text REFERENCES users (id),
  UNIQUE (report_id, results_digest)
);
CREATE INDEX critical_alerts_doctor ON critical_alerts (doctor_id, raised_at DESC);
`,
  },
  {
    name: 'gw_008_sessions_rate_limits',
    sql: `
-- The gateway's own sign-ins: a session token's jti is a row here. A revoked one is refused at
-- once; rows are deleted by the sweep once expired.
CREATE TABLE sessions (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id, created_at DESC);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Rate-limit buckets (rate-limit.ts): key is an HMAC of the rule and its subject, tokens what
-- the bucket held at the time in column at, granted whether the last request was let through.
-- Idle rows are deleted by the sweep.
CREATE TABLE rate_limits (
  key      text PRIMARY KEY,
  tokens   double precision NOT NULL,
  at       timestamptz NOT NULL,
  granted  boolean NOT NULL
);
CREATE INDEX rate_limits_at ON rate_limits (at);
`,
  },
  {
    name: 'gw_009_refund_outbox',
    sql: `
-- Refunds the payment provider is to make (payments/refunds.ts): written in the transaction
-- that decides one, asked of the provider after it commits, idempotently by id. done_at is set
-- once the provider has answered; until then a failed try waits for next_attempt_at, and a
-- relay that claimed a row owns it until claimed_until.
CREATE TABLE refunds (
  id               text PRIMARY KEY,
  payment_id       text NOT NULL REFERENCES payments (id),
  provider         text NOT NULL,
  provider_ref     text NOT NULL,
  amount           int NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL,
  reason           text NOT NULL,
  requested_at     timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  attempts         int NOT NULL DEFAULT 0,
  done_at          timestamptz,
  refund_ref       text,
  last_error       text
);
CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE done_at IS NULL;
`,
  },
  {
    name: 'gw_010_audit_refusals',
    sql: `
-- Refusals of callers who were not signed in and touched no patient's data (a forged payment
-- notification): counted per hour, operation and outcome instead of one audit_log row each,
-- which anyone could otherwise add for ever (audit.ts, RefusalCounts).
CREATE TABLE audit_refusals (
  hour     timestamptz NOT NULL,
  action   text NOT NULL,
  outcome  text NOT NULL,
  count    bigint NOT NULL,
  PRIMARY KEY (hour, action, outcome)
);
`,
  },
  {
    name: 'gw_011_prescription_numbers',
    sql: `
-- A prescription's number people can read out (20261207-0012: the hospital's day and that day's
-- sequence), or the HIS's own. The last number of each day is counted up in the transaction
-- that stores the prescription, so two prescriptions never share one and none is skipped.
CREATE TABLE prescription_numbers (
  day  text PRIMARY KEY CHECK (day ~ '^[0-9]{8}$'),
  last int NOT NULL CHECK (last > 0)
);
ALTER TABLE prescriptions ADD COLUMN number text;
-- Prescriptions made before numbering get theirs in the order they were made, by the day in
-- Asia/Shanghai (the hospital time zone of every deployment so far).
WITH numbered AS (
  SELECT id, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS day,
         row_number() OVER (PARTITION BY to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') ORDER BY created_at, id) AS seq
    FROM prescriptions
)
UPDATE prescriptions p SET number = n.day || '-' || lpad(n.seq::text, greatest(4, length(n.seq::text)), '0')
  FROM numbered n WHERE n.id = p.id;
INSERT INTO prescription_numbers (day, last) SELECT split_part(number, '-', 1), count(*) FROM prescriptions GROUP BY 1;
ALTER TABLE prescriptions ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX prescriptions_number ON prescriptions (number);
`,
  },
  {
    name: 'gw_012_family_consent',
    sql: `
-- Acting for someone needs their proof (family/): a link is pending until it is proven, active
-- from active_since, ended (by its holder or its patient) at ended_at. Only active links let the
-- holder read or do anything for the patient (users.ts, linkedPatient and friends). proof says
-- how it was proven; proved_by the account that approved it or the staff member who saw the
-- guardian, and proof_document what the guardian showed them; awaits, while pending, what may prove it: the person's consent (a code or their own
-- account) or, for a child the HIS records no such guardian for, staff seeing the guardian. The row stays when a link ends; asking again makes it pending again.
ALTER TABLE user_patients
  ADD COLUMN id            text,
  ADD COLUMN status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'ended')),
  ADD COLUMN proof         text CHECK (proof IN ('identity', 'code', 'account', 'guardian', 'in_person', 'seed')),
  ADD COLUMN proved_by     text,
  ADD COLUMN proof_document text CHECK (proof_document IN ('household_register', 'birth_certificate', 'guardianship_order')),
  ADD COLUMN requested_at  timestamptz,
  ADD COLUMN active_since  timestamptz,
  ADD COLUMN ended_at      timestamptz,
  ADD COLUMN ended_by      text,
  ADD COLUMN awaits        text CHECK (awaits IN ('consent', 'in_person')),
  ADD CONSTRAINT user_patients_active_proven CHECK (status <> 'active' OR (proof IS NOT NULL AND active_since IS NOT NULL));
-- A user's own record is theirs by identity. Family links made before proof was asked for prove
-- nothing (anyone could make them with a name and an ID number): they wait for proof like new
-- ones. (The demo hospital's accounts are seeded as proven again at every start.)
UPDATE user_patients SET id = 'fl_' || replace(gen_random_uuid()::text, '-', ''), requested_at = created_at;
UPDATE user_patients SET status = 'active', proof = 'identity', active_since = created_at WHERE relation = 'self';
ALTER TABLE user_patients ALTER COLUMN id SET NOT NULL, ALTER COLUMN requested_at SET NOT NULL;
ALTER TABLE user_patients ADD CONSTRAINT user_patients_id UNIQUE (id);

-- One-time codes sent to a patient's phone on file to prove a link. The code itself is never
-- stored: it is derived from the row's id and the gateway's secret (family/codes.ts), and can
-- be checked only against this row. Valid for a few minutes from sent_at (when the provider
-- took it); replaced by the next code asked for; spent by use or by too many wrong tries.
CREATE TABLE family_link_codes (
  id              text PRIMARY KEY,
  link_id         text NOT NULL REFERENCES user_patients (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  superseded_at   timestamptz,
  used_at         timestamptz,
  wrong_tries     int NOT NULL DEFAULT 0
);
CREATE INDEX family_link_codes_link ON family_link_codes (link_id, created_at DESC);

-- Messages for the notification provider (notifications/outbox.ts): written in the transaction
-- of what they tell of, sent after it commits, idempotently by id (outbox.ts). The phone is not
-- kept here: it stays at the HIS and is asked for when sending. code_id: a one-time code's
-- message, sent only while that code is the link's current one. outcome: sent, dropped (its
-- code was replaced first) or unreachable (no phone on file).
CREATE TABLE notification_outbox (
  id               text PRIMARY KEY,
  patient_id       text NOT NULL,
  template         text NOT NULL,
  params           jsonb NOT NULL,
  code_id          text REFERENCES family_link_codes (id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  attempts         int NOT NULL DEFAULT 0,
  done_at          timestamptz,
  outcome          text CHECK (outcome IN ('sent', 'dropped', 'unreachable')),
  provider_ref     text,
  last_error       text
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE done_at IS NULL;
`,
  },
  {
    name: 'gw_013_staff_identity',
    sql: `
-- A staff account acts as exactly one HIS practitioner, and no two accounts as the same one.
ALTER TABLE users ADD COLUMN his_pharmacist_id text;
CREATE UNIQUE INDEX users_one_per_doctor ON users (his_doctor_id) WHERE his_doctor_id IS NOT NULL;
CREATE UNIQUE INDEX users_one_per_pharmacist ON users (his_pharmacist_id) WHERE his_pharmacist_id IS NOT NULL;
`,
  },
  {
    name: 'gw_014_payment_providers',
    sql: `
-- Several payment providers (payments/providers.ts): each payments row is one order at one
-- provider, through one channel. A consult's fee or a prescription has at most one live order
-- (pending or paid); choosing another method closes the pending one ('closed') and opens a new
-- one. checkout holds WeChat's JSAPI parameters; provider_txn and provider_paid_at what the
-- provider said when it was paid (its transaction id, and its time, by which bills are cut).
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('pending', 'paid', 'refunded', 'closed'));
ALTER TABLE payments
  ADD COLUMN channel          text,
  ADD COLUMN checkout         jsonb,
  ADD COLUMN expires_at       timestamptz,
  ADD COLUMN provider_txn     text,
  ADD COLUMN provider_paid_at timestamptz,
  ADD COLUMN closed_at        timestamptz,
  ADD COLUMN next_query_at    timestamptz,
  ADD COLUMN query_attempts   int NOT NULL DEFAULT 0;
UPDATE payments SET channel = 'sandbox' WHERE provider = 'sandbox';
DROP INDEX payments_one_per_consult;
DROP INDEX payments_one_per_prescription;
CREATE UNIQUE INDEX payments_one_per_consult ON payments (consult_id) WHERE prescription_id IS NULL AND status IN ('pending', 'paid');
CREATE UNIQUE INDEX payments_one_per_prescription ON payments (prescription_id) WHERE prescription_id IS NOT NULL AND status IN ('pending', 'paid');
-- Pending orders the order query (payments/order-query.ts) asks their provider about.
CREATE INDEX payments_to_query ON payments (next_query_at) WHERE status = 'pending';
CREATE INDEX payments_paid_by_provider ON payments (provider, (coalesce(provider_paid_at, paid_at))) WHERE paid_at IS NOT NULL;

-- What became of each word from a provider: applied, a repeat of a payment already paid,
-- ignored (not a payment), or refused for an amount that was not the order's.
ALTER TABLE payment_notifications
  ADD COLUMN outcome  text NOT NULL DEFAULT 'applied' CHECK (outcome IN ('applied', 'already', 'ignored', 'amount_mismatch')),
  ADD COLUMN amount   int,
  ADD COLUMN currency text;
CREATE INDEX refunds_by_provider ON refunds (provider, done_at);

-- The daily reconciliation (payments/reconcile.ts): one run per provider and bill day
-- (Beijing time), claimed like an outbox row; its differences beside it.
CREATE TABLE reconciliations (
  provider        text NOT NULL,
  bill_date       text NOT NULL CHECK (bill_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  status          text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  attempts        int NOT NULL DEFAULT 1,
  claimed_until   timestamptz,
  next_attempt_at timestamptz,
  checked_at      timestamptz,
  bill_lines      int,
  differences     int,
  error           text,
  PRIMARY KEY (provider, bill_date)
);
-- Where the gateway's record and a provider's differ: from a bill (with its day), or from a
-- notification or order query that told another amount than the order's.
CREATE TABLE payment_differences (
  id            text PRIMARY KEY,
  provider      text NOT NULL,
  source        text NOT NULL CHECK (source IN ('bill', 'notification')),
  bill_date     text,
  kind          text NOT NULL CHECK (kind IN ('missing', 'extra', 'mismatch')),
  line          text NOT NULL CHECK (line IN ('payment', 'refund')),
  payment_id    text,
  refund_id     text,
  provider_ref  text,
  ours_amount   int,
  theirs_amount int,
  currency      text NOT NULL,
  detected_at   timestamptz NOT NULL
);
CREATE INDEX payment_differences_of_day ON payment_differences (provider, bill_date) WHERE source = 'bill';
CREATE INDEX payment_differences_detected ON payment_differences (detected_at);
`,
  },
];
