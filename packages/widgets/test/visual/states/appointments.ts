/** <ih-appointments>: the list, the cancel dialog, a refused cancel, after cancelling, a held place's pay panel, the refund before and after cancelling, rescheduling (to a dearer time: its pay step and a move not made), and its load states. */
import { html } from 'lit';
import { http, problem, waitFor } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/appointments/appointments.js';
import type { IhAppointments } from '../../../src/appointments/appointments.component.js';
import type { Journey } from '../visit.js';
import { clickPart, part, parts, waitPart, waitParts } from './query.js';

const element = 'ih-appointments';

export const appointmentsJourneys: Journey[] = [
  {
    element,
    name: 'list, cancel dialog, refused and cancelled',
    async run(v) {
      let refuse = true;
      v.api.use(http.post('/api/appointments/:id/cancel', () => (refuse ? problem(409, 'CANCEL_TOO_LATE') : undefined)));
      const el = await v.mount(html`<ih-appointments></ih-appointments>`);
      await waitParts(el, 'item', 3);
      await v.state('upcoming and past', el, { main: true });
      parts(el, 'cancel-button')[0]!.click();
      await waitPart(el, 'dialog[open]');
      await v.state('cancel dialog', el, { main: true, viewport: true, firstScreen: ['dialog[open] [part~="dialog-confirm-button"]', 'dialog[open] [part~="dialog-keep-button"]'] });
      part(el, 'dialog-confirm-button')!.click();
      await waitPart(el, 'dialog-error');
      await v.state('cancel refused', el, { viewport: true, firstScreen: ['[part~="dialog-error"]', '[part~="dialog-keep-button"]'] });
      part(el, 'dialog-keep-button')!.click();
      await waitFor(() => !part(el, 'dialog'), 'dialog closed');
      refuse = false;
      parts(el, 'cancel-button')[0]!.click();
      await clickPart(el, 'dialog-confirm-button');
      await waitPart(el, 'status-cancelled');
      await v.state('cancelled', el);
    },
  },
  {
    element,
    name: 'a held place, the refund before and after cancelling, rescheduling',
    async run(v) {
      const [, later, soon] = v.api.db.appointments;
      later!.registration = { status: 'held', amount: later!.fee, holdUntil: new Date(Date.now() + 12 * 60_000).toISOString() };
      soon!.registration = { status: 'paid', amount: soon!.fee, fullRefundUntil: new Date(Date.now() + 3600_000).toISOString(), lateRefund: { ...soon!.fee, amount: soon!.fee.amount / 2 } };
      const el = await v.mount(html`<ih-appointments></ih-appointments>`);
      const pay = await waitPart(el, 'pay');
      await waitFor(() => part(pay, 'timer'), 'countdown');
      await v.state('held place with its countdown', el, { main: true });
      el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${soon!.id}"] [part~="cancel-button"]`)!.click();
      await waitPart(el, 'dialog-refund');
      await v.state('cancel dialog with the refund', el, { viewport: true, firstScreen: ['dialog[open] [part~="dialog-refund"]', 'dialog[open] [part~="dialog-confirm-button"]'] });
      await clickPart(el, 'dialog-confirm-button');
      await waitPart(el, 'registration');
      await v.state('cancelled, refund in progress', el, { main: true });
      later!.doctorId = 'doc_wang'; // a doctor with open times
      await (el as IhAppointments).refresh();
      el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${later!.id}"] [part~="reschedule-button"]`)!.click();
      const panel = await waitPart(el, 'reschedule');
      (await waitParts(panel, 'slot'))[0]!.click();
      await waitPart(panel, 'difference');
      await v.state('reschedule, a time chosen', el, { main: true });
    },
  },
  {
    element,
    name: 'rescheduling to a dearer time: the difference, the pay step, a move not made',
    async run(v) {
      const soon = v.api.db.appointments.find((a) => a.id === 'apt_soon')!;
      soon.registration = { status: 'paid', amount: soon.fee, fullRefundUntil: new Date(Date.now() + 3600_000).toISOString(), lateRefund: { ...soon.fee, amount: soon.fee.amount / 2 } };
      const dear = v.api.db.slots.find((s) => s.id === 'slot_d')!;
      dear.fee = { amount: soon.fee.amount + 3000, currency: soon.fee.currency };
      const el = await v.mount(html`<ih-appointments></ih-appointments>`);
      await waitParts(el, 'item', 3);
      el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${soon.id}"] [part~="reschedule-button"]`)!.click();
      const panel = await waitPart(el, 'reschedule');
      (await waitParts(panel, 'slot'))[1]!.click();
      await waitPart(panel, 'difference');
      await v.state('reschedule, a dearer time chosen', el, { main: true });
      await clickPart(panel, 'confirm-button');
      await waitPart(panel, 'timer');
      await waitPart(panel, 'pay-button');
      await v.state('reschedule, paying the difference', el, { main: true });
      dear.available = 0; // taken before the payment arrives
      await clickPart(panel, 'pay-button');
      await clickPart(panel, 'sandbox-pay-button');
      await waitPart(panel, 'outcome');
      await v.state('reschedule not made, difference refunded', el);
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty',
    run: (v) =>
      visitLoadStates(
        { api: v.api, path: '/api/appointments', mount: (token) => v.mount(html`<ih-appointments></ih-appointments>`, { token }), empty: () => (v.api.db.appointments = []) },
        (el, state) => v.state(state, el),
      ),
  },
];
