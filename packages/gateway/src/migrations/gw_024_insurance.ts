import type { Migration } from '@ihkit/adapters';

export default {
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
} satisfies Migration;
