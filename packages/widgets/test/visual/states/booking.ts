/** <ih-booking> at each step, a refused and a failed confirmation, done, no slots, the pay step of a held place (its sandbox checkout, a lapse), and its load states. */
import { html } from 'lit';
import { http, problem, waitFor } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/booking/booking.js';
import type { IhBooking } from '../../../src/booking/booking.component.js';
import type { Journey } from '../visit.js';
import { clickPart, part, parts, waitPart, waitParts } from './query.js';

const element = 'ih-booking';
const atStep = async (el: IhBooking, step: IhBooking['step'], what = 'option') => {
  await waitFor(() => el.step === step, `${step} step`);
  return waitParts(el, what);
};

export const bookingJourneys: Journey[] = [
  {
    element,
    name: 'every step, a slot taken, a failed confirmation and done',
    async run(v) {
      const answers = [problem(409, 'SLOT_TAKEN'), problem(422, 'VALIDATION_FAILED')];
      v.api.use(http.post('/api/appointments', () => answers.shift()));
      const el = await v.mount<IhBooking>(html`<ih-booking></ih-booking>`);
      await atStep(el, 'department');
      await v.state('department step', el, { main: true });
      parts(el, 'option')[0]!.click();
      await atStep(el, 'doctor');
      await v.state('doctor step', el);
      parts(el, 'option')[0]!.click();
      const slots = await atStep(el, 'time', 'slot');
      await v.state('time step', el, { main: true });
      slots[0]!.click();
      await atStep(el, 'patient', '.patients [part~="option"]');
      await v.state('patient step', el);
      parts(el, 'option')[0]!.click();
      await waitPart(el, 'confirm-button');
      await v.state('confirm step', el, { main: true });

      part(el, 'confirm-button')!.click();
      await waitPart(el, 'notice');
      await atStep(el, 'time', 'slot');
      await v.state('slot taken', el, { firstScreen: ['[part~="notice"]'] });
      parts(el, 'slot').find((s) => s.getAttribute('aria-disabled') === 'false')!.click();
      (await atStep(el, 'patient', '.patients [part~="option"]'))[0]!.click();
      await clickPart(el, 'confirm-button');
      await waitPart(el, 'submit-error');
      await v.state('confirmation failed', el);

      await clickPart(el, 'confirm-button');
      await waitPart(el, 'done');
      await v.state('done', el, { main: true });
    },
  },
  {
    element,
    name: 'a fee paid online: the pay step, the sandbox checkout, a lapsed hold',
    async run(v) {
      const el = await v.mount<IhBooking>(html`<ih-booking doctor="doc_wang"></ih-booking>`);
      const toPay = async (holdMinutes: number) => {
        v.api.db.holdMinutes = holdMinutes;
        (await atStep(el, 'time', 'slot'))[0]!.click();
        (await atStep(el, 'patient', '.patients [part~="option"]'))[0]!.click();
        await clickPart(el, 'confirm-button');
        // The pay panel is a chunk of its own, loaded now: give a busy machine time to fetch it.
        const pay = await waitPart(el, 'pay', 15_000);
        await waitFor(() => part(pay, 'base'), 'pay panel', 15_000);
        return pay;
      };
      const pay = await toPay(15);
      await v.state('pay step', el, { main: true, firstScreen: ['[part~="pay"]'] });
      await clickPart(pay, 'pay-button');
      await waitPart(pay, 'sandbox-pay-button');
      await v.state('pay step, sandbox checkout', el);
      el.reset();
      const lapsing = await toPay(0.05);
      await waitPart(lapsing, 'lapsed', 6000);
      await v.state('hold lapsed', el, { firstScreen: ['[part~="pay"]'] });
    },
  },
  {
    element,
    name: 'no slots in 14 days',
    async run(v) {
      v.api.db.slots = [];
      const el = await v.mount<IhBooking>(html`<ih-booking department="dep_cardio"></ih-booking>`);
      (await atStep(el, 'doctor'))[0]!.click();
      await waitPart(el, 'other-doctor-button');
      await v.state('no slots', el);
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty',
    run: (v) =>
      visitLoadStates(
        {
          api: v.api,
          path: '/api/departments',
          mount: (token) => v.mount(html`<ih-booking></ih-booking>`, { token }),
          empty: () => (v.api.db.departments = []),
          // The schedule is public: a signed-out patient is asked to sign in at the patient step.
          toSignIn: async (el) => {
            (await atStep(el as IhBooking, 'department'))[0]!.click();
            (await atStep(el as IhBooking, 'doctor'))[0]!.click();
            (await atStep(el as IhBooking, 'time', 'slot'))[0]!.click();
          },
        },
        (el, state) => v.state(state, el),
      ),
  },
];
