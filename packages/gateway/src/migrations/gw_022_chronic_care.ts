import type { Migration } from '@ihkit/adapters';

export default {
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
} satisfies Migration;
