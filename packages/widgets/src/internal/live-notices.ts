import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Realtime } from './context.js';

/**
 * Follows one kind of notice on the page's live connection for an element: listens while the
 * element is connected and has a connection (signed in), again on the new connection when the
 * client changes, and stops when the element leaves the page. `watch` picks the kind
 * (`(r, fn) => r.onPrescription(fn)`); `onNotice` gets what the notice names, or nothing after
 * a reconnect, when anything may have changed.
 */
export class LiveNotices<T> implements ReactiveController {
  #live?: { realtime: Realtime; stop: () => void };

  constructor(
    host: ReactiveControllerHost,
    private readonly source: () => Realtime | undefined,
    private readonly watch: (realtime: Realtime, fn: (notice?: T) => void) => () => void,
    private readonly onNotice: (notice?: T) => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const realtime = this.source();
    if (realtime === this.#live?.realtime) return;
    this.#live?.stop();
    this.#live = realtime ? { realtime, stop: this.watch(realtime, (notice) => this.onNotice(notice)) } : undefined;
  }

  hostDisconnected(): void {
    this.#live?.stop();
    this.#live = undefined;
  }
}
