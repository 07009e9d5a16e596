/**
 * <ih-prescription-editor>: without a consult, the empty draft with the allergies, search
 * results, findings (an allergy, a controlled drug), a refused signing, a fresh sign-in asked
 * before signing, the signed summary, a child's weight, a returned prescription, a doctor
 * refused for want of the internet-practice permission, and its load states.
 */
import { html } from 'lit';
import { consultOf, http, HttpResponse, practitionerOf, prescriptionOf, problem } from '../../mock-api.js';
import { addDrug, rows, setValue } from '../../prescription-editor-steps.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/prescription-editor/prescription-editor.js';
import type { Journey } from '../visit.js';
import type { IhProvider } from '../../../src/provider/provider.component.js';
import { part, text, waitFor, waitPart, waitParts } from './query.js';

const element = 'ih-prescription-editor';
const refusal = { type: 'about:blank', title: 'x', status: 422, code: 'PRESCRIPTION_CHECK_FAILED', findings: [{ code: 'OUT_OF_STOCK', level: 'warning', items: [0], limit: 0 }, { code: 'TOO_MANY_DRUGS', level: 'error', limit: 5 }] };
const reauthentication = { type: 'about:blank', title: 'x', status: 401, code: 'REAUTHENTICATION_REQUIRED' };
const submit = (el: HTMLElement) => part(el, 'submit-button')!;

export const prescriptionEditorJourneys: Journey[] = [
  {
    element,
    name: 'writing a prescription with findings, signing',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.consults.push(consultOf({ status: 'in_progress' }));
      const el = await v.mount(html`<ih-prescription-editor consult-id="con_1"></ih-prescription-editor>`);
      await waitFor(() => text(part(el, 'allergies')).includes('青霉素') || text(part(el, 'allergies')).includes('Penicillin'), 'allergies');
      await v.state('empty draft with allergies', el);
      await addDrug(el, '片');
      await addDrug(el, '阿莫');
      await addDrug(el, '地西');
      await waitFor(() => rows(el)[1]?.querySelector('[part~="finding-error"]'), 'allergy finding');
      await v.state('findings: an allergy and a controlled drug', el, { main: true });
      for (const row of rows(el).slice(1).reverse()) row.querySelector<HTMLElement>('[part~="item-remove-button"]')!.click();
      await waitFor(() => rows(el).length === 1, 'one left');
      // The gateway answers 202 at once and the request waits for the doctor's phone until the test
      // has it refused there; signed again, the gateway's own check refuses; the third time it signs.
      let posts = 0;
      let refused = false;
      const request = () => ({
        id: 'sig_v', state: refused ? 'refused' : 'pending', kind: 'prescription', prescriptionId: 'rx_v', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 95_000).toISOString(),
        ...(refused ? { outcome: { code: 'SIGNATURE_REFUSED' } } : {}),
      });
      v.api.use(
        http.post('/api/consults/con_1/prescriptions', () => {
          posts++;
          if (posts === 1) return HttpResponse.json(request(), { status: 202, headers: { location: 'signature-requests/sig_v' } });
          return posts === 2 ? HttpResponse.json(refusal, { status: 422, headers: { 'Content-Type': 'application/problem+json' } }) : undefined;
        }),
        http.get('/api/signature-requests/sig_v', () => HttpResponse.json(request())),
      );
      await waitFor(() => submit(el).getAttribute('aria-disabled') === 'false', 'ready to sign');
      submit(el).click();
      await waitPart(el, 'sign-time-left');
      await v.state('waiting for the doctor to confirm on their phone', el, { main: true });
      refused = true;
      await waitPart(el, 'submit-error');
      await v.state('signature refused on the phone', el);
      const onPhone = text(part(el, 'submit-error'));
      submit(el).click();
      await waitFor(() => posts === 2 && part(el, 'submit-error') && text(part(el, 'submit-error')) !== onPhone, 'refused by the check');
      await v.state('signing refused', el);
      await waitFor(() => part(el, 'search-input'), 'editor');
      const input = part<HTMLInputElement>(el, 'search-input')!;
      input.focus();
      input.value = '氨';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await waitParts(el, 'search-option');
      await v.state('search results', el);
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await setValue(rows(el)[0]!.querySelector<HTMLInputElement>('[part~="note-input"]')!, '早饭后');
      await waitFor(() => submit(el).getAttribute('aria-disabled') === 'false', 'ready again');
      submit(el).click();
      await waitPart(el, 'signature');
      await v.state('signed summary', el, { main: true });
    },
  },
  {
    element,
    name: 'a fresh sign-in asked before signing',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.consults.push(consultOf({ status: 'in_progress' }));
      const el = await v.mount(html`<ih-prescription-editor consult-id="con_1"></ih-prescription-editor>`);
      // The page can get a fresh sign-in (its identity provider's window); the gateway asks for one.
      (el.closest('ih-provider') as IhProvider).reauthenticate = async () => {};
      v.api.use(http.post('/api/consults/con_1/prescriptions', () => HttpResponse.json(reauthentication, { status: 401, headers: { 'Content-Type': 'application/problem+json' } }), { once: true }));
      await addDrug(el, '片');
      await waitFor(() => submit(el).getAttribute('aria-disabled') === 'false', 'ready to sign');
      submit(el).click();
      await waitPart(el, 'submit-error');
      await waitFor(() => !text(submit(el)).includes('…'), 'asked');
      await v.state('asked to confirm it is you before signing', el);
    },
  },
  {
    element,
    name: 'a child, a returned prescription',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.consults.push(consultOf({ status: 'in_progress', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 5 } }));
      const child = await v.mount(html`<ih-prescription-editor consult-id="con_1"></ih-prescription-editor>`);
      await waitPart(child, 'weight-input');
      await v.state('a child: weight and guardian', child);
      v.api.db.consults = [consultOf({ status: 'in_progress' })];
      v.api.db.prescriptions.push(prescriptionOf({ status: 'returned', review: { decision: 'returned', pharmacistName: '孙丽', reason: '请注明服药时间', at: new Date().toISOString() } }));
      const el = await v.mount(html`<ih-prescription-editor consult-id="con_1"></ih-prescription-editor>`);
      await waitPart(el, 'returned');
      await v.state('returned by the pharmacist', el, { main: true, firstScreen: ['[part~="return-reason"]', '[part~="revise-button"]'] });
    },
  },
  {
    element,
    name: 'a doctor not yet permitted to practise online',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.consults.push(consultOf({ status: 'in_progress' }));
      v.api.db.practitioner = practitionerOf({ standing: 'not_yet_valid', practitioner: { ...practitionerOf().practitioner!, permission: { from: '2099-05-01' } } });
      v.api.use(http.post('/api/consults/con_1/prescription-check', () => problem(403, 'PRACTITIONER_NOT_PERMITTED')));
      const el = await v.mount(html`<ih-prescription-editor consult-id="con_1"></ih-prescription-editor>`);
      await addDrug(el, '片');
      await waitPart(el, 'practitioner-notice');
      await v.state('not permitted: the notice in the editor', el, { main: true });
    },
  },
  {
    element,
    name: 'no consult, loading, signed out, load error',
    async run(v) {
      v.api.role = 'doctor';
      v.api.db.consults.push(consultOf({ status: 'in_progress' }));
      const none = await v.mount(html`<ih-prescription-editor></ih-prescription-editor>`);
      await waitFor(() => text(part(none, 'base')).length > 0, 'no consult');
      await v.state('no consult open', none);
      await visitLoadStates(
        { api: v.api, path: '/api/prescriptions', mount: (token) => v.mount(html`<ih-prescription-editor consult-id="con_1"></ih-prescription-editor>`, { token }) },
        (el, state) => v.state(state, el),
      );
    },
  },
];
