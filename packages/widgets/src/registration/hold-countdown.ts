/**
 * The countdown of a held place (a registration fee unpaid until `holdUntil`): a reactive
 * controller that updates its host every second while the hold runs, and tells it once when
 * the time is up. What a screen reader hears is `announcement`, which changes only at sensible
 * marks — every five minutes, then at two minutes, one minute and thirty seconds left — so that
 * a polite live region speaks a handful of times, never every second.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The minutes and seconds left at which the announcement changes (from the largest). */
const MARKS_S = [120, 60, 30];
const EVERY_S = 300;

/** "mm:ss" of a number of milliseconds (ceil to the second; minutes may pass 59). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The mark the announcement stands at, in seconds left: it changes only when this does. */
export function announcementMark(ms: number): number {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s > MARKS_S[0]!) return Math.ceil(s / EVERY_S) * EVERY_S;
  return MARKS_S.find((m, i) => s <= m && s > (MARKS_S[i + 1] ?? 0)) ?? 0;
}

export class HoldCountdown implements ReactiveController {
  #timer?: ReturnType<typeof setInterval>;
  #until?: number;
  #lapsed = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly until: () => string | undefined,
    private readonly onLapse: () => void,
  ) {
    host.addController(this);
  }

  /** Milliseconds left (0 when up; undefined without a hold). */
  get left(): number | undefined {
    return this.#until === undefined ? undefined : Math.max(0, this.#until - Date.now());
  }

  hostConnected(): void {
    this.#timer = setInterval(() => this.#tick(), 1000);
  }
  hostDisconnected(): void {
    clearInterval(this.#timer);
  }
  hostUpdate(): void {
    const until = this.until();
    const at = until ? Date.parse(until) : undefined;
    if (at !== this.#until) this.#lapsed = false;
    this.#until = at;
  }

  #tick(): void {
    if (this.#until === undefined) return;
    this.host.requestUpdate();
    if (!this.#lapsed && this.left === 0) {
      this.#lapsed = true;
      this.onLapse();
    }
  }
}
