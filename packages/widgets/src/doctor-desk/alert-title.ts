/**
 * The page title while critical values wait: "(2) 危急值 · 城东人民医院 · 医护工作台", so that a
 * doctor in another tab or window sees them in the tab strip. The page's own title comes back
 * when none is left or the element leaves the page. If the page changes its title meanwhile
 * (a single-page app moving on), the prefix goes in front of the new title. The prefix carries
 * a count, never a patient: titles end up in the browser's history.
 *
 * The title is one per page, so this module keeps it for every element that asks: the first
 * one's prefix is shown (two desks on a page show the same doctor's alerts), never one prefix
 * in front of another's.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The prefix each element wants now, in the order they asked. */
const wanted = new Map<object, string>();
/** The page's own title, while a prefixed one is shown. */
let own: string | undefined;
/** The title set here last. */
let shown: string | undefined;
let observer: MutationObserver | undefined;

function sync(): void {
  const prefix = wanted.values().next().value;
  if (prefix === undefined) return restore();
  // Someone else set the title since: that is the page's title now.
  if (shown === undefined || document.title !== shown) own = document.title;
  const title = own ? `${prefix} · ${own}` : prefix;
  shown = title;
  if (document.title !== title) document.title = title;
  if (!observer) {
    observer = new MutationObserver(() => {
      if (document.title !== shown) sync();
    });
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  }
}

function restore(): void {
  observer?.disconnect();
  observer = undefined;
  if (shown !== undefined && document.title === shown) document.title = own ?? '';
  shown = own = undefined;
}

export class AlertTitleController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & Element,
    /** The prefix now ("(2) 危急值"), or undefined to leave the title alone. */
    private readonly prefix: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // An element updates after it left the page too (an answer that came late): it asks nothing then.
    const prefix = this.host.isConnected ? this.prefix() : undefined;
    if (prefix === undefined) wanted.delete(this);
    else wanted.set(this, prefix);
    sync();
  }

  hostDisconnected(): void {
    wanted.delete(this);
    sync();
  }
}
