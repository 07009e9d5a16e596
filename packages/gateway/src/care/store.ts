/**
 * Follow-up plans, their readings and alerts as the gateway keeps them (gw_022_chronic_care),
 * and who may see them: the patient's own and family accounts, and the care team member who
 * manages the plan (the nurse or doctor who put the patient on it).
 */
import type { Queryable } from '@ihkit/adapters';
import { addDays, careTasks, daysBetween, localDate, measureKey, type CareAlert, type CareBreach, type CareMeasure, type CarePlan, type CareReading, type CareTemplateId, type CareThreshold } from '@ihkit/core';
import { linkedPatient, type UserRow } from '../users.js';

export interface PlanRow {
  id: string;
  patient_id: string;
  template_id: CareTemplateId;
  measures: CareMeasure[];
  thresholds: CareThreshold[];
  revisit_every_days: number;
  managed_by: string;
  doctor_id: string | null;
  managed_by_name: string | null;
  started_at: Date;
  open_alerts: number;
  last_reading_at: Date | null;
}

export const PLAN_SELECT = `SELECT p.id, p.patient_id, p.template_id, p.measures, p.thresholds, p.revisit_every_days, p.managed_by, p.doctor_id, p.started_at,
  u.display_name AS managed_by_name,
  (SELECT count(*) FROM care_alerts a WHERE a.plan_id = p.id AND a.acknowledged_at IS NULL) AS open_alerts,
  (SELECT max(r.taken_at) FROM care_readings r WHERE r.plan_id = p.id) AS last_reading_at
  FROM care_plans p JOIN users u ON u.id = p.managed_by`;

export interface ReadingRow {
  id: string;
  plan_id: string;
  kind: CareReading['kind'];
  meal: CareReading['meal'] | null;
  systolic: number | null;
  diastolic: number | null;
  pulse: number | null;
  glucose: number | null;
  weight: number | null;
  breaches: CareBreach[];
  source: CareReading['source'];
  taken_at: Date;
  recorded_at: Date;
  alert_id: string | null;
}

export const READING_SELECT = `SELECT r.id, r.plan_id, r.kind, r.meal, r.systolic, r.diastolic, r.pulse, r.glucose, r.weight, r.breaches, r.source, r.taken_at, r.recorded_at,
  (SELECT a.id FROM care_alerts a WHERE a.reading_id = r.id) AS alert_id FROM care_readings r`;

export function toReading(r: ReadingRow): CareReading {
  const values = { systolic: r.systolic, diastolic: r.diastolic, pulse: r.pulse, glucose: r.glucose, weight: r.weight, meal: r.meal };
  return {
    id: r.id, planId: r.plan_id, kind: r.kind, takenAt: r.taken_at.toISOString(), recordedAt: r.recorded_at.toISOString(), source: r.source, breaches: r.breaches,
    ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)),
    ...(r.alert_id ? { alertId: r.alert_id } : {}),
  };
}

/** When each measure (measureKey) of each plan was last taken: one query for all the plans. */
async function lastTaken(q: Queryable, planIds: string[]): Promise<Map<string, Map<string, Date>>> {
  const { rows } = await q.query<{ plan_id: string; kind: string; meal: string | null; at: Date }>(
    'SELECT plan_id, kind, meal, max(taken_at) AS at FROM care_readings WHERE plan_id = ANY($1::text[]) GROUP BY plan_id, kind, meal', [planIds]);
  const byPlan = new Map<string, Map<string, Date>>();
  for (const x of rows) {
    if (!byPlan.has(x.plan_id)) byPlan.set(x.plan_id, new Map());
    byPlan.get(x.plan_id)!.set(measureKey({ kind: x.kind, meal: x.meal ?? undefined }), x.at);
  }
  return byPlan;
}

/** The plans as the API answers them, each with its tasks on the hospital's calendar day. */
export async function toCarePlans(q: Queryable, rows: PlanRow[], now: Date, timeZone: string): Promise<CarePlan[]> {
  const last = rows.length ? await lastTaken(q, rows.map((r) => r.id)) : new Map<string, Map<string, Date>>();
  return rows.map((r) => toCarePlan(r, last.get(r.id) ?? new Map(), now, timeZone));
}

function toCarePlan(r: PlanRow, last: ReadonlyMap<string, Date>, now: Date, timeZone: string): CarePlan {
  // Revisits every revisit_every_days from the plan's first day: the next one after today.
  const first = localDate(r.started_at, timeZone);
  const nextRevisitOn = addDays(first, (Math.floor(daysBetween(first, localDate(now, timeZone)) / r.revisit_every_days) + 1) * r.revisit_every_days);
  return {
    id: r.id, patientId: r.patient_id, templateId: r.template_id, measures: r.measures, thresholds: r.thresholds,
    revisitEveryDays: r.revisit_every_days, nextRevisitOn,
    startedAt: r.started_at.toISOString(), status: 'active',
    ...(r.managed_by_name ? { managedBy: r.managed_by_name } : {}),
    ...(r.doctor_id ? { doctorId: r.doctor_id } : {}),
    tasks: careTasks(r.measures, last, r.started_at, now, timeZone),
    ...(r.last_reading_at ? { lastReadingAt: r.last_reading_at.toISOString() } : {}),
    openAlerts: Number(r.open_alerts),
  };
}

export async function findPlan(q: Queryable, planId: string): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1 AND p.ended_at IS NULL`, [planId])).rows[0];
}

/** How the user stands to the plan: its patient's account, its care team (who manages it, and its doctor), or neither. */
export async function planRole(q: Queryable, user: UserRow, plan: Pick<PlanRow, 'patient_id' | 'managed_by' | 'doctor_id'>): Promise<'patient' | 'care-team' | undefined> {
  if (user.role === 'patient') return (await linkedPatient(q, user.id, plan.patient_id)) ? 'patient' : undefined;
  if ((user.role === 'nurse' || user.role === 'doctor') && plan.managed_by === user.id) return 'care-team';
  if (user.role === 'doctor' && user.his_doctor_id && plan.doctor_id === user.his_doctor_id) return 'care-team';
  return undefined;
}

/** The plans of the user's care team, as SQL on care_plans p: $1 the user's id, $2 their HIS doctor id (or null). */
export const CARE_TEAM_OF = '(p.managed_by = $1 OR ($2::text IS NOT NULL AND p.doctor_id = $2))';
export const careTeamParams = (user: UserRow): [string, string | null] => [user.id, user.role === 'doctor' ? user.his_doctor_id ?? null : null];

/** The accounts of the plan's care team, whom its alerts reach live. */
export async function careTeamAccounts(q: Queryable, plan: Pick<PlanRow, 'managed_by' | 'doctor_id'>): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM users WHERE id = $1 OR (role = 'doctor' AND his_doctor_id = $2) ORDER BY id`, [plan.managed_by, plan.doctor_id]);
  return rows.map((r) => r.id);
}

export interface AlertRow {
  id: string;
  plan_id: string;
  patient_id: string;
  template_id: CareTemplateId;
  reading_id: string;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
}

export const ALERT_SELECT = `SELECT a.id, a.plan_id, a.patient_id, p.template_id, a.reading_id, a.raised_at, a.acknowledged_at, u.display_name AS acknowledged_by_name
  FROM care_alerts a JOIN care_plans p ON p.id = a.plan_id LEFT JOIN users u ON u.id = a.acknowledged_by`;

/** How many readings an alert's trend shows. */
const TREND = 10;

/** The alerts with their reading and its trend: the plan's readings of the same kind (and meal) up to it, oldest first. */
export async function toCareAlerts(q: Queryable, alerts: AlertRow[]): Promise<CareAlert[]> {
  if (!alerts.length) return [];
  const { rows } = await q.query<ReadingRow & { for_alert: string }>(
    `SELECT t.*, a.id AS for_alert FROM care_alerts a JOIN care_readings x ON x.id = a.reading_id
     CROSS JOIN LATERAL (${READING_SELECT}
       WHERE r.plan_id = x.plan_id AND r.kind = x.kind AND r.meal IS NOT DISTINCT FROM x.meal AND (r.taken_at, r.id) <= (x.taken_at, x.id)
       ORDER BY r.taken_at DESC, r.id DESC LIMIT ${TREND}) t
     WHERE a.id = ANY($1::text[])`,
    [alerts.map((a) => a.id)]);
  return alerts.map((a) => {
    const trend = rows.filter((r) => r.for_alert === a.id).map(toReading).reverse();
    return {
      id: a.id, planId: a.plan_id, patientId: a.patient_id, templateId: a.template_id,
      reading: trend.find((r) => r.id === a.reading_id)!, trend,
      raisedAt: a.raised_at.toISOString(),
      ...(a.acknowledged_at ? { acknowledgedAt: a.acknowledged_at.toISOString() } : {}),
      ...(a.acknowledged_by_name ? { acknowledgedBy: a.acknowledged_by_name } : {}),
    };
  });
}
