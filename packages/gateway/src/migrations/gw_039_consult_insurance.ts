import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_039_consult_insurance',
  sql: `
-- A follow-up consult's fee is settled through medical insurance too (insurance/payable.ts): a
-- settlement is of a prescription or of a consult, never both; at most one settling or settled
-- per consult, as per prescription.
ALTER TABLE insurance_settlements ALTER COLUMN prescription_id DROP NOT NULL;
ALTER TABLE insurance_settlements ADD COLUMN consult_id text;
ALTER TABLE insurance_settlements ADD CONSTRAINT insurance_settlements_of_one CHECK ((prescription_id IS NULL) <> (consult_id IS NULL));
CREATE UNIQUE INDEX insurance_settlements_one_live_consult ON insurance_settlements (consult_id) WHERE status IN ('settling', 'settled');
CREATE INDEX insurance_settlements_of_consult ON insurance_settlements (consult_id, created_at DESC) WHERE consult_id IS NOT NULL;
`,
} satisfies Migration;
