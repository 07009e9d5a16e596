/**
 * The inside of an option button in the widgets' lists (departments, conditions, queues,
 * prescriptions): a title line, sub lines under it, and the chevron saying it opens. The
 * button itself stays with its widget, which knows its part, data and action.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { iconChevron } from './icons.js';

export function optionBody(title: unknown, ...subs: unknown[]): TemplateResult {
  return html`<span class="option-main">
      <span class="option-title">${title}</span>
      ${subs.map((s) => (s === undefined || s === nothing || s === '' ? nothing : html`<span class="option-sub">${s}</span>`))}
    </span>
    <span class="chevron">${iconChevron}</span>`;
}
