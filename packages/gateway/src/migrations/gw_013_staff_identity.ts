import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_013_staff_identity',
  sql: `
-- A staff account acts as exactly one HIS practitioner, and no two accounts as the same one.
ALTER TABLE users ADD COLUMN his_pharmacist_id text;
CREATE UNIQUE INDEX users_one_per_doctor ON users (his_doctor_id) WHERE his_doctor_id IS NOT NULL;
CREATE UNIQUE INDEX users_one_per_pharmacist ON users (his_pharmacist_id) WHERE his_pharmacist_id IS NOT NULL;
`,
} satisfies Migration;
