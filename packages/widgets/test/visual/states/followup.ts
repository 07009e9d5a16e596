/**
 * <ih-followup>: a plan's tasks (one missed), the readings so far, the form with its field
 * errors, a reading passed to the care team, the plans of several family members, and the load
 * states; <ih-care-desk>: an alert with its trend, the worklist, putting a patient on a plan
 * (none chosen yet; the patients a search found), adjusting and ending a plan (a limit out of
 * order), and its load states; questionnaires: a due PHQ-9 among the tasks, a question (and
 * one not answered), the answers sent with the safety advice, and on the desk a PHQ-9 alert with
 * item 9, the plans' scores, an overdue questionnaire and the editor's questionnaires.
 */
import { html } from 'lit';
import type { CareAlert, CarePlan, CareReading } from '@ihkit/core';
import { http, HttpResponse, problem, waitFor } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import { FakeRealtime } from '../../fake-realtime.js';
import { ALERT, HIGH, HISTORY, HTN_PLAN, HTN_PLAN_PHQ, PHQ_ALERT } from '../../care-data.js';
import '../../../src/followup/followup.js';
import '../../../src/care-desk/care-desk.js';
import type { Journey } from '../visit.js';
import { part, waitPart, waitParts } from './query.js';

function fill(el: HTMLElement, selector: string, value: string) {
  const input = part<HTMLInputElement>(el, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The follow-up endpoints of the gateway, answering these plans, readings and alerts. */
function careApi(v: Parameters<Journey['run']>[0], data: { plans: CarePlan[]; readings?: CareReading[]; alerts?: CareAlert[]; saved?: CareReading }) {
  v.api.use(
    http.get('/api/care/plans', () => HttpResponse.json({ items: data.plans })),
    http.get('/api/care/plans/:id/readings', () => HttpResponse.json({ items: data.readings ?? [] })),
    http.post('/api/care/plans/:id/readings', () => HttpResponse.json(data.saved ?? HIGH, { status: 201 })),
    http.get('/api/care/alerts', () => HttpResponse.json({ items: data.alerts ?? [] })),
    http.post('/api/care/plans', () => problem(409, 'INVALID_STATE')),
    http.post('/api/care/patient-search', () => HttpResponse.json({ items: [
      { patientId: 'pat_wang', name: '王秀英', gender: 'female', birthYear: 1950, idNumberTail: '2246', phoneTail: '0011', plans: [] },
      { patientId: 'pat_wang2', name: '王秀兰', gender: 'female', birthYear: 1948, idNumberTail: '103X', phoneTail: '0099', plans: [{ id: 'plan_x', templateId: 'hypertension' }] },
    ] })),
  );
}

export const followupJourneys: Journey[] = [
  {
    element: 'ih-followup',
    name: 'tasks, readings, the form, a reading passed to the care team',
    async run(v) {
      careApi(v, { plans: [HTN_PLAN], readings: [HIGH, ...HISTORY] });
      const el = await v.mount(html`<ih-followup></ih-followup>`);
      await waitParts(el, 'reading', 3);
      await v.state('today’s tasks and the readings', el, { main: true });
      part(el, 'save-button')!.click();
      await waitParts(el, 'field-error', 2);
      await v.state('the form with its errors', el);
      fill(el, '#field-systolic', '176');
      fill(el, '#field-diastolic', '104');
      part(el, 'save-button')!.click();
      await waitPart(el, 'result-alert');
      await v.state('a reading passed to the care team', el, { main: true });
    },
  },
  {
    element: 'ih-followup',
    name: 'a due questionnaire, a question, the answers sent with the safety advice',
    async run(v) {
      careApi(v, { plans: [HTN_PLAN_PHQ], readings: HISTORY });
      v.api.use(http.post('/api/care/plans/:id/questionnaire-responses', () => HttpResponse.json(PHQ_ALERT.response, { status: 201 })));
      sessionStorage.clear();
      const el = await v.mount(html`<ih-followup></ih-followup>`);
      await waitPart(el, 'questionnaire-button');
      await v.state('a questionnaire among today’s tasks', el, { main: true });
      part(el, 'questionnaire-button')!.click();
      await waitPart(el, 'questionnaire');
      part(el, 'next-button')!.click();
      await waitPart(el, 'field-error');
      await v.state('a question not answered', el);
      for (let i = 0; i < 9; i++) {
        const choices = el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="choice"]');
        choices[i === 8 ? 1 : 0]!.click();
        if (i === 4) await v.state('question 5 of 9', el, { main: true });
        part(el, 'next-button')!.click();
        if (i < 8) await waitFor(() => el.shadowRoot!.querySelector('progress')?.value === i + 2, `question ${i + 2}`);
      }
      await waitPart(el, 'questionnaire-safety');
      await v.state('the answers sent, with the safety advice', el, { main: true });
      sessionStorage.clear();
    },
  },
  {
    element: 'ih-followup',
    name: 'plans of several family members',
    async run(v) {
      careApi(v, { plans: [HTN_PLAN, { ...HTN_PLAN, id: 'plan_mother', patientId: 'pat_mother', templateId: 'type-2-diabetes' }] });
      const el = await v.mount(html`<ih-followup></ih-followup>`);
      await waitParts(el, 'option', 2);
      await v.state('choosing a plan', el);
    },
  },
  {
    element: 'ih-followup',
    name: 'loading, signed out, load error, no plan',
    run: (v) => {
      const data = { plans: [HTN_PLAN] };
      careApi(v, data);
      return visitLoadStates({ api: v.api, path: '/api/care/plans', mount: (token) => v.mount(html`<ih-followup></ih-followup>`, { token }), empty: () => (data.plans = []) }, (el, state) => v.state(state, el));
    },
  },
  {
    element: 'ih-care-desk',
    name: 'an alert with its trend, the worklist, finding a patient, adjusting and ending a plan',
    async run(v) {
      const plans = [{ ...HTN_PLAN, patientName: '张伟', openAlerts: 1 }, { ...HTN_PLAN, id: 'plan_2', patientId: 'pat_li', patientName: '李娜', templateId: 'type-2-diabetes' as const }];
      careApi(v, { plans, alerts: [ALERT] });
      const el = await v.mount(html`<ih-care-desk></ih-care-desk>`, { realtime: new FakeRealtime() });
      await waitPart(el, 'alert');
      await waitParts(el, 'plan', 2);
      await v.state('an alert and the worklist', el, { main: true });
      part(el, 'enroll-button')!.click();
      await waitPart(el, 'field-error');
      await v.state('no patient chosen', el);
      fill(el, '#enroll-patient', '王秀');
      part(el, 'search-button')!.click();
      await waitParts(el, 'match', 2);
      part(el, 'match')!.click();
      await v.state('the patients a search found', el);
      part(el, 'manage-button')!.click();
      await waitPart(el, 'plan-editor');
      await waitParts(el, 'receipt', 2); // its reading list, with the patient's receipts
      await v.state('adjusting a plan', el);
      fill(el, '#t-0-alertHigh', '100');
      part(el, 'end-button')!.click();
      part(el, 'save-button')!.click();
      await waitPart(el, 'field-error');
      await v.state('a limit out of order, ending asked to confirm', el);
    },
  },
  {
    element: 'ih-care-desk',
    name: 'a PHQ-9 alert, the plans’ scores and an overdue questionnaire, the editor’s questionnaires',
    async run(v) {
      const plans = [
        { ...HTN_PLAN_PHQ, patientName: '张伟', openAlerts: 1, questionnaireTasks: [{ questionnaireId: 'phq-9' as const, everyDays: 28, due: false, scores: [4, 14, 11] }] },
        { ...HTN_PLAN_PHQ, id: 'plan_2', patientId: 'pat_li', patientName: '李娜', templateId: 'type-2-diabetes' as const, questionnaireTasks: [{ questionnaireId: 'phq-9' as const, everyDays: 28, due: true, missedSince: '2026-11-01', scores: [] }] },
      ];
      careApi(v, { plans, alerts: [PHQ_ALERT] });
      const el = await v.mount(html`<ih-care-desk></ih-care-desk>`, { realtime: new FakeRealtime() });
      await waitPart(el, 'safety-flag');
      await waitParts(el, 'plan', 2);
      await v.state('a PHQ-9 alert and the plans’ scores', el, { main: true });
      part(el, 'manage-button')!.click();
      await waitPart(el, 'questionnaires');
      el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="questionnaire-toggle"]')[1]!.click();
      await waitPart(el, 'questionnaires');
      await v.state('the editor’s questionnaires', el);
    },
  },
  {
    element: 'ih-care-desk',
    name: 'loading, signed out, load error',
    run: (v) => {
      careApi(v, { plans: [] });
      return visitLoadStates({ api: v.api, path: '/api/care/alerts', mount: (token) => v.mount(html`<ih-care-desk></ih-care-desk>`, { token, realtime: new FakeRealtime() }) }, (el, state) => v.state(state, el));
    },
  },
];
