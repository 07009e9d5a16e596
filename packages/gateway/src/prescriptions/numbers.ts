/**
 * Prescription numbers people can read out: the HIS's own when its adapter numbers
 * prescriptions (HisAdapter.numberPrescription), else the gateway's, counted per day of the
 * hospital: 20261207-0012 (gw_009).
 */
import type { Queryable } from '@ihkit/adapters';
import { localDate } from '@ihkit/core';

/**
 * The next number of the hospital's day of `at`. The day's counter row is taken by the upsert
 * and held until the caller's transaction ends: concurrent prescriptions are numbered one after
 * the other, and one whose transaction rolls back gives its number back.
 */
export async function nextPrescriptionNumber(tx: Queryable, at: Date, timeZone: string): Promise<string> {
  const day = localDate(at, timeZone).replaceAll('-', '');
  const { rows } = await tx.query<{ last: number }>(
    'INSERT INTO prescription_numbers (day, last) VALUES ($1, 1) ON CONFLICT (day) DO UPDATE SET last = prescription_numbers.last + 1 RETURNING last',
    [day],
  );
  return `${day}-${String(rows[0]!.last).padStart(4, '0')}`;
}
