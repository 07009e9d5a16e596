/**
 * The care team changes a running plan and ends it (gw_027_care_retention). A change raises the
 * plan's version and keeps the version it replaced in care_plan_versions, as it was, so what a
 * plan asked of the patient on any day stays in the record; it is made on the version the
 * caller read, or not at all. An ended plan changes no more.
 */
import type { Queryable } from '@ihkit/adapters';
import type { CarePlanChange, CarePlanEndReason } from '@ihkit/core';

/** What became of a change: made, or refused because the plan ended or moved past the caller's version. */
export type ChangeOutcome = 'changed' | 'ended' | 'stale';

/** Changes the plan (locked for it) by `userId` at `now`. */
export async function changePlan(tx: Queryable, planId: string, userId: string, change: CarePlanChange, now: Date): Promise<ChangeOutcome> {
  const { rows } = await tx.query<{ version: number; ended: boolean }>('SELECT version, ended_at IS NOT NULL AS ended FROM care_plans WHERE id = $1 FOR UPDATE', [planId]);
  const plan = rows[0]!;
  if (plan.ended) return 'ended';
  if (plan.version !== change.version) return 'stale';
  await tx.query(
    `INSERT INTO care_plan_versions (plan_id, version, patient_id, measures, thresholds, revisit_every_days, questionnaires, valid_from, replaced_at, replaced_by)
     SELECT id, version, patient_id, measures, thresholds, revisit_every_days, questionnaires, COALESCE(changed_at, started_at), $2, $3 FROM care_plans WHERE id = $1`,
    [planId, now, userId]);
  await tx.query(
    `UPDATE care_plans SET version = version + 1, changed_at = $2,
       measures = COALESCE($3::jsonb, measures), thresholds = COALESCE($4::jsonb, thresholds), revisit_every_days = COALESCE($5, revisit_every_days),
       questionnaires = COALESCE($6::jsonb, questionnaires)
     WHERE id = $1`,
    [planId, now, ...[change.measures, change.thresholds].map((v) => (v ? JSON.stringify(v) : null)), change.revisitEveryDays ?? null, change.questionnaires ? JSON.stringify(change.questionnaires) : null]);
  return 'changed';
}

/** Ends the plan, once: true when this call ended it, false when it had ended already. */
export async function endPlan(tx: Queryable, planId: string, userId: string, reason: CarePlanEndReason, now: Date): Promise<boolean> {
  const { rows } = await tx.query('UPDATE care_plans SET ended_at = $2, ended_by = $3, end_reason = $4 WHERE id = $1 AND ended_at IS NULL RETURNING id', [planId, now, userId, reason]);
  return rows.length > 0;
}
