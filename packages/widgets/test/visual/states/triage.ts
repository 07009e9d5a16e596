/** <ih-triage> at each step, its three results (departments, the emergency screen, none), inside <ih-booking>, and its load states. */
import { html } from 'lit';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/triage/triage.js';
import '../../../src/booking/booking.js';
import type { IhTriage } from '../../../src/triage/triage.component.js';
import type { IhBooking } from '../../../src/booking/booking.component.js';
import type { Journey } from '../visit.js';
import { part, parts, waitFor, waitPart, waitParts } from './query.js';

const element = 'ih-triage';
const atStep = (el: IhTriage, step: IhTriage['step']) => waitFor(() => el.step === step && el.shadowRoot!.querySelector('[part~="body"] > :not([part~="loading"])'), `${step} step`);
const inputs = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input')];
const next = (el: HTMLElement) => part(el, 'next-button')!.click();

/** Patient (the adult), the chest, the given symptoms (by index), less than a day. */
async function toQuestions(el: IhTriage, symptoms: number[]): Promise<void> {
  (await waitParts(el, 'option'))[0]!.click();
  await atStep(el, 'area');
  parts(el, 'option')[0]!.click();
  await atStep(el, 'symptoms');
  for (const i of symptoms) inputs(el)[i]!.click();
  next(el);
  await atStep(el, 'duration');
  inputs(el)[0]!.click();
  next(el);
}

export const triageJourneys: Journey[] = [
  {
    element,
    name: 'every step and the suggested department',
    async run(v) {
      const el = await v.mount<IhTriage>(html`<ih-triage></ih-triage>`);
      await waitParts(el, 'option');
      await v.state('patient step', el, { main: true });
      parts(el, 'option')[0]!.click();
      await atStep(el, 'area');
      await v.state('body area step', el);
      parts(el, 'option')[0]!.click();
      await atStep(el, 'symptoms');
      next(el);
      await waitPart(el, 'form-error');
      await v.state('symptoms step, none chosen yet', el, { firstScreen: ['[part~="form-error"]'] });
      inputs(el)[0]!.click();
      inputs(el)[1]!.click();
      await v.state('symptoms step', el, { main: true });
      next(el);
      await atStep(el, 'duration');
      await v.state('duration step', el);
      inputs(el)[1]!.click();
      next(el);
      await atStep(el, 'questions');
      await v.state('follow-up questions', el);
      inputs(el)[1]!.click(); // no
      next(el);
      await waitPart(el, 'book-button');
      await v.state('suggested departments', el, { main: true, firstScreen: ['[part~="suggestion"]', '[part~="book-button"]'] });
    },
  },
  {
    element,
    name: 'a red flag: the emergency screen',
    async run(v) {
      const el = await v.mount<IhTriage>(html`<ih-triage></ih-triage>`);
      await toQuestions(el, [0]);
      await atStep(el, 'questions');
      inputs(el)[0]!.click(); // yes: sweating
      next(el);
      await waitPart(el, 'call-button');
      await v.state('emergency', el, { main: true, firstScreen: ['[part~="emergency"] .emergency-title', '[part~="call-button"]'] });
    },
  },
  {
    element,
    name: 'nothing here fits',
    async run(v) {
      const el = await v.mount<IhTriage>(html`<ih-triage></ih-triage>`);
      (await waitParts(el, 'option'))[0]!.click();
      await atStep(el, 'area');
      parts(el, 'option')[1]!.click(); // whole body: fever, whose department the HIS does not list
      await atStep(el, 'symptoms');
      inputs(el)[0]!.click();
      next(el);
      await atStep(el, 'duration');
      inputs(el)[0]!.click();
      next(el);
      await waitPart(el, 'again-button');
      await v.state('no department', el);
    },
  },
  {
    element,
    name: 'inside the booking, as its first step',
    async run(v) {
      const booking = await v.mount<IhBooking>(html`<ih-booking></ih-booking>`);
      (await waitPart(booking, 'triage-button')).click();
      const el = await waitPart<IhTriage>(booking, 'triage');
      await waitParts(el, 'option');
      await v.state('booking: triage step', booking, { main: true });
      await toQuestions(el, [1]);
      await waitPart(el, 'book-button');
      await v.state('booking: triage result', booking);
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty',
    run: (v) =>
      visitLoadStates(
        {
          api: v.api,
          path: '/api/triage/rules',
          mount: (token) => v.mount(html`<ih-triage></ih-triage>`, { token }),
          empty: () => (v.api.db.triageRules = { ...v.api.db.triageRules, bodyAreas: [] }),
        },
        (el, state) => v.state(state, el),
      ),
  },
];
