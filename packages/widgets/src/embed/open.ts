/**
 * The modal embedding mode: any element with `data-ih-open="<element>"` (a button, a link, a menu
 * item) opens that ihkit element in an `<ih-modal>`:
 *
 *   <button data-ih-open="booking" data-ih-department="dep_cardio">预约心内科</button>
 *
 * Other `data-ih-*` attributes become the element's attributes (`department="dep_cardio"`);
 * `data-ih-heading` titles the dialog. The modal is made inside the trigger's `<ih-provider>`
 * (else the page's first), so the element gets the provider's gateway, token, language and theme,
 * and it is kept: opening it again from the same trigger shows it as it was left; a trigger with
 * other attributes sets them (and removes those an earlier trigger set).
 */
import { tagName } from '../internal/define.js';
import type { IhModal } from '../modal/modal.component.js';

const OPEN = 'data-ih-open';
/** The attributes each modal's element got from the trigger that last opened it. */
const applied = new WeakMap<Element, Set<string>>();
const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export interface OpenOptions {
  /** Attributes for the element (`{ department: 'dep_cardio' }`). */
  attributes?: Record<string, string>;
  /** The dialog's title; default: the element's usual title. */
  heading?: string;
  /** What opened it: its provider is used, and it gets focus back when the dialog closes. */
  trigger?: HTMLElement;
}

/**
 * Opens `<ih-NAME>` (e.g. `booking`) in a modal and returns the modal, or undefined (with a
 * console error saying why) when the name is not an element name or the page has no provider.
 */
export function openInModal(name: string, options: OpenOptions = {}): IhModal | undefined {
  if (!NAME.test(name)) {
    console.error(`ihkit: cannot open "${name}": not an element name such as "booking"`);
    return undefined;
  }
  const providerTag = tagName('provider');
  const provider = options.trigger?.closest(providerTag) ?? document.querySelector(providerTag);
  if (!provider) {
    console.error(`ihkit: cannot open <${tagName(name)}>: put an <${providerTag} api="…"> on the page first`);
    return undefined;
  }
  const modalTag = tagName('modal');
  let modal = [...provider.children].find((c): c is IhModal => c.localName === modalTag && (c as IhModal).element === name);
  if (!modal) {
    modal = document.createElement(modalTag) as IhModal;
    modal.element = name;
    modal.append(document.createElement(tagName(name)));
    provider.append(modal);
  }
  const element = modal.firstElementChild!;
  // What an earlier trigger set and this one does not is removed ("book" after "book paediatrics").
  const attributes = options.attributes ?? {};
  for (const attr of applied.get(element) ?? []) if (!(attr in attributes)) element.removeAttribute(attr);
  for (const [attr, value] of Object.entries(attributes)) if (element.getAttribute(attr) !== value) element.setAttribute(attr, value);
  applied.set(element, new Set(Object.keys(attributes)));
  modal.heading = options.heading;
  modal.show(options.trigger);
  return modal;
}

/** The `data-ih-*` attributes of a trigger other than open/heading, as element attributes. */
export function attributesOf(trigger: HTMLElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of trigger.attributes) {
    if (!name.startsWith('data-ih-') || name === OPEN || name === 'data-ih-heading') continue;
    out[name.slice('data-ih-'.length)] = value;
  }
  return out;
}

let watching = false;

/** Starts answering clicks on `[data-ih-open]` anywhere in the document (once; later calls do nothing). */
export function watchOpeners(): void {
  if (watching || typeof document === 'undefined') return;
  watching = true;
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const trigger = event.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.hasAttribute(OPEN));
    if (!trigger) return;
    event.preventDefault(); // a link's href is the fallback for pages without ihkit
    openInModal(trigger.getAttribute(OPEN)!, { trigger, attributes: attributesOf(trigger), heading: trigger.getAttribute('data-ih-heading') ?? undefined });
  });
}
