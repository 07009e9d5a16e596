import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_036_referrals',
  sql: `
-- Two-way referral (双向转诊, referrals/): a doctor of one organization refers a patient to
-- another — up, to a higher hospital, a place reserved there on acceptance; down, back to a
-- county or community hospital, which starts a follow-up plan. The row is the sending
-- organization's (organization_id); the receiving one reads it through to_organization_id.
-- On acceptance the receiver reads the attached records through an access grant (grant_id).
CREATE TABLE referrals (
  id                    text PRIMARY KEY,
  organization_id       text NOT NULL REFERENCES organizations (id),
  to_organization_id    text NOT NULL REFERENCES organizations (id),
  direction             text NOT NULL CHECK (direction IN ('up', 'down')),
  state                 text NOT NULL CHECK (state IN ('sent', 'accepted', 'declined', 'arrived', 'closed', 'cancelled')),
  department_id         text NOT NULL,
  doctor_id             text,
  patient_id            text NOT NULL,
  receiving_patient_id  text,
  summary               text NOT NULL,
  records               jsonb NOT NULL,
  slot_id               text,
  follow_up             jsonb,
  appointment           jsonb,
  care_plan_id          text REFERENCES care_plans (id),
  grant_id              text REFERENCES access_grants (id),
  decline_reason        text CHECK (decline_reason IN ('no-capacity', 'not-indicated', 'patient-elsewhere', 'other')),
  sent_by               text NOT NULL REFERENCES users (id),
  answered_by           text REFERENCES users (id),
  idempotency_key       text NOT NULL,
  created_at            timestamptz NOT NULL,
  accepted_at           timestamptz,
  declined_at           timestamptz,
  arrived_at            timestamptz,
  closed_at             timestamptz,
  cancelled_at          timestamptz,
  CHECK (to_organization_id <> organization_id),
  CHECK (slot_id IS NULL OR direction = 'up'),
  CHECK (follow_up IS NULL OR direction = 'down'),
  UNIQUE (sent_by, idempotency_key)
);
CREATE INDEX referrals_org_sent ON referrals (organization_id, created_at DESC);
CREATE INDEX referrals_org_received ON referrals (to_organization_id, created_at DESC);
CREATE INDEX referrals_patient ON referrals (patient_id);
CREATE INDEX referrals_receiving_patient ON referrals (receiving_patient_id) WHERE receiving_patient_id IS NOT NULL;

-- A referral is kept: never deleted, and what was sent never changes (only its steps are written).
CREATE TRIGGER referrals_kept BEFORE DELETE ON referrals FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();
CREATE FUNCTION ihkit_referral_sent_kept() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF (OLD.id, OLD.organization_id, OLD.to_organization_id, OLD.direction, OLD.department_id, OLD.doctor_id, OLD.patient_id, OLD.summary, OLD.records, OLD.slot_id, OLD.follow_up, OLD.sent_by, OLD.idempotency_key, OLD.created_at)
     IS DISTINCT FROM (NEW.id, NEW.organization_id, NEW.to_organization_id, NEW.direction, NEW.department_id, NEW.doctor_id, NEW.patient_id, NEW.summary, NEW.records, NEW.slot_id, NEW.follow_up, NEW.sent_by, NEW.idempotency_key, NEW.created_at)
  THEN RAISE EXCEPTION 'a referral is kept as it was sent: only its steps change'; END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER referrals_sent_kept BEFORE UPDATE ON referrals FOR EACH ROW EXECUTE FUNCTION ihkit_referral_sent_kept();

-- The supervision platform hears of a referral sent, accepted, arrived and closed.
ALTER TABLE regulator_outbox DROP CONSTRAINT regulator_outbox_kind_check;
ALTER TABLE regulator_outbox ADD CONSTRAINT regulator_outbox_kind_check CHECK (kind IN ('consult', 'prescription', 'referral'));
ALTER TABLE regulator_outbox DROP CONSTRAINT regulator_outbox_event;
ALTER TABLE regulator_outbox ADD CONSTRAINT regulator_outbox_event CHECK (
  (kind = 'consult' AND event IN ('created', 'accepted', 'completed', 'referred'))
  OR (kind = 'prescription' AND event IN ('signed', 'approved', 'returned', 'cancelled', 'dispensed'))
  OR (kind = 'referral' AND event IN ('sent', 'accepted', 'arrived', 'closed')));
`,
} satisfies Migration;
