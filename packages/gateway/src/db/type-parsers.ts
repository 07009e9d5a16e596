/**
 * How column values come back to JS, the same on both drivers (PGlite and node-postgres):
 *
 * | PostgreSQL type              | JS value                                                  |
 * |------------------------------|-----------------------------------------------------------|
 * | int2, int4, float4, float8   | number                                                    |
 * | int8 (bigint, bigserial, count(*)) | number; a value beyond ±2^53 throws a RangeError rather than lose digits |
 * | numeric                      | string (exact decimal, e.g. '1.50')                       |
 * | timestamptz                  | Date                                                      |
 * | timestamp (without zone)     | Date, read as UTC                                         |
 * | date                         | string 'YYYY-MM-DD' (a calendar date has no time zone)    |
 * | interval, time               | string as PostgreSQL prints it ('1 day', '08:30:00')      |
 * | json, jsonb                  | parsed JSON                                               |
 * | bytea                        | Uint8Array (a Buffer, which is one, on node-postgres)     |
 * | arrays of the above          | arrays of the same                                        |
 *
 * The defaults differ for int8 (a string on node-postgres), date and timestamp (Dates in the
 * process's local zone on node-postgres) and interval (an object on node-postgres); the parsers
 * below override those, per connection, without touching node-postgres's global defaults.
 */

export const OID = {
  INT8: 20,
  INT8_ARRAY: 1016,
  DATE: 1082,
  DATE_ARRAY: 1182,
  TIMESTAMP: 1114,
  TIMESTAMP_ARRAY: 1115,
  INTERVAL: 1186,
  INTERVAL_ARRAY: 1187,
} as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} does not fit a JS number exactly; cast it to text or numeric in SQL`);
  return n;
}

/** A timestamp without time zone, read as UTC. */
export function parseTimestamp(text: string): Date | number {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  return new Date(`${text.replace(' ', 'T')}Z`);
}

const asText = (text: string): string => text;

/** Parsers for element types, keyed by type OID (text format). Arrays follow on each driver. */
export const ELEMENT_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [OID.INT8]: parseInt8,
  [OID.DATE]: asText,
  [OID.TIMESTAMP]: parseTimestamp,
  [OID.INTERVAL]: asText,
};

/** Array type OID -> its element type OID, for the drivers that need array parsers spelt out. */
export const ARRAY_ELEMENTS: Readonly<Record<number, number>> = {
  [OID.INT8_ARRAY]: OID.INT8,
  [OID.DATE_ARRAY]: OID.DATE,
  [OID.TIMESTAMP_ARRAY]: OID.TIMESTAMP,
  [OID.INTERVAL_ARRAY]: OID.INTERVAL,
};
