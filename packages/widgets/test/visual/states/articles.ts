/**
 * <ih-articles>: the published articles with the filter by condition, an article with a picture
 * wider than the screen and a table, a plan's reading list (one unread), and the load states;
 * the care desk's reading list with receipts is in followup.ts's journey of the desk.
 */
import { html } from 'lit';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/articles/articles.js';
import type { Journey } from '../visit.js';
import { clickPart, waitPart, waitParts } from './query.js';

export const articlesJourneys: Journey[] = [
  {
    element: 'ih-articles',
    name: 'the list with its filter, an article with a picture',
    async run(v) {
      const el = await v.mount(html`<ih-articles></ih-articles>`);
      await waitParts(el, 'option', 2);
      await v.state('the articles', el, { main: true });
      await clickPart(el, 'option');
      const body = await waitPart(el, 'article');
      const img = body.querySelector('img')!;
      await new Promise<void>((resolve) => (img.complete ? resolve() : img.addEventListener('load', () => resolve(), { once: true })));
      await v.state('an article', el, { main: true });
    },
  },
  {
    element: 'ih-articles',
    name: 'a plan’s reading list',
    async run(v) {
      const el = await v.mount(html`<ih-articles plan="plan_htn"></ih-articles>`);
      await waitParts(el, 'option-unread', 1);
      await v.state('unread first', el);
    },
  },
  {
    element: 'ih-articles',
    name: 'loading, signed out, load error, nothing assigned',
    run(v) {
      return visitLoadStates({ api: v.api, path: '/api/care/plans/:id/articles', mount: (token) => v.mount(html`<ih-articles plan="plan_htn"></ih-articles>`, { token }), empty: () => (v.api.db.planArticles = []) }, (el, state) => v.state(state, el));
    },
  },
];
