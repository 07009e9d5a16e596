/**
 * Critical values: a lab result flagged HH, LL or AA is raised, once, to the doctor who ordered
 * the test, and reaches their desk over the live connection within the time it takes the LIS
 * to deliver the report. The alert keeps who acknowledged it and when.
 */
import { createHash } from 'node:crypto';
import { isCritical, type LisAdapter, type Queryable } from '@ihkit/adapters';
import type { CriticalAlert, LabObservation, LabReport } from '@ihkit/core';
import { newId } from '../ids.js';
import { notify } from '../realtime/notices.js';

export interface AlertRow {
  id: string;
  report_id: string;
  patient_id: string;
  doctor_id: string;
  report_title: string;
  observations: LabObservation[];
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
}

export const ALERT_SELECT = `SELECT a.id, a.report_id, a.patient_id, a.doctor_id, a.report_title, a.observations, a.raised_at, a.acknowledged_at,
  u.display_name AS acknowledged_by_name FROM critical_alerts a LEFT JOIN users u ON u.id = a.acknowledged_by`;

export function toCriticalAlert(r: AlertRow): CriticalAlert {
  return {
    id: r.id, reportId: r.report_id, patientId: r.patient_id, reportTitle: r.report_title, observations: r.observations,
    raisedAt: r.raised_at.toISOString(),
    ...(r.acknowledged_at ? { acknowledgedAt: r.acknowledged_at.toISOString() } : {}),
    ...(r.acknowledged_by_name ? { acknowledgedBy: r.acknowledged_by_name } : {}),
  };
}

/**
 * Raises the report's critical results to its ordering doctor; returns the new alert's id, or
 * undefined when there is nothing to raise or it was raised before (by this gateway or another
 * watching the same LIS).
 */
export async function raiseCriticalAlert(q: Queryable, report: LabReport, now: Date): Promise<string | undefined> {
  const critical = report.observations.filter(isCritical);
  if (!critical.length || !report.orderingDoctorId || report.status === 'cancelled') return undefined;
  // The same critical results in another order, or 6.80 for 6.8, are the same alert.
  const results = critical.map((o) => [o.code, o.numeric !== undefined ? String(o.numeric) : o.value.trim(), o.interpretation]).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
  const digest = createHash('sha256').update(JSON.stringify(results)).digest('hex');
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO critical_alerts (id, report_id, results_digest, patient_id, doctor_id, report_title, observations, raised_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (report_id, results_digest) DO NOTHING RETURNING id`,
    [newId('alert'), report.id, digest, report.patientId, report.orderingDoctorId, report.title, JSON.stringify(critical), now]);
  const id = rows[0]?.id;
  if (id) await notify(q, { k: 'alert', d: report.orderingDoctorId, a: id });
  return id;
}

/**
 * Watches the LIS and raises each arriving report's critical results; returns how to stop.
 * `onReport` is told of every report that arrives, critical or not (one watch serves both).
 */
export async function watchCriticalResults(
  lis: LisAdapter,
  q: Queryable,
  options: { now: () => Date; onRaised?: (alertId: string) => void; onError: (error: unknown) => void; onUnrouted?: () => void; onReport?: (report: LabReport) => void },
): Promise<() => void> {
  if (!lis.watch) return () => {};
  return lis.watch((report) => {
    options.onReport?.(report);
    if (report.observations.some(isCritical) && !report.orderingDoctorId) options.onUnrouted?.();
    raiseCriticalAlert(q, report, options.now())
      .then((id) => id && options.onRaised?.(id))
      .catch(options.onError);
  });
}

/**
 * The safety net under `watch`: critical reports the gateway's own LIS stored in the last day
 * that have no alert (the raise failed, or the gateway stopped between storing and raising)
 * are raised now. Run at start and on every sweep; returns how many were raised.
 */
export async function raiseMissedAlerts(lis: Pick<LisAdapter, 'getReport'>, q: Queryable, now: Date): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT r.id FROM lab_reports r
     WHERE r.critical AND r.received_at > $1::timestamptz - interval '1 day'
       AND NOT EXISTS (SELECT 1 FROM critical_alerts a WHERE a.report_id = r.id)
     ORDER BY r.received_at LIMIT 200`, [now]);
  let raised = 0;
  for (const { id } of rows) {
    const report = await lis.getReport(id);
    if (report && (await raiseCriticalAlert(q, report, now))) raised++;
  }
  return raised;
}

