import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_038_reschedule_differences',
  sql: `
-- A move to a dearer slot (booking/reschedule-difference.ts) waits for its difference to be paid:
-- 'awaiting_payment' until hold_until, then 'paid' (the HIS move to run), then 'done'; or
-- 'failed' with why (the target slot was gone: the difference went back; not paid in time; the
-- appointment was cancelled meanwhile; the patient chose another slot), the appointment staying
-- where it was.
ALTER TABLE appointment_reschedules DROP CONSTRAINT appointment_reschedules_status_check;
ALTER TABLE appointment_reschedules ADD CONSTRAINT appointment_reschedules_status_check CHECK (status IN ('pending', 'awaiting_payment', 'paid', 'done', 'failed'));
ALTER TABLE appointment_reschedules ADD COLUMN difference int CHECK (difference > 0);
ALTER TABLE appointment_reschedules ADD COLUMN currency text;
ALTER TABLE appointment_reschedules ADD COLUMN hold_until timestamptz;
ALTER TABLE appointment_reschedules ADD COLUMN to_starts_at timestamptz;
ALTER TABLE appointment_reschedules ADD COLUMN failure text CHECK (failure IN ('slot_taken', 'not_paid', 'cancelled', 'replaced'));
ALTER TABLE appointment_reschedules ADD CONSTRAINT appointment_reschedules_difference CHECK ((status IN ('awaiting_payment', 'paid')) <= (difference IS NOT NULL AND hold_until IS NOT NULL));
ALTER TABLE appointment_reschedules ADD CONSTRAINT appointment_reschedules_failure CHECK ((status = 'failed') = (failure IS NOT NULL));
DROP INDEX appointment_reschedules_one_pending;
CREATE UNIQUE INDEX appointment_reschedules_one_pending ON appointment_reschedules (appointment_id) WHERE status IN ('pending', 'awaiting_payment', 'paid');
CREATE INDEX appointment_reschedules_unsettled ON appointment_reschedules (hold_until) WHERE status IN ('awaiting_payment', 'paid');

-- The difference's payment order: of the appointment, and of the move (one live order per move,
-- beside the registration fee's own).
ALTER TABLE payments ADD COLUMN reschedule_id text REFERENCES appointment_reschedules (id);
ALTER TABLE payments ADD CONSTRAINT payments_reschedule_of_appointment CHECK (reschedule_id IS NULL OR appointment_id IS NOT NULL);
DROP INDEX payments_one_per_appointment;
CREATE UNIQUE INDEX payments_one_per_appointment ON payments (appointment_id) WHERE appointment_id IS NOT NULL AND reschedule_id IS NULL AND status IN ('pending', 'paid');
CREATE UNIQUE INDEX payments_one_per_reschedule ON payments (reschedule_id) WHERE reschedule_id IS NOT NULL AND status IN ('pending', 'paid');
`,
} satisfies Migration;
