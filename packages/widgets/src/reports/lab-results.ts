/**
 * How lab results are shown (`<ih-reports>`, and the desk's critical-value alerts): the arrow of each interpretation (next to its words, so
 * the flag never rests on colour alone) and a report's worst result. The severity rule and the
 * reference range as text are @ihkit/core's (`interpretationSeverity`, `referenceRangeText`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { interpretationSeverity, type Interpretation, type InterpretationSeverity, type LabReport } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

/** The arrow shown before a flag's words (none for A / AA, which have no direction). */
export const FLAG_ARROWS: Record<Interpretation, string> = { N: '', H: '↑', L: '↓', HH: '↑↑', LL: '↓↓', A: '', AA: '' };

/** The interpretations that carry a flag in the results table (all but normal). */
export type FlaggedInterpretation = Exclude<Interpretation, 'N'>;

export function isFlagged(i: Interpretation | undefined): i is FlaggedInterpretation {
  return i !== undefined && i !== 'N';
}

/** A result's flag: arrow and words (`reports.flag.*`, so the element needs the reports strings). */
export function renderFlag(i: FlaggedInterpretation, l10n: LocalizeController): TemplateResult {
  const arrow = FLAG_ARROWS[i];
  return html`<span part="flag" class="flag ${interpretationSeverity(i)}">${arrow ? html`<span aria-hidden="true">${arrow}</span> ` : nothing}${l10n.msg(`reports.flag.${i}`)}</span>`;
}

const RANK: Record<InterpretationSeverity, number> = { normal: 0, abnormal: 1, critical: 2 };

/** The most serious severity among a report's results. */
export function reportSeverity(report: Pick<LabReport, 'observations'>): InterpretationSeverity {
  let worst: InterpretationSeverity = 'normal';
  for (const o of report.observations) {
    const s = interpretationSeverity(o.interpretation);
    if (RANK[s] > RANK[worst]) worst = s;
  }
  return worst;
}

/** Newest first (by issue time). */
export function sortReports(reports: readonly LabReport[]): LabReport[] {
  return [...reports].sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
}
