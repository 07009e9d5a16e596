/**
 * Who hears, live, that a prescription changed: the accounts of its patient and its doctor,
 * whatever changed (signed, reviewed, paid, at the pharmacy, cancelled, expired), and every
 * pharmacist when it entered or left the review queue. Sent in the change's transaction, so
 * on commit; each WebSocket checks its user against the prescription's access rule before
 * passing it on (realtime/user-notices.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import { addressees, notify } from '../realtime/notices.js';
import { accountsOf } from '../users.js';

export async function prescriptionChanged(tx: Queryable, id: string, opts: { review: boolean }): Promise<void> {
  const { rows } = await tx.query<{ patient_id: string; doctor_user_id: string }>('SELECT patient_id, doctor_user_id FROM prescriptions WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return;
  const users = [...new Set([...(await accountsOf(tx, row.patient_id)), row.doctor_user_id])];
  for (const u of addressees(users)) {
    await notify(tx, { k: 'prescription', p: id, pt: row.patient_id, d: row.doctor_user_id, u, ...(opts.review ? { ph: 1 as const } : {}) });
  }
}
