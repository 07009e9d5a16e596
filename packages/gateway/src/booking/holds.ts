/**
 * Holds that lapse: a place held for a registration fee not paid by `hold_until` is released.
 * Every gateway sweeps; the row lock and the status make a hold lapse once, with its audit row
 * (actor `system`) and a message to the patient. Before one lapses its pending order is asked
 * about at the provider: a payment whose notification was lost still confirms it; a provider
 * that cannot answer keeps it held until the next sweep. The place is then freed in the HIS
 * after the commit (`released_at`), and again on the next sweep if a gateway died in between
 * (cancelling in the HIS is idempotent).
 */
import { localDate, localTime } from '@ihkit/core';
import { jobEntry, writeAudit } from '../audit.js';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';
import { enqueueNotification } from '../notifications/outbox.js';
import type { Services } from '../operations.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment } from '../payments/orders.js';
import { findFee } from './fees.js';
import { settleDearerMoves } from './reschedule.js';

const BATCH = 200;

/** Lapses the overdue holds and frees their places; returns the appointments whose hold lapsed. */
export async function lapseHolds(services: Services): Promise<string[]> {
  const now = services.now();
  const { rows } = await services.db.query<{ appointment_id: string }>(
    `SELECT appointment_id FROM appointment_fees WHERE status = 'held' AND hold_until <= $1 ORDER BY hold_until LIMIT ${BATCH}`,
    [now],
  );
  const lapsed: string[] = [];
  const runId = newId('run');
  for (const { appointment_id: id } of rows) {
    const done = await services.db.transaction(async (tx) => {
      const fee = await findFee(tx, id, true);
      if (!fee || fee.status !== 'held' || fee.hold_until > now) return false;
      const pending = await findPayment(tx, { appointmentId: id }, true);
      if (pending?.status === 'pending') {
        try {
          if ((await settleByQuery(tx, services, pending)).status !== 'pending') return false; // it was paid in time
        } catch (err) {
          services.log.warn({ appointmentId: id, errorType: safeError(err).type }, 'could not ask the payment provider before releasing a held place; will try again');
          return false;
        }
      }
      await tx.query(`UPDATE appointment_fees SET status = 'lapsed', ended_at = $2 WHERE appointment_id = $1`, [id, now]);
      const tz = services.his.timeZone;
      await enqueueNotification(tx, {
        patientId: fee.patient_id,
        template: 'booking-hold-lapsed',
        params: { date: localDate(fee.starts_at, tz), time: localTime(fee.starts_at, tz), minutes: String(services.bookingFees.holdMinutes) },
        now,
      });
      await writeAudit(tx, jobEntry('lapseBookingHold', { resourceType: 'appointment', resourceId: id, patientIds: [fee.patient_id] }, runId));
      return true;
    });
    if (done) lapsed.push(id);
  }
  await releaseLapsed(services);
  // Moves to dearer slots are held the same way: unpaid in time they end; paid, they are made.
  await settleDearerMoves(services);
  return lapsed;
}

/** Frees in the HIS the places of holds that lapsed and are not yet freed. */
async function releaseLapsed(services: Services): Promise<void> {
  const { rows } = await services.db.query<{ appointment_id: string }>(
    `SELECT appointment_id FROM appointment_fees WHERE status = 'lapsed' AND released_at IS NULL ORDER BY ended_at LIMIT ${BATCH}`,
  );
  for (const { appointment_id: id } of rows) {
    try {
      await services.his.cancel(id, 'registration fee not paid in time');
      await services.db.query('UPDATE appointment_fees SET released_at = $2 WHERE appointment_id = $1', [id, services.now()]);
    } catch (err) {
      const e = safeError(err);
      services.log.warn({ appointmentId: id, errorType: e.type, errorCode: e.code }, 'freeing a lapsed hold in the HIS failed; will try again');
    }
  }
}
