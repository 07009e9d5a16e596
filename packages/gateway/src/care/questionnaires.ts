/**
 * The questionnaires of follow-up plans (gw_031_questionnaires): each plan's questionnaires as
 * tasks (due, missed, the latest scores), and the patient's answers as kept — the items as sent
 * with the score, band and flags the gateway computed from them.
 */
import type { Queryable } from '@ihkit/adapters';
import { periodicTask, type CareQuestionnaireId, type CareQuestionnaireItemAnswer, type CareQuestionnaireResponse, type CareQuestionnaireSchedule, type CareQuestionnaireTask, type QuestionnaireScore } from '@ihkit/core';

/** How many scores a task shows as its trend. */
const TREND = 6;

/** Per questionnaire of one plan: when it was last answered and its last scores, oldest first. */
export type RecentAnswers = Map<string, { lastAt: Date; scores: number[] }>;

/** The recent answers of each of the plans: one query for all of them. */
export async function recentAnswers(q: Queryable, planIds: string[]): Promise<Map<string, RecentAnswers>> {
  const { rows } = await q.query<{ plan_id: string; questionnaire_id: string; authored_at: Date; score: number }>(
    `SELECT plan_id, questionnaire_id, authored_at, score FROM (
       SELECT plan_id, questionnaire_id, authored_at, score, row_number() OVER (PARTITION BY plan_id, questionnaire_id ORDER BY authored_at DESC, id DESC) AS n
       FROM care_questionnaire_responses WHERE plan_id = ANY($1::text[])) x
     WHERE n <= ${TREND} ORDER BY authored_at, questionnaire_id`, [planIds]);
  const byPlan = new Map<string, RecentAnswers>();
  for (const r of rows) {
    if (!byPlan.has(r.plan_id)) byPlan.set(r.plan_id, new Map());
    const plan = byPlan.get(r.plan_id)!;
    const seen = plan.get(r.questionnaire_id) ?? { lastAt: r.authored_at, scores: [] };
    seen.lastAt = r.authored_at;
    seen.scores.push(Number(r.score));
    plan.set(r.questionnaire_id, seen);
  }
  return byPlan;
}

/** Each questionnaire of the plan as a task on the hospital's calendar day `now`. */
export function questionnaireTasks(schedules: readonly CareQuestionnaireSchedule[], answers: RecentAnswers, startedAt: Date, now: Date, timeZone: string): CareQuestionnaireTask[] {
  return schedules.map((s) => {
    const recent = answers.get(s.questionnaireId);
    return { questionnaireId: s.questionnaireId, ...periodicTask(s.everyDays, recent?.lastAt, startedAt, now, timeZone), scores: recent?.scores ?? [] };
  });
}

export interface ResponseRow {
  id: string;
  plan_id: string;
  patient_id: string;
  questionnaire_id: CareQuestionnaireId;
  items: CareQuestionnaireItemAnswer[];
  score: number;
  band: string;
  flags: CareQuestionnaireResponse['flags'];
  authored_at: Date;
  alert_id: string | null;
}

export const RESPONSE_SELECT = `SELECT r.id, r.plan_id, r.patient_id, r.questionnaire_id, r.items, r.score, r.band, r.flags, r.authored_at,
  (SELECT a.id FROM care_alerts a WHERE a.response_id = r.id) AS alert_id FROM care_questionnaire_responses r`;

export function toResponse(r: ResponseRow): CareQuestionnaireResponse {
  return {
    id: r.id, planId: r.plan_id, questionnaire: r.questionnaire_id, status: 'completed', authored: r.authored_at.toISOString(),
    item: r.items, score: Number(r.score), band: r.band, flags: r.flags,
    ...(r.alert_id ? { alertId: r.alert_id } : {}),
  };
}

/** The plan's answers of the last `days` days, newest first. */
export async function planResponses(q: Queryable, planId: string, now: Date, days: number): Promise<CareQuestionnaireResponse[]> {
  const { rows } = await q.query<ResponseRow>(
    `${RESPONSE_SELECT} WHERE r.plan_id = $1 AND r.authored_at > $2::timestamptz - make_interval(days => $3) ORDER BY r.authored_at DESC, r.id DESC LIMIT 200`, [planId, now, days]);
  return rows.map(toResponse);
}

export async function findResponse(q: Queryable, id: string): Promise<CareQuestionnaireResponse | undefined> {
  const [row] = (await q.query<ResponseRow>(`${RESPONSE_SELECT} WHERE r.id = $1`, [id])).rows;
  return row && toResponse(row);
}

/** The response a user sent with an Idempotency-Key (a retry's), if it was for this plan. */
export async function responseSentWith(q: Queryable, userId: string, key: string): Promise<{ id: string; plan_id: string } | undefined> {
  return (await q.query<{ id: string; plan_id: string }>('SELECT id, plan_id FROM care_questionnaire_responses WHERE recorded_by = $1 AND idempotency_key = $2', [userId, key])).rows[0];
}

export interface NewResponse {
  id: string;
  plan: { id: string; patient_id: string };
  questionnaireId: CareQuestionnaireId;
  items: readonly CareQuestionnaireItemAnswer[];
  scored: QuestionnaireScore;
  authoredAt: Date;
  recordedBy: string;
  idempotencyKey: string;
}

/** Writes the response; false when the key was used meanwhile. */
export async function insertResponse(tx: Queryable, r: NewResponse): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO care_questionnaire_responses (id, plan_id, patient_id, questionnaire_id, items, score, band, flags, authored_at, recorded_by, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (recorded_by, idempotency_key) DO NOTHING RETURNING id`,
    [r.id, r.plan.id, r.plan.patient_id, r.questionnaireId, JSON.stringify(r.items), r.scored.score, r.scored.band, JSON.stringify(r.scored.flags), r.authoredAt, r.recordedBy, r.idempotencyKey]);
  return rows.length > 0;
}
