/**
 * <ih-my-record>: the account holder's diagnoses and timeline (a follow-up plan, visits, an
 * online consult with its diagnosis, a prescription, a referral up with its place and one sent
 * back), one kind filtered, a list that could not be read, and the load states.
 */
import { html } from 'lit';
import type { CarePlan } from '@ihkit/core';
import { http, HttpResponse, consultOf, prescriptionOf, problem, today } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import { HTN_PLAN } from '../../care-data.js';
import '../../../src/my-record/my-record.js';
import type { Journey } from '../visit.js';
import { part, waitParts } from './query.js';

function recordApi(v: Parameters<Journey['run']>[0], plans: CarePlan[] = [{ ...HTN_PLAN, patientId: 'pat_self', startedAt: `${today}T08:00:00+08:00` }]) {
  v.api.db.consults = [
    consultOf({ id: 'con_done', status: 'completed', record: { complaint: '头晕两周，早晨明显', diagnosis: '原发性高血压 2 级，伴左心室肥厚待排', advice: '按时服药，两周后复诊', writtenAt: new Date().toISOString() } }),
  ];
  v.api.db.prescriptions = [prescriptionOf({ status: 'completed' })];
  v.api.use(http.get('/api/care/plans', () => HttpResponse.json({ items: plans })));
  v.api.db.referrals = [
    { id: 'ref_up', direction: 'up', state: 'accepted', patientId: 'pat_self', fromHospitalName: '东县人民医院', hospitalName: '城东人民医院', departmentName: '心血管内科', doctorName: '周敏', start: `${today}T09:00:00+08:00`, end: `${today}T09:30:00+08:00`, number: 'GH20261208-0007', createdAt: `${today}T07:00:00+08:00` },
    { id: 'ref_down', direction: 'down', state: 'sent', patientId: 'pat_self', hospitalName: '西县中心医院', departmentName: '内分泌科', createdAt: `${today}T06:00:00+08:00` },
  ];
}

export const myRecordJourneys: Journey[] = [
  {
    element: 'ih-my-record',
    name: 'diagnoses and timeline, one kind, a list not read',
    async run(v) {
      recordApi(v);
      const el = await v.mount(html`<ih-my-record></ih-my-record>`);
      await waitParts(el, 'entry', 8);
      await v.state('diagnoses and the timeline', el, { main: true });
      (part(el, 'filter')!.querySelector('input[value="consult"]') as HTMLInputElement).click();
      await waitParts(el, 'entry', 1);
      await v.state('online consults only', el);
      (part(el, 'filter')!.querySelector('input[value="referral"]') as HTMLInputElement).click();
      await waitParts(el, 'entry', 2);
      await v.state('referrals only', el);
      v.api.use(http.get('/api/prescriptions', () => problem(503, 'HIS_UNAVAILABLE')));
      const partial = await v.mount(html`<ih-my-record></ih-my-record>`);
      await waitParts(partial, 'partial', 1);
      await v.state('a list that could not be read', partial);
    },
  },
  {
    element: 'ih-my-record',
    name: 'loading, signed out, load error, no records',
    run: (v) => {
      recordApi(v);
      return visitLoadStates({ api: v.api, path: '/api/patients', mount: (token) => v.mount(html`<ih-my-record></ih-my-record>`, { token }), empty: () => (v.api.db.patients = []) }, (el, state) => v.state(state, el));
    },
  },
];
