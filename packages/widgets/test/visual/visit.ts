/**
 * The visual test's walk through an element's states: a journey mounts the element in a
 * provider (signed in, in the locale of the run) on the mock gateway, brings it into a state and
 * calls `state()`, which looks at it in every size and look, checks the layout invariants, and
 * (for the gallery) takes a screenshot of each.
 */
import { fixture, fixtureCleanup } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { html, type TemplateResult } from 'lit';
import { TOKEN, type MockApi } from '../mock-api.js';
import { FakeRealtime } from '../fake-realtime.js';
import type { Realtime } from '../../src/internal/context.js';
import type { IhProvider } from '../../src/provider/provider.component.js';
import { LOOKS, SIZES, applyLook, comboName, comboSlug, type Locale, type Size } from './combinations.js';
import { checkLayout } from './layout-invariants.js';
import { screenshot, screenshotsOn } from './screenshots.js';

export interface StateOptions {
  /** One of the element's main states: its screenshots go into docs/gallery. */
  main?: boolean;
  /**
   * An alert state: selectors (through shadow roots) of the alert's key facts and its primary
   * action, which must be in the first screen with the element at the top of the page. For an
   * alert that comes as the answer to a button further down, where the user is, not the top.
   */
  firstScreen?: readonly string[];
  /** Screenshot the viewport instead of the element's box (a dialog, a floating button). */
  viewport?: boolean;
}

export interface MountOptions {
  /** '' for signed out; default signed in. */
  token?: string;
  /** The live connection the provider gives the elements. */
  realtime?: Realtime;
}

export interface Visit {
  readonly api: MockApi;
  readonly locale: Locale;
  /** Mounts `element` (a template of one ihkit element) in a provider and returns it. */
  mount<E extends HTMLElement = HTMLElement>(element: TemplateResult, options?: MountOptions): Promise<E>;
  /** Looks at `el` now in every size and look; `name` says which state it is in. */
  state(name: string, el: HTMLElement, options?: StateOptions): Promise<void>;
}

export interface Journey {
  /** The tag, e.g. `ih-booking`. */
  element: string;
  /** What the journey goes through (the test's title). */
  name: string;
  run(visit: Visit): Promise<void>;
}

const frame = () => new Promise((r) => requestAnimationFrame(r));
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

let current: Size | undefined;
async function resize(size: Size): Promise<void> {
  if (current === size) return;
  await setViewport({ width: size.width, height: size.height });
  current = size;
}

/** Waits until every ihkit element inside `root` has rendered and the layout has settled. */
async function settled(root: Element): Promise<void> {
  const elements = [root, ...root.querySelectorAll('*')].filter((e): e is HTMLElement & { updateComplete: Promise<unknown> } => 'updateComplete' in e);
  await Promise.all(elements.map((e) => e.updateComplete));
  await document.fonts.ready;
  await frame();
  await frame();
}

/**
 * A visit in `locale`: the failures are collected in `failures`, as
 * "<element> state · rule at node "text" — detail" with the combinations where each was seen.
 */
export function visitIn(api: MockApi, locale: Locale, element: string, failures: Map<string, string[]>): Visit {
  return {
    api,
    locale,
    async mount<E extends HTMLElement>(template: TemplateResult, options: MountOptions = {}) {
      // The page's live connection: the test's, or a quiet stand-in (no WebSocket to a gateway that is not there).
      const realtime = options.realtime ?? new FakeRealtime();
      fixtureCleanup(); // one element on the page at a time: the first screen is its own
      const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${options.token ?? TOKEN} theme="light" .realtimeFactory=${() => realtime}>${template}</ih-provider>`);
      const el = provider.firstElementChild as E;
      await (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
      return el;
    },
    async state(name, el, options = {}) {
      const provider = el.closest('ih-provider') as IhProvider;
      const shooting = await screenshotsOn();
      // Phone first and desktop second, or the other way round, whichever size the last state ended in.
      const sizes = current === SIZES[1] ? [...SIZES].reverse() : SIZES;
      for (const size of sizes) {
        await resize(size);
        for (const look of LOOKS) {
          await applyLook(provider, look);
          await settled(provider);
          scrollTo(0, 0);
          const combo = comboName(size, look, locale);
          for (const v of checkLayout(el, { touchTargets: size.name === 'phone', firstScreen: options.firstScreen })) {
            const what = `<${element}> ${name}: ${v.rule} at ${v.node}${v.text ? ` "${v.text}"` : ''}`;
            failures.set(what, [...(failures.get(what) ?? []), `${combo}: ${v.detail}`]);
          }
          if (shooting) {
            const file = `${element}/${slug(name)}/${comboSlug(size, look, locale)}.png`;
            await screenshot({ element, state: name, main: !!options.main, file, size: size.name, look, locale }, options.viewport ? null : el);
          }
        }
      }
      await applyLook(provider, 'light');
      await settled(provider);
    },
  };
}
