/**
 * The doctor's critical-value alerts: loaded when the desk has a client, reloaded the moment
 * the gateway raises one (the page's live connection) and after a reconnect; acknowledging one
 * records who saw it and when. The desk renders them above whatever view is open.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { referenceRangeText, reportsOf, type CriticalAlert, type IhClient } from '@ihkit/core';
import type { Realtime } from '../internal/context.js';
import { iconAlert } from '../internal/icons.js';
import type { LocalizeController } from '../internal/localize.js';

export class CriticalAlertsController implements ReactiveController {
  /** Open alerts first, then the ones acknowledged in this session. */
  alerts: CriticalAlert[] = [];
  /** The alert whose acknowledgement is being sent, and the last failure. */
  acknowledging?: string;
  error?: unknown;

  #client?: IhClient;
  #live?: { realtime: Realtime; stop: () => void };
  #loads = 0;

  constructor(private readonly host: ReactiveControllerHost, private readonly source: () => { client?: IhClient; realtime?: Realtime }) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { client, realtime: live } = this.source();
    if (client !== this.#client) {
      this.#client = client;
      this.alerts = [];
      void this.load();
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
    } catch (e) {
      // Not a doctor's session, or the gateway is away: keep what is shown; the next notice retries.
      if (run === this.#loads) this.error = e;
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
    } catch (e) {
      this.error = e;
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

/** The alerts panel: a live region, so a new alert is announced; nothing when there are none. */
export function renderCriticalAlerts(c: CriticalAlertsController, l10n: LocalizeController): TemplateResult {
  const open = c.alerts.filter((a) => !a.acknowledgedAt).length;
  return html`<section part="alerts" class="alerts" aria-live="assertive" aria-label=${l10n.msg('desk.alerts')} ?hidden=${!c.alerts.length}>
    ${c.alerts.length
      ? html`<div class="alerts-heading">
            ${iconAlert}<strong>${l10n.msg('desk.alerts.count', { count: open })}</strong>
            ${open < c.alerts.length ? html`<button type="button" class="link" part="alerts-clear-button" @click=${() => c.clearAcknowledged()}>${l10n.msg('desk.alerts.clear')}</button>` : nothing}
          </div>
          <ul class="alert-list" role="list">
            ${c.alerts.map((a) => html`<li part="alert-item${a.acknowledgedAt ? ' alert-item-acknowledged' : ''}" class="alert-item" data-alert=${a.id}>
              <p><strong>${a.patientName ?? l10n.msg('desk.alerts.patient')}</strong> · ${a.reportTitle ?? ''} · <span class="muted">${l10n.msg('desk.alerts.raised', { time: l10n.time(a.raisedAt) })}</span></p>
              <ul class="alert-results" role="list">
                ${a.observations.map((o) => html`<li><span>${o.name}</span> <strong>${o.value}${o.unit ? ` ${o.unit}` : ''}</strong> <abbr title=${l10n.msg('desk.alerts.critical')}>${o.interpretation}</abbr>${referenceRangeText(o.referenceRange) ? html` <span class="muted">(${referenceRangeText(o.referenceRange)})</span>` : nothing}</li>`)}
              </ul>
              ${a.acknowledgedAt
                ? html`<p part="alert-acknowledged" class="muted">${l10n.msg('desk.alerts.acknowledgedBy', { name: a.acknowledgedBy ?? '', time: l10n.time(a.acknowledgedAt) })}</p>`
                : html`<button type="button" part="alert-acknowledge-button" class="button primary" aria-disabled=${c.acknowledging ? 'true' : 'false'} @click=${() => void c.acknowledge(a.id)}>
                    ${l10n.msg(c.acknowledging === a.id ? 'desk.alerts.acknowledging' : 'desk.alerts.acknowledge')}
                  </button>`}
            </li>`)}
          </ul>
          ${c.error !== undefined && c.alerts.length ? html`<p part="action-error" class="field-error" role="alert">${l10n.error(c.error)}</p>` : nothing}`
      : nothing}
  </section>`;
}
