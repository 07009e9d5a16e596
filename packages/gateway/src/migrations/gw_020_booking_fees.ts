import type { Migration } from '@ihkit/adapters';

export default {
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
} satisfies Migration;
