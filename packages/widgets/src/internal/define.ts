/**
 * Version-aware custom element registration with a configurable tag prefix.
 *
 * - Tags are `<prefix>-<name>`, `ih-` by default. A vendor picks another prefix either with
 *   `setTagPrefix('acme')` before the element modules are imported, or, for the script-tag
 *   bundle, with a global set before it loads:
 *   `<script>window.ihkitConfig = { tagPrefix: 'acme' }</script>`.
 * - Defining a tag that is already defined never throws: a second copy of the library on the
 *   page (another bundle, another version) leaves the first one in place and, if the versions
 *   differ, warns once.
 * - Event names stay `ih-…` whatever the tag prefix.
 */
import { VERSION } from './version.js';

export { VERSION };

export interface IhkitGlobalConfig {
  /** Tag prefix without the dash, e.g. `acme` for `<acme-booking>`. */
  tagPrefix?: string;
}

declare global {
  var ihkitConfig: IhkitGlobalConfig | undefined;
}

const PREFIX = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
let prefix: string | undefined;

/** Sets the tag prefix for every element defined from now on (`'acme'` → `<acme-booking>`). */
export function setTagPrefix(value: string): void {
  const p = value.replace(/-+$/, '').toLowerCase();
  if (!PREFIX.test(p)) throw new TypeError(`ihkit: invalid tag prefix "${value}"`);
  prefix = p;
}

/** The prefix in effect: setTagPrefix(), else `globalThis.ihkitConfig.tagPrefix`, else `ih`. */
export function tagPrefix(): string {
  if (prefix) return prefix;
  const configured = globalThis.ihkitConfig?.tagPrefix;
  if (configured) {
    setTagPrefix(configured);
    return prefix!;
  }
  return 'ih';
}

/** The full tag for an element name: `tagName('booking')` → `ih-booking`. */
export function tagName(name: string): string {
  return `${tagPrefix()}-${name}`;
}

const VERSION_KEY = Symbol.for('ihkit.version');
const warned = new Set<string>();

/**
 * Defines `<prefix>-<name>` unless it is already defined. Returns the tag name in use.
 * A class already registered under another tag (a second prefix) is registered as a subclass.
 */
export function define(name: string, ctor: CustomElementConstructor, registry: CustomElementRegistry = customElements): string {
  const tag = tagName(name);
  const existing = registry.get(tag) as (CustomElementConstructor & { [VERSION_KEY]?: string }) | undefined;
  if (existing) {
    const theirs = existing[VERSION_KEY];
    if (existing !== ctor && theirs !== VERSION && !warned.has(tag)) {
      warned.add(tag);
      console.warn(`ihkit: <${tag}> is already defined by ihkit ${theirs ?? '(unknown version)'}; this copy (${VERSION}) leaves it in place.`);
    }
    return tag;
  }
  const usedElsewhere = typeof registry.getName === 'function' ? registry.getName(ctor) !== null : false;
  const klass = usedElsewhere ? class extends (ctor as unknown as typeof HTMLElement) {} : ctor;
  Object.defineProperty(klass, VERSION_KEY, { value: VERSION, configurable: true });
  try {
    registry.define(tag, klass);
  } catch (e) {
    // Another copy won a race, or the constructor is registered and getName() is missing.
    if (registry.get(tag)) return tag;
    if (klass === ctor) registry.define(tag, class extends (ctor as unknown as typeof HTMLElement) {});
    else throw e;
  }
  return tag;
}
