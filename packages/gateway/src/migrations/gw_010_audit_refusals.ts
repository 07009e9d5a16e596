import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_010_audit_refusals',
  sql: `
-- Refusals of callers who were not signed in and touched no patient's data (a forged payment
-- notification): counted per hour, operation and outcome instead of one audit_log row each,
-- which anyone could otherwise add for ever (audit.ts, RefusalCounts).
CREATE TABLE audit_refusals (
  hour     timestamptz NOT NULL,
  action   text NOT NULL,
  outcome  text NOT NULL,
  count    bigint NOT NULL,
  PRIMARY KEY (hour, action, outcome)
);
`,
} satisfies Migration;
