/** Finding parts in an element's shadow root, for the journeys. */
import { waitFor } from '../../mock-api.js';

/** The first element with `part~=name` (or matching a selector given in brackets or with a space). */
export const part = <E extends HTMLElement = HTMLElement>(el: HTMLElement, name: string): E | null =>
  el.shadowRoot!.querySelector<E>(selectorOf(name));

export const parts = (el: HTMLElement, name: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selectorOf(name))];

/** Waits for a part (or a selector) to be there and returns it. */
export const waitPart = <E extends HTMLElement = HTMLElement>(el: HTMLElement, name: string, timeout?: number): Promise<E> =>
  waitFor(() => part<E>(el, name), name, timeout);

/** Waits for at least `n` of a part and returns them all. */
export const waitParts = (el: HTMLElement, name: string, n = 1, timeout?: number): Promise<HTMLElement[]> =>
  waitFor(() => (parts(el, name).length >= n ? parts(el, name) : undefined), `${n} × ${name}`, timeout);

/** Clicks a part once it is there. */
export async function clickPart(el: HTMLElement, name: string): Promise<void> {
  (await waitPart(el, name)).click();
}

/** The text of a node, whitespace collapsed. */
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

const selectorOf = (name: string) => (/[\s[#.:>]/.test(name) ? name : `[part~="${name}"]`);

export { waitFor };
