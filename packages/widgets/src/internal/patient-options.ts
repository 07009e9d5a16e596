/**
 * Choosing one of the signed-in user's patients (themselves and their family): a list of option
 * buttons with the name, the relation and a minor's badge. A family member whose link is still
 * pending (they have not agreed yet) is listed as pending and cannot be chosen. The widget keeps
 * the list's load (`listMyPatients`), the chosen id and what choosing does.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
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
  /** The badge and the line of a pending family member, in the widget's words (`pendingLabels(msg)`). */
  pending: PendingLabels;
}

export interface PendingLabels {
  label: string;
  hint: string;
}

/** The common words for a pending family member. */
export function pendingLabels(msg: (key: 'common.patients.pending' | 'common.patients.pendingHint') => string): PendingLabels {
  return { label: msg('common.patients.pending'), hint: msg('common.patients.pendingHint') };
}

/** Whether the user may act for the patient now (their link is active), so that they can be chosen. */
export function mayActFor(p: Patient): boolean {
  return p.status === 'active';
}

export function patientOptions(items: readonly Patient[], o: PatientOptions): TemplateResult {
  return html`<ul part="option-list" class="options" role="list" aria-labelledby=${o.labelledBy ?? nothing}>
    ${items.map(
      (p) => html`<li>
        <button
          type="button"
          part="option patient-option"
          class="option ${mayActFor(p) ? '' : 'pending'}"
          data-patient=${p.id}
          aria-current=${p.id === o.current ? 'true' : nothing}
          aria-disabled=${mayActFor(p) ? nothing : 'true'}
          @click=${() => mayActFor(p) && o.onPick(p)}
        >
          ${optionBody(
            html`${p.name}<span part="badge" class="badge">${o.relation(p)}</span>${p.minor ? html`<span part="badge" class="badge minor">${o.minorLabel}</span>` : nothing}${mayActFor(p)
              ? nothing
              : html`<span part="badge" class="badge pending">${o.pending.label}</span>`}`,
            mayActFor(p) ? undefined : o.pending.hint,
          )}
        </button>
      </li>`,
    )}
  </ul>`;
}

/** How a pending family member looks in a list of patients (in the styles of every element that lists them). */
export const pendingPatientStyles = css`
  .option.pending {
    background: var(--_surface);
    cursor: not-allowed;
  }
  .option.pending:hover {
    border-color: var(--_border);
  }
  .badge.pending {
    color: var(--_warning);
  }
`;

/**
 * Loads the patients again when a family link changes anywhere on the page (`<ih-family>`'s
 * events), so that a member who has just agreed can be chosen, and one removed is gone.
 */
export class FamilyChanges implements ReactiveController {
  readonly #on = () => void this.refresh();
  constructor(host: ReactiveControllerHost, private readonly refresh: () => unknown) {
    host.addController(this);
  }
  hostConnected(): void {
    for (const t of FAMILY_EVENTS) document.addEventListener(t, this.#on);
  }
  hostDisconnected(): void {
    for (const t of FAMILY_EVENTS) document.removeEventListener(t, this.#on);
  }
}
const FAMILY_EVENTS = ['ih-family-requested', 'ih-family-linked', 'ih-family-ended'] as const;
