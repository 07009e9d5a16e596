/**
 * The doctor's critical-value alerts: loaded when the desk has a client, reloaded the moment
 * the gateway raises one (the page's live connection) and after a reconnect; acknowledging one
 * records who saw it and when. Each new alert is announced once (`announce`) and handed to
 * `arrived` (the desk's tone); how they are shown is critical-alerts.view.ts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { reportsOf, type CriticalAlert, type IhClient, type LabObservation } from '@ihkit/core';
import type { Realtime } from '../internal/context.js';
import type { LocalizeController } from '../internal/localize.js';
import { isFlagged } from '../reports/lab-results.js';

/** Where an acknowledgement was pressed: focus moves on from there. */
export type AckFrom = 'panel' | 'banner';

export interface CriticalAlertsOptions {
  source: () => { client?: IhClient; realtime?: Realtime };
  /** What the live region says for alerts that just arrived. */
  announce: (alerts: CriticalAlert[]) => string;
  /** Alerts that just arrived (each once). */
  arrived?: (alerts: CriticalAlert[]) => void;
}

/** Open ones first, then acknowledged ones; newest first in each. */
function ordered(alerts: CriticalAlert[]): CriticalAlert[] {
  const sorted = [...alerts].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  return [...sorted.filter((a) => !a.acknowledgedAt), ...sorted.filter((a) => a.acknowledgedAt)];
}

export class CriticalAlertsController implements ReactiveController {
  /**
   * Open alerts newest first, then the ones acknowledged in this session. One acknowledged now
   * stays where it is until the next load, so that nothing moves under the doctor's pointer.
   */
  alerts: CriticalAlert[] = [];
  /** The alert whose acknowledgement is being sent. */
  acknowledging?: string;
  /** The last failure, loading the alerts or acknowledging one. */
  error?: { during: 'load' | 'acknowledge'; cause: unknown };
  /** What the live region says: the latest alerts that arrived. */
  announcement = '';
  /** Counts the announcements: each new one replaces the region's text, even when the words repeat. */
  announcements = 0;
  /** The panel shows every alert, not only the newest few. */
  showAll = false;

  #client?: IhClient;
  #live?: { realtime: Realtime; stop: () => void };
  #loads = 0;
  #announced = new Set<string>();
  #focusAfterAck?: AckFrom;
  /** Where focus was before it went into the banner: it goes back there when the banner is done. */
  #returnFocus?: HTMLElement;

  constructor(
    private readonly host: ReactiveControllerHost & Element & { renderRoot: ParentNode },
    private readonly options: CriticalAlertsOptions,
  ) {
    host.addController(this);
  }

  /** The alerts not acknowledged yet, newest first. */
  get open(): CriticalAlert[] {
    return this.alerts.filter((a) => !a.acknowledgedAt);
  }

  hostUpdated(): void {
    // An update after the desk left the page (an answer that came late) must not listen again.
    if (!this.host.isConnected) return;
    const { client, realtime: live } = this.options.source();
    if (client !== this.#client) {
      this.#client = client;
      this.alerts = [];
      this.#announced.clear();
      this.announcement = '';
      void this.load();
    }
    if (this.#focusAfterAck) this.#moveFocusAfterAck(this.#focusAfterAck);
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
      this.alerts = ordered([...open, ...seen]);
      this.error = undefined;
      const arrived = open.filter((a) => !this.#announced.has(a.id));
      for (const a of arrived) this.#announced.add(a.id);
      if (arrived.length) {
        this.announcement = this.options.announce(arrived);
        this.announcements++;
        this.options.arrived?.(arrived);
      }
    } catch (e) {
      // The gateway is away: keep what is shown and say so; the next notice or reconnect retries.
      if (run === this.#loads) this.error = { during: 'load', cause: e };
    }
    this.host.requestUpdate();
  }

  async acknowledge(alertId: string, from: AckFrom = 'panel'): Promise<void> {
    const client = this.#client;
    if (!client || this.acknowledging) return;
    this.acknowledging = alertId;
    this.host.requestUpdate();
    try {
      const done = await reportsOf(client).acknowledgeCriticalAlert(alertId);
      this.alerts = this.alerts.map((a) => (a.id === done.id ? done : a));
      this.error = undefined;
      this.#focusAfterAck = from;
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

  toggleShowAll(): void {
    this.showAll = !this.showAll;
    this.host.requestUpdate();
  }

  /** From the banner to the panel: scrolled to the top of the screen, its heading focused. */
  showPanel(): void {
    const heading = this.host.renderRoot.querySelector<HTMLElement>('.alerts-heading');
    heading?.closest('[part~="alerts"]')?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }

  /** Focus entered the banner, from `from`. */
  focusEnteredBanner(from: EventTarget | null, banner: Element): void {
    if (from instanceof HTMLElement && !banner.contains(from)) this.#returnFocus = from;
  }

  #moveFocusAfterAck(from: AckFrom): void {
    this.#focusAfterAck = undefined;
    const root = this.host.renderRoot;
    if (from === 'banner') {
      // The banner names the next alert, if any; else back to where the doctor was (the composer, say).
      const next = root.querySelector<HTMLElement>('[part~="alert-banner"]:not([hidden]) [part~="alert-banner-acknowledge-button"]');
      const back = this.#returnFocus?.isConnected ? this.#returnFocus : undefined;
      if (next || back) return (next ?? back)!.focus({ preventScroll: true });
    }
    // The button pressed is gone: on to the next alert to acknowledge, or the panel's heading.
    root.querySelector<HTMLElement>('[part~="alert-acknowledge-button"], .alerts-heading')?.focus();
  }
}

/** One alert's subject, for the panel and the announcement: the patient and the report. */
export function alertSubject(a: CriticalAlert, l10n: LocalizeController): string {
  return `${a.patientName ?? l10n.msg('desk.alerts.patient')} · ${a.reportTitle ?? ''}`;
}

/** One result as words, for the announcement: "钾 6.8 mmol/L 危急偏高". */
export function resultWords(o: LabObservation, l10n: LocalizeController): string {
  const value = o.unit ? `${o.value} ${o.unit}` : o.value;
  return [l10n.pick(o.name, o.nameEn), value, isFlagged(o.interpretation) ? l10n.msg(`reports.flag.${o.interpretation}`) : ''].filter(Boolean).join(' ');
}

/** What is announced for one alert: its subject and its results. */
export function alertWords(a: CriticalAlert, l10n: LocalizeController): string {
  const sep = l10n.locale === 'en' ? ', ' : '，';
  return `${alertSubject(a, l10n)} · ${a.observations.map((o) => resultWords(o, l10n)).join(sep)}`;
}
