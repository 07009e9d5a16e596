/**
 * The lab tab's list of reports and the badges and table parts the reports' views share, as
 * functions of what they show. The behaviour is the element's (reports.component.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ImagingReport, LabReport } from '@ihkit/core';
import { iconAlert } from '../internal/icons.js';
import type { LocalizeController, StringKey } from '../internal/localize.js';
import { optionBody } from '../internal/option.js';
import { reportSeverity } from './lab-results.js';

/** A table's header row. */
export function tableHead(l10n: LocalizeController, ...columns: StringKey[]): TemplateResult {
  return html`<thead>
    <tr>
      ${columns.map((c) => html`<th scope="col">${l10n.msg(c)}</th>`)}
    </tr>
  </thead>`;
}

/** 危急 or 异常 on a report with such a result. */
export function renderSeverityBadge(r: LabReport, l10n: LocalizeController): TemplateResult | typeof nothing {
  const s = reportSeverity(r);
  if (s === 'normal') return nothing;
  return html`<span part="badge badge-${s}" class="badge ${s}">${s === 'critical' ? iconAlert : nothing}${l10n.msg(s === 'critical' ? 'reports.lab.critical' : 'reports.lab.abnormal')}</span>`;
}

/** A lab or imaging report's status unless it is final. */
export function renderStatusBadge(status: LabReport['status'] | ImagingReport['status'], l10n: LocalizeController): TemplateResult | typeof nothing {
  return status === 'final' ? nothing : html`<span part="badge badge-status" class="badge status-${status}">${l10n.msg(`reports.status.${status}`)}</span>`;
}

/** When the sample was taken, or else when the report was issued. */
export function reportWhen(r: LabReport, l10n: LocalizeController): string {
  return r.collectedAt ? l10n.msg('reports.lab.collected', { date: l10n.date(r.collectedAt, true) }) : l10n.msg('reports.lab.issued', { date: l10n.date(r.issuedAt, true) });
}

/** The patient's lab reports, newest first, each a button that opens it. */
export function renderReportList(reports: LabReport[], l10n: LocalizeController, open: (id: string) => void): TemplateResult {
  return html`<ul part="option-list" class="options" role="list">
    ${repeat(
      reports,
      (r) => r.id, // a new report comes in above: each button (and focus) stays with its report
      (r) => html`<li>
        <button type="button" part="option report" class="option" data-report=${r.id} @click=${() => open(r.id)}>
          ${optionBody(
            html`${l10n.pick(r.title, r.titleEn)}${renderSeverityBadge(r, l10n)}${renderStatusBadge(r.status, l10n)}`,
            reportWhen(r, l10n),
          )}
        </button>
      </li>`,
    )}
  </ul>`;
}
