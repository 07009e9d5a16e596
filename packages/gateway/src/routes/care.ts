/**
 * Chronic-disease follow-up: templates, plans, home readings and the alerts they raise (care/).
 * A plan is seen by its patient's accounts and by its care team — the nurse or doctor who
 * manages it, and the HIS doctor responsible for it (care/store.ts); anyone
 * else is answered NOT_FOUND, so plan ids cannot be probed.
 */
import { careBreaches, missingReadingValues, raisesAlert, readingMetrics, type CarePlan } from '@ihkit/core';
import type { Call, OperationHandler, OperationId, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { withPatientNames } from '../patient-names.js';
import { HttpProblem } from '../problems.js';
import { notify } from '../realtime/notices.js';
import { newId } from '../consults/store.js';
import { linkedPatients, type UserRow } from '../users.js';
import { CARE_TEMPLATES } from '../care/templates.js';
import { ALERT_SELECT, CARE_TEAM_OF, careTeamAccounts, careTeamParams, findPlan, PLAN_SELECT, planRole, READING_SELECT, toCareAlerts, toCarePlans, toReading, type AlertRow, type PlanRow, type ReadingRow } from '../care/store.js';

/** How far back a reading may be taken, and how far readings are listed. */
const READING_BACK_DAYS = 30;
const LIST_DAYS = 90;
/** A meter's clock a little ahead of the gateway's is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

const isCareTeam = (user: UserRow) => user.role === 'nurse' || user.role === 'doctor';

/** The plan, if the user may see it (as `want`, when given), or NOT_FOUND. */
async function visiblePlan(call: Call<OperationId>, services: Services, planId: string, want?: 'patient' | 'care-team'): Promise<{ plan: PlanRow; user: UserRow; role: 'patient' | 'care-team' }> {
  const user = signedIn(call);
  call.audit.resourceId = planId;
  const plan = await findPlan(services.db, planId);
  if (plan) call.audit.patientIds.push(plan.patient_id);
  const role = plan && (await planRole(services.db, user, plan));
  if (!plan || !role || (want && role !== want)) throw new HttpProblem('NOT_FOUND');
  return { plan, user, role };
}

/** Plans as answered: with tasks, and for the care team the patients' names. */
async function answerPlans(services: Services, user: UserRow, rows: PlanRow[]): Promise<CarePlan[]> {
  const plans = await toCarePlans(services.db, rows, services.now(), services.his.timeZone);
  return isCareTeam(user) ? withPatientNames(services.his, plans) : plans;
}

export const listCarePlanTemplates: OperationHandler<'listCarePlanTemplates'> = {
  async handle() {
    return { body: { items: Object.values(CARE_TEMPLATES) } };
  },
};

export const listCarePlans: OperationHandler<'listCarePlans'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const user = signedIn(call);
    const rows = isCareTeam(user)
      ? (await services.db.query<PlanRow>(`${PLAN_SELECT} WHERE ${CARE_TEAM_OF} AND p.ended_at IS NULL ORDER BY p.started_at DESC, p.id LIMIT 500`, careTeamParams(user))).rows
      : (await services.db.query<PlanRow>(`${PLAN_SELECT} WHERE p.patient_id = ANY($1::text[]) AND p.ended_at IS NULL ORDER BY p.started_at, p.id`,
        [(await linkedPatients(services.db, user.id)).map((l) => l.patientId)])).rows;
    for (const r of rows) call.audit.patientIds.push(r.patient_id);
    const plans = await answerPlans(services, user, rows);
    // The worklist: open alerts first, then missed readings, then the rest.
    const weight = (p: CarePlan) => (p.openAlerts > 0 ? 0 : p.tasks.some((t) => t.missedSince) ? 1 : 2);
    if (isCareTeam(user)) plans.sort((a, b) => weight(a) - weight(b));
    return { body: { items: plans } };
  },
};

export const getCarePlan: OperationHandler<'getCarePlan'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId);
    return { body: (await answerPlans(services, user, [plan]))[0]! };
  },
};

export const createCarePlan: OperationHandler<'createCarePlan'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const { patientId, templateId } = call.body;
    const doctorId = user.role === 'doctor' ? user.his_doctor_id ?? undefined : call.body.doctorId;
    call.audit.patientIds.push(patientId);
    const retried = async () => {
      const { rows } = await services.db.query<PlanRow>(`${PLAN_SELECT} WHERE p.created_by = $1 AND p.idempotency_key = $2`, [user.id, key]);
      return rows[0];
    };
    let row = await retried();
    if (!row) {
      if (!(await services.his.findPatient({ patientId }))) throw new HttpProblem('NOT_FOUND', 'The hospital has no such patient.');
      if (doctorId && !(await services.his.listDoctors()).some((d) => d.id === doctorId)) throw new HttpProblem('NOT_FOUND', 'The hospital has no such doctor.');
      const template = CARE_TEMPLATES[templateId];
      const id = newId('plan');
      const inserted = await services.db.transaction(async (tx) => {
        call.audit.resourceId = id;
        const { rows } = await tx.query(
          `INSERT INTO care_plans (id, patient_id, template_id, measures, thresholds, revisit_every_days, managed_by, doctor_id, created_by, idempotency_key, started_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
          [id, patientId, templateId, JSON.stringify(template.measures), JSON.stringify(template.thresholds), template.revisitEveryDays, user.id, doctorId ?? null, key, services.now()]);
        return rows.length > 0;
      });
      const made = inserted ? await findPlan(services.db, id) : await retried();
      if (!made) throw new HttpProblem('INVALID_STATE', 'The patient is already on an active plan of this template.');
      row = made;
    }
    call.audit.resourceId = row.id;
    return { status: 201, body: (await answerPlans(services, user, [row]))[0]! };
  },
};

export const listCareReadings: OperationHandler<'listCareReadings'> = {
  audit: 'care_reading',
  async handle(call, services) {
    const { plan } = await visiblePlan(call, services, call.params.planId);
    const { rows } = await services.db.query<ReadingRow>(
      `${READING_SELECT} WHERE r.plan_id = $1 AND r.taken_at > $2::timestamptz - make_interval(days => $3) ORDER BY r.taken_at DESC, r.id DESC LIMIT 500`,
      [plan.id, services.now(), LIST_DAYS]);
    return { body: { items: rows.map(toReading) } };
  },
};

export const recordCareReading: OperationHandler<'recordCareReading'> = {
  audit: 'care_reading',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'patient');
    const key = idempotencyKey(call);
    const input = call.body;
    const problems = missingReadingValues(input);
    if (problems) throw new HttpProblem('VALIDATION_FAILED', 'The reading does not hold what its kind needs.', problems.map((message) => ({ pointer: '/body', message })));
    const now = services.now();
    const takenAt = new Date(input.takenAt);
    if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS || takenAt.getTime() < now.getTime() - READING_BACK_DAYS * 86_400_000) {
      throw new HttpProblem('VALIDATION_FAILED', `A reading is taken in the last ${READING_BACK_DAYS} days.`, [{ pointer: '/body/takenAt', message: 'is in the future or too long ago' }]);
    }
    const breaches = careBreaches(readingMetrics(input), plan.thresholds);
    const id = newId('rdg');
    const readingId = await services.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO care_readings (id, plan_id, kind, meal, systolic, diastolic, pulse, glucose, weight, breaches, source, taken_at, recorded_at, recorded_by, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (recorded_by, idempotency_key) DO NOTHING RETURNING id`,
        [id, plan.id, input.kind, input.meal ?? null, input.systolic ?? null, input.diastolic ?? null, input.pulse ?? null, input.glucose ?? null, input.weight ?? null,
          JSON.stringify(breaches), input.source, takenAt, now, user.id, key]);
      if (!rows[0]) {
        // A retry: the first call's reading (of this plan, or the key was used for another).
        const { rows: first } = await tx.query<{ id: string }>('SELECT id FROM care_readings WHERE recorded_by = $1 AND idempotency_key = $2 AND plan_id = $3', [user.id, key, plan.id]);
        if (!first[0]) throw new HttpProblem('VALIDATION_FAILED', 'This Idempotency-Key was used for another reading.', [{ pointer: '/header/idempotency-key', message: 'was used before' }]);
        call.audit.resourceId = first[0].id;
        return first[0].id;
      }
      call.audit.resourceId = id;
      if (raisesAlert(breaches)) {
        const alertId = newId('calert');
        await tx.query('INSERT INTO care_alerts (id, plan_id, reading_id, patient_id, raised_at) VALUES ($1, $2, $3, $4, $5)', [alertId, plan.id, id, plan.patient_id, now]);
        await notify(tx, { k: 'care', p: plan.id, a: alertId, u: await careTeamAccounts(tx, plan) });
      }
      return id;
    });
    const { rows } = await services.db.query<ReadingRow>(`${READING_SELECT} WHERE r.id = $1`, [readingId]);
    return { status: 201, body: toReading(rows[0]!) };
  },
};

export const listCareAlerts: OperationHandler<'listCareAlerts'> = {
  audit: 'care_alert',
  async handle(call, services) {
    const user = signedIn(call);
    const { rows } = await services.db.query<AlertRow>(
      `${ALERT_SELECT} WHERE ${CARE_TEAM_OF} AND p.ended_at IS NULL
         AND ($3::text IS NULL OR ($3 = 'open') = (a.acknowledged_at IS NULL))
       ORDER BY a.acknowledged_at IS NOT NULL, a.raised_at DESC, a.id LIMIT 200`,
      [...careTeamParams(user), call.query.status ?? null]);
    for (const r of rows) call.audit.patientIds.push(r.patient_id);
    return { body: { items: await withPatientNames(services.his, await toCareAlerts(services.db, rows)) } };
  },
};

export const acknowledgeCareAlert: OperationHandler<'acknowledgeCareAlert'> = {
  audit: 'care_alert',
  async handle(call, services) {
    const user = signedIn(call);
    call.audit.resourceId = call.params.alertId;
    const alert = await services.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ patient_id: string; plan_id: string; managed_by: string; doctor_id: string | null; changed: boolean }>(
        `UPDATE care_alerts a SET acknowledged_at = COALESCE(a.acknowledged_at, $4), acknowledged_by = COALESCE(a.acknowledged_by, $1)
         FROM care_plans p WHERE a.id = $3 AND p.id = a.plan_id AND ${CARE_TEAM_OF}
         RETURNING a.patient_id, a.plan_id, p.managed_by, p.doctor_id, a.acknowledged_by = $1 AND a.acknowledged_at = $4 AS changed`,
        [...careTeamParams(user), call.params.alertId, services.now()]);
      if (!rows[0]) throw new HttpProblem('NOT_FOUND');
      call.audit.patientIds.push(rows[0].patient_id);
      // The care team's desks see it acknowledged.
      if (rows[0].changed) await notify(tx, { k: 'care', p: rows[0].plan_id, a: call.params.alertId, u: await careTeamAccounts(tx, rows[0]) });
      return (await toCareAlerts(tx, (await tx.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [call.params.alertId])).rows))[0]!;
    });
    return { body: (await withPatientNames(services.his, [alert]))[0]! };
  },
};
