/**
 * Follow-up alerts (care_alerts): raised once by a reading beyond its plan's alert limits, or by
 * a questionnaire response scoring at or above its plan's limit or with a safety flag
 * (responseRaisesAlert in @ihkit/core), in the transaction that stores it, and told at once to the plan's care team over the live connection;
 * listed for the team with the trend of the reading's kind; acknowledged once.
 */
import type { Queryable } from '@ihkit/adapters';
import type { CareAlert, CareTemplateId } from '@ihkit/core';
import { newId } from '../ids.js';
import { notify } from '../realtime/notices.js';
import type { UserRow } from '../users.js';
import { RESPONSE_SELECT, toResponse, type ResponseRow } from './questionnaires.js';
import { CARE_TEAM_OF, careTeamAccounts, careTeamParams, READING_SELECT, toReading, type PlanRow, type ReadingRow } from './store.js';

export interface AlertRow {
  id: string;
  plan_id: string;
  patient_id: string;
  template_id: CareTemplateId;
  reading_id: string | null;
  response_id: string | null;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
}

export const ALERT_SELECT = `SELECT a.id, a.plan_id, a.patient_id, p.template_id, a.reading_id, a.response_id, a.raised_at, a.acknowledged_at, u.display_name AS acknowledged_by_name
  FROM care_alerts a JOIN care_plans p ON p.id = a.plan_id LEFT JOIN users u ON u.id = a.acknowledged_by`;

/** How many readings an alert's trend shows. */
const TREND = 10;

/**
 * The alerts with their reading and its trend (the plan's readings of the same kind and meal up
 * to it, oldest first), or their questionnaire response.
 */
export async function toCareAlerts(q: Queryable, alerts: AlertRow[]): Promise<CareAlert[]> {
  if (!alerts.length) return [];
  const { rows } = await q.query<ReadingRow & { for_alert: string }>(
    `SELECT t.*, a.id AS for_alert FROM care_alerts a JOIN care_readings x ON x.id = a.reading_id
     CROSS JOIN LATERAL (${READING_SELECT}
       WHERE r.plan_id = x.plan_id AND r.kind = x.kind AND r.meal IS NOT DISTINCT FROM x.meal AND (r.taken_at, r.id) <= (x.taken_at, x.id)
       ORDER BY r.taken_at DESC, r.id DESC LIMIT ${TREND}) t
     WHERE a.id = ANY($1::text[])`,
    [alerts.map((a) => a.id)]);
  const responseIds = alerts.flatMap((a) => (a.response_id ? [a.response_id] : []));
  const responses = responseIds.length ? (await q.query<ResponseRow>(`${RESPONSE_SELECT} WHERE r.id = ANY($1::text[])`, [responseIds])).rows.map(toResponse) : [];
  return alerts.map((a) => {
    const trend = rows.filter((r) => r.for_alert === a.id).map(toReading).reverse();
    const reading = trend.find((r) => r.id === a.reading_id);
    const response = responses.find((r) => r.id === a.response_id);
    return {
      id: a.id, planId: a.plan_id, patientId: a.patient_id, templateId: a.template_id,
      ...(reading ? { reading } : {}), ...(response ? { response } : {}), trend,
      raisedAt: a.raised_at.toISOString(),
      ...(a.acknowledged_at ? { acknowledgedAt: a.acknowledged_at.toISOString() } : {}),
      ...(a.acknowledged_by_name ? { acknowledgedBy: a.acknowledged_by_name } : {}),
    };
  });
}

/** Raises the alert of a reading or a questionnaire response to the plan's care team; its id. */
export async function raiseCareAlert(tx: Queryable, plan: Pick<PlanRow, 'id' | 'patient_id' | 'managed_by' | 'doctor_id' | 'organization_id'>, cause: { readingId: string } | { responseId: string }, now: Date): Promise<string> {
  const alertId = newId('calert');
  await tx.query('INSERT INTO care_alerts (id, plan_id, reading_id, response_id, patient_id, raised_at, organization_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [alertId, plan.id, 'readingId' in cause ? cause.readingId : null, 'responseId' in cause ? cause.responseId : null, plan.patient_id, now, plan.organization_id]);
  await notify(tx, { k: 'care', p: plan.id, a: alertId, u: await careTeamAccounts(tx, plan) });
  return alertId;
}

/** The alerts of the user's care team's active plans (`status`: open or acknowledged only), unseen first, newest first. */
export async function careTeamAlerts(q: Queryable, user: UserRow, status: 'open' | 'acknowledged' | undefined): Promise<AlertRow[]> {
  return (await q.query<AlertRow>(
    `${ALERT_SELECT} WHERE ${CARE_TEAM_OF} AND p.ended_at IS NULL
       AND ($3::text IS NULL OR ($3 = 'open') = (a.acknowledged_at IS NULL))
     ORDER BY a.acknowledged_at IS NOT NULL, a.raised_at DESC, a.id LIMIT 200`,
    [...careTeamParams(user), status ?? null])).rows;
}

/**
 * Records that the user (of the plan's care team) saw the alert, once, and tells the team's
 * desks; undefined when it is not their team's.
 */
export async function acknowledgeAlert(tx: Queryable, user: UserRow, alertId: string, now: Date): Promise<CareAlert | undefined> {
  const { rows } = await tx.query<{ plan_id: string; managed_by: string; doctor_id: string | null; organization_id: string; changed: boolean }>(
    `UPDATE care_alerts a SET acknowledged_at = COALESCE(a.acknowledged_at, $4), acknowledged_by = COALESCE(a.acknowledged_by, $1)
     FROM care_plans p WHERE a.id = $3 AND p.id = a.plan_id AND ${CARE_TEAM_OF}
     RETURNING a.plan_id, p.managed_by, p.doctor_id, p.organization_id, a.acknowledged_by = $1 AND a.acknowledged_at = $4 AS changed`,
    [...careTeamParams(user), alertId, now]);
  if (!rows[0]) return undefined;
  if (rows[0].changed) await notify(tx, { k: 'care', p: rows[0].plan_id, a: alertId, u: await careTeamAccounts(tx, rows[0]) });
  return (await toCareAlerts(tx, (await tx.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [alertId])).rows))[0];
}
