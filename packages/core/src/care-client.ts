/**
 * Chronic-disease follow-up (慢病随访): plans a care team (nurse or doctor) puts a patient on,
 * the patient's home readings, and the alerts raised when a reading crosses the plan's
 * thresholds. `careOf(client)` gives the one CareClient of a client.
 */
import type { CallOptions, IhClient } from './client.js';
import type { CareAlert, CarePatientMatch, CarePlan, CarePlanChange, CarePlanEndReason, CarePlanTemplate, CareQuestionnaireResponse, CareQuestionnaireResponseInput, CareReading, CareReadingInput, CareTemplateId } from './types.js';

export class CareClient {
  constructor(readonly client: IhClient) {}

  /** For the care team: the templates a patient can be put on. */
  listTemplates(o?: CallOptions): Promise<CarePlanTemplate[]> {
    return this.client.call('get', '/care/templates', o).then((r) => r.items);
  }
  /** A patient account's plans (its own and its family's); a care team's worklist. */
  listPlans(o?: CallOptions): Promise<CarePlan[]> {
    return this.client.call('get', '/care/plans', o).then((r) => r.items);
  }
  getPlan(planId: string, o?: CallOptions): Promise<CarePlan> {
    return this.client.call('get', '/care/plans/{planId}', planId, o);
  }
  /** For the care team: puts the HIS patient on a plan from a template (retry-safe). */
  createPlan(body: { patientId: string; templateId: CareTemplateId }, o?: CallOptions): Promise<CarePlan> {
    return this.client.call('post', '/care/plans', { ...o, body, creates: true });
  }
  /** For the care team: the hospital's patients by the start of the name, the last digits of an ID number or phone, or a whole ID number (sent in the body). */
  searchPatients(q: string, o?: CallOptions): Promise<CarePatientMatch[]> {
    return this.client.call('post', '/care/patient-search', { ...o, body: { q } }).then((r) => r.items);
  }
  /** For the care team: changes a running plan's readings, thresholds or revisit interval, made on `change.version`. */
  changePlan(planId: string, change: CarePlanChange, o?: CallOptions): Promise<CarePlan> {
    return this.client.call('post', '/care/plans/{planId}/changes', planId, { ...o, body: change });
  }
  /** For the care team: ends the plan (idempotent). */
  endPlan(planId: string, reason: CarePlanEndReason, o?: CallOptions): Promise<CarePlan> {
    return this.client.call('post', '/care/plans/{planId}/end', planId, { ...o, body: { reason } });
  }
  /** The plan's readings of the last 90 days, newest first. */
  listReadings(planId: string, o?: CallOptions): Promise<CareReading[]> {
    return this.client.call('get', '/care/plans/{planId}/readings', planId, o).then((r) => r.items);
  }
  /** For the patient: a home reading (retry-safe); the answer says which thresholds it crossed. */
  recordReading(planId: string, body: CareReadingInput, o?: CallOptions): Promise<CareReading> {
    return this.client.call('post', '/care/plans/{planId}/readings', planId, { ...o, body, creates: true });
  }
  /** For the patient: answers to a questionnaire the plan asks for (retry-safe); the gateway scores them. */
  submitQuestionnaireResponse(planId: string, body: CareQuestionnaireResponseInput, o?: CallOptions): Promise<CareQuestionnaireResponse> {
    return this.client.call('post', '/care/plans/{planId}/questionnaire-responses', planId, { ...o, body, creates: true });
  }
  /** The plan's questionnaire answers of the last year, newest first, with their scores. */
  listQuestionnaireResponses(planId: string, o?: CallOptions): Promise<CareQuestionnaireResponse[]> {
    return this.client.call('get', '/care/plans/{planId}/questionnaire-responses', planId, o).then((r) => r.items);
  }
  /** For the care team: alerts on the plans they manage, unseen first. */
  listAlerts(query: { status?: 'open' | 'acknowledged' } = {}, o?: CallOptions): Promise<CareAlert[]> {
    return this.client.call('get', '/care/alerts', { ...o, query }).then((r) => r.items);
  }
  acknowledgeAlert(alertId: string, o?: CallOptions): Promise<CareAlert> {
    return this.client.call('post', '/care/alerts/{alertId}/acknowledge', alertId, o);
  }
}

const careClients = new WeakMap<IhClient, CareClient>();

export function careOf(client: IhClient): CareClient {
  let c = careClients.get(client);
  if (!c) careClients.set(client, (c = new CareClient(client)));
  return c;
}
