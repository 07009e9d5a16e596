import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EXPIRES_UNPAID, type Prescription } from '@ihkit/core';

/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Wakes an element when the next of the prescriptions it shows runs out of validity unpaid
 * (core's isExpiredAt), so that it shows the prescription expired at that moment, without a
 * reload: it re-renders (render with `prescriptionAt(p, Date.now())`) and `onExpiry` runs
 * (to read what the gateway says now).
 */
export class ExpiryTimer implements ReactiveController {
  #timer?: ReturnType<typeof setTimeout>;
  #at?: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly shown: () => ReadonlyArray<Pick<Prescription, 'status' | 'validUntil'>>,
    private readonly onExpiry: () => void = () => {},
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const now = Date.now();
    let next: number | undefined;
    for (const p of this.shown()) {
      const end = Date.parse(p.validUntil);
      if (EXPIRES_UNPAID.includes(p.status) && end >= now && (next === undefined || end < next)) next = end;
    }
    if (next === this.#at) return;
    clearTimeout(this.#timer);
    this.#at = next;
    if (next === undefined) return;
    this.#timer = setTimeout(() => {
      this.#at = undefined; // fired a little early, the next update sets it again
      this.host.requestUpdate();
      this.onExpiry();
    }, Math.min(next - now + 1, MAX_DELAY_MS));
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#at = undefined;
  }
}
