import type { Migration } from '@ihkit/adapters';

export default {
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
} satisfies Migration;
