/** The tables the gateway owns. Applied with the adapters' migrations by the db module's `migrate`. */
import { demoMigrations, labStoreMigrations, type Migration } from '@ihkit/adapters';

/** Every migration a gateway applies: its own, its stored LIS's, and the demo hospital's when it uses it. */
export function migrationsOf(demoData: boolean): Migration[] {
  return [...gatewayMigrations, ...labStoreMigrations, ...(demoData ? demoMigrations : [])];
}

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
  {
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
  },
  {
    name: 'gw_016_retention',
    sql: `
-- Records the law keeps (records/retention.ts): medical records — a consult with the doctor's
-- record, prescriptions and their history, lab reports — at least 15 years from the patient's
-- last visit; chat, images, recordings and the consents behind them at least 3 years. The
-- database refuses to delete a row before then or while its patient is on legal hold, to
-- shorten a row's retention, and to change what a record says; the purge job
-- (records/purge.ts) deletes what has passed. The periods are here and nowhere else.
CREATE FUNCTION ihkit_retention_period(cls text) RETURNS interval LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  CASE cls
    WHEN 'medical_record' THEN RETURN interval '15 years';
    WHEN 'chat_media' THEN RETURN interval '3 years';
    ELSE RAISE EXCEPTION 'ihkit: no retention class %', cls;
  END CASE;
END
$fn$;
CREATE FUNCTION ihkit_retain_until(cls text, from_at timestamptz) RETURNS timestamptz LANGUAGE sql STABLE AS $fn$
  SELECT from_at + ihkit_retention_period(cls)
$fn$;

-- Each patient's last visit the gateway saw (a consult asked for or ended): their medical
-- records are kept 15 years from it. Kept by the trigger on consults only.
CREATE TABLE retention_patients (
  patient_id    text PRIMARY KEY,
  last_visit_at timestamptz NOT NULL
);
INSERT INTO retention_patients (patient_id, last_visit_at)
  SELECT patient_id, max(GREATEST(created_at, COALESCE(ended_at, created_at))) FROM consults GROUP BY patient_id;

-- While a hold is in force (not released) nothing of its patient's is deleted, whatever its
-- date. Placed and released by the database's owner (ihkit-gateway records hold / release),
-- never deleted; released once. reference: the case or order it is kept for (no names).
CREATE TABLE legal_holds (
  id          bigserial PRIMARY KEY,
  patient_id  text NOT NULL,
  reference   text NOT NULL,
  placed_at   timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
CREATE INDEX legal_holds_in_force ON legal_holds (patient_id) WHERE released_at IS NULL;
CREATE TRIGGER legal_holds_kept BEFORE DELETE ON legal_holds FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER legal_holds_released_once BEFORE UPDATE ON legal_holds FOR EACH ROW
  WHEN ((OLD.id, OLD.patient_id, OLD.reference, OLD.placed_at) IS DISTINCT FROM (NEW.id, NEW.patient_id, NEW.reference, NEW.placed_at) OR OLD.released_at IS NOT NULL)
  EXECUTE FUNCTION ihkit_append_only();

-- Whether a row of class cls, kept at least until \`until\`, of \`patient\`, must still be kept now.
CREATE FUNCTION ihkit_retained(cls text, until timestamptz, patient text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT patient IS NULL OR until IS NULL OR until > now()
    OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.patient_id = patient AND h.released_at IS NULL)
    OR (cls = 'medical_record' AND EXISTS (SELECT 1 FROM retention_patients v WHERE v.patient_id = patient AND ihkit_retain_until(cls, v.last_visit_at) > now()))
$fn$;

CREATE FUNCTION ihkit_note_visit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
  INSERT INTO retention_patients AS v (patient_id, last_visit_at) VALUES (NEW.patient_id, GREATEST(NEW.created_at, COALESCE(NEW.ended_at, NEW.created_at)))
    ON CONFLICT (patient_id) DO UPDATE SET last_visit_at = EXCLUDED.last_visit_at WHERE EXCLUDED.last_visit_at > v.last_visit_at;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER consults_visit AFTER INSERT OR UPDATE OF ended_at ON consults FOR EACH ROW EXECUTE FUNCTION ihkit_note_visit();

-- Refuses to delete a row that must still be kept. TG_ARGV[0]: a query of the row ($1) that
-- gives its id, patient_id, retention_class and retain_until.
CREATE FUNCTION ihkit_keep_retained() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
  kept record;
BEGIN
  EXECUTE TG_ARGV[0] INTO kept USING OLD;
  IF ihkit_retained(kept.retention_class, kept.retain_until, kept.patient_id) THEN
    RAISE EXCEPTION 'ihkit: % % is kept until % (or while its patient is on legal hold): DELETE refused', TG_TABLE_NAME, kept.id, kept.retain_until
      USING ERRCODE = 'IH001', HINT = 'Records under retention are deleted only by the purge job (ihkit-gateway records purge), once past their date.';
  END IF;
  RETURN OLD;
END
$fn$;

-- Refuses the statement, saying why (TG_ARGV[0]).
CREATE FUNCTION ihkit_refuse() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'ihkit: % refused on %: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'IH002';
END
$fn$;

DO $do$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['ihkit_retained(text, timestamptz, text)', 'ihkit_note_visit()', 'ihkit_keep_retained()'] LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
  END LOOP;
END
$do$;

-- Deleting: refused while retained. Rows whose patient is their parent's are found through it.
CREATE TRIGGER consults_keep_retained BEFORE DELETE ON consults FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until');
CREATE TRIGGER prescriptions_keep_retained BEFORE DELETE ON prescriptions FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until');
CREATE TRIGGER prescription_history_keep_retained BEFORE DELETE ON prescription_history FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id::text AS id, p.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM prescriptions p WHERE p.id = ($1).prescription_id');
CREATE TRIGGER consult_messages_keep_retained BEFORE DELETE ON consult_messages FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM consults c WHERE c.id = ($1).consult_id');
CREATE TRIGGER consult_attachments_keep_retained BEFORE DELETE ON consult_attachments FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM consults c WHERE c.id = ($1).consult_id');
CREATE TRIGGER video_recordings_keep_retained BEFORE DELETE ON video_recordings FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM consults c WHERE c.id = ($1).consult_id');
CREATE TRIGGER video_recording_requests_keep_retained BEFORE DELETE ON video_recording_requests FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM video_rooms r JOIN consults c ON c.id = r.consult_id WHERE r.id = ($1).room_id');
CREATE TRIGGER video_recording_consents_keep_retained BEFORE DELETE ON video_recording_consents FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id::text AS id, c.patient_id AS patient_id, ($1).retention_class AS retention_class, ($1).retain_until AS retain_until FROM video_recording_requests q JOIN video_rooms r ON r.id = q.room_id JOIN consults c ON c.id = r.consult_id WHERE q.id = ($1).request_id');

-- Rows kept as written refuse UPDATE; their DELETE is the retention rule's (above), no longer
-- refused outright.
DROP TRIGGER consult_messages_append_only ON consult_messages;
DROP TRIGGER prescription_history_append_only ON prescription_history;
DROP TRIGGER video_recording_requests_append_only ON video_recording_requests;
DROP TRIGGER video_recording_consents_append_only ON video_recording_consents;
CREATE TRIGGER consult_messages_append_only BEFORE UPDATE ON consult_messages FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER prescription_history_append_only BEFORE UPDATE ON prescription_history FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER video_recording_requests_append_only BEFORE UPDATE ON video_recording_requests FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER video_recording_consents_append_only BEFORE UPDATE ON video_recording_consents FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER consult_attachments_append_only BEFORE UPDATE ON consult_attachments FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER video_recordings_append_only BEFORE UPDATE ON video_recordings FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

-- Consults and prescriptions move through their lifecycle, but what they record does not change.
CREATE TRIGGER consults_retention_kept BEFORE UPDATE ON consults FOR EACH ROW
  WHEN (NEW.retain_until < OLD.retain_until OR NEW.retention_class IS DISTINCT FROM OLD.retention_class)
  EXECUTE FUNCTION ihkit_refuse('retention is lengthened, never shortened');
CREATE TRIGGER prescriptions_retention_kept BEFORE UPDATE ON prescriptions FOR EACH ROW
  WHEN (NEW.retain_until < OLD.retain_until OR NEW.retention_class IS DISTINCT FROM OLD.retention_class)
  EXECUTE FUNCTION ihkit_refuse('retention is lengthened, never shortened');
CREATE TRIGGER consults_record_kept BEFORE UPDATE ON consults FOR EACH ROW
  WHEN ((OLD.id, OLD.user_id, OLD.patient_id, OLD.patient_name, OLD.patient_gender, OLD.patient_age, OLD.doctor_id, OLD.department_id, OLD.encounter_id,
         OLD.condition_code, OLD.condition_name, OLD.condition_date, OLD.complaint, OLD.guardian_name, OLD.guardian_relation, OLD.fee_amount,
         OLD.fee_currency, OLD.idempotency_key, OLD.created_at)
        IS DISTINCT FROM
        (NEW.id, NEW.user_id, NEW.patient_id, NEW.patient_name, NEW.patient_gender, NEW.patient_age, NEW.doctor_id, NEW.department_id, NEW.encounter_id,
         NEW.condition_code, NEW.condition_name, NEW.condition_date, NEW.complaint, NEW.guardian_name, NEW.guardian_relation, NEW.fee_amount,
         NEW.fee_currency, NEW.idempotency_key, NEW.created_at)
    OR (OLD.record IS NOT NULL AND NEW.record IS DISTINCT FROM OLD.record)
    OR (OLD.referral_reason IS NOT NULL AND NEW.referral_reason IS DISTINCT FROM OLD.referral_reason)
    OR (OLD.ended_at IS NOT NULL AND NEW.ended_at IS DISTINCT FROM OLD.ended_at)
    OR (OLD.status IN ('completed', 'referred', 'cancelled', 'refunded') AND NEW.status IS DISTINCT FROM OLD.status))
  EXECUTE FUNCTION ihkit_refuse('a consult''s request, record and outcome are kept as written');
-- A signed prescription changes only by a revision (version + 1, signed again; the history keeps every version).
CREATE TRIGGER prescriptions_record_kept BEFORE UPDATE ON prescriptions FOR EACH ROW
  WHEN ((OLD.id, OLD.consult_id, OLD.patient_id, OLD.doctor_user_id, OLD.idempotency_key, OLD.created_at, OLD.number)
        IS DISTINCT FROM (NEW.id, NEW.consult_id, NEW.patient_id, NEW.doctor_user_id, NEW.idempotency_key, NEW.created_at, NEW.number)
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version
        AND (OLD.content, OLD.sig_algorithm, OLD.sig_value, OLD.sig_certificate, OLD.signed_at) IS DISTINCT FROM (NEW.content, NEW.sig_algorithm, NEW.sig_value, NEW.sig_certificate, NEW.signed_at))
    OR (OLD.status IN ('completed', 'cancelled', 'expired') AND NEW.status IS DISTINCT FROM OLD.status))
  EXECUTE FUNCTION ihkit_refuse('a signed prescription changes only by a revision, and an ended one not at all');

-- TRUNCATE would skip the rules above.
CREATE FUNCTION ihkit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'ihkit: TRUNCATE refused on %: it holds records under retention', TG_TABLE_NAME USING ERRCODE = 'IH002';
END
$fn$;
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['consults', 'prescriptions', 'prescription_history', 'consult_messages', 'consult_attachments', 'video_recordings',
                           'video_recording_requests', 'video_recording_consents', 'legal_holds', 'retention_patients'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate()', t || '_no_truncate', t);
  END LOOP;
END
$do$;
`,
  },
  {
    // Named lis_9xx so that it runs after the lab store's own migrations (lis_0xx, from
    // @ihkit/adapters), whose table it guards; it is the gateway's.
    name: 'lis_900_gateway_retention',
    sql: `
-- Lab reports the gateway stores are medical records (gw_016_retention's rule): kept 15 years
-- from their issue and from the patient's last visit. A correction from the laboratory
-- replaces a report; the version it replaced is kept in lab_report_versions, as it was.
CREATE TABLE lab_report_versions (
  id          bigserial PRIMARY KEY,
  report_id   text NOT NULL,
  patient_id  text NOT NULL,
  issued_at   timestamptz NOT NULL,
  report      jsonb NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lab_report_versions_of ON lab_report_versions (report_id, id);
CREATE FUNCTION ihkit_keep_lab_report_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO lab_report_versions (report_id, patient_id, issued_at, report) VALUES (OLD.id, OLD.patient_id, OLD.issued_at, to_jsonb(OLD));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER lab_reports_keep_versions AFTER UPDATE ON lab_reports FOR EACH ROW EXECUTE FUNCTION ihkit_keep_lab_report_version();
CREATE TRIGGER lab_report_versions_append_only BEFORE UPDATE ON lab_report_versions FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER lab_reports_keep_retained BEFORE DELETE ON lab_reports FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_retain_until(''medical_record'', ($1).issued_at) AS retain_until');
CREATE TRIGGER lab_report_versions_keep_retained BEFORE DELETE ON lab_report_versions FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id::text AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_retain_until(''medical_record'', ($1).issued_at) AS retain_until');
CREATE TRIGGER lab_reports_no_truncate BEFORE TRUNCATE ON lab_reports FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate();
CREATE TRIGGER lab_report_versions_no_truncate BEFORE TRUNCATE ON lab_report_versions FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate();
`,
  },
  {
    name: 'gw_017_regulator_events',
    sql: `
-- The supervision platform hears of every step (regulator/outbox.ts): a consult created,
-- accepted, completed or referred; a prescription signed (each version), reviewed (approved or
-- returned), cancelled or dispensed — one report per subject, step and version, sent in the
-- order written (seq; a subject's report waits for the one before it). The relay claims due
-- reports (claimed_until) and calls the platform outside any transaction; a report that failed
-- too often is dead (dead_at) until an admin asks for it again.
ALTER TABLE regulator_outbox
  ADD COLUMN seq bigserial,
  ADD COLUMN event text,
  ADD COLUMN subject_version int NOT NULL DEFAULT 1 CHECK (subject_version > 0),
  ADD COLUMN patient_id text,
  ADD COLUMN claimed_until timestamptz,
  ADD COLUMN dead_at timestamptz;
UPDATE regulator_outbox SET
  event = CASE WHEN kind = 'prescription' THEN 'approved' WHEN payload->'consult'->>'status' = 'completed' THEN 'completed' ELSE 'referred' END,
  patient_id = CASE WHEN kind = 'prescription' THEN payload->'prescription'->'patient'->>'id' ELSE payload->>'patientId' END,
  subject_version = CASE WHEN kind = 'prescription' THEN COALESCE((payload->'prescription'->>'version')::int, 1) ELSE 1 END;
ALTER TABLE regulator_outbox
  ALTER COLUMN event SET NOT NULL,
  ALTER COLUMN patient_id SET NOT NULL,
  ADD CONSTRAINT regulator_outbox_event CHECK (
    (kind = 'consult' AND event IN ('created', 'accepted', 'completed', 'referred'))
    OR (kind = 'prescription' AND event IN ('signed', 'approved', 'returned', 'cancelled', 'dispensed'))),
  DROP CONSTRAINT regulator_outbox_kind_subject_id_key,
  ADD CONSTRAINT regulator_outbox_once UNIQUE (kind, subject_id, event, subject_version);
DROP INDEX regulator_outbox_due;
CREATE INDEX regulator_outbox_due ON regulator_outbox (next_attempt_at) WHERE acked_at IS NULL AND dead_at IS NULL;
CREATE INDEX regulator_outbox_unacked ON regulator_outbox (kind, subject_id, seq) WHERE acked_at IS NULL;
CREATE INDEX regulator_outbox_dead ON regulator_outbox (dead_at) WHERE acked_at IS NULL AND dead_at IS NOT NULL;
`,
  },
  {
    name: 'gw_018_ca_signatures',
    sql: `
-- Signatures by the signer's own certificate through the hospital's CA (prescriptions/signing.ts):
-- the doctor's certificate in sig_certificate, its issuers in sig_chain and the CA's timestamp
-- token in sig_timestamp; the pharmacist's signature over the review (review_signature); the
-- code printed on the prescription to check both (verification_code). Prescriptions signed
-- before had a key the gateway derived itself: they no longer verify (SIGNATURE_INVALID).
ALTER TABLE prescriptions
  ADD COLUMN sig_chain jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN sig_timestamp text NOT NULL DEFAULT '',
  ADD COLUMN review_signature jsonb,
  ADD COLUMN verification_code text;
CREATE UNIQUE INDEX prescriptions_verification_code ON prescriptions (verification_code) WHERE verification_code IS NOT NULL;
DROP TRIGGER prescriptions_record_kept ON prescriptions;
CREATE TRIGGER prescriptions_record_kept BEFORE UPDATE ON prescriptions FOR EACH ROW
  WHEN ((OLD.id, OLD.consult_id, OLD.patient_id, OLD.doctor_user_id, OLD.idempotency_key, OLD.created_at, OLD.number)
        IS DISTINCT FROM (NEW.id, NEW.consult_id, NEW.patient_id, NEW.doctor_user_id, NEW.idempotency_key, NEW.created_at, NEW.number)
    OR (OLD.verification_code IS NOT NULL AND NEW.verification_code IS DISTINCT FROM OLD.verification_code)
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version
        AND (OLD.content, OLD.sig_algorithm, OLD.sig_value, OLD.sig_certificate, OLD.sig_chain, OLD.sig_timestamp, OLD.signed_at)
            IS DISTINCT FROM (NEW.content, NEW.sig_algorithm, NEW.sig_value, NEW.sig_certificate, NEW.sig_chain, NEW.sig_timestamp, NEW.signed_at))
    OR (OLD.status IN ('completed', 'cancelled', 'expired') AND NEW.status IS DISTINCT FROM OLD.status))
  EXECUTE FUNCTION ihkit_refuse('a signed prescription changes only by a revision, and an ended one not at all');
`,
  },
  {
    name: 'gw_020_booking_fees',
    sql: `
-- Registration fees paid online (booking/fees.ts). Booking a slot with a fee takes the place in
-- the HIS at once and holds it here until the fee is paid ('held' until hold_until); paid, it is
-- 'paid'; unpaid by then, 'lapsed' (released_at: when the HIS freed the place); cancelled,
-- 'cancelled' with what went back (refund_amount). One row per appointment, locked by every
-- change, so a hold lapses or is paid, never both.
CREATE TABLE appointment_fees (
  appointment_id text PRIMARY KEY,
  patient_id     text NOT NULL,
  user_id        text NOT NULL REFERENCES users (id),
  slot_id        text NOT NULL,
  starts_at      timestamptz NOT NULL,
  amount         int NOT NULL CHECK (amount >= 0),
  currency       text NOT NULL,
  status         text NOT NULL CHECK (status IN ('held', 'paid', 'lapsed', 'cancelled')),
  hold_until     timestamptz NOT NULL,
  created_at     timestamptz NOT NULL,
  paid_at        timestamptz,
  ended_at       timestamptz,
  released_at    timestamptz,
  refund_amount  int CHECK (refund_amount >= 0)
);
CREATE INDEX appointment_fees_holds ON appointment_fees (hold_until) WHERE status = 'held';
CREATE INDEX appointment_fees_unreleased ON appointment_fees (ended_at) WHERE status = 'lapsed' AND released_at IS NULL;
CREATE INDEX appointment_fees_patient ON appointment_fees (patient_id);

-- A payment order is for a consult's fee, a prescription, or an appointment's registration fee.
ALTER TABLE payments ALTER COLUMN consult_id DROP NOT NULL;
ALTER TABLE payments ADD COLUMN appointment_id text REFERENCES appointment_fees (appointment_id);
ALTER TABLE payments ADD CONSTRAINT payments_one_subject CHECK ((consult_id IS NULL) <> (appointment_id IS NULL));
CREATE UNIQUE INDEX payments_one_per_appointment ON payments (appointment_id) WHERE appointment_id IS NOT NULL AND status IN ('pending', 'paid');
`,
  },
  {
    name: 'gw_021_reschedule',
    sql: `
-- Appointments moved to another slot (booking/reschedule.ts): each move is recorded 'pending'
-- before the HIS is asked and 'done' with what it did to the fee once it answered, so a gateway
-- that died in between finishes the move on the patient's retry. They count against the limit.
CREATE TABLE appointment_reschedules (
  id             text PRIMARY KEY,
  appointment_id text NOT NULL,
  user_id        text NOT NULL REFERENCES users (id),
  from_slot_id   text NOT NULL,
  to_slot_id     text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'done')),
  requested_at   timestamptz NOT NULL,
  done_at        timestamptz,
  refund_amount  int CHECK (refund_amount >= 0)
);
CREATE UNIQUE INDEX appointment_reschedules_one_pending ON appointment_reschedules (appointment_id) WHERE status = 'pending';
CREATE INDEX appointment_reschedules_of ON appointment_reschedules (appointment_id);
`,
  },
  {
    name: 'gw_022_chronic_care',
    sql: `
-- Chronic-disease follow-up (care/): nurses join the roles. A care team member (a nurse or a
-- doctor) puts a patient on a plan from a template (care/templates.ts), whose readings,
-- thresholds and revisit interval are copied into the plan; they manage it, with the HIS
-- doctor responsible (doctor_id; a doctor who makes a plan is it). One active plan per
-- patient and template. The patient's accounts record home readings; a reading beyond an alert
-- limit raises one alert (care_alerts), which the plan's care team acknowledges. Reminders
-- (care_reminders) are sent once per plan, subject and day through the notification outbox.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('patient', 'doctor', 'pharmacist', 'nurse', 'admin'));
CREATE TABLE care_plans (
  id                 text PRIMARY KEY,
  patient_id         text NOT NULL,
  template_id        text NOT NULL,
  measures           jsonb NOT NULL,
  thresholds         jsonb NOT NULL,
  revisit_every_days int NOT NULL CHECK (revisit_every_days > 0),
  managed_by         text NOT NULL REFERENCES users(id),
  doctor_id          text,
  created_by         text NOT NULL REFERENCES users(id),
  idempotency_key    text NOT NULL,
  started_at         timestamptz NOT NULL,
  ended_at           timestamptz,
  UNIQUE (created_by, idempotency_key)
);
CREATE UNIQUE INDEX care_plans_one_active ON care_plans (patient_id, template_id) WHERE ended_at IS NULL;
CREATE INDEX care_plans_managed ON care_plans (managed_by) WHERE ended_at IS NULL;
CREATE INDEX care_plans_doctor ON care_plans (doctor_id) WHERE ended_at IS NULL;
CREATE TABLE care_readings (
  id              text PRIMARY KEY,
  plan_id         text NOT NULL REFERENCES care_plans(id),
  kind            text NOT NULL CHECK (kind IN ('blood-pressure', 'pulse', 'glucose', 'weight')),
  meal            text CHECK (meal IN ('fasting', 'after-meal')),
  systolic        int,
  diastolic       int,
  pulse           int,
  glucose         double precision,
  weight          double precision,
  breaches        jsonb NOT NULL,
  source          text NOT NULL CHECK (source IN ('manual', 'bluetooth')),
  taken_at        timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  recorded_by     text NOT NULL REFERENCES users(id),
  idempotency_key text NOT NULL,
  UNIQUE (recorded_by, idempotency_key)
);
CREATE INDEX care_readings_plan ON care_readings (plan_id, taken_at DESC);
CREATE TABLE care_alerts (
  id              text PRIMARY KEY,
  plan_id         text NOT NULL REFERENCES care_plans(id),
  reading_id      text NOT NULL UNIQUE REFERENCES care_readings(id),
  patient_id      text NOT NULL,
  raised_at       timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text REFERENCES users(id)
);
CREATE INDEX care_alerts_plan ON care_alerts (plan_id, raised_at DESC);
CREATE TABLE care_reminders (
  plan_id         text NOT NULL REFERENCES care_plans(id),
  subject         text NOT NULL CHECK (subject IN ('readings', 'revisit')),
  due_on          date NOT NULL,
  notification_id text NOT NULL,
  PRIMARY KEY (plan_id, subject, due_on)
);
`,
  },
  {
    name: 'gw_024_insurance',
    sql: `
-- Medical insurance (医保移动支付, insurance/): a settlement per attempt to pay a prescription
-- through the insurer. 'authorising' (the patient is at the e-certificate page; the random state
-- kept as its hash) → 'pre-settled' (the insurer's split) → 'settling' (asked of the insurer;
-- a gateway that dies here is repaired by asking again, or by the insurer's query) → 'settled'
-- (its self-pay part, if any, a payment of its own) → 'reversed' (冲正 / 退费). 'refused' by the
-- insurer; 'abandoned' for a newer one. At most one settling or settled per prescription.
CREATE TABLE insurance_settlements (
  id               text PRIMARY KEY,
  insurer          text NOT NULL,
  prescription_id  text NOT NULL,
  patient_id       text NOT NULL,
  user_id          text NOT NULL REFERENCES users (id),
  state_hash       text UNIQUE,
  status           text NOT NULL CHECK (status IN ('authorising', 'pre-settled', 'settling', 'settled', 'reversed', 'refused', 'abandoned')),
  amount           int NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL,
  authorise_url    text,
  insurer_ref      text,
  split            jsonb,
  settlement_ref   text,
  payment_id       text REFERENCES payments (id),
  created_at       timestamptz NOT NULL,
  settle_started_at timestamptz,
  settled_at       timestamptz,
  reversed_at      timestamptz
);
CREATE UNIQUE INDEX insurance_settlements_one_live ON insurance_settlements (prescription_id) WHERE status IN ('settling', 'settled');
CREATE INDEX insurance_settlements_of ON insurance_settlements (prescription_id, created_at DESC);
CREATE INDEX insurance_settlements_settling ON insurance_settlements (settle_started_at) WHERE status = 'settling';
-- Reversals go to the insurer through an outbox, relayed with the refunds (payments/refunds.ts).
CREATE TABLE insurance_reversals (
  id               text PRIMARY KEY,
  settlement_id    text NOT NULL UNIQUE REFERENCES insurance_settlements (id),
  insurer          text NOT NULL,
  settlement_ref   text NOT NULL,
  reason           text NOT NULL,
  requested_at     timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  attempts         int NOT NULL DEFAULT 0,
  done_at          timestamptz,
  reversal_ref     text,
  last_error       text
);
CREATE INDEX insurance_reversals_due ON insurance_reversals (next_attempt_at) WHERE done_at IS NULL;
`,
  },
  {
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
  },
  {
    name: 'gw_027_care_retention',
    sql: `
-- Plans the care team changes and ends (care/changes.ts): each change raises the plan's version
-- and keeps the version it replaced in care_plan_versions, as it was; an ended plan records who
-- ended it and why, and is changed no more.
ALTER TABLE care_plans
  ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version > 0),
  ADD COLUMN changed_at timestamptz,
  ADD COLUMN ended_by text REFERENCES users(id),
  ADD COLUMN end_reason text CHECK (end_reason IN ('goal-met', 'transferred', 'declined', 'deceased', 'other')),
  ADD CONSTRAINT care_plans_end_reason CHECK (end_reason IS NULL OR ended_at IS NOT NULL);
CREATE TABLE care_plan_versions (
  plan_id            text NOT NULL REFERENCES care_plans(id),
  version            int NOT NULL,
  patient_id         text NOT NULL,
  measures           jsonb NOT NULL,
  thresholds         jsonb NOT NULL,
  revisit_every_days int NOT NULL,
  valid_from         timestamptz NOT NULL,
  replaced_at        timestamptz NOT NULL,
  replaced_by        text NOT NULL REFERENCES users(id),
  PRIMARY KEY (plan_id, version)
);

-- A plan, its readings, alerts and earlier versions are medical records (gw_016_retention's
-- rule): kept while the plan runs, and 15 years from its end and from the patient's last visit;
-- nothing while the patient is on legal hold. The purge job (records/purge.ts) deletes an ended
-- plan past its date with all of it. Readings and earlier versions are kept as written; an alert
-- is acknowledged once; a plan changes only by a new version, and an ended one not at all.
CREATE FUNCTION ihkit_care_plan_retain_until(plan text) RETURNS timestamptz LANGUAGE sql STABLE SECURITY DEFINER AS $fn$
  SELECT ihkit_retain_until('medical_record', p.ended_at) FROM care_plans p WHERE p.id = plan
$fn$;
DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION ihkit_care_plan_retain_until(text) SET search_path = %I, pg_temp', current_schema());
END $do$;
CREATE TRIGGER care_plans_keep_retained BEFORE DELETE ON care_plans FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_retain_until(''medical_record'', ($1).ended_at) AS retain_until');
CREATE TRIGGER care_readings_keep_retained BEFORE DELETE ON care_readings FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, p.patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(p.id) AS retain_until FROM care_plans p WHERE p.id = ($1).plan_id');
CREATE TRIGGER care_alerts_keep_retained BEFORE DELETE ON care_alerts FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).id AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(($1).plan_id) AS retain_until');
CREATE TRIGGER care_plan_versions_keep_retained BEFORE DELETE ON care_plan_versions FOR EACH ROW EXECUTE FUNCTION ihkit_keep_retained(
  'SELECT ($1).plan_id || ''@'' || ($1).version AS id, ($1).patient_id AS patient_id, ''medical_record''::text AS retention_class, ihkit_care_plan_retain_until(($1).plan_id) AS retain_until');
CREATE TRIGGER care_readings_append_only BEFORE UPDATE ON care_readings FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER care_plan_versions_append_only BEFORE UPDATE ON care_plan_versions FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE TRIGGER care_alerts_record_kept BEFORE UPDATE ON care_alerts FOR EACH ROW
  WHEN ((OLD.id, OLD.plan_id, OLD.reading_id, OLD.patient_id, OLD.raised_at) IS DISTINCT FROM (NEW.id, NEW.plan_id, NEW.reading_id, NEW.patient_id, NEW.raised_at)
    OR (OLD.acknowledged_at IS NOT NULL AND (OLD.acknowledged_at, OLD.acknowledged_by) IS DISTINCT FROM (NEW.acknowledged_at, NEW.acknowledged_by)))
  EXECUTE FUNCTION ihkit_refuse('an alert is raised as it was and acknowledged once');
CREATE TRIGGER care_plans_record_kept BEFORE UPDATE ON care_plans FOR EACH ROW
  WHEN ((OLD.id, OLD.patient_id, OLD.template_id, OLD.created_by, OLD.idempotency_key, OLD.started_at) IS DISTINCT FROM (NEW.id, NEW.patient_id, NEW.template_id, NEW.created_by, NEW.idempotency_key, NEW.started_at)
    OR OLD.ended_at IS NOT NULL
    OR NEW.version < OLD.version
    OR (NEW.version = OLD.version AND (OLD.measures, OLD.thresholds, OLD.revisit_every_days) IS DISTINCT FROM (NEW.measures, NEW.thresholds, NEW.revisit_every_days)))
  EXECUTE FUNCTION ihkit_refuse('a plan changes only by a new version, and an ended one not at all');
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['care_plans', 'care_readings', 'care_alerts', 'care_plan_versions'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ihkit_no_truncate()', t || '_no_truncate', t);
  END LOOP;
END
$do$;
`,
  },
];
