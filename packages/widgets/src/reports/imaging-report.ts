/**
 * The radiologist's report of an imaging study as `<ih-reports>` shows it, above the study's
 * images: 检查所见 (findings) and 诊断意见 (impression) in the hospital's own words and line
 * breaks, who reported and verified it and when; a preliminary or amended report says so, and a
 * study without one says plainly that it is not issued yet (the images can be viewed before).
 * Labels are the element's strings (`reports.imaging.*`); the text is the hospital's.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ImagingReport } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

/** A report that is not final carries a note saying what that means for the reader. */
const STATUS_NOTES = { preliminary: 'reports.imaging.preliminaryNote', amended: 'reports.imaging.amendedNote' } as const;

export function renderImagingReport(report: ImagingReport | undefined, l10n: LocalizeController): TemplateResult {
  if (!report) {
    return html`<div part="report-pending" class="report-pending" role="note">
      <p class="report-pending-title">${l10n.msg('reports.imaging.pending')}</p>
      <p class="muted">${l10n.msg('reports.imaging.pendingHint')}</p>
    </div>`;
  }
  const note = report.status === 'final' ? undefined : STATUS_NOTES[report.status];
  const signature = [
    report.reporter && l10n.msg('reports.imaging.reporter', { name: report.reporter }),
    report.verifier && l10n.msg('reports.imaging.verifier', { name: report.verifier }),
    report.issuedAt && l10n.msg('reports.imaging.issued', { date: `${l10n.date(report.issuedAt, true)} ${l10n.time(report.issuedAt)}` }),
  ].filter(Boolean);
  return html`<div part="imaging-report" class="imaging-report status-${report.status}">
    ${note ? html`<p part="report-note" class="report-note">${l10n.msg(note)}</p>` : nothing}
    <dl class="report-sections">
      ${report.findings
        ? html`<dt>${l10n.msg('reports.imaging.findings')}</dt>
            <dd part="report-findings" class="report-text">${report.findings}</dd>`
        : nothing}
      ${report.impression
        ? html`<dt>${l10n.msg('reports.imaging.impression')}</dt>
            <dd part="report-impression" class="report-text impression">${report.impression}</dd>`
        : nothing}
    </dl>
    ${signature.length ? html`<p part="report-signature" class="muted report-signature">${signature.map((s) => html`<span>${s}</span>`)}</p>` : nothing}
  </div>`;
}
