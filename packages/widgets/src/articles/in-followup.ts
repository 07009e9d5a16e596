/**
 * The reading list of <ih-followup>'s plan: an <ih-articles> for the plan, made here in the
 * articles chunk (with the vendor's tag prefix), so that the follow-up chunk carries only the
 * import of it.
 */
import { tagName } from '../internal/define.js';
import type { IhArticles } from './articles.component.js';
import './articles.js';

export function articlesInFollowup(planId: string, headingLevel: number): HTMLElement {
  const el = document.createElement(tagName('articles')) as IhArticles;
  el.setAttribute('part', 'articles');
  el.classList.add('articles');
  el.embedded = true;
  el.plan = planId;
  el.headingLevel = headingLevel;
  return el;
}
