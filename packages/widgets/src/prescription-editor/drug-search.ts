/**
 * The editor's drug search: a combobox over the HIS catalog. Typing searches after a short
 * pause (a newer search aborts the older); arrows move through the matches, Enter takes one,
 * Escape closes the list.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { prescriptionsOf, type Drug } from '@ihkit/core';
import type { IhElement } from '../internal/ih-element.js';

const SEARCH_DELAY_MS = 250;

type SearchState = 'query' | 'results' | 'searching' | 'activeIndex' | 'listOpen';

export class DrugSearch implements ReactiveController {
  query = '';
  results: Drug[] = [];
  searching = false;
  activeIndex = -1;
  listOpen = false;
  #timer?: ReturnType<typeof setTimeout>;
  #abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => IhElement['client'],
    /** Called with the drug the doctor took. */
    private readonly take: (drug: Drug) => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  /** Changes the search's state; the element renders again when something changed (as a reactive property would). */
  #set(change: Partial<Pick<DrugSearch, SearchState>>): void {
    const changed = (Object.keys(change) as SearchState[]).filter((k) => this[k] !== change[k]);
    if (!changed.length) return;
    Object.assign(this, change);
    this.host.requestUpdate();
  }

  /** Empties the search and closes its list. */
  clear(): void {
    this.#set({ query: '', results: [], listOpen: false, activeIndex: -1 });
  }

  close(): void {
    this.#set({ listOpen: false });
  }

  input(value: string): void {
    this.#set({ query: value });
    clearTimeout(this.#timer);
    this.#abort?.abort();
    const q = value.trim();
    if (!q) {
      this.#set({ results: [], listOpen: false, searching: false });
      return;
    }
    this.#timer = setTimeout(() => void this.#search(q.slice(0, 40)), SEARCH_DELAY_MS);
  }

  async #search(q: string): Promise<void> {
    const client = this.client();
    if (!client) return;
    const abort = (this.#abort = new AbortController());
    this.#set({ searching: true, listOpen: true });
    try {
      const r = await prescriptionsOf(client).searchDrugs({ q, limit: 10 }, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.#set({ results: r.items, activeIndex: r.items.length ? 0 : -1 });
    } catch {
      if (abort.signal.aborted) return;
      this.#set({ results: [], activeIndex: -1 });
    } finally {
      if (!abort.signal.aborted) this.#set({ searching: false });
    }
  }

  key(e: KeyboardEvent): void {
    const n = this.results.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!this.listOpen && n) this.#set({ listOpen: true });
        else if (n) this.#set({ activeIndex: (this.activeIndex + 1) % n });
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (n) this.#set({ activeIndex: this.activeIndex <= 0 ? n - 1 : this.activeIndex - 1 });
        break;
      case 'Enter': {
        e.preventDefault();
        const drug = this.listOpen ? this.results[this.activeIndex] : undefined;
        if (drug) this.take(drug);
        break;
      }
      case 'Escape':
        if (this.listOpen) {
          e.preventDefault();
          this.close();
        }
        break;
    }
  }
}
