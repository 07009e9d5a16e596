/**
 * How the desk shows critical values (the data is critical-alerts.ts):
 * - the live region, always in the page, that announces each new alert once, assertively;
 * - the panel at the top of the desk: newest first, the first few shown and the rest behind
 *   "N more", each with its patient, report, time, results (value, unit, flag, reference range)
 *   and 已知悉 in one compact row;
 * - the banner, stuck to the top of the screen over whatever the doctor is doing, while an open
 *   alert is out of view in the panel: the newest one's patient and results, 已知悉, and a way to
 *   the panel. It is not a live region (the announcement is), and it never takes focus.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { referenceRangeText, type CriticalAlert, type LabObservation } from '@ihkit/core';
import { iconAlert } from '../internal/icons.js';
import type { LocalizeController } from '../internal/localize.js';
import { isFlagged, renderFlag } from '../reports/lab-results.js';
import { alertSubject, type CriticalAlertsController } from './critical-alerts.js';

/** How many alerts the panel shows before "N more". */
export const PANEL_SHOWN = 3;

/** "钾 6.8 mmol/L ↑↑ 危急偏高", and the reference range where there is room for it. */
function renderResult(o: LabObservation, l10n: LocalizeController, withRange: boolean): TemplateResult {
  const range = withRange ? referenceRangeText(o.referenceRange) : '';
  return html`<span class="alert-result"
    ><span>${l10n.pick(o.name, o.nameEn)}</span> <strong>${o.value}${o.unit ? ` ${o.unit}` : ''}</strong>
    ${isFlagged(o.interpretation) ? renderFlag(o.interpretation, l10n) : nothing}
    ${range ? html`<span class="muted">(${range})</span>` : nothing}</span
  >`;
}

/** The live region new alerts are announced in: always in the page, so that the first is heard. */
export function renderAlertAnnouncement(c: CriticalAlertsController): TemplateResult {
  return html`<p class="visually-hidden" role="status" aria-live="assertive">${keyed(c.announcements, c.announcement)}</p>`;
}

/** The panel (nothing when there are no alerts and nothing failed). */
export function renderAlertsPanel(c: CriticalAlertsController, l10n: LocalizeController): TemplateResult | typeof nothing {
  if (!c.alerts.length && c.error === undefined) return nothing;
  const open = c.open.length;
  const shown = c.showAll ? c.alerts : c.alerts.slice(0, PANEL_SHOWN);
  const hidden = c.alerts.length - shown.length;
  return html`<section part="alerts" class="alerts" aria-labelledby="alerts-heading">
    <div class="alerts-heading" id="alerts-heading" tabindex="-1">
      ${iconAlert}<strong>${c.alerts.length ? l10n.msg('desk.alerts.count', { count: open }) : l10n.msg('desk.alerts')}</strong>
      ${open < c.alerts.length ? html`<button type="button" class="button link" part="alerts-clear-button" @click=${() => c.clearAcknowledged()}>${l10n.msg('desk.alerts.clear')}</button>` : nothing}
    </div>
    <ul class="alert-list" id="alert-list" role="list">
      ${shown.map((a) => renderAlertItem(a, c, l10n))}
    </ul>
    ${hidden > 0 || (c.showAll && c.alerts.length > PANEL_SHOWN)
      ? html`<button type="button" part="alerts-more-button" class="button link" aria-expanded=${c.showAll ? 'true' : 'false'} aria-controls="alert-list" @click=${() => c.toggleShowAll()}>
          ${c.showAll ? l10n.msg('desk.alerts.showFewer') : l10n.msg('desk.alerts.showMore', { count: hidden })}
        </button>`
      : nothing}
    ${c.error
      ? html`<p part="action-error" class="field-error" role="alert">${c.error.during === 'load' ? l10n.msg('desk.alerts.failed', { reason: l10n.error(c.error.cause) }) : l10n.error(c.error.cause)}</p>`
      : nothing}
  </section>`;
}

function renderAlertItem(a: CriticalAlert, c: CriticalAlertsController, l10n: LocalizeController): TemplateResult {
  const raised = l10n.format(a.raisedAt, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return html`<li part="alert-item${a.acknowledgedAt ? ' alert-item-acknowledged' : ''}" class="alert-item" data-alert=${a.id} ?data-open=${!a.acknowledgedAt}>
    <div class="alert-body">
      <p id="alert-${a.id}"><strong>${alertSubject(a, l10n)}</strong> · <span class="muted">${l10n.msg('desk.alerts.raised', { time: raised })}</span></p>
      <ul class="alert-results" role="list">
        ${a.observations.map((o) => html`<li>${renderResult(o, l10n, true)}</li>`)}
      </ul>
    </div>
    ${a.acknowledgedAt
      ? html`<p part="alert-acknowledged" class="muted">${l10n.msg('desk.alerts.acknowledgedBy', { name: a.acknowledgedBy ?? '', time: l10n.time(a.acknowledgedAt) })}</p>`
      : html`<button type="button" part="alert-acknowledge-button" class="button primary" aria-describedby="alert-${a.id}" aria-disabled=${c.acknowledging ? 'true' : 'false'} @click=${() => void c.acknowledge(a.id)}>
          ${l10n.msg(c.acknowledging === a.id ? 'desk.alerts.acknowledging' : 'desk.alerts.acknowledge')}
        </button>`}
  </li>`;
}

/** What the banner waits on: the panel's newest open alert, or its "N more" when that one is folded away. */
export const BANNER_TARGET = '[part~="alert-item"][data-open], [part~="alerts-more-button"]';

/**
 * The banner over the current view: nothing without open alerts; `hidden` while `shown` is
 * false (the alert is in view in the panel). Its box takes no room in the page: it lies over
 * the content under the top of the screen, which does not move when it comes and goes.
 */
export function renderAlertBanner(c: CriticalAlertsController, l10n: LocalizeController, shown: boolean): TemplateResult | typeof nothing {
  const open = c.open;
  const newest = open[0];
  if (!newest) return nothing;
  return html`<div class="alert-banner-anchor">
    <section
      part="alert-banner"
      class="alert-banner"
      aria-label=${l10n.msg('desk.alerts')}
      ?hidden=${!shown}
      @focusin=${(e: FocusEvent) => c.focusEnteredBanner(e.relatedTarget, e.currentTarget as Element)}
    >
      <p class="alert-banner-text" id="alert-banner-text">
        ${iconAlert}<strong class="alert-banner-label">${l10n.msg('desk.alerts.critical')}</strong>
        <span><strong>${newest.patientName ?? l10n.msg('desk.alerts.patient')}</strong> · ${newest.observations.map((o) => renderResult(o, l10n, false))}</span>
        ${open.length > 1 ? html`<span part="alert-banner-more" class="muted">${l10n.msg('desk.alerts.more', { count: open.length - 1 })}</span>` : nothing}
      </p>
      <div class="alert-banner-actions">
        <button type="button" part="alert-banner-view-button" class="button" @click=${() => c.showPanel()}>${l10n.msg('desk.alerts.view')}</button>
        <button
          type="button"
          part="alert-banner-acknowledge-button"
          class="button primary"
          aria-describedby="alert-banner-text"
          aria-disabled=${c.acknowledging ? 'true' : 'false'}
          @click=${() => void c.acknowledge(newest.id, 'banner')}
        >
          ${l10n.msg(c.acknowledging === newest.id ? 'desk.alerts.acknowledging' : 'desk.alerts.acknowledge')}
        </button>
      </div>
    </section>
  </div>`;
}
