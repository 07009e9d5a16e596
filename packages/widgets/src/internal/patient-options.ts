/**
 * Choosing one of the signed-in user's patients (themselves and their family): a list of option
 * buttons with the name, the relation and a minor's badge. The widget keeps the list's load
 * (`listMyPatients`), the chosen id and what choosing does.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Patient } from '@ihkit/core';
import { optionBody } from './option.js';

export interface PatientOptions {
  /** The relation's label, e.g. `msg('relation.child')`. */
  relation: (p: Patient) => string;
  /** The badge of a minor, in the widget's words. */
  minorLabel: string;
  onPick: (p: Patient) => void;
  /** The id of the patient chosen now (marked `aria-current`). */
  current?: string;
  /** Labels the list (an id in the same shadow root). */
  labelledBy?: string;
}

export function patientOptions(items: readonly Patient[], o: PatientOptions): TemplateResult {
  return html`<ul part="option-list" class="options" role="list" aria-labelledby=${o.labelledBy ?? nothing}>
    ${items.map(
      (p) => html`<li>
        <button type="button" part="option patient-option" class="option" data-patient=${p.id} aria-current=${p.id === o.current ? 'true' : nothing} @click=${() => o.onPick(p)}>
          ${optionBody(html`${p.name}<span part="badge" class="badge">${o.relation(p)}</span>${p.minor ? html`<span part="badge" class="badge minor">${o.minorLabel}</span>` : nothing}`)}
        </button>
      </li>`,
    )}
  </ul>`;
}
