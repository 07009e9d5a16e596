/**
 * What a patient reads next to a critical value in their lab report, in this order: the value
 * itself; what to do now — contact the doctor or the hospital, and if they feel unwell go to the
 * emergency department or call the emergency number (a link that dials it on a phone); then
 * what a critical value means and that the hospital has told their doctor. The action comes
 * before the explanation so that it is on the first screen even with the largest text. Every sentence is a string
 * (`reports.critical.*`), so a hospital can put its own wording and numbers in.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { interpretationSeverity, type LabReport } from '@ihkit/core';
import { iconAlert } from '../internal/icons.js';
import type { LocalizeController } from '../internal/localize.js';
import { isFlagged, renderFlag } from './lab-results.js';

/** The guidance for a report with critical results (its heading at `level`), or nothing. */
export function renderCriticalGuidance(report: Pick<LabReport, 'observations'>, l10n: LocalizeController, level: number): TemplateResult | typeof nothing {
  const critical = report.observations.filter((o) => interpretationSeverity(o.interpretation) === 'critical');
  if (!critical.length) return nothing;
  const number = l10n.msg('reports.critical.emergencyNumber');
  const dial = number.replace(/[^\d+]/g, '');
  return html`<section part="critical-guidance" class="critical-guidance" aria-labelledby="critical-guidance-heading">
    <div class="critical-guidance-heading" id="critical-guidance-heading" role="heading" aria-level=${level}>${iconAlert}<strong>${l10n.msg('reports.critical.heading')}</strong></div>
    <ul class="critical-values" role="list">
      ${critical.map(
        (o) => html`<li>
          ${l10n.pick(o.name, o.nameEn)} <strong>${o.value}${o.unit ? ` ${o.unit}` : ''}</strong>
          ${isFlagged(o.interpretation) ? renderFlag(o.interpretation, l10n) : nothing}
        </li>`,
      )}
    </ul>
    <p class="critical-now"><strong>${l10n.msg('reports.critical.whatNow')}</strong></p>
    <p>${l10n.msg('reports.critical.emergency', { number })}</p>
    <a part="critical-call" class="button danger" href="tel:${dial}">${l10n.msg('reports.critical.call', { number })}</a>
    <p>${l10n.msg('reports.critical.meaning')}</p>
    <p>${l10n.msg('reports.critical.doctorTold')}</p>
  </section>`;
}
