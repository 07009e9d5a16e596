/**
 * The care desk's editor of a running plan: how often each reading is taken, each metric's target
 * and alert limits, the revisit interval; and ending the plan with its reason. Rendered by
 * <ih-care-desk>, which holds the draft and sends it (changeCarePlan, endCarePlan).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CareMeasure, CarePlan, CarePlanEndReason, CareQuestionnaireSchedule, CareThreshold } from '@ihkit/core';
import type { StringKey } from '../internal/localize.js';
import { itemName } from '../followup/reading-text.js';
import { questionnaireEditor } from './questionnaire-editor.js';

export const END_REASONS: readonly CarePlanEndReason[] = ['goal-met', 'transferred', 'declined', 'deceased', 'other'];
const EVERY: readonly number[] = [1, 2, 3, 7, 14, 30];
const LIMITS = ['targetLow', 'targetHigh', 'alertLow', 'alertHigh'] as const;

/** What the care team is changing. */
export interface PlanDraft {
  planId: string;
  version: number;
  measures: CareMeasure[];
  thresholds: CareThreshold[];
  revisitEveryDays: number;
  questionnaires: CareQuestionnaireSchedule[];
  endReason: CarePlanEndReason;
  /** The end asked for once: the next press ends it. */
  confirmingEnd: boolean;
}

export const draftOf = (p: CarePlan): PlanDraft => ({
  planId: p.id, version: p.version, measures: p.measures.map((m) => ({ ...m })), thresholds: p.thresholds.map((t) => ({ ...t })),
  revisitEveryDays: p.revisitEveryDays, questionnaires: (p.questionnaires ?? []).map((q) => ({ ...q })), endReason: 'goal-met', confirmingEnd: false,
});

export interface PlanEditorView {
  plan: CarePlan;
  draft: PlanDraft;
  busy: boolean;
  /** What the last save or end said: invalid, saved, ended, or a failure's message. */
  note?: { kind: 'error' | 'done'; text: string } | undefined;
  msg: (k: StringKey, p?: Record<string, string | number>) => string;
  /** The draft changed (re-render). */
  changed: () => void;
  save: (e: Event) => void;
  end: () => void;
  close: () => void;
}

const num = (e: Event): number | undefined => {
  const v = (e.target as HTMLInputElement).value.trim();
  return v === '' ? undefined : Number(v);
};

export function planEditor(v: PlanEditorView): TemplateResult {
  const { plan, draft, msg } = v;
  const name = plan.patientName ?? plan.patientId;
  const limitLabel = (limit: (typeof LIMITS)[number], t: CareThreshold) =>
    `${msg(`care.metric.${t.metric}`)} · ${msg(limit.endsWith('Low') ? 'careDesk.edit.low' : 'careDesk.edit.high', { what: msg(limit.startsWith('target') ? 'careDesk.edit.target' : 'careDesk.edit.alert') })} (${t.unit})`;
  return html`<form part="plan-editor" class="panel" novalidate aria-labelledby="edit-heading" @submit=${v.save}>
    <h4 class="subheading" id="edit-heading" tabindex="-1">${msg('careDesk.edit.heading', { name, plan: msg(`care.template.${plan.templateId}`) })}</h4>
    <div class="edit-grid">
      ${draft.measures.map(
        (m, i) => html`<div class="field">
          <label for="every-${i}">${msg('careDesk.edit.every', { item: itemName(m, msg) })}</label>
          <select id="every-${i}" part="every-select" class="field-select" @change=${(e: Event) => { m.everyDays = Number((e.target as HTMLSelectElement).value); v.changed(); }}>
            ${[...new Set([...EVERY, m.everyDays])].sort((a, b) => a - b).map((d) => html`<option value=${d} ?selected=${d === m.everyDays}>${d}</option>`)}
          </select>
        </div>`,
      )}
      <div class="field">
        <label for="revisit">${msg('careDesk.edit.revisit')}</label>
        <input id="revisit" part="input" type="number" inputmode="numeric" min="1" max="365" .value=${String(draft.revisitEveryDays)} @input=${(e: Event) => { draft.revisitEveryDays = num(e) ?? 0; v.changed(); }} />
      </div>
    </div>
    ${draft.thresholds.map(
      (t, i) => html`<fieldset part="threshold" class="threshold">
        <legend>${msg(`care.metric.${t.metric}`)} (${t.unit})</legend>
        <div class="edit-grid">
          ${LIMITS.map(
            (limit) => html`<div class="field">
              <label for="t-${i}-${limit}">${limitLabel(limit, t)}</label>
              <input id="t-${i}-${limit}" part="input limit-input" type="number" inputmode="decimal" step="any" min="0" max="500" .value=${t[limit] === undefined ? '' : String(t[limit])}
                @input=${(e: Event) => { const n = num(e); if (n === undefined) delete t[limit]; else t[limit] = n; v.changed(); }} />
            </div>`,
          )}
        </div>
      </fieldset>`,
    )}
    ${questionnaireEditor(draft.questionnaires, msg, v.changed)}
    ${v.note ? html`<p part=${v.note.kind === 'error' ? 'field-error' : 'edit-done'} class=${v.note.kind === 'error' ? 'field-error' : 'message-line'} role=${v.note.kind === 'error' ? 'alert' : 'status'}>${v.note.text}</p>` : nothing}
    <div class="actions">
      <button type="submit" part="save-button" class="button primary" aria-disabled=${v.busy ? 'true' : 'false'}>${msg('careDesk.edit.save')}</button>
      <button type="button" part="close-button" class="button" @click=${v.close}>${msg('careDesk.edit.close')}</button>
    </div>
    <div class="end-row">
      <div class="field">
        <label for="end-reason">${msg('careDesk.end.reason')}</label>
        <select id="end-reason" part="end-reason" class="field-select" @change=${(e: Event) => { draft.endReason = (e.target as HTMLSelectElement).value as CarePlanEndReason; v.changed(); }}>
          ${END_REASONS.map((r) => html`<option value=${r} ?selected=${r === draft.endReason}>${msg(`careDesk.end.reason.${r}`)}</option>`)}
        </select>
      </div>
      <button type="button" part="end-button" class="button danger" aria-disabled=${v.busy ? 'true' : 'false'} @click=${v.end}>
        ${draft.confirmingEnd ? msg('careDesk.end.confirm', { name }) : msg('careDesk.end')}
      </button>
    </div>
  </form>`;
}
