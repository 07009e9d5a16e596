/**
 * <ih-doctor-desk>: the queue, a paid consult to accept, one in progress with the record form
 * and its errors, referring, critical-value alerts, a doctor not permitted to practise online,
 * and its load states.
 */
import { html } from 'lit';
import type { CriticalAlert } from '@ihkit/core';
import { consultOf, messageOf, practitionerOf, waitFor } from '../../mock-api.js';
import { FakeRealtime } from '../../fake-realtime.js';
import { alertsApi, potassium } from '../../critical-alerts-data.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/doctor-desk/doctor-desk.js';
import '../../../src/prescription-editor/prescription-editor.js';
import type { Journey } from '../visit.js';
import { part, parts, text, waitPart, waitParts } from './query.js';

const element = 'ih-doctor-desk';
const kid = { id: 'pat_kid', name: '张小宝', gender: 'female' as const, age: 8 };

export const doctorDeskJourneys: Journey[] = [
  {
    element,
    name: 'the queue, accepting, the record and referring',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.consults.push(
        consultOf({ paidAt: new Date(Date.now() - 75 * 60_000).toISOString() }),
        consultOf({ id: 'con_2', status: 'in_progress', lastSeq: 2, patient: kid, guardian: { name: '张伟', relation: 'parent' } }),
      );
      v.api.db.messages['con_2'] = [messageOf('con_2', 1, { sender: 'patient', text: '孩子咳嗽三天了，晚上更厉害。' }), messageOf('con_2', 2, { text: '发烧吗？' })];
      const el = await v.mount(html`<ih-doctor-desk><ih-prescription-editor slot="prescribing"></ih-prescription-editor></ih-doctor-desk>`, { realtime: new FakeRealtime() });
      await waitParts(el, 'queue-item', 2);
      await v.state('queue', el, { main: true });
      parts(el, 'queue-item')[0]!.click();
      await waitFor(() => part(el, 'accept-button') && text(part(el, 'history')).includes('I10'), 'a paid consult with history');
      await v.state('a paid consult to accept', el, { main: true, firstScreen: ['[part~="complaint"]', '[part~="accept-button"]'] });
      part(el, 'back-button')!.click();
      (await waitFor(() => parts(el, 'queue-item').find((i) => text(i).includes('张小宝')), 'queue again')).click();
      await waitPart(el, 'record-form');
      part(el, 'complete-button')!.click();
      await waitParts(el, 'field-error', 3);
      await v.state('in progress: record fields required', el, { main: true });
      part(el, 'refer-button')!.click();
      await waitPart(el, 'refer-input');
      part(el, 'refer-submit-button')!.click();
      await waitPart(el, '[part~="refer-form"] [part~="field-error"]');
      await v.state('referral reason required', el);
    },
  },
  {
    element,
    name: 'critical-value alerts',
    async run(v) {
      v.api.role = 'doctor';
      const alerts: CriticalAlert[] = [
        { id: 'alert_1', reportId: 'lab_1', patientId: 'pat_1', patientName: '张伟', reportTitle: '电解质', observations: [potassium], raisedAt: new Date().toISOString() },
        { id: 'alert_2', reportId: 'lab_2', patientId: 'pat_2', reportTitle: '血常规', observations: [{ ...potassium, code: '718-7', name: '血红蛋白', nameEn: 'Haemoglobin', value: '52', numeric: 52, unit: 'g/L', referenceRange: { low: 130, high: 175 }, interpretation: 'LL' }], raisedAt: new Date().toISOString() },
      ];
      alertsApi(v.api, alerts);
      v.api.db.consults.push(consultOf());
      const el = await v.mount(html`<ih-doctor-desk></ih-doctor-desk>`, { realtime: new FakeRealtime() });
      await waitParts(el, 'alert-item', 2);
      await v.state('critical alerts over the queue', el, {
        main: true,
        firstScreen: ['[part~="alert-item"]', '[part~="alert-acknowledge-button"]'],
      });
      part(el, 'alert-acknowledge-button')!.click();
      await waitPart(el, 'alert-acknowledged');
      await v.state('one alert acknowledged', el);
    },
  },
  {
    element,
    name: 'a doctor whose internet-practice permission has ended',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.practitioner = practitionerOf({ standing: 'expired', practitioner: { ...practitionerOf().practitioner!, permission: { from: '2024-03-01', until: '2026-01-31' } } });
      v.api.db.consults.push(consultOf());
      const el = await v.mount(html`<ih-doctor-desk></ih-doctor-desk>`, { realtime: new FakeRealtime() });
      await waitPart(el, 'practitioner-notice');
      await waitParts(el, 'queue-item', 1);
      await v.state('not permitted: the notice over the queue', el, { main: true, firstScreen: ['[part~="practitioner-notice"]'] });
      parts(el, 'queue-item')[0]!.click();
      await waitPart(el, 'complaint');
      await v.state('not permitted: a consult without the accept button', el);
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty queue',
    async run(v) {
      v.api.role = 'doctor';
      await visitLoadStates(
        { api: v.api, path: '/api/consults', mount: (token) => v.mount(html`<ih-doctor-desk></ih-doctor-desk>`, { token, realtime: new FakeRealtime() }), empty: () => (v.api.db.consults = []) },
        (el, state) => v.state(state, el),
      );
    },
  },
];
