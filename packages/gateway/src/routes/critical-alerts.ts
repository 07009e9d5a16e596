/** A doctor's critical-value alerts (reports/alerts.ts raises them) and acknowledging one. */
import type { OperationHandler } from '../operations.js';
import { withPatientNames } from '../patient-names.js';
import { signedIn } from '../operations.js';
import { notify } from '../realtime/notices.js';
import { organizationOf } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import { ALERT_SELECT, toCriticalAlert, type AlertRow } from '../reports/alerts.js';
import type { UserRow } from '../users.js';

/** Critical results are raised to the doctor who ordered the test (the contract lets only doctors ask); an account linked to no HIS doctor has none. */
function doctorOf(user: UserRow): string | undefined {
  return user.his_doctor_id ?? undefined;
}

export const listCriticalAlerts: OperationHandler<'listCriticalAlerts'> = {
  audit: 'critical_alert',
  async handle(call, services) {
    const user = signedIn(call);
    const doctorId = doctorOf(user);
    if (!doctorId) return { body: { items: [] } };
    const status = call.query.status ?? null;
    const { rows } = await services.db.query<AlertRow>(
      `${ALERT_SELECT} WHERE a.organization_id = $3 AND a.doctor_id = $1
         AND ($2::text IS NULL OR ($2 = 'open') = (a.acknowledged_at IS NULL))
       ORDER BY a.acknowledged_at IS NOT NULL, a.raised_at DESC, a.id LIMIT 200`,
      [doctorId, status, organizationOf(user)]);
    for (const r of rows) call.audit.patientIds.push(r.patient_id);
    return { body: { items: await withPatientNames(services.his, rows.map(toCriticalAlert)) } };
  },
};

export const acknowledgeCriticalAlert: OperationHandler<'acknowledgeCriticalAlert'> = {
  audit: 'critical_alert',
  async handle(call, services) {
    const user = signedIn(call);
    const doctorId = doctorOf(user);
    call.audit.resourceId = call.params.alertId;
    if (!doctorId) throw new HttpProblem('NOT_FOUND');
    const alert = await services.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ patient_id: string; changed: boolean }>(
        `UPDATE critical_alerts SET acknowledged_at = COALESCE(acknowledged_at, $3), acknowledged_by = COALESCE(acknowledged_by, $4)
         WHERE id = $1 AND doctor_id = $2 AND organization_id = $5 RETURNING patient_id, acknowledged_by = $4 AND acknowledged_at = $3 AS changed`,
        [call.params.alertId, doctorId, services.now(), user.id, organizationOf(user)]);
      if (!rows[0]) throw new HttpProblem('NOT_FOUND');
      call.audit.patientIds.push(rows[0].patient_id);
      if (rows[0].changed) await notify(tx, { k: 'alert', d: doctorId, a: call.params.alertId });
      const [row] = (await tx.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [call.params.alertId])).rows;
      return toCriticalAlert(row!);
    });
    // The name is the HIS's; asked once the transaction is over (the demo HIS shares the database).
    return { body: (await withPatientNames(services.his, [alert]))[0]! };
  },
};
