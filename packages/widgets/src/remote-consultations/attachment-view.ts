/**
 * An attached record as an expert (or the requester) reads it in the consultation: a lab
 * report's results with their flags (the words of <ih-reports>' flags, `reports.flag.*`), an
 * imaging study's findings and impression (`reports.imaging.*`). Not <ih-reports>' own views:
 * importing them would split them out of the patient page's bundle into chunks of their own. The gateway answers the expert only
 * through the grant the scheduling gave them (NOT_FOUND before or after it); consults and
 * prescriptions are named, not shown here.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AccessGrantRecord, IhClient, ImagingStudy, LabReport } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

export type AttachmentContent = { kind: 'lab-report'; report: LabReport } | { kind: 'imaging-study'; study: ImagingStudy };

/** Whether the desk can show this kind of record itself. */
export const readable = (r: AccessGrantRecord): r is AccessGrantRecord & { kind: AttachmentContent['kind'] } => r.kind === 'lab-report' || r.kind === 'imaging-study';

/**
 * Read through the contract's typed call rather than ReportsClient: a third chunk importing that
 * module would split it out of the reports' chunk, over the patient page's size budget.
 */
export async function readAttachment(client: IhClient, r: AccessGrantRecord & { kind: AttachmentContent['kind'] }): Promise<AttachmentContent> {
  return r.kind === 'lab-report'
    ? { kind: r.kind, report: await client.call('get', '/lab-reports/{reportId}', r.id) }
    : { kind: r.kind, study: await client.call('get', '/imaging-studies/{studyId}', r.id) };
}

export function attachmentContent(c: AttachmentContent, l10n: LocalizeController): TemplateResult {
  if (c.kind === 'imaging-study') {
    return html`<div part="attachment-content">
      <p><strong>${c.study.description ?? c.study.modalities.join('/')}</strong></p>
      ${c.study.report
        ? html`<dl class="facts">
            ${c.study.report.findings ? html`<dt>${l10n.msg('reports.imaging.findings')}</dt><dd class="text-block">${c.study.report.findings}</dd>` : nothing}
            ${c.study.report.impression ? html`<dt>${l10n.msg('reports.imaging.impression')}</dt><dd class="text-block">${c.study.report.impression}</dd>` : nothing}
          </dl>`
        : html`<p class="muted">${l10n.msg('reports.imaging.pending')}</p>`}
    </div>`;
  }
  const r = c.report;
  return html`<div part="attachment-content" class="table-wrap">
    <table class="data-table" aria-label=${r.title}>
      <tbody>
        ${r.observations.map(
          (o) => html`<tr>
            <th scope="row">${o.name}</th>
            <td>${o.value}${o.unit ? ` ${o.unit}` : ''} ${o.interpretation && o.interpretation !== 'N' ? html`<strong part="flag">${l10n.msg(`reports.flag.${o.interpretation}`)}</strong>` : nothing}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
