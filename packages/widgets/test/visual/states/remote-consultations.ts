/**
 * <ih-remote-consultations>: the requesting doctor's tracker (counts, turnaround), the new
 * request with the patient found and a lab report to attach, a signed opinion with its signer
 * and certificate serial; the coordinator's scheduling and declining; the expert's opinion editor
 * with an attached lab report open; and the load states.
 */
import { html } from 'lit';
import type { RemoteConsultation, User } from '@ihkit/core';
import { http, HttpResponse } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import { COUNTS, DIRECTORY, REQUESTED, SIGNED, hour } from '../../remote-consultation-data.js';
import '../../../src/remote-consultations/remote-consultations.js';
import type { Journey, Visit } from '../visit.js';
import { part, waitPart } from './query.js';

function remoteApi(v: Visit, me: User, items: RemoteConsultation[]) {
  v.api.use(
    http.get('/api/me', () => HttpResponse.json(me)),
    http.get('/api/remote-consultation-directory', () => HttpResponse.json(DIRECTORY)),
    http.get('/api/remote-consultations', () => HttpResponse.json({ items, summary: { counts: COUNTS, averageTurnaroundSeconds: 5400 } })),
    http.get('/api/remote-consultations/:id', ({ params }) => HttpResponse.json(items.find((r) => r.id === params.id)!)),
    http.post('/api/care/patient-search', () => HttpResponse.json({ items: [{ patientId: 'pat_zhang', name: '张伟', gender: 'male', birthYear: 1968, idNumberTail: '0011', plans: [] }, { patientId: 'pat_zhang2', name: '张伟强', gender: 'male', birthYear: 1975, idNumberTail: '2233', plans: [] }] })),
    http.get('/api/patients/:id/lab-reports', () => HttpResponse.json({ items: [{ id: 'lab_1', patientId: 'pat_zhang', title: '心肌酶谱（含肌钙蛋白 I、肌酸激酶同工酶）', status: 'final', issuedAt: new Date().toISOString(), observations: [] }] })),
    http.get('/api/patients/:id/imaging-studies', () => HttpResponse.json({ items: [] })),
    http.get('/api/consults', () => HttpResponse.json({ items: [] })),
    http.get('/api/prescriptions', () => HttpResponse.json({ items: [] })),
    http.get('/api/lab-reports/:id', () =>
      HttpResponse.json({ id: 'lab_1', patientId: 'pat_zhang', title: '心肌酶谱', status: 'final', issuedAt: new Date().toISOString(), observations: [{ code: 'CK-MB', name: '肌酸激酶同工酶', value: '42', unit: 'U/L', interpretation: 'H' }, { code: 'TNI', name: '肌钙蛋白 I', value: '0.02', unit: 'ng/mL' }] }),
    ),
  );
}

const open = async (el: HTMLElement, id: string) => {
  await waitPart(el, 'open-button');
  part(el, `[data-open="${id}"]`)!.click();
  return waitPart(el, 'consultation');
};

export const remoteConsultationsJourneys: Journey[] = [
  {
    element: 'ih-remote-consultations',
    name: 'the doctor’s tracker, a new request, a signed opinion',
    async run(v) {
      remoteApi(v, { id: 'u_zhou', role: 'doctor', displayName: '周敏' }, [REQUESTED, SIGNED]);
      const el = await v.mount(html`<ih-remote-consultations></ih-remote-consultations>`);
      await waitPart(el, 'row');
      await v.state('the tracker', el, { main: true });
      part(el, 'new-button')!.click();
      await waitPart(el, 'request-form');
      part(el, 'submit-button')!.click();
      await waitPart(el, 'field-error');
      await v.state('a request with what is missing', el);
      const input = part<HTMLInputElement>(el, '#rc-patient')!;
      input.value = '张伟';
      input.dispatchEvent(new Event('input'));
      part(el, 'search-button')!.click();
      await waitPart(el, 'match');
      part(el, 'match')!.click();
      await waitPart(el, 'attachment-toggle');
      await v.state('a new request with the patient’s records', el, { main: true });
      await open(el, 'rc_2');
      await waitPart(el, 'opinion');
      await v.state('a signed opinion', el, { main: true });
    },
  },
  {
    element: 'ih-remote-consultations',
    name: 'the coordinator schedules or declines; the expert writes the opinion',
    async run(v) {
      const received = { ...REQUESTED, requestingOrganizationId: 'county-east', receivingOrganizationId: 'home', requestedBy: 'u_east', expertUserId: 'u_li' };
      remoteApi(v, { id: 'u_xu', role: 'nurse', displayName: '徐婷' }, [received]);
      const el = await v.mount(html`<ih-remote-consultations side="received"></ih-remote-consultations>`);
      await waitPart(el, 'row');
      await v.state('the worklist', el, { main: true });
      await open(el, 'rc_1');
      await waitPart(el, 'schedule-form');
      await v.state('scheduling or declining', el, { main: true });

      const scheduled = { ...received, state: 'scheduled' as const, experts: ['u_zhou'], scheduledAt: new Date(Date.now() + hour).toISOString() };
      remoteApi(v, { id: 'u_zhou', role: 'doctor', displayName: '周敏' }, [scheduled]);
      const expert = await v.mount(html`<ih-remote-consultations side="received"></ih-remote-consultations>`);
      await open(expert, 'rc_1');
      part(expert, 'attachment-button')!.click();
      await waitPart(expert, 'attachment-content');
      await v.state('the expert’s opinion editor with a report open', expert, { main: true });
    },
  },
  {
    element: 'ih-remote-consultations',
    name: 'loading, signed out, error, empty',
    async run(v) {
      remoteApi(v, { id: 'u_zhou', role: 'doctor', displayName: '周敏' }, []);
      return visitLoadStates({ api: v.api, path: '/api/remote-consultation-directory', mount: (token) => v.mount(html`<ih-remote-consultations></ih-remote-consultations>`, { token }), empty: () => undefined }, (el, state) => v.state(state, el));
    },
  },
];
