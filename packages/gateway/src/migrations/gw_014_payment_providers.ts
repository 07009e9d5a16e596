import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_014_payment_providers',
  sql: `
-- Several payment providers (payments/providers.ts): each payments row is one order at one
-- provider, through one channel. A consult's fee or a prescription has at most one live order
-- (pending or paid); choosing another method closes the pending one ('closed') and opens a new
-- one. checkout holds WeChat's JSAPI parameters; provider_txn and provider_paid_at what the
-- provider said when it was paid (its transaction id, and its time, by which bills are cut).
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('pending', 'paid', 'refunded', 'closed'));
ALTER TABLE payments
  ADD COLUMN channel          text,
  ADD COLUMN checkout         jsonb,
  ADD COLUMN expires_at       timestamptz,
  ADD COLUMN provider_txn     text,
  ADD COLUMN provider_paid_at timestamptz,
  ADD COLUMN closed_at        timestamptz,
  ADD COLUMN next_query_at    timestamptz,
  ADD COLUMN query_attempts   int NOT NULL DEFAULT 0;
UPDATE payments SET channel = 'sandbox' WHERE provider = 'sandbox';
DROP INDEX payments_one_per_consult;
DROP INDEX payments_one_per_prescription;
CREATE UNIQUE INDEX payments_one_per_consult ON payments (consult_id) WHERE prescription_id IS NULL AND status IN ('pending', 'paid');
CREATE UNIQUE INDEX payments_one_per_prescription ON payments (prescription_id) WHERE prescription_id IS NOT NULL AND status IN ('pending', 'paid');
-- Pending orders the order query (payments/order-query.ts) asks their provider about.
CREATE INDEX payments_to_query ON payments (next_query_at) WHERE status = 'pending';
CREATE INDEX payments_paid_by_provider ON payments (provider, (coalesce(provider_paid_at, paid_at))) WHERE paid_at IS NOT NULL;

-- What became of each word from a provider: applied, a repeat of a payment already paid,
-- ignored (not a payment), or refused for an amount that was not the order's.
ALTER TABLE payment_notifications
  ADD COLUMN outcome  text NOT NULL DEFAULT 'applied' CHECK (outcome IN ('applied', 'already', 'ignored', 'amount_mismatch')),
  ADD COLUMN amount   int,
  ADD COLUMN currency text;
CREATE INDEX refunds_by_provider ON refunds (provider, done_at);

-- The daily reconciliation (payments/reconcile.ts): one run per provider and bill day
-- (Beijing time), claimed like an outbox row; its differences beside it.
CREATE TABLE reconciliations (
  provider        text NOT NULL,
  bill_date       text NOT NULL CHECK (bill_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  status          text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  attempts        int NOT NULL DEFAULT 1,
  claimed_until   timestamptz,
  next_attempt_at timestamptz,
  checked_at      timestamptz,
  bill_lines      int,
  differences     int,
  error           text,
  PRIMARY KEY (provider, bill_date)
);
-- Where the gateway's record and a provider's differ: from a bill (with its day), or from a
-- notification or order query that told another amount than the order's.
CREATE TABLE payment_differences (
  id            text PRIMARY KEY,
  provider      text NOT NULL,
  source        text NOT NULL CHECK (source IN ('bill', 'notification')),
  bill_date     text,
  kind          text NOT NULL CHECK (kind IN ('missing', 'extra', 'mismatch')),
  line          text NOT NULL CHECK (line IN ('payment', 'refund')),
  payment_id    text,
  refund_id     text,
  provider_ref  text,
  ours_amount   int,
  theirs_amount int,
  currency      text NOT NULL,
  detected_at   timestamptz NOT NULL
);
CREATE INDEX payment_differences_of_day ON payment_differences (provider, bill_date) WHERE source = 'bill';
CREATE INDEX payment_differences_detected ON payment_differences (detected_at);
`,
} satisfies Migration;
