/** <ih-modal> holding a booking (the modal mode) and <ih-launcher> (the floating button). */
import { html } from 'lit';
import { waitFor } from '../../mock-api.js';
import '../../../src/modal/modal.js';
import '../../../src/launcher/launcher.js';
import '../../../src/booking/booking.js';
import type { IhModal } from '../../../src/modal/modal.component.js';
import type { Journey } from '../visit.js';
import { waitParts } from './query.js';

export const embeddingJourneys: Journey[] = [
  {
    element: 'ih-modal',
    name: 'a booking in the dialog',
    async run(v) {
      const modal = await v.mount<IhModal>(html`<ih-modal element="booking"><ih-booking department="dep_cardio"></ih-booking></ih-modal>`);
      modal.show();
      await waitFor(() => modal.shadowRoot!.querySelector('dialog')?.open, 'dialog open');
      await waitParts(modal.querySelector('ih-booking')!, 'option');
      await v.state('open with a booking', modal, { main: true, viewport: true, firstScreen: ['[part~="close-button"]', '[part~="heading"]'] });
      modal.close();
    },
  },
  {
    element: 'ih-launcher',
    name: 'the floating button',
    async run(v) {
      const launcher = await v.mount(html`<ih-launcher open="booking"></ih-launcher>`);
      await v.state('floating button', launcher, { main: true, viewport: true, firstScreen: ['[part~="button"]'] });
    },
  },
];
