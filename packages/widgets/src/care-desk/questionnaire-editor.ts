/**
 * The questionnaires part of the care desk's plan editor (plan-editor.ts): which standard scales
 * the plan asks for, how often, and the score at which one alerts the team (a safety answer
 * alerts whatever it is).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CareQuestionnaireId, CareQuestionnaireSchedule } from '@ihkit/core';
import type { StringKey } from '../internal/localize.js';

const QUESTIONNAIRES: readonly CareQuestionnaireId[] = ['phq-9', 'gad-7'];
const EVERY: readonly number[] = [14, 28, 56, 84];
/** The limit a scale gets when added: where moderately severe (PHQ-9) or severe (GAD-7) starts. */
const DEFAULT_ALERT: Record<CareQuestionnaireId, number> = { 'phq-9': 15, 'gad-7': 15 };

export function questionnaireEditor(schedules: CareQuestionnaireSchedule[], msg: (k: StringKey, p?: Record<string, string | number>) => string, changed: () => void): TemplateResult {
  return html`<fieldset part="questionnaires" class="threshold">
    <legend>${msg('careDesk.edit.questionnaires')}</legend>
    ${QUESTIONNAIRES.map((id) => {
      const name = msg(`care.questionnaire.${id}`);
      const s = schedules.find((x) => x.questionnaireId === id);
      return html`<div class="edit-grid">
        <label class="field check">
          <input type="checkbox" part="questionnaire-toggle" data-questionnaire=${id} .checked=${!!s}
            @change=${(e: Event) => {
              const i = schedules.findIndex((x) => x.questionnaireId === id);
              if ((e.target as HTMLInputElement).checked && i < 0) schedules.push({ questionnaireId: id, everyDays: 28, alertAtScore: DEFAULT_ALERT[id] });
              if (!(e.target as HTMLInputElement).checked && i >= 0) schedules.splice(i, 1);
              changed();
            }} />
          ${name}
        </label>
        ${s
          ? html`<div class="field">
                <label for="q-every-${id}">${msg('careDesk.edit.qEvery', { name })}</label>
                <select id="q-every-${id}" part="every-select" class="field-select" @change=${(e: Event) => { s.everyDays = Number((e.target as HTMLSelectElement).value); changed(); }}>
                  ${[...new Set([...EVERY, s.everyDays])].sort((a, b) => a - b).map((d) => html`<option value=${d} ?selected=${d === s.everyDays}>${d}</option>`)}
                </select>
              </div>
              <div class="field">
                <label for="q-alert-${id}">${msg('careDesk.edit.qAlert', { name })}</label>
                <input id="q-alert-${id}" part="input" type="number" inputmode="numeric" min="1" max="100" .value=${s.alertAtScore === undefined ? '' : String(s.alertAtScore)}
                  @input=${(e: Event) => { const v = (e.target as HTMLInputElement).value.trim(); if (v === '') delete s.alertAtScore; else s.alertAtScore = Number(v); changed(); }} />
              </div>`
          : nothing}
      </div>`;
    })}
  </fieldset>`;
}
