/**
 * A phone or a computer for widget tests: the page's answer to input-kind.ts's media query
 * `(hover: hover) and (pointer: fine)`, which Chromium cannot be told to change from a test.
 * Importing this module puts a stand-in in front of matchMedia for that query (other queries
 * are the browser's); `useInput('touch')` makes it answer "no mouse" and tells whoever listens,
 * as the browser does when a keyboard and trackpad come or go. After each test it answers as
 * the browser does again.
 */
import { MOUSE_AND_KEYBOARD } from '../src/internal/input-kind.js';

const real = window.matchMedia.bind(window);
const browserAnswer = real(MOUSE_AND_KEYBOARD).matches;
let matches = browserAnswer;

/** The stand-in's answer follows `matches`; it tells its listeners when that changes. */
class StandIn extends EventTarget {
  readonly media = MOUSE_AND_KEYBOARD;
  onchange = null;
  get matches(): boolean {
    return matches;
  }
  addListener(l: () => void): void {
    this.addEventListener('change', l);
  }
  removeListener(l: () => void): void {
    this.removeEventListener('change', l);
  }
}
const standIn = new StandIn() as unknown as MediaQueryList;

window.matchMedia = (query: string) => (query === MOUSE_AND_KEYBOARD ? standIn : real(query));

/** A touch screen without a mouse (`touch`), or a computer with one (`mouse`). */
export function useInput(kind: 'touch' | 'mouse'): void {
  const next = kind === 'mouse';
  if (next === matches) return;
  matches = next;
  standIn.dispatchEvent(new Event('change'));
}

afterEach(() => useInput(browserAnswer ? 'mouse' : 'touch'));
