import type { Migration } from '@ihkit/adapters';

export default {
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
} satisfies Migration;
