/**
 * The views of ihkit's elements in the browser's history, so that a phone's Back button (the
 * browser's or WeChat's) goes one step back in a booking, from a detail to its list or out of a
 * dialog, instead of leaving the portal. Each element with views has a ViewHistory controller
 * that knows how deep the element is (0: its first view); going deeper pushes one entry per
 * level, on the same URL, and Back brings the element to the depth the entry below records.
 *
 * One registry per page owns the popstate listener, shared by every element (and by a second
 * copy of ihkit), so elements do not fight over history:
 * - an entry records each element's depth under a number given in this page load, which element
 *   pushed it, and the entry below: numbers only, never a name, an id or what was chosen;
 * - an element's own back button unwinds the entries on top when it (or an element inside it,
 *   as in a dialog) pushed them all, and otherwise rewrites the current entry;
 * - an entry ahead of what an element shows (Forward, an entry left behind by an element's own
 *   back button, or one pushed before a reload) is skipped with history.back(), so Forward does
 *   nothing and Back never lands on a view that is gone;
 * - after a reload the elements start over at their first view.
 * `no-history` on an element keeps it out, for a host whose router owns history.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const KEY = 'ihkit';

interface Entry {
  /** The entry's number in this page load. */
  k: number;
  /** The element that pushed it (none: an entry of the page made ours). */
  by?: number;
  /** The entry below it, when an element pushed it. */
  prev?: number;
  /** Each element's depth. */
  views: Record<number, number>;
}

interface Member {
  readonly id: number;
  readonly host: Element;
  depth: number;
  backTo(depth: number): void;
}

class PageHistory {
  readonly #load = Math.random().toString(36).slice(2);
  readonly members = new Map<number, Member>();
  readonly #entries = new Map<number, Entry>();
  next = 1;
  /** The entry a history.go() of ours lands on: made current as things are, nothing more. */
  #expect?: number;

  constructor() {
    addEventListener('popstate', () => this.#pop());
  }

  /** The current entry, when it is one of this page load's. */
  #here(): Entry | undefined {
    const s = history.state?.[KEY];
    return s?.load === this.#load ? this.#entries.get(s.k) : undefined;
  }

  #write(e: Entry, push?: boolean): void {
    const s: unknown = history.state;
    const state = { ...(s && typeof s === 'object' ? s : {}), [KEY]: { ...e, load: this.#load } };
    try {
      if (push) history.pushState(state, '');
      else history.replaceState(state, '');
    } catch {
      return; // a browser that limits history calls: nothing recorded
    }
    // Only what the browser really holds (one that throttles history calls may drop one silently).
    if (history.state?.[KEY]?.k === e.k) this.#entries.set(e.k, e);
  }

  #views(): Record<number, number> {
    return Object.fromEntries([...this.members.values()].map((m) => [m.id, m.depth]));
  }

  /** Records every element's depth in the current entry, making it ours if it is not. */
  save(): void {
    const e = this.#here();
    const views = this.#views();
    this.#write(e ? { ...e, views } : { k: this.next++, views });
  }

  push(m: Member, depth: number): void {
    m.depth = depth;
    this.#write({ k: this.next++, by: m.id, prev: this.#here()?.k, views: this.#views() }, true);
  }

  /** `m` went back to `depth` by its own control. */
  unwind(m: Member, depth: number): void {
    let e = this.#here();
    let n = 0;
    while (e?.by !== undefined && (e.views[m.id] ?? 0) > depth && this.#within(e.by, m)) {
      e = e.prev === undefined ? undefined : this.#entries.get(e.prev);
      n++;
    }
    m.depth = depth;
    if (n && e) {
      this.#expect = e.k;
      history.go(-n);
    } else this.save();
  }

  /** Whether element `id` is `m` or inside it. */
  #within(id: number, m: Member): boolean {
    const other = this.members.get(id);
    return !!other && m.host.contains(other.host);
  }

  #pop(): void {
    const raw = history.state?.[KEY];
    const e = this.#here();
    const expected = this.#expect;
    this.#expect = undefined;
    if (e && e.k === expected) return this.save();
    if (!e) {
      // Pushed before a reload: its view is gone. Anything else (a link to #anchor, an entry
      // from before ihkit) is made ours as things are.
      if (raw?.by !== undefined) history.back();
      else this.save();
      return;
    }
    let ahead = false;
    for (const m of this.members.values()) {
      const depth = e.views[m.id] ?? 0;
      if (depth < m.depth) m.backTo(depth);
      else if (depth > m.depth) ahead = true;
    }
    if (!ahead) return;
    if (e.by !== undefined) history.back();
    else this.save();
  }
}

const SHARED = Symbol.for('ihkit.view-history');
const page = (): PageHistory => ((globalThis as { [SHARED]?: PageHistory })[SHARED] ??= new PageHistory());

export interface ViewHistoryOptions {
  /** How deep the element is now: 0 on its first view, one more per step or detail. */
  depth: () => number;
  /** Goes one view back (as the element's own back button does). */
  back: () => void;
}

/** The host of a ViewHistory: an element with a `noHistory` property (attribute `no-history`). */
export type ViewHistoryHost = ReactiveControllerHost & HTMLElement & { noHistory: boolean };

/** An element's views in the browser history (see the top of this module). */
export class ViewHistory implements ReactiveController, Member {
  readonly id = page().next++;
  depth = 0;
  #joined = false;

  constructor(
    readonly host: ViewHistoryHost,
    private readonly o: ViewHistoryOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#sync();
  }

  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#leave();
  }

  #leave(): void {
    page().members.delete(this.id);
    this.#joined = false;
  }

  #sync(): void {
    if (this.host.noHistory || !this.host.isConnected) return this.#leave();
    const p = page();
    const depth = Math.max(0, this.o.depth());
    if (!this.#joined) {
      this.#joined = true;
      this.depth = depth;
      p.members.set(this.id, this);
      p.save();
    }
    while (depth > this.depth) p.push(this, this.depth + 1);
    if (depth < this.depth) p.unwind(this, depth);
  }

  /** The browser went back to where this element was at `depth`. */
  backTo(depth: number): void {
    this.depth = depth;
    for (let now = this.o.depth(); now > depth; ) {
      this.o.back();
      const after = this.o.depth();
      if (after >= now) break; // it cannot go back now (say, while it books)
      now = after;
    }
  }
}
