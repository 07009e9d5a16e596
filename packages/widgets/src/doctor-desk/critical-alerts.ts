/**
 * The doctor's critical-value alerts: loaded when the desk has a client, reloaded the moment
 * the gateway raises one (the page's live connection) and after a reconnect; acknowledging one
 * records who saw it and when. The desk renders them above whatever view is open; a status
 * region that is always in the page announces each new alert once.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { referenceRangeText, reportsOf, type CriticalAlert, type IhClient } from '@ihkit/core';
import type { Realtime } from '../internal/context.js';
import { iconAlert } from '../internal/icons.js';
import type { LocalizeController } from '../internal/localize.js';
import { isFlagged, renderFlag } from '../reports/lab-results.js';

export class CriticalAlertsController implements ReactiveController {
  /** Open alerts first, then the ones acknowledged in this session. */
  alerts: CriticalAlert[] = [];
  /** The alert whose acknowledgement is being sent. */
  acknowledging?: string;
  /** The last failure, loading the alerts or acknowledging one. */
  error?: { during: 'load' | 'acknowledge'; cause: unknown };
  /** What the live region says: the latest alerts that arrived. */
  announcement = '';
  /** Counts the announcements: each new one replaces the region's text, even when the words repeat. */
  announcements = 0;

  #client?: IhClient;
  #live?: { realtime: Realtime; stop: () => void };
  #loads = 0;
  #announced = new Set<string>();
  #focusAfterAck = false;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly source: () => { client?: IhClient; realtime?: Realtime },
    private readonly announce: (alerts: CriticalAlert[]) => string,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { client, realtime: live } = this.source();
    if (client !== this.#client) {
      this.#client = client;
      this.alerts = [];
      this.#announced.clear();
      this.announcement = '';
      void this.load();
    }
    if (this.#focusAfterAck) {
      this.#focusAfterAck = false;
      // The button pressed is gone: on to the next alert to acknowledge, or the panel's heading.
      this.host.renderRoot.querySelector<HTMLElement>('[part~="alert-acknowledge-button"], .alerts-heading')?.focus();
    }
    const realtime = client ? live : undefined;
    if (realtime !== this.#live?.realtime) {
      this.#live?.stop();
      this.#live = realtime ? { realtime, stop: realtime.onCriticalAlert(() => void this.load()) } : undefined;
    }
  }

  hostDisconnected(): void {
    this.#live?.stop();
    this.#live = undefined;
    this.#client = undefined;
  }

  async load(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const run = ++this.#loads;
    try {
      const open = await reportsOf(client).listCriticalAlerts({ status: 'open' });
      if (run !== this.#loads || client !== this.#client) return;
      const seen = this.alerts.filter((a) => a.acknowledgedAt && !open.some((o) => o.id === a.id));
      this.alerts = [...open, ...seen];
      this.error = undefined;
      const arrived = open.filter((a) => !this.#announced.has(a.id));
      for (const a of arrived) this.#announced.add(a.id);
      if (arrived.length) {
        this.announcement = this.announce(arrived);
        this.announcements++;
      }
    } catch (e) {
      // The gateway is away: keep what is shown and say so; the next notice or reconnect retries.
      if (run === this.#loads) this.error = { during: 'load', cause: e };
    }
    this.host.requestUpdate();
  }

  async acknowledge(alertId: string): Promise<void> {
    const client = this.#client;
    if (!client || this.acknowledging) return;
    this.acknowledging = alertId;
    this.host.requestUpdate();
    try {
      const done = await reportsOf(client).acknowledgeCriticalAlert(alertId);
      this.alerts = this.alerts.map((a) => (a.id === done.id ? done : a));
      this.error = undefined;
      this.#focusAfterAck = true;
    } catch (e) {
      this.error = { during: 'acknowledge', cause: e };
    } finally {
      this.acknowledging = undefined;
      this.host.requestUpdate();
    }
  }

  /** Dismisses the acknowledged ones from view. */
  clearAcknowledged(): void {
    this.alerts = this.alerts.filter((a) => !a.acknowledgedAt);
    this.host.requestUpdate();
  }
}

/** One alert's subject, for the panel and the announcement: the patient and the report. */
export function alertSubject(a: CriticalAlert, l10n: LocalizeController): string {
  return `${a.patientName ?? l10n.msg('desk.alerts.patient')} · ${a.reportTitle ?? ''}`;
}

/**
 * The alerts panel (nothing when there are none and nothing failed), and the live region the
 * new ones are announced in, which is always in the page so that the first alert is heard.
 */
export function renderCriticalAlerts(c: CriticalAlertsController, l10n: LocalizeController): TemplateResult {
  const open = c.alerts.filter((a) => !a.acknowledgedAt).length;
  const show = c.alerts.length > 0 || c.error !== undefined;
  return html`<p class="visually-hidden" role="status" aria-live="assertive">${keyed(c.announcements, c.announcement)}</p>
    ${show
      ? html`<section part="alerts" class="alerts" aria-labelledby="alerts-heading">
          <div class="alerts-heading" id="alerts-heading" tabindex="-1">
            ${iconAlert}<strong>${c.alerts.length ? l10n.msg('desk.alerts.count', { count: open }) : l10n.msg('desk.alerts')}</strong>
            ${open < c.alerts.length ? html`<button type="button" class="link" part="alerts-clear-button" @click=${() => c.clearAcknowledged()}>${l10n.msg('desk.alerts.clear')}</button>` : nothing}
          </div>
          <ul class="alert-list" role="list">
            ${c.alerts.map((a) => html`<li part="alert-item${a.acknowledgedAt ? ' alert-item-acknowledged' : ''}" class="alert-item" data-alert=${a.id}>
              <p id="alert-${a.id}"><strong>${alertSubject(a, l10n)}</strong> · <span class="muted">${l10n.msg('desk.alerts.raised', { time: l10n.format(a.raisedAt, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) })}</span></p>
              <ul class="alert-results" role="list">
                ${a.observations.map((o) => html`<li>
                  <span>${l10n.pick(o.name, o.nameEn)}</span> <strong>${o.value}${o.unit ? ` ${o.unit}` : ''}</strong>
                  ${isFlagged(o.interpretation) ? renderFlag(o.interpretation, l10n) : nothing}
                  ${referenceRangeText(o.referenceRange) ? html`<span class="muted">(${referenceRangeText(o.referenceRange)})</span>` : nothing}
                </li>`)}
              </ul>
              ${a.acknowledgedAt
                ? html`<p part="alert-acknowledged" class="muted">${l10n.msg('desk.alerts.acknowledgedBy', { name: a.acknowledgedBy ?? '', time: l10n.time(a.acknowledgedAt) })}</p>`
                : html`<button type="button" part="alert-acknowledge-button" class="button primary" aria-describedby="alert-${a.id}" aria-disabled=${c.acknowledging ? 'true' : 'false'} @click=${() => void c.acknowledge(a.id)}>
                    ${l10n.msg(c.acknowledging === a.id ? 'desk.alerts.acknowledging' : 'desk.alerts.acknowledge')}
                  </button>`}
            </li>`)}
          </ul>
          ${c.error
            ? html`<p part="action-error" class="field-error" role="alert">${c.error.during === 'load' ? l10n.msg('desk.alerts.failed', { reason: l10n.error(c.error.cause) }) : l10n.error(c.error.cause)}</p>`
            : nothing}
        </section>`
      : nothing}`;
}
