/**
 * After payment: the prescription goes to the pharmacy (PharmacyAdapter), whose progress the
 * gateway follows — on a timer and whenever someone opens the prescription — and records as
 * the prescription's status: paid (preparing) → dispatched (shipped, or ready for pickup) →
 * completed. Also the end of prescriptions nobody paid for in time. Each of these steps leaves
 * an audit row (actor `system`) in its transaction; leaving the pharmacy (dispensed) is also
 * reported to the supervision platform.
 */
import type { PharmacyStatus, Queryable } from '@ihkit/adapters';
import { jobEntry, writeAudit, type AuditOutcome } from '../audit.js';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';
import { reportPrescription } from '../regulator/outbox.js';
import type { Services } from '../operations.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment } from '../payments/orders.js';
import { reverseInsurance } from '../insurance/reversals.js';
import { HttpProblem } from '../problems.js';
import { prescriptionChanged } from './notices.js';
import { assertPayable } from './signatures.js';
import { appendHistory, canMove, findPrescription, statusesFor, type PrescriptionRow } from './store.js';

function pharmacyOf(services: Services) {
  if (!services.pharmacy) throw new HttpProblem('INVALID_STATE', 'No pharmacy is configured on this gateway.');
  return services.pharmacy;
}

/** The row of a step the gateway took on a prescription by itself. */
function stepAudit(tx: Queryable, action: string, row: Pick<PrescriptionRow, 'id' | 'patient_id'>, runId: string, outcome: AuditOutcome = 'ok') {
  return writeAudit(tx, jobEntry(action, { resourceType: 'prescription', resourceId: row.id, patientIds: [row.patient_id] }, runId, outcome));
}

/**
 * Sends a paid prescription to the pharmacy (idempotent there by prescription id) once both of
 * its signatures verify, with its audit row in `tx` whether the pharmacy took it or not (what
 * was sent left the gateway).
 */
export async function dispatchToPharmacy(tx: Queryable, row: PrescriptionRow, services: Services, runId = newId('run')): Promise<void> {
  if (row.pharmacy_ref || !row.fulfilment) return;
  const f = row.fulfilment;
  let pharmacyRef: string;
  try {
    // Nothing is dispensed without both valid signatures (SIGNATURE_INVALID; the refusal is audited).
    await assertPayable(services, row);
    ({ pharmacyRef } = await pharmacyOf(services).dispatch({
      orderId: row.id,
      items: row.content.items.map((i) => ({ drugId: i.drugId, quantity: i.quantity })),
      fulfilment: f.method === 'delivery' ? { method: 'delivery', address: f.address! } : { method: 'pickup', pickupPointId: f.pickupPoint!.id },
    }));
  } catch (err) {
    await stepAudit(tx, 'dispatchToPharmacy', row, runId, 'error');
    throw err;
  }
  await tx.query(`UPDATE prescriptions SET pharmacy_ref = $2, fulfilment_status = 'preparing', fulfilment_updated_at = $3 WHERE id = $1`, [row.id, pharmacyRef, services.now()]);
  await stepAudit(tx, 'dispatchToPharmacy', row, runId);
}

const STATUS_OF: Record<PharmacyStatus, PrescriptionRow['status'] | undefined> = {
  preparing: 'paid',
  shipped: 'dispatched',
  ready_for_pickup: 'dispatched',
  delivered: 'completed',
  picked_up: 'completed',
  cancelled: undefined, // only the gateway cancels, and records it itself
};

/** Asks the pharmacy where a paid or dispatched prescription is and records any change. */
export async function refreshFulfilment(services: Services, id: string, runId = newId('run')): Promise<void> {
  const before = await findPrescription(services.db, id);
  if (!before?.pharmacy_ref || !canMove(before, 'track')) return;
  const report = await pharmacyOf(services).status(before.pharmacy_ref);
  const next = STATUS_OF[report.status];
  if (!next || (report.status === before.fulfilment_status && (report.trackingNo ?? null) === before.tracking_no)) return;
  await services.db.transaction(async (tx) => {
    const row = await findPrescription(tx, id, true);
    if (!row || !canMove(row, 'track')) return;
    await tx.query('UPDATE prescriptions SET status = $2, fulfilment_status = $3, tracking_no = $4, fulfilment_updated_at = $5 WHERE id = $1',
      [id, next, report.status, report.trackingNo ?? null, new Date(report.updatedAt)]);
    if (next !== row.status) await appendHistory(tx, row, next === 'completed' ? 'completed' : 'dispatched', null, { pharmacyStatus: report.status }, services.now());
    else await prescriptionChanged(tx, id, { review: false }); // further along at the pharmacy, or a tracking number
    // Out of the pharmacy's hands (shipped, ready, or already collected): dispensed.
    if (row.status === 'paid' && next !== 'paid') {
      await reportPrescription(tx, row, 'dispensed', services.now(), { pharmacy: { status: report.status, at: report.updatedAt } });
    }
    await stepAudit(tx, 'trackPrescription', row, runId);
  });
}

/** Brings every prescription at the pharmacy up to date, and sends paid ones that did not reach it. */
export async function trackFulfilments(services: Services, log: (err: unknown) => void): Promise<void> {
  if (!services.pharmacy) return;
  const { rows } = await services.db.query<{ id: string; pharmacy_ref: string | null }>(
    'SELECT id, pharmacy_ref FROM prescriptions WHERE status = ANY($1::text[]) ORDER BY created_at LIMIT 500', [statusesFor('track')]);
  const runId = newId('run');
  for (const { id, pharmacy_ref } of rows) {
    try {
      if (pharmacy_ref) await refreshFulfilment(services, id, runId);
      else await services.db.transaction(async (tx) => {
        const row = await findPrescription(tx, id, true);
        // A failed hand-off commits its audit row; the next sweep tries again.
        if (row?.status === 'paid') await dispatchToPharmacy(tx, row, services, runId).catch(log);
      });
    } catch (err) {
      log(safeError(err));
    }
  }
}

/** Prescriptions past their last valid day that nobody paid for end as expired; returns their ids. */
export async function expirePrescriptions(services: Services): Promise<string[]> {
  const now = services.now();
  const { rows } = await services.db.query<{ id: string }>(
    'SELECT id FROM prescriptions WHERE status = ANY($2::text[]) AND valid_until < $1 ORDER BY valid_until LIMIT 200', [now, statusesFor('expire')]);
  const ended: string[] = [];
  const runId = newId('run');
  for (const { id } of rows) {
    const done = await services.db.transaction(async (tx) => {
      const row = await findPrescription(tx, id, true);
      if (!row || !canMove(row, 'expire') || row.valid_until >= now) return false;
      // A payment whose notification was lost still counts if it was made in time.
      const pending = await findPayment(tx, { prescriptionId: id }, true);
      if (pending?.status === 'pending') {
        try {
          if ((await settleByQuery(tx, services, pending)).status !== 'pending') return false;
        } catch (err) {
          services.log.warn({ prescriptionId: id, errorType: safeError(err).type }, 'could not ask the payment provider before expiring an unpaid prescription; will try again');
          return false;
        }
      }
      await tx.query(`UPDATE prescriptions SET status = 'expired', fulfilment_status = CASE WHEN fulfilment_status IS NULL THEN NULL ELSE 'cancelled' END WHERE id = $1`, [id]);
      await appendHistory(tx, row, 'expired', null, {}, now);
      // Settled through insurance with the self-pay part never paid: the insurer's part goes back.
      await reverseInsurance(tx, services, { prescriptionId: id }, 'The prescription expired before its self-pay part was paid.');
      await stepAudit(tx, 'expirePrescription', row, runId);
      return true;
    });
    if (done) ended.push(id);
  }
  return ended;
}
