/**
 * What the widgets' accessibility tests share: axe-core on an element in a named state (both
 * colour presets), the states every data element has (loading, signed out, a load error with
 * retry, empty), holding an API answer so a loading state stays on screen, and a recorder of
 * what a live region says.
 */
import { expect } from '@open-wc/testing';
import type { Problem } from '@ihkit/core';
import { TOKEN, http, problem, waitFor, type MockApi } from './mock-api.js';

/** The provider's colour presets; contrast is checked in each. */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Runs axe-core on `el` (its shadow DOM included) and fails naming the element and the state,
 * so a report reads "<ih-booking> dark · confirm step: Rule: color-contrast …".
 */
export async function expectAccessible(el: Element, state: string): Promise<void> {
  try {
    await expect(el).to.be.accessible();
  } catch (e) {
    if (e instanceof Error) e.message = `<${el.localName}> ${state}:\n${e.message}`;
    throw e;
  }
}

/**
 * Holds the mock gateway's answers to `method path` until the returned function is called
 * (then they go on to the default handlers), so a loading state can be looked at.
 */
export function holdRequests(api: MockApi, method: 'get' | 'post', path: string): () => void {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  api.use(
    http[method](path, async () => {
      await released;
      return undefined;
    }),
  );
  return release;
}

export interface LoadStates {
  api: MockApi;
  /** The GET whose answer decides the element's first view (an msw path: `/api/patients/:id/lab-reports`). */
  path: string;
  /** Mounts the element (in a provider), signed in with `token` ('' for signed out). */
  mount: (token: string) => Promise<HTMLElement>;
  /** The error code of that load failing; HIS_UNAVAILABLE unless the element talks to the LIS or PACS. */
  failure?: Problem['code'];
  /** Makes that load answer nothing (before the element is mounted); without it the element has no empty state. */
  empty?: () => void;
  /** Brings a signed-out element to where it asks to sign in, for one whose first view is public (the booking's schedule). */
  toSignIn?: (el: HTMLElement) => Promise<void>;
}

/** The states every data element goes through before it shows anything. */
export type LoadState = 'loading' | 'sign-in required' | 'load error with retry' | 'empty';

/**
 * Brings a data element into each state it goes through before it shows anything — loading,
 * signed out (sign-in required), the load failed (with its retry button), nothing to show — and
 * calls `at` with it in each.
 */
export async function visitLoadStates(o: LoadStates, at: (el: HTMLElement, state: LoadState) => Promise<void>): Promise<void> {
  const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
  const release = holdRequests(o.api, 'get', o.path);
  const loading = await o.mount(TOKEN);
  await waitFor(() => part(loading, 'loading'), 'loading');
  await at(loading, 'loading');
  release();

  const signedOut = await o.mount('');
  await o.toSignIn?.(signedOut);
  await waitFor(() => part(signedOut, 'sign-in'), 'sign-in');
  await at(signedOut, 'sign-in required');

  let down = true;
  o.api.use(http.get(o.path, () => (down ? problem(503, o.failure ?? 'HIS_UNAVAILABLE') : undefined)));
  const failing = await o.mount(TOKEN);
  await waitFor(() => part(failing, 'retry-button'), 'load error', 8000); // after the client's own retries
  await at(failing, 'load error with retry');
  down = false;

  if (!o.empty) return;
  o.empty();
  const empty = await o.mount(TOKEN);
  await waitFor(() => part(empty, 'empty'), 'empty');
  await at(empty, 'empty');
}

/** axe-core on the states every data element goes through before it shows anything (visitLoadStates). */
export function expectAccessibleLoadStates(o: LoadStates & { theme: Theme }): Promise<void> {
  return visitLoadStates(o, (el, state) => expectAccessible(el, `${o.theme} · ${state}`));
}

/**
 * Records what a live region says: its text after each change of its content, in order. A
 * screen reader speaks a live region when its content changes, so `said` holding a text twice
 * means it was announced twice.
 */
export function liveAnnouncements(region: Element): { readonly said: string[]; stop(): void } {
  const said: string[] = [];
  const observer = new MutationObserver(() => {
    const text = (region.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) said.push(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { said, stop: () => observer.disconnect() };
}
