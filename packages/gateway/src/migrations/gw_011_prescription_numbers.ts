import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_011_prescription_numbers',
  sql: `
-- A prescription's number people can read out (20261207-0012: the hospital's day and that day's
-- sequence), or the HIS's own. The last number of each day is counted up in the transaction
-- that stores the prescription, so two prescriptions never share one and none is skipped.
CREATE TABLE prescription_numbers (
  day  text PRIMARY KEY CHECK (day ~ '^[0-9]{8}$'),
  last int NOT NULL CHECK (last > 0)
);
ALTER TABLE prescriptions ADD COLUMN number text;
-- Prescriptions made before numbering get theirs in the order they were made, by the day in
-- Asia/Shanghai (the hospital time zone of every deployment so far).
WITH numbered AS (
  SELECT id, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS day,
         row_number() OVER (PARTITION BY to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') ORDER BY created_at, id) AS seq
    FROM prescriptions
)
UPDATE prescriptions p SET number = n.day || '-' || lpad(n.seq::text, greatest(4, length(n.seq::text)), '0')
  FROM numbered n WHERE n.id = p.id;
INSERT INTO prescription_numbers (day, last) SELECT split_part(number, '-', 1), count(*) FROM prescriptions GROUP BY 1;
ALTER TABLE prescriptions ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX prescriptions_number ON prescriptions (number);
`,
} satisfies Migration;
