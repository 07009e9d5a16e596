/**
 * <ih-family>: the family members and who may act for the user, adding one (and its field
 * errors), a code sent and refused, members waiting for the front desk or with no way to prove
 * online, the question before ending a link, and its load states; and a pending family member
 * where <ih-booking> picks the patient.
 */
import { html } from 'lit';
import type { FamilyLink } from '@ihkit/core';
import { http, problem, waitFor } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/family/family.js';
import '../../../src/booking/booking.js';
import type { IhFamily } from '../../../src/family/family.component.js';
import type { IhBooking } from '../../../src/booking/booking.component.js';
import type { Journey } from '../visit.js';
import { part, parts, waitPart, waitParts } from './query.js';

const element = 'ih-family';
const mountIn = (v: Parameters<Journey['run']>[0], token?: string) => v.mount<IhFamily>(html`<ih-family></ih-family>`, { token });
const grant = (over: Partial<FamilyLink>): FamilyLink => ({ id: 'fl_son', status: 'pending', relation: 'parent', holderName: '张明', requestedAt: new Date().toISOString(), ...over });

/** Types into a field as the page would see it (the value and an input event). */
function fill(el: HTMLElement, selector: string, value: string) {
  const input = part<HTMLInputElement>(el, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export const familyJourneys: Journey[] = [
  {
    element,
    name: 'members, adding one, a code sent and refused, and who may act for me',
    async run(v) {
      v.api.db.familyLinks = [grant({}), grant({ id: 'fl_wife', status: 'active', relation: 'spouse', holderName: '李芳', since: '2025-01-02T10:00:00+08:00', proof: 'code' })];
      v.api.db.patients.push(
        { id: 'pat_niece', name: '张小雨', relation: 'child', gender: 'female', birthDate: '2020-06-01', idNumberMasked: '1101**********2245', minor: true, linkId: 'fl_niece', status: 'pending', pending: { waitingFor: ['in_person'] } },
        { id: 'pat_nophone', name: '李国华', relation: 'parent', gender: 'male', birthDate: '1950-01-01', idNumberMasked: '1101**********1135', minor: false, linkId: 'fl_nophone', status: 'pending', pending: { waitingFor: [] } },
      );
      const el = await mountIn(v);
      await waitParts(el, 'member', 3);
      await waitParts(el, 'grant', 2);
      await v.state('members and who may act for me', el, { main: true });

      part(el, 'add-button')!.click();
      await waitPart(el, 'add-form');
      part(el, 'submit-button')!.click();
      await waitParts(el, 'field-error', 3);
      await v.state('add form with errors', el);

      const mother = v.api.db.hospital.find((h) => h.name === '王秀英')!;
      fill(el, '#add-name', mother.name);
      fill(el, '#add-idNumber', mother.idNumber);
      part<HTMLInputElement>(el, '[part~="relation"] input[value="parent"]')!.click();
      part(el, 'submit-button')!.click();
      await waitPart(el, '[data-link="fl_pat_mother"] [part~="code-form"]');
      await v.state('a code sent to the member', el, { main: true });

      v.api.use(http.post('/api/family-links/:id/confirm', () => problem(422, 'CONSENT_CODE_INVALID')));
      fill(el, '#code-fl_pat_mother', '135790');
      part(el, '[data-link="fl_pat_mother"] [part~="confirm-button"]')!.click();
      await waitPart(el, '[data-link="fl_pat_mother"] [part~="error"]');
      await v.state('a wrong code', el);

      part(el, '[data-link="fl_wife"] [part~="end-button"]')!.click();
      await waitPart(el, '[data-link="fl_wife"] [part~="end-confirm"]');
      await v.state('asked before ending a link', el);
    },
  },
  {
    element,
    name: 'nobody yet',
    async run(v) {
      v.api.db.patients = v.api.db.patients.filter((p) => p.relation === 'self');
      const el = await mountIn(v);
      await waitParts(el, 'list-empty', 2);
      await v.state('no family members, nobody acts for me', el);
    },
  },
  {
    element,
    name: 'loading, signed out, load error',
    run: (v) => visitLoadStates({ api: v.api, path: '/api/patients', mount: (token) => mountIn(v, token) }, (el, state) => v.state(state, el)),
  },
  {
    element: 'ih-booking',
    name: 'a family member awaiting consent at the patient step',
    async run(v) {
      v.api.db.patients.push({ id: 'pat_mother', name: '王秀英', relation: 'parent', gender: 'female', birthDate: '1948-03-12', idNumberMasked: '1101**********2245', minor: false, linkId: 'fl_mother', status: 'pending', pending: { waitingFor: ['code'] } });
      const el = await v.mount<IhBooking>(html`<ih-booking doctor="doc_wang"></ih-booking>`);
      (await waitPart(el, 'slot-available')).click();
      await waitFor(() => el.step === 'patient' && parts(el, '.patients [part~="option"]').length === 3, 'the patient step');
      await v.state('a family member awaiting consent', el);
    },
  },
];
