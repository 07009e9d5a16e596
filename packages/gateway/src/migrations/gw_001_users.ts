import type { Migration } from '@ihkit/adapters';

export default {
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
} satisfies Migration;
