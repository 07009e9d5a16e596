/**
 * Questionnaires in follow-up: the patient answers a questionnaire their plan asks for; the
 * gateway checks the answers against its definition (@ihkit/core CARE_QUESTIONNAIRES), scores
 * them itself, keeps them, and raises an alert to the care team when the score reaches the
 * plan's limit or a safety item is answered. The plan's patient accounts and care team read them.
 */
import { CARE_QUESTIONNAIRES, questionnaireProblems, responseRaisesAlert, scoreQuestionnaire } from '@ihkit/core';
import type { OperationHandler } from '../operations.js';
import { idempotencyKey } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { newId } from '../ids.js';
import { raiseCareAlert } from '../care/alerts.js';
import { toCarePlans } from '../care/store.js';
import { findResponse, insertResponse, planResponses, responseSentWith } from '../care/questionnaires.js';
import { visiblePlan } from './care.js';

/** How far back answers are listed. */
const LIST_DAYS = 366;

export const listCareQuestionnaireResponses: OperationHandler<'listCareQuestionnaireResponses'> = {
  audit: 'care_questionnaire_response',
  async handle(call, services) {
    const { plan } = await visiblePlan(call, services, call.params.planId);
    return { body: { items: await planResponses(services.db, plan.id, services.now(), LIST_DAYS) } };
  },
};

export const submitCareQuestionnaireResponse: OperationHandler<'submitCareQuestionnaireResponse'> = {
  audit: 'care_questionnaire_response',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'patient');
    const key = idempotencyKey(call);
    // A retry with the same key answers the first call's response (of the same plan).
    const sentBefore = async () => {
      const first = await responseSentWith(services.db, user.id, key);
      if (first && first.plan_id !== plan.id) throw new HttpProblem('VALIDATION_FAILED', 'This Idempotency-Key was used for another response.', [{ pointer: '/header/idempotency-key', message: 'was used before' }]);
      if (first) call.audit.resourceId = first.id;
      return first && { status: 201 as const, body: (await findResponse(services.db, first.id))! };
    };
    const retried = await sentBefore();
    if (retried) return retried;
    if (plan.ended_at) throw new HttpProblem('CARE_PLAN_ENDED');
    const { questionnaire: questionnaireId, item } = call.body;
    const questionnaire = CARE_QUESTIONNAIRES[questionnaireId];
    const problems = questionnaireProblems(questionnaire, item);
    if (problems) throw new HttpProblem('QUESTIONNAIRE_INVALID', 'The answers do not answer the questionnaire.', problems.map((p) => ({ pointer: `/body${p.pointer}`, message: p.message })));
    const now = services.now();
    const [current] = await toCarePlans(services.db, [plan], now, services.his.timeZone);
    const schedule = plan.questionnaires.find((q) => q.questionnaireId === questionnaireId);
    if (!schedule || !current!.questionnaireTasks!.find((t) => t.questionnaireId === questionnaireId)!.due) throw new HttpProblem('QUESTIONNAIRE_NOT_DUE');
    // The gateway's score; the client's is never read.
    const scored = scoreQuestionnaire(questionnaire, item);
    const id = newId('qr');
    const written = await services.db.transaction(async (tx) => {
      call.audit.resourceId = id;
      if (!(await insertResponse(tx, { id, plan, questionnaireId, items: item, scored, authoredAt: now, recordedBy: user.id, idempotencyKey: key }))) return false;
      if (responseRaisesAlert(scored, schedule)) await raiseCareAlert(tx, plan, { responseId: id }, now);
      return true;
    });
    if (!written) return (await sentBefore())!;
    return { status: 201, body: (await findResponse(services.db, id))! };
  },
};
