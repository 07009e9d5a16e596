/**
 * The questionnaires on <ih-care-desk>: an alert raised by a response (its questionnaire, score
 * and band, and the safety answer when there is one), each plan's latest scores with their trend,
 * and the questionnaires overdue.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CareAlert, CarePlan, CareQuestionnaireResponse } from '@ihkit/core';
import type { MsgParams, StringKey } from '../internal/localize.js';

type Msg = (key: StringKey, params?: MsgParams) => string;

const score = (r: Pick<CareQuestionnaireResponse, 'score' | 'band'>, msg: Msg) => msg('care.score', { score: r.score, band: msg(`care.band.${r.band}` as StringKey) });

/** The body of an alert raised by a questionnaire response. */
export function responseAlert(a: CareAlert & { response: CareQuestionnaireResponse }, msg: Msg, clock: (iso: string) => string): TemplateResult {
  const r = a.response;
  return html`<p class="alert-title"><strong>${a.patientName ?? a.patientId}</strong> · ${msg(`care.template.${a.templateId}`)} · ${clock(r.authored)}</p>
    <p class="alert-value">${msg(`care.questionnaire.${r.questionnaire}`)}：${score(r, msg)}</p>
    ${r.flags.includes('self-harm') ? html`<p part="safety-flag" class="alert-value">${msg('careDesk.selfHarm')}</p>` : nothing}`;
}

/** "情绪问卷（PHQ-9）: 4 → 14 → 15" for each questionnaire of the plan, or that none is answered yet. */
export function planScores(p: CarePlan, msg: Msg): TemplateResult {
  const tasks = p.questionnaireTasks ?? [];
  if (!tasks.length) return html``;
  return html`${tasks.map(
    (t) => html`<span part="scores" class="scores">${msg(`care.questionnaire.${t.questionnaireId}`)}：${t.scores.length ? t.scores.join(' → ') : msg('careDesk.noScores')}</span>`,
  )}`;
}

/** The plan's overdue questionnaires in words, if any. */
export function overdueQuestionnaires(p: CarePlan, msg: Msg): string | undefined {
  const overdue = (p.questionnaireTasks ?? []).filter((t) => t.missedSince);
  return overdue.length ? msg('careDesk.status.questionnaires', { items: overdue.map((t) => msg(`care.questionnaire.${t.questionnaireId}`)).join('、') }) : undefined;
}
