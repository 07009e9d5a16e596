/**
 * Chronic-disease follow-up: templates, plans, home readings and the alerts they raise (care/).
 * A plan is seen by its patient's accounts and by its care team — the nurse or doctor who
 * manages it, and the HIS doctor responsible for it (care/store.ts); anyone
 * else is answered NOT_FOUND, so plan ids cannot be probed.
 */
import { careBreaches, carePlanProblems, missingReadingValues, raisesAlert, readingMetrics, type CarePlan } from '@ihkit/core';
import type { Call, OperationHandler, OperationId, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { withPatientNames } from '../patient-names.js';
import { organizationOfCaller } from '../organizations/registry.js';
import { HttpProblem } from '../problems.js';
import { newId } from '../ids.js';
import { linkedPatients, type UserRow } from '../users.js';
import { CARE_TEMPLATES } from '../care/templates.js';
import { careTeamPlans, findPlan, findReading, insertPlan, insertReading, patientsPlans, planMadeWith, planRole, recentReadings, toCarePlans, type PlanRow } from '../care/store.js';
import { acknowledgeAlert, careTeamAlerts, raiseCareAlert, toCareAlerts } from '../care/alerts.js';
import { changePlan, endPlan } from '../care/changes.js';
import { findPatients, searchOf, toMatches } from '../care/patient-search.js';
import { assignTemplateArticles } from '../articles/store.js';

/** How far back a reading may be taken, and how far readings are listed. */
const READING_BACK_DAYS = 30;
const LIST_DAYS = 90;
/** A meter's clock a little ahead of the gateway's is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

const isCareTeam = (user: UserRow) => user.role === 'nurse' || user.role === 'doctor';

/** The plan, if the user may see it (as `want`, when given), or NOT_FOUND. */
export async function visiblePlan(call: Call<OperationId>, services: Services, planId: string, want?: 'patient' | 'care-team'): Promise<{ plan: PlanRow; user: UserRow; role: 'patient' | 'care-team' }> {
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
  const { his } = organizationOfCaller(services.organizations, user);
  const plans = await toCarePlans(services.db, rows, services.now(), his.timeZone);
  return isCareTeam(user) ? withPatientNames(his, plans) : plans;
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
    const rows = isCareTeam(user) ? await careTeamPlans(services.db, user) : await patientsPlans(services.db, (await linkedPatients(services.db, user.id)).map((l) => l.patientId));
    for (const r of rows) call.audit.patientIds.push(r.patient_id);
    const plans = await answerPlans(services, user, rows);
    // The worklist: open alerts first, then missed readings, then the rest.
    const weight = (p: CarePlan) => (p.openAlerts > 0 ? 0 : p.tasks.some((t) => t.missedSince) ? 1 : 2);
    if (isCareTeam(user)) plans.sort((a, b) => weight(a) - weight(b));
    return { body: { items: plans } };
  },
};

export const searchCarePatients: OperationHandler<'searchCarePatients'> = {
  audit: 'patient',
  async handle(call, services) {
    const user = signedIn(call);
    const search = searchOf(call.body.q);
    if (!search) throw new HttpProblem('VALIDATION_FAILED', 'Search by a name (two characters or more), the last 4 to 8 digits of an ID number or phone, or a whole ID number.', [{ pointer: '/body/q', message: 'is neither a name nor digits to search by' }]);
    // The patients of the caller's own organization's HIS, with their plans there.
    const organization = organizationOfCaller(services.organizations, user);
    const patients = await findPatients(organization.his, search);
    for (const p of patients) call.audit.patientIds.push(p.id);
    return { body: { items: await toMatches(services.db, patients, organization.id) } };
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
    let row = await planMadeWith(services.db, user.id, key);
    if (!row) {
      const { his } = organizationOfCaller(services.organizations, user);
      if (!(await his.findPatient({ patientId }))) throw new HttpProblem('NOT_FOUND', 'The hospital has no such patient.');
      if (doctorId && !(await his.listDoctors()).some((d) => d.id === doctorId)) throw new HttpProblem('NOT_FOUND', 'The hospital has no such doctor.');
      const id = newId('plan');
      const inserted = await services.db.transaction(async (tx) => {
        call.audit.resourceId = id;
        const made = await insertPlan(tx, { id, patientId, template: CARE_TEMPLATES[templateId], managedBy: user.id, ...(doctorId ? { doctorId } : {}), idempotencyKey: key, startedAt: services.now() });
        if (made) await assignTemplateArticles(tx, id, templateId, services.now());
        return made;
      });
      const made = inserted ? await findPlan(services.db, id) : await planMadeWith(services.db, user.id, key);
      if (!made) throw new HttpProblem('INVALID_STATE', 'The patient is already on an active plan of this template.');
      row = made;
    }
    call.audit.resourceId = row.id;
    return { status: 201, body: (await answerPlans(services, user, [row]))[0]! };
  },
};

export const changeCarePlan: OperationHandler<'changeCarePlan'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'care-team');
    const { measures, thresholds, revisitEveryDays, questionnaires } = call.body;
    if (!measures && !thresholds && revisitEveryDays === undefined && !questionnaires) throw new HttpProblem('VALIDATION_FAILED', 'The change changes nothing.', [{ pointer: '/body', message: 'needs measures, thresholds, revisitEveryDays or questionnaires' }]);
    const problems = carePlanProblems(call.body);
    if (problems) throw new HttpProblem('VALIDATION_FAILED', 'The plan’s readings or thresholds do not hold together.', problems.map((p) => ({ pointer: `/body${p.pointer}`, message: p.message })));
    const outcome = await services.db.transaction(async (tx) => {
      call.audit.resourceId = plan.id;
      return changePlan(tx, plan.id, user.id, call.body, services.now());
    });
    if (outcome === 'ended') throw new HttpProblem('CARE_PLAN_ENDED');
    if (outcome === 'stale') throw new HttpProblem('CARE_PLAN_CHANGED');
    return { body: (await answerPlans(services, user, [(await findPlan(services.db, plan.id))!]))[0]! };
  },
};

export const endCarePlan: OperationHandler<'endCarePlan'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'care-team');
    await services.db.transaction(async (tx) => {
      call.audit.resourceId = plan.id;
      await endPlan(tx, plan.id, user.id, call.body.reason, services.now());
    });
    return { body: (await answerPlans(services, user, [(await findPlan(services.db, plan.id))!]))[0]! };
  },
};

export const listCareReadings: OperationHandler<'listCareReadings'> = {
  audit: 'care_reading',
  async handle(call, services) {
    const { plan } = await visiblePlan(call, services, call.params.planId);
    return { body: { items: await recentReadings(services.db, plan.id, services.now(), LIST_DAYS) } };
  },
};

export const recordCareReading: OperationHandler<'recordCareReading'> = {
  audit: 'care_reading',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'patient');
    if (plan.ended_at) throw new HttpProblem('CARE_PLAN_ENDED');
    const key = idempotencyKey(call);
    const input = call.body;
    const problems = missingReadingValues(input);
    if (problems) throw new HttpProblem('VALIDATION_FAILED', 'The reading does not hold what its kind needs.', problems.map((message) => ({ pointer: '/body', message })));
    const now = services.now();
    const takenAt = Date.parse(input.takenAt);
    if (takenAt > now.getTime() + CLOCK_SKEW_MS || takenAt < now.getTime() - READING_BACK_DAYS * 86_400_000) {
      throw new HttpProblem('VALIDATION_FAILED', `A reading is taken in the last ${READING_BACK_DAYS} days.`, [{ pointer: '/body/takenAt', message: 'is in the future or too long ago' }]);
    }
    const breaches = careBreaches(readingMetrics(input), plan.thresholds);
    const readingId = await services.db.transaction(async (tx) => {
      const written = await insertReading(tx, { id: newId('rdg'), planId: plan.id, input, breaches, recordedAt: now, recordedBy: user.id, idempotencyKey: key });
      if (!written) throw new HttpProblem('VALIDATION_FAILED', 'This Idempotency-Key was used for another reading.', [{ pointer: '/header/idempotency-key', message: 'was used before' }]);
      call.audit.resourceId = written.id;
      if (!written.retried && raisesAlert(breaches)) await raiseCareAlert(tx, plan, { readingId: written.id }, now);
      return written.id;
    });
    return { status: 201, body: (await findReading(services.db, readingId))! };
  },
};

export const listCareAlerts: OperationHandler<'listCareAlerts'> = {
  audit: 'care_alert',
  async handle(call, services) {
    const user = signedIn(call);
    const rows = await careTeamAlerts(services.db, user, call.query.status);
    for (const r of rows) call.audit.patientIds.push(r.patient_id);
    return { body: { items: await withPatientNames(organizationOfCaller(services.organizations, user).his, await toCareAlerts(services.db, rows)) } };
  },
};

export const acknowledgeCareAlert: OperationHandler<'acknowledgeCareAlert'> = {
  audit: 'care_alert',
  async handle(call, services) {
    const user = signedIn(call);
    call.audit.resourceId = call.params.alertId;
    const alert = await services.db.transaction(async (tx) => {
      const acknowledged = await acknowledgeAlert(tx, user, call.params.alertId, services.now());
      if (!acknowledged) throw new HttpProblem('NOT_FOUND');
      call.audit.patientIds.push(acknowledged.patientId);
      return acknowledged;
    });
    return { body: (await withPatientNames(organizationOfCaller(services.organizations, user).his, [alert]))[0]! };
  },
};
