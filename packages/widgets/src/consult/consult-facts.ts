import { html, nothing, type TemplateResult } from 'lit';
import type { Consult } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

/** The status badge of a consult (part `status status-<state>`). */
export function renderConsultStatus(c: Pick<Consult, 'status'>, l10n: LocalizeController): TemplateResult {
  return html`<span part="status status-${c.status}" class="status ${c.status}">${l10n.msg(`consult.status.${c.status}`)}</span>`;
}

/** "Hypertension (diagnosed May 12)". */
export function conditionLine(c: Pick<Consult, 'condition'>, l10n: LocalizeController): string {
  return l10n.msg('consult.condition', { name: c.condition.name, date: l10n.calendarDate(c.condition.date, { year: 'numeric', month: 'long', day: 'numeric' }) });
}

/** "Zhang Xiaobao · Female · 8 years", and the guardian line for a minor. */
export function renderPatientLines(c: Pick<Consult, 'patient' | 'guardian'>, l10n: LocalizeController): TemplateResult {
  const p = c.patient;
  return html`<p part="patient" class="patient-line">${l10n.msg('consult.patientLine', { name: p.name, gender: l10n.msg(`consult.gender.${p.gender}`), age: p.age })}</p>
    ${c.guardian
      ? html`<p part="guardian" class="guardian-line">${l10n.msg('consult.guardian', { name: c.guardian.name, relation: l10n.msg(`relation.${c.guardian.relation}`) })}</p>`
      : nothing}`;
}
