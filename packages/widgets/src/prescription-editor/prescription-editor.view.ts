/**
 * How the prescription editor looks, as functions of its state: the drug search, a drug's row,
 * the prescription's options, and a signed or returned prescription. The behaviour is the
 * element's (prescription-editor.component.ts) and the search's (drug-search.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { drugControlOf, hasBlockingFinding, prescribableOnline, type Allergy, type Drug, type Finding, type Frequency, type Prescription, type PrescriptionRules } from '@ihkit/core';
import { iconCheck } from '../internal/icons.js';
import type { LocalizeController } from '../internal/localize.js';
import { dateTime, drugName, findingItemNames, renderAllergies, renderFindings, renderItemsTable, renderRxStatus, renderSignature } from '../prescription/prescription-facts.js';
import type { DrugSearch } from './drug-search.js';

export const FREQUENCIES: readonly Frequency[] = ['qd', 'bid', 'tid', 'qid', 'qn', 'q12h', 'q8h'];

/** What a row needs of its drug (a revised prescription's items carry no catalog entry). */
export type RowDrug = Pick<Drug, 'id' | 'name' | 'nameEn' | 'strength' | 'doseUnit'> & Partial<Pick<Drug, 'control' | 'price'>>;

/** One drug being prescribed, as the doctor types it (numbers still as text). */
export interface EditorRow {
  key: number;
  drug: RowDrug;
  dose: string;
  frequency: Frequency;
  days: string;
  note: string;
}

export const doseValid = (r: EditorRow) => Number(r.dose) > 0 && Number(r.dose) <= 100000;
export const daysValid = (r: EditorRow) => Number.isInteger(Number(r.days)) && Number(r.days) >= 1 && Number(r.days) <= 365 && r.days.trim() !== '';

/** The weight is optional; given, it is between 0 and 400 kg. */
export function weightValid(weight: string): boolean {
  if (!weight.trim()) return true;
  const w = Number(weight);
  return w > 0 && w <= 400;
}

/** The prescription's options as the doctor sets them (the weight still as text). */
export interface DraftOptions {
  urgent: boolean;
  chronic: boolean;
  longSupplyReason: string;
  weight: string;
  guardianPresent: boolean;
  validDays: number;
}

/** Which options apply to this patient, and the gateway's limits. */
export interface ShownOptions {
  rules: Pick<PrescriptionRules, 'urgentMaxDays' | 'maxValidDays'>;
  guardian: boolean;
  weight: boolean;
}

/** What a finding's text needs: the unit of each item's dose, and the patient's allergies. */
export interface FindingContext {
  unitOf: (i: number) => string | undefined;
  allergies?: readonly Allergy[];
}

export interface RowEvents {
  edit: (change: Partial<EditorRow>) => void;
  remove: () => void;
}

/** The drug search: a combobox and its list of matches. */
export function renderSearch(search: DrugSearch, full: boolean, maxItems: number, l10n: LocalizeController, take: (drug: Drug) => void): TemplateResult {
  const open = search.listOpen && !full;
  const active = open && search.activeIndex >= 0 ? `drug-${search.activeIndex}` : undefined;
  return html`<div part="search" class="field search">
    <label for="drug-search">${l10n.msg('rxEditor.search.label')}</label>
    <input
      id="drug-search"
      part="search-input"
      type="text"
      role="combobox"
      autocomplete="off"
      aria-autocomplete="list"
      aria-controls="drug-results"
      aria-expanded=${open ? 'true' : 'false'}
      aria-activedescendant=${active ?? nothing}
      aria-describedby="search-hint"
      placeholder=${l10n.msg('rxEditor.search.placeholder')}
      maxlength="40"
      ?disabled=${full}
      .value=${search.query}
      @input=${(e: Event) => search.input((e.target as HTMLInputElement).value)}
      @keydown=${(e: KeyboardEvent) => search.key(e)}
      @blur=${() => search.close()}
    />
    <p id="search-hint" class="muted">${full ? l10n.msg('rxEditor.search.max', { max: maxItems }) : l10n.msg('rxEditor.search.hint')}</p>
    <ul id="drug-results" part="search-results" class="results" role="listbox" aria-label=${l10n.msg('rxEditor.search.label')} ?hidden=${!open || !search.results.length}>
      ${search.results.map(
        (d, i) => html`<li
          id="drug-${i}"
          part="search-option"
          class="result ${i === search.activeIndex ? 'active' : ''}"
          role="option"
          aria-selected=${i === search.activeIndex ? 'true' : 'false'}
          @mousedown=${(e: Event) => e.preventDefault()}
          @click=${() => take(d)}
        >
          <span class="result-name">${drugName(d, l10n)} <span class="muted">${d.strength}</span></span>
          ${controlBadge(d.control, l10n)}
          <span class="result-price">${l10n.money(d.price)}</span>
        </li>`,
      )}
    </ul>
    <p class="visually-hidden" role="status">
      ${open && !search.searching ? (search.results.length ? l10n.msg('rxEditor.search.results', { count: search.results.length }) : l10n.msg('rxEditor.search.empty')) : ''}
    </p>
    ${open && !search.searching && !search.results.length ? html`<p class="muted" aria-hidden="true">${l10n.msg('rxEditor.search.empty')}</p>` : nothing}
  </div>`;
}


/** One drug being prescribed: its dose, frequency, days and note, with what the check found about it. */
export function renderRow(r: EditorRow, i: number, findings: Finding[], ctx: FindingContext, l10n: LocalizeController, on: RowEvents): TemplateResult {
  const id = `row-${r.key}`;
  const name = drugName(r.drug, l10n);
  const badDose = !doseValid(r);
  const badDays = !daysValid(r);
  const worst = hasBlockingFinding(findings) ? 'has-error' : findings.length ? 'has-warning' : '';
  return html`<li part="item" class="row-item ${worst}" data-index=${i} aria-labelledby="${id}-name">
    <div class="row-head">
      <span id="${id}-name" class="drug-name">${name} <span class="muted">${r.drug.strength}</span></span>
      ${r.drug.control ? controlBadge(r.drug.control, l10n) : nothing}
      <button type="button" part="item-remove-button" class="button link" aria-label=${l10n.msg('rxEditor.item.removeLabel', { name })} @click=${on.remove}>
        ${l10n.msg('rxEditor.item.remove')}
      </button>
    </div>
    <div class="row">
      <div class="field">
        <label for="${id}-dose">${l10n.msg('rxEditor.item.dose', { unit: r.drug.doseUnit })}</label>
        <input
          id="${id}-dose"
          part="dose-input"
          type="number"
          inputmode="decimal"
          min="0"
          step="any"
          aria-invalid=${badDose ? 'true' : 'false'}
          aria-describedby=${badDose ? `${id}-dose-error` : nothing}
          .value=${r.dose}
          @input=${(e: Event) => on.edit({ dose: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="field">
        <label for="${id}-freq">${l10n.msg('rxEditor.item.frequency')}</label>
        <select id="${id}-freq" part="frequency-select" @change=${(e: Event) => on.edit({ frequency: (e.target as HTMLSelectElement).value as Frequency })}>
          ${FREQUENCIES.map((f) => html`<option value=${f} ?selected=${f === r.frequency}>${l10n.msg(`rx.freq.${f}`)} (${f})</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="${id}-days">${l10n.msg('rxEditor.item.days')}</label>
        <input
          id="${id}-days"
          part="days-input"
          type="number"
          inputmode="numeric"
          min="1"
          max="365"
          step="1"
          aria-invalid=${badDays ? 'true' : 'false'}
          aria-describedby=${badDays ? `${id}-days-error` : nothing}
          .value=${r.days}
          @input=${(e: Event) => on.edit({ days: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="field grow">
        <label for="${id}-note">${l10n.msg('rxEditor.item.note')}</label>
        <input id="${id}-note" part="note-input" type="text" maxlength="200" .value=${r.note} @input=${(e: Event) => on.edit({ note: (e.target as HTMLInputElement).value })} />
      </div>
    </div>
    ${badDose ? html`<p id="${id}-dose-error" part="field-error" class="field-error">${l10n.msg('rxEditor.item.doseInvalid')}</p>` : nothing}
    ${badDays ? html`<p id="${id}-days-error" part="field-error" class="field-error">${l10n.msg('rxEditor.item.daysInvalid')}</p>` : nothing}
    ${findings.length ? renderFindings(findings, l10n, ctx) : nothing}
  </li>`;
}


/** Urgent, chronic (with its reason), the guardian's presence, the weight and the validity. */
export function renderOptions(o: DraftOptions, shown: ShownOptions, l10n: LocalizeController, set: (change: Partial<DraftOptions>) => void): TemplateResult {
  const weightBad = !weightValid(o.weight);
  return html`<fieldset part="options" class="options-box">
    <legend class="visually-hidden">${l10n.msg('rx.kind')}</legend>
    <div class="row">
      <label class="check">
        <input type="checkbox" .checked=${o.urgent} @change=${(e: Event) => set({ urgent: (e.target as HTMLInputElement).checked })} />
        ${l10n.msg('rxEditor.urgent', { days: shown.rules.urgentMaxDays })}
      </label>
      <label class="check">
        <input type="checkbox" .checked=${o.chronic} @change=${(e: Event) => set({ chronic: (e.target as HTMLInputElement).checked })} />
        ${l10n.msg('rxEditor.chronic')}
      </label>
      ${shown.guardian
        ? html`<label class="check">
            <input type="checkbox" .checked=${o.guardianPresent} @change=${(e: Event) => set({ guardianPresent: (e.target as HTMLInputElement).checked })} />
            ${l10n.msg('rxEditor.guardian')}
          </label>`
        : nothing}
    </div>
    ${o.chronic
      ? html`<div class="field">
          <label for="long-reason">${l10n.msg('rxEditor.longSupplyReason')}</label>
          <textarea id="long-reason" part="reason-input" rows="2" maxlength="500" .value=${o.longSupplyReason} @input=${(e: Event) => set({ longSupplyReason: (e.target as HTMLTextAreaElement).value })}></textarea>
        </div>`
      : nothing}
    <div class="row">
      ${shown.weight || o.weight ? renderWeight(o.weight, weightBad, l10n, set) : nothing}
      <div class="field">
        <label for="valid-days">${l10n.msg('rxEditor.validDays')}</label>
        <select id="valid-days" part="valid-days-select" @change=${(e: Event) => (o.validDays = Number((e.target as HTMLSelectElement).value))}>
          ${Array.from({ length: shown.rules.maxValidDays }, (_, i) => i + 1).map(
            (d) => html`<option value=${d} ?selected=${d === o.validDays}>${l10n.msg('rxEditor.validDays.option', { days: d })}</option>`,
          )}
        </select>
      </div>
    </div>
  </fieldset>`;
}

function renderWeight(weight: string, weightBad: boolean, l10n: LocalizeController, set: (change: Partial<DraftOptions>) => void): TemplateResult {
  return html`<div class="field">
        <label for="weight">${l10n.msg('rxEditor.weight')}</label>
        <input
          id="weight"
          part="weight-input"
          type="number"
          inputmode="decimal"
          min="0"
          max="400"
          step="any"
          aria-invalid=${weightBad ? 'true' : 'false'}
          aria-describedby=${weightBad ? 'weight-hint weight-error' : 'weight-hint'}
          .value=${weight}
          @input=${(e: Event) => set({ weight: (e.target as HTMLInputElement).value })}
        />
        <p id="weight-hint" class="muted">${l10n.msg('rxEditor.weightHint')}</p>
        ${weightBad ? html`<p id="weight-error" part="field-error" class="field-error">${l10n.msg('rxEditor.weightInvalid')}</p>` : nothing}
      </div>`;
}

/** A signed prescription: its status, items, findings and signature, and a way to write a new one. */
export function renderSummary(p: Prescription, message: string | undefined, level: number, l10n: LocalizeController, startNew: () => void): TemplateResult {
  return html`<div part="summary" class="summary" tabindex="-1">
      ${message ? html`<p class="message-line" role="status">${iconCheck} ${message}</p>` : nothing}
      <div class="subheading" role="heading" aria-level=${level}>${l10n.msg('rxEditor.current')} ${renderRxStatus(p, l10n)}</div>
      <p class="muted">${l10n.msg('rx.numberLine', { number: p.number })} · ${l10n.msg('rx.version', { version: p.version })} · ${l10n.msg('rx.issuedAt')} ${dateTime(p.issuedAt, l10n)}</p>
      ${renderItemsTable(p.items, p.total, l10n, l10n.msg('rxEditor.items'))}
      ${p.findings.length ? renderFindings(p.findings, l10n, { unitOf: (i) => p.items[i]?.doseUnit, allergies: p.allergies, label: (f) => findingItemNames(f, p.items, l10n) }) : nothing}
      ${renderSignature(p.signature, l10n)}
    </div>
    <div class="actions">
      <button type="button" part="new-button" class="button link" @click=${startNew}>${l10n.msg('rxEditor.new')}</button>
    </div>`;
}

/** A prescription the pharmacist returned: their reason, and a way to revise it. */
export function renderReturned(p: Prescription, l10n: LocalizeController, revise: () => void): TemplateResult {
  return html`<div part="returned" class="panel returned" role="group" aria-labelledby="returned-title">
      <p id="returned-title" class="subheading">${l10n.msg('rxEditor.returned')} ${renderRxStatus(p, l10n)}</p>
      <dl class="facts">
        <dt>${l10n.msg('rx.review.reason')}</dt>
        <dd part="return-reason">${p.review?.reason ?? l10n.msg('common.unknown')}</dd>
        ${p.review ? html`<dt>${l10n.msg('rx.review.by')}</dt><dd>${p.review.pharmacistName} · ${dateTime(p.review.at, l10n)}</dd>` : nothing}
      </dl>
      <div class="actions">
        <button type="button" part="revise-button" class="button primary" @click=${revise}>${l10n.msg('rxEditor.revise')}</button>
      </div>
      ${renderItemsTable(p.items, p.total, l10n, l10n.msg('rxEditor.items'))}
    </div>
    ${renderAllergies(p.allergies, l10n)}`;
}

/** The badge of a drug that cannot be prescribed online: controlled, or of a control class the HIS has not recorded (which counts as controlled). */
function controlBadge(control: Drug['control'], l10n: LocalizeController): TemplateResult | typeof nothing {
  if (prescribableOnline(control)) return nothing;
  return html`<span part="controlled-badge" class="badge controlled">${l10n.msg(drugControlOf(control) === 'unknown' ? 'rxEditor.controlUnknown' : 'rxEditor.controlled')}</span>`;
}
