/** <ih-appointments>: the list, the cancel dialog, a refused cancel, after cancelling, and its load states. */
import { html } from 'lit';
import { http, problem, waitFor } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/appointments/appointments.js';
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
    name: 'loading, signed out, load error, empty',
    run: (v) =>
      visitLoadStates(
        { api: v.api, path: '/api/appointments', mount: (token) => v.mount(html`<ih-appointments></ih-appointments>`, { token }), empty: () => (v.api.db.appointments = []) },
        (el, state) => v.state(state, el),
      ),
  },
];
