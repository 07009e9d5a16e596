/**
 * <ih-pharmacist-review>: the queue, a prescription with everything a pharmacist checks, a
 * refused approval, the return form with its error, after deciding, a pharmacist without the
 * qualification to review, and its load states.
 */
import { html } from 'lit';
import { http, practitionerOf, problem, reviewQueueOf } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/pharmacist-review/pharmacist-review.js';
import type { Journey } from '../visit.js';
import { part, parts, waitPart, waitParts } from './query.js';

const element = 'ih-pharmacist-review';

export const pharmacistReviewJourneys: Journey[] = [
  {
    element,
    name: 'the queue, a prescription, returning it',
    async run(v) {
      v.api.db.prescriptions.push(...reviewQueueOf());
      let refuse = true;
      // The gateway answers once the pharmacist confirmed on their phone (here: when the test says so).
      let confirmed!: () => void;
      const onPhone = new Promise<void>((resolve) => (confirmed = resolve));
      v.api.use(http.post('/api/prescriptions/:id/approve', async () => {
        await onPhone;
        return refuse ? problem(409, 'PRESCRIPTION_EXPIRED') : undefined;
      }));
      const el = await v.mount(html`<ih-pharmacist-review></ih-pharmacist-review>`);
      await waitParts(el, 'queue-item', 2);
      await v.state('queue', el, { main: true });
      parts(el, 'queue-item')[0]!.click();
      await waitPart(el, 'decision');
      await v.state('a prescription to review', el, { main: true });
      part(el, 'approve-button')!.click();
      await waitPart(el, 'sign-on-phone');
      await v.state('waiting for the pharmacist to confirm on their phone', el, { main: true });
      confirmed();
      await waitPart(el, 'action-error');
      await v.state('approval refused', el);
      refuse = false;
      part(el, 'return-button')!.click();
      await waitPart(el, 'reason-input');
      part(el, 'return-submit-button')!.click();
      await waitPart(el, 'field-error');
      await v.state('return reason required', el, { main: true });
      const reason = part<HTMLTextAreaElement>(el, 'reason-input')!;
      reason.value = '请注明服药时间';
      reason.dispatchEvent(new Event('input', { bubbles: true }));
      part(el, 'return-submit-button')!.click();
      await waitPart(el, 'message');
      await v.state('returned', el);
    },
  },
  {
    element,
    name: 'a pharmacist without the qualification to review',
    async run(v) {
      v.api.db.practitioner = practitionerOf({ standing: 'no_permission', practitioner: { ...practitionerOf().practitioner!, kind: 'pharmacist', name: '孙丽', permission: undefined } });
      v.api.db.prescriptions.push(...reviewQueueOf());
      const el = await v.mount(html`<ih-pharmacist-review></ih-pharmacist-review>`);
      await waitPart(el, 'practitioner-notice');
      await waitParts(el, 'queue-item', 2);
      parts(el, 'queue-item')[0]!.click();
      await waitPart(el, 'signature');
      await v.state('not permitted: a prescription without the controls', el, { main: true });
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty queue',
    run: (v) =>
      visitLoadStates(
        { api: v.api, path: '/api/prescriptions', mount: (token) => v.mount(html`<ih-pharmacist-review></ih-pharmacist-review>`, { token }), empty: () => (v.api.db.prescriptions = []) },
        (el, state) => v.state(state, el),
      ),
  },
];
