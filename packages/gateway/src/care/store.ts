/**
 * Follow-up plans, their readings and alerts as the gateway keeps them (gw_022_chronic_care),
 * and who may see them: the patient's own and family accounts, and the care team member who
 * manages the plan (the nurse or doctor who put the patient on it).
 */
import type { Queryable } from '@ihkit/adapters';
import { addDays, careTasks, daysBetween, localDate, measureKey, type CareBreach, type CareMeasure, type CarePlan, type CareQuestionnaireSchedule, type CarePlanEndReason, type CarePlanTemplate, type CareReading, type CareReadingInput, type CareTemplateId, type CareThreshold } from '@ihkit/core';
import { withinOrganization } from '../organizations/isolation.js';
import { linkedPatient, type UserRow } from '../users.js';
import { questionnaireTasks, recentAnswers, type RecentAnswers } from './questionnaires.js';

export interface PlanRow {
  id: string;
  organization_id: string;
  patient_id: string;
  template_id: CareTemplateId;
  measures: CareMeasure[];
  thresholds: CareThreshold[];
  revisit_every_days: number;
  questionnaires: CareQuestionnaireSchedule[];
  managed_by: string;
  doctor_id: string | null;
  managed_by_name: string | null;
  started_at: Date;
  version: number;
  changed_at: Date | null;
  ended_at: Date | null;
  end_reason: CarePlanEndReason | null;
  open_alerts: number;
  last_reading_at: Date | null;
}

export const PLAN_SELECT = `SELECT p.id, p.patient_id, p.template_id, p.measures, p.thresholds, p.revisit_every_days, p.questionnaires, p.managed_by, p.doctor_id, p.started_at,
  p.version, p.changed_at, p.ended_at, p.end_reason, p.organization_id,
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
  const ids = rows.map((r) => r.id);
  const last = rows.length ? await lastTaken(q, ids) : new Map<string, Map<string, Date>>();
  const answers = rows.length ? await recentAnswers(q, ids) : new Map<string, RecentAnswers>();
  return rows.map((r) => toCarePlan(r, last.get(r.id) ?? new Map(), answers.get(r.id) ?? new Map(), now, timeZone));
}

function toCarePlan(r: PlanRow, last: ReadonlyMap<string, Date>, answers: RecentAnswers, now: Date, timeZone: string): CarePlan {
  // Revisits every revisit_every_days from the plan's first day: the next one after today.
  const first = localDate(r.started_at, timeZone);
  const nextRevisitOn = addDays(first, (Math.floor(daysBetween(first, localDate(now, timeZone)) / r.revisit_every_days) + 1) * r.revisit_every_days);
  return {
    id: r.id, patientId: r.patient_id, templateId: r.template_id, measures: r.measures, thresholds: r.thresholds,
    revisitEveryDays: r.revisit_every_days, nextRevisitOn,
    startedAt: r.started_at.toISOString(), status: r.ended_at ? 'ended' : 'active', version: r.version,
    ...(r.changed_at ? { changedAt: r.changed_at.toISOString() } : {}),
    ...(r.ended_at ? { endedAt: r.ended_at.toISOString() } : {}),
    ...(r.end_reason ? { endReason: r.end_reason } : {}),
    ...(r.managed_by_name ? { managedBy: r.managed_by_name } : {}),
    ...(r.doctor_id ? { doctorId: r.doctor_id } : {}),
    // An ended plan asks for nothing more.
    tasks: r.ended_at ? [] : careTasks(r.measures, last, r.started_at, now, timeZone),
    questionnaires: r.questionnaires,
    questionnaireTasks: r.ended_at ? [] : questionnaireTasks(r.questionnaires, answers, r.started_at, now, timeZone),
    ...(r.last_reading_at ? { lastReadingAt: r.last_reading_at.toISOString() } : {}),
    openAlerts: Number(r.open_alerts),
  };
}

/** The plan, running or ended. */
export async function findPlan(q: Queryable, planId: string): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1`, [planId])).rows[0];
}

/** How the user stands to the plan: its patient's account, its care team (who manages it, and its doctor), or neither. */
export async function planRole(q: Queryable, user: UserRow, plan: Pick<PlanRow, 'patient_id' | 'managed_by' | 'doctor_id' | 'organization_id'>): Promise<'patient' | 'care-team' | undefined> {
  if (!withinOrganization(user, plan.organization_id)) return undefined;
  if (user.role === 'patient') return (await linkedPatient(q, user.id, plan.patient_id)) ? 'patient' : undefined;
  if ((user.role === 'nurse' || user.role === 'doctor') && plan.managed_by === user.id) return 'care-team';
  if (user.role === 'doctor' && user.his_doctor_id && plan.doctor_id === user.his_doctor_id) return 'care-team';
  return undefined;
}

/**
 * The plans of the user's care team, as SQL on care_plans p: $1 the user's id, $2 their HIS doctor
 * id (or null) — a doctor's id in their own organization's HIS (organizations/isolation.ts).
 */
export const CARE_TEAM_OF = '(p.managed_by = $1 OR ($2::text IS NOT NULL AND p.doctor_id = $2 AND p.organization_id = (SELECT organization_id FROM users WHERE id = $1)))';
export const careTeamParams = (user: UserRow): [string, string | null] => [user.id, user.role === 'doctor' ? user.his_doctor_id ?? null : null];

/** The accounts of the plan's care team, whom its alerts reach live. */
export async function careTeamAccounts(q: Queryable, plan: Pick<PlanRow, 'managed_by' | 'doctor_id' | 'organization_id'>): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM users WHERE id = $1 OR (role = 'doctor' AND his_doctor_id = $2 AND organization_id = $3) ORDER BY id`, [plan.managed_by, plan.doctor_id, plan.organization_id]);
  return rows.map((r) => r.id);
}

/** The active plans of the user's care team (managed by them, or theirs as the doctor), newest first. */
export async function careTeamPlans(q: Queryable, user: UserRow): Promise<PlanRow[]> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE ${CARE_TEAM_OF} AND p.ended_at IS NULL ORDER BY p.started_at DESC, p.id LIMIT 500`, careTeamParams(user))).rows;
}

/** The active plans of these patients, oldest first. */
export async function patientsPlans(q: Queryable, patientIds: string[]): Promise<PlanRow[]> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE p.patient_id = ANY($1::text[]) AND p.ended_at IS NULL ORDER BY p.started_at, p.id`, [patientIds])).rows;
}

/** The plan a user made with an Idempotency-Key (a retry's). */
export async function planMadeWith(q: Queryable, userId: string, key: string): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE p.created_by = $1 AND p.idempotency_key = $2`, [userId, key])).rows[0];
}

export interface NewPlan {
  id: string;
  patientId: string;
  template: CarePlanTemplate;
  managedBy: string;
  doctorId?: string;
  idempotencyKey: string;
  startedAt: Date;
}

/** Writes the plan, in the organization of the staff member who manages it; false when it was not (the key was used, or the patient has an active plan of the template). */
export async function insertPlan(tx: Queryable, p: NewPlan): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO care_plans (id, patient_id, template_id, measures, thresholds, revisit_every_days, managed_by, doctor_id, created_by, idempotency_key, started_at, questionnaires, organization_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, (SELECT organization_id FROM users WHERE id = $7)) ON CONFLICT DO NOTHING RETURNING id`,
    [p.id, p.patientId, p.template.id, JSON.stringify(p.template.measures), JSON.stringify(p.template.thresholds), p.template.revisitEveryDays, p.managedBy, p.doctorId ?? null, p.idempotencyKey, p.startedAt,
      JSON.stringify(p.template.questionnaires ?? [])]);
  return rows.length > 0;
}

/** The plan's readings taken in the last `days` days, newest first. */
export async function recentReadings(q: Queryable, planId: string, now: Date, days: number): Promise<CareReading[]> {
  const { rows } = await q.query<ReadingRow>(
    `${READING_SELECT} WHERE r.plan_id = $1 AND r.taken_at > $2::timestamptz - make_interval(days => $3) ORDER BY r.taken_at DESC, r.id DESC LIMIT 500`, [planId, now, days]);
  return rows.map(toReading);
}

export async function findReading(q: Queryable, id: string): Promise<CareReading | undefined> {
  const [row] = (await q.query<ReadingRow>(`${READING_SELECT} WHERE r.id = $1`, [id])).rows;
  return row && toReading(row);
}

export interface NewReading {
  id: string;
  planId: string;
  input: CareReadingInput;
  breaches: CareBreach[];
  recordedAt: Date;
  recordedBy: string;
  idempotencyKey: string;
}

/**
 * Writes the reading; answers its id, or on a retry with the same key the first call's (of the
 * same plan), or undefined when the key was used for another plan's.
 */
export async function insertReading(tx: Queryable, r: NewReading): Promise<{ id: string; retried: boolean } | undefined> {
  const i = r.input;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO care_readings (id, plan_id, kind, meal, systolic, diastolic, pulse, glucose, weight, breaches, source, taken_at, recorded_at, recorded_by, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (recorded_by, idempotency_key) DO NOTHING RETURNING id`,
    [r.id, r.planId, i.kind, i.meal ?? null, i.systolic ?? null, i.diastolic ?? null, i.pulse ?? null, i.glucose ?? null, i.weight ?? null,
      JSON.stringify(r.breaches), i.source, new Date(i.takenAt), r.recordedAt, r.recordedBy, r.idempotencyKey]);
  if (rows[0]) return { id: rows[0].id, retried: false };
  const { rows: first } = await tx.query<{ id: string }>('SELECT id FROM care_readings WHERE recorded_by = $1 AND idempotency_key = $2 AND plan_id = $3', [r.recordedBy, r.idempotencyKey, r.planId]);
  return first[0] && { id: first[0].id, retried: true };
}
