/**
 * Consults that wait too long end by themselves: unpaid after `payMinutes` they are cancelled;
 * paid but not accepted by `accept_by` they are refunded (an insurance settlement of the fee, either
 * way, reversed). Every gateway sweeps; the row lock
 * and the state check make a consult end once, with its audit row (actor `system`). Before one
 * is cancelled unpaid, its pending order is asked about at the provider: a payment whose
 * notification was lost still counts.
 */
import { jobEntry, writeAudit } from '../audit.js';
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment } from '../payments/orders.js';
import { reverseInsurance } from '../insurance/reversals.js';
import { refundIfPaid } from './payments.js';
import { findConsult, transition } from './store.js';
import { newId } from '../ids.js';

/** Ends the overdue consults; returns their ids. */
export async function expireConsults(services: Services): Promise<string[]> {
  const now = services.now();
  const unpaidBefore = new Date(now.getTime() - services.consultRules.payMinutes * 60_000);
  const { rows } = await services.db.query<{ id: string }>(
    `SELECT id FROM consults WHERE (status = 'requested' AND created_at < $1) OR (status = 'paid' AND accept_by < $2) ORDER BY created_at LIMIT 200`,
    [unpaidBefore, now],
  );
  const ended: string[] = [];
  const runId = newId('run');
  for (const { id } of rows) {
    const done = await services.db.transaction(async (tx) => {
      const row = await findConsult(tx, id, true);
      if (!row) return false;
      if (row.status === 'requested' && row.created_at < unpaidBefore) {
        const pending = await findPayment(tx, { consultId: row.id }, true);
        if (pending?.status === 'pending') {
          try {
            if ((await settleByQuery(tx, services, pending)).status !== 'pending') return false; // it was paid in time
          } catch (err) {
            // The provider cannot say now whether it was paid: ask again on the next sweep.
            services.log.warn({ consultId: row.id, errorType: safeError(err).type }, 'could not ask the payment provider before cancelling an unpaid consult; will try again');
            return false;
          }
        }
        await transition(tx, row, 'expire', { cancel_reason: 'not_paid_in_time', ended_at: now }, now);
        // Settled through insurance with the self-pay part never paid: the insurer's part goes back.
        await reverseInsurance(tx, services, { consultId: row.id }, 'The consult was not paid in time.');
      } else if (row.status === 'paid' && row.accept_by && row.accept_by < now) {
        await transition(tx, row, 'expire', { cancel_reason: 'not_accepted_in_time', ended_at: now }, now);
        await refundIfPaid(tx, row.id, services, 'The doctor did not accept the consult in time.');
      } else {
        return false;
      }
      await writeAudit(tx, jobEntry('expireConsult', { resourceType: 'consult', resourceId: row.id, patientIds: [row.patient_id] }, runId));
      return true;
    });
    if (done) ended.push(id);
  }
  return ended;
}
