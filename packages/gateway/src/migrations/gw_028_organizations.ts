import type { Migration } from '@ihkit/adapters';

/** The tables holding patient data: each row belongs to the organization it was written in. */
const PATIENT_TABLES = [
  'consults', 'consult_attachments', 'consult_messages', 'payments', 'refunds',
  'prescriptions', 'prescription_history', 'signature_requests', 'regulator_outbox',
  'video_rooms', 'video_participants', 'video_recording_requests', 'video_recording_consents', 'video_recordings',
  'critical_alerts', 'notification_outbox', 'appointment_fees', 'appointment_reschedules',
  'care_plans', 'care_plan_versions', 'care_readings', 'care_alerts', 'care_reminders',
  'insurance_settlements', 'insurance_reversals',
];

export default {
  name: 'gw_028_organizations',
  sql: `
-- The organizations one gateway serves (organizations/): a regional platform's member
-- hospitals, or just the one hospital (the home organization, marked home, whose id is 'home'
-- unless configured). The gateway writes them at start from its configuration.
CREATE TABLE organizations (
  id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('regional-centre', 'hospital', 'county', 'community')),
  parent_id  text REFERENCES organizations (id),
  home       boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_one_home ON organizations (home) WHERE home;

-- The organization a row is written in unless the gateway says which: the home one.
CREATE FUNCTION ihkit_home_organization() RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT coalesce((SELECT id FROM organizations WHERE home), 'home')
$fn$;

-- Staff belong to one organization; a patient's account is the patient's, wherever they are seen
-- (its column says where it was made). A practitioner id is unique within its organization's HIS.
ALTER TABLE users ADD COLUMN organization_id text NOT NULL DEFAULT ihkit_home_organization();
DROP INDEX users_one_per_doctor;
DROP INDEX users_one_per_pharmacist;
CREATE UNIQUE INDEX users_one_per_doctor ON users (organization_id, his_doctor_id) WHERE his_doctor_id IS NOT NULL;
CREATE UNIQUE INDEX users_one_per_pharmacist ON users (organization_id, his_pharmacist_id) WHERE his_pharmacist_id IS NOT NULL;

-- Every row of patient data belongs to one organization, so that these tables can be
-- partitioned by it; existing rows are the home organization's.
${PATIENT_TABLES.map((t) => `ALTER TABLE ${t} ADD COLUMN organization_id text NOT NULL DEFAULT ihkit_home_organization();`).join('\n')}

-- The lists staff read, led by the organization.
CREATE INDEX consults_org_queue ON consults (organization_id, doctor_id, status, paid_at);
CREATE INDEX consults_org_patient ON consults (organization_id, patient_id, created_at DESC);
CREATE INDEX prescriptions_org_queue ON prescriptions (organization_id, status, signed_at);
CREATE INDEX prescriptions_org_patient ON prescriptions (organization_id, patient_id, created_at DESC);
CREATE INDEX critical_alerts_org_doctor ON critical_alerts (organization_id, doctor_id, raised_at DESC);
DROP INDEX care_plans_one_active;
CREATE UNIQUE INDEX care_plans_one_active ON care_plans (organization_id, patient_id, template_id) WHERE ended_at IS NULL;
CREATE INDEX care_plans_org_doctor ON care_plans (organization_id, doctor_id) WHERE ended_at IS NULL;
CREATE INDEX care_plans_org_managed ON care_plans (organization_id, managed_by) WHERE ended_at IS NULL;
CREATE INDEX video_recordings_org_consult ON video_recordings (organization_id, consult_id, created_at);
`,
} satisfies Migration;
