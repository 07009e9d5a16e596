import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_037_remote_consultation_reports',
  sql: `
-- The supervision platform hears of a remote consultation's request, its acceptance, the opinion
-- and its end (remote-consultations/transitions.ts), beside the consults, prescriptions and referrals.
ALTER TABLE regulator_outbox DROP CONSTRAINT regulator_outbox_kind_check;
ALTER TABLE regulator_outbox ADD CONSTRAINT regulator_outbox_kind_check CHECK (kind IN ('consult', 'prescription', 'referral', 'remote-consultation'));
ALTER TABLE regulator_outbox DROP CONSTRAINT regulator_outbox_event;
ALTER TABLE regulator_outbox ADD CONSTRAINT regulator_outbox_event CHECK (
  (kind = 'consult' AND event IN ('created', 'accepted', 'completed', 'referred'))
  OR (kind = 'prescription' AND event IN ('signed', 'approved', 'returned', 'cancelled', 'dispensed'))
  OR (kind = 'referral' AND event IN ('sent', 'accepted', 'arrived', 'closed'))
  OR (kind = 'remote-consultation' AND event IN ('created', 'accepted', 'signed', 'closed', 'declined', 'cancelled')));
`,
} satisfies Migration;
