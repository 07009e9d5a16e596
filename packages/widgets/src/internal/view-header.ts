/**
 * The header every widget view starts with: a back button when there is somewhere to go back
 * to, the heading (focusable, so a view change can move focus to it) at the host page's
 * level, and room for a widget's own button after it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { iconBack } from './icons.js';

export interface ViewHeaderOptions {
  heading: unknown;
  level: number;
  /** The back button's label and action; none: no back button. */
  back?: { label: string; onClick: () => void };
  /** Anything after the heading, e.g. a refresh button. */
  end?: unknown;
}

export function viewHeader(o: ViewHeaderOptions): TemplateResult {
  return html`<div part="header" class="header">
    ${o.back ? html`<button type="button" part="back-button" class="button link back" @click=${o.back.onClick}>${iconBack}<span>${o.back.label}</span></button>` : nothing}
    <div part="heading" class="heading" role="heading" aria-level=${o.level} tabindex="-1">${o.heading}</div>
    ${o.end ?? nothing}
  </div>`;
}
