/**
 * <ih-pharmacist-review>: the queue, a prescription with everything a pharmacist checks, a
 * refused approval, the return form with its error, after deciding, a pharmacist without the
 * qualification to review, and its load states.
 */
import { html } from 'lit';
import { http, HttpResponse, practitionerOf, reviewQueueOf } from '../../mock-api.js';
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
      // The gateway answers 202 at once; the request waits for the pharmacist's phone until the
      // test ends it, failed: the prescription ran out of validity meanwhile.
      let ended = false;
      const request = () => ({
        id: 'sig_v', state: ended ? 'failed' : 'pending', kind: 'review', prescriptionId: 'rx_old', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 95_000).toISOString(),
        ...(ended ? { outcome: { code: 'PRESCRIPTION_EXPIRED' } } : {}),
      });
      v.api.use(
        http.post('/api/prescriptions/:id/approve', () => HttpResponse.json(request(), { status: 202, headers: { location: 'signature-requests/sig_v' } })),
        http.get('/api/signature-requests/sig_v', () => HttpResponse.json(request())),
      );
      const el = await v.mount(html`<ih-pharmacist-review></ih-pharmacist-review>`);
      await waitParts(el, 'queue-item', 2);
      await v.state('queue', el, { main: true });
      parts(el, 'queue-item')[0]!.click();
      await waitPart(el, 'decision');
      await v.state('a prescription to review', el, { main: true });
      part(el, 'approve-button')!.click();
      await waitPart(el, 'sign-time-left');
      await v.state('waiting for the pharmacist to confirm on their phone', el, { main: true });
      ended = true;
      await waitPart(el, 'action-error');
      await v.state('approval refused', el);
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
