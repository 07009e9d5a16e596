/**
 * Whether one element of a host's shadow root is wholly on screen, kept by an
 * IntersectionObserver: the desk shows its critical-value banner only while the alert it names
 * is not in view in the panel. After every update the host says which element to watch.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class InViewController implements ReactiveController {
  /** Until the observer first answers, the element counts as in view (nothing to show over it). */
  inView = true;

  #observer?: IntersectionObserver;
  #watched?: Element;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    /** The element to watch now, or undefined for none. */
    private readonly target: () => Element | null | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const el = (this.host.isConnected && this.target()) || undefined;
    if (el === this.#watched) return;
    this.#observer?.disconnect();
    this.#watched = el;
    if (!el) {
      // Nothing to watch means nothing to show over it: no need to render again for that.
      this.inView = true;
      return;
    }
    // A threshold of 1: "in view" means all of it, not a sliver at the edge of the screen.
    this.#observer ??= new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1]!;
      if (entry.target === this.#watched) this.#set(entry.intersectionRatio >= 0.99);
    }, { threshold: [0, 0.99] });
    this.#observer.observe(el);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#watched = undefined;
  }

  #set(inView: boolean): void {
    if (inView === this.inView) return;
    this.inView = inView;
    this.host.requestUpdate();
  }
}
