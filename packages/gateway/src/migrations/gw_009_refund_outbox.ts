import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_009_refund_outbox',
  sql: `
-- Refunds the payment provider is to make (payments/refunds.ts): written in the transaction
-- that decides one, asked of the provider after it commits, idempotently by id. done_at is set
-- once the provider has answered; until then a failed try waits for next_attempt_at, and a
-- relay that claimed a row owns it until claimed_until.
CREATE TABLE refunds (
  id               text PRIMARY KEY,
  payment_id       text NOT NULL REFERENCES payments (id),
  provider         text NOT NULL,
  provider_ref     text NOT NULL,
  amount           int NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL,
  reason           text NOT NULL,
  requested_at     timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  attempts         int NOT NULL DEFAULT 0,
  done_at          timestamptz,
  refund_ref       text,
  last_error       text
);
CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE done_at IS NULL;
`,
} satisfies Migration;
