import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Renders the host again every `ms` while it is on the page, so that what it shows relative to
 * now (a waiting time, a countdown) moves on. With `running`, only while that holds, as checked
 * after each update: a countdown ticks only while one is shown.
 */
export class Ticker implements ReactiveController {
  #timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ms: number,
    private readonly running: () => boolean = () => true,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#follow();
  }

  hostUpdated(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #follow(): void {
    const run = this.running();
    if (run && !this.#timer) this.#timer = setInterval(() => this.host.requestUpdate(), this.ms);
    if (!run) this.hostDisconnected();
  }
}
