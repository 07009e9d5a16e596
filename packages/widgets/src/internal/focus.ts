import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The element that has focus, looking inside open shadow roots (`document.activeElement` stops at their hosts). */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | undefined {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active ?? undefined;
}

/**
 * Moves focus once the host has rendered what should take it: an element calls
 * `next(selector)` when a change it is making (a panel opening, an error shown, a step begun)
 * should move focus, and after the update that renders it the first match in the host's
 * shadow root takes focus (nothing, when nothing matches). `next(undefined)` forgets it.
 */
export class FocusAfterUpdate implements ReactiveController {
  #selector?: string;

  constructor(private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode }) {
    host.addController(this);
  }

  next(selector: string | undefined): void {
    this.#selector = selector;
  }

  hostUpdated(): void {
    if (!this.#selector) return;
    this.host.renderRoot.querySelector<HTMLElement>(this.#selector)?.focus();
    this.#selector = undefined;
  }
}
