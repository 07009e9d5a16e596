/**
 * Violations the visual test knows about and leaves to another piece of work, so that it stays
 * green meanwhile. Each names the element, the state, the rule, the node (a part of its selector
 * path) and whose area it is. Empty this list as those land: an entry that no longer matches
 * anything is reported when the test runs.
 */
import type { Rule, Violation } from './layout-invariants.js';

export interface ExpectedFailure {
  element: string;
  /** The state's name, or undefined for every state of the element. */
  state?: string;
  rule: Rule;
  /** A piece of the violation's node path. */
  node: string;
  /** Whose work it is. */
  area: string;
}

const PHONE = 'the phone helper (booking date strip, imaging viewer and sliders, chat composer and scrolling)';

/** Found by the visual test and not fixed yet by its own work: the largest text on a phone. */
const VISUAL = 'the visual work, next: the largest text on a phone';

export const EXPECTED_FAILURES: ExpectedFailure[] = [
  // The date strip scrolls sideways: the days past its edge are cut off.
  { element: 'ih-booking', rule: 'clipped-text', node: 'div[part="dates"]', area: PHONE },
  // The viewer's sliders and zoom buttons are smaller than 44 px.
  { element: 'ih-reports', state: 'viewer', rule: 'touch-target', node: '-slider"]', area: PHONE },
  { element: 'ih-reports', state: 'viewer', rule: 'touch-target', node: 'zoom-', area: PHONE },

  // A status badge in a list item's title is wider than a phone at the largest text.
  { element: 'ih-pharmacist-review', state: 'queue', rule: 'box-width', node: 'span[part="status', area: VISUAL },
  { element: 'ih-pharmacist-review', state: 'queue', rule: 'page-width', node: 'ih-pharmacist-review', area: VISUAL },
  { element: 'ih-prescriptions', state: 'list', rule: 'box-width', node: 'span[part="status', area: VISUAL },
  { element: 'ih-prescriptions', state: 'list', rule: 'page-width', node: 'ih-prescriptions', area: VISUAL },
  // A drug row of the editor (its dose, frequency and days fields) is wider than a phone at the largest text.
  { element: 'ih-prescription-editor', rule: 'box-width', node: 'li[part="item"]', area: VISUAL },
  { element: 'ih-prescription-editor', rule: 'page-width', node: 'ih-prescription-editor', area: VISUAL },
  // A returned prescription's reason and "revise" end below the first screen at the largest text.
  { element: 'ih-prescription-editor', state: 'returned by the pharmacist', rule: 'first-screen', node: 'part="returned"', area: VISUAL },
  // The print view's signature list and items overlap at the largest text on a phone.
  { element: 'ih-prescriptions', state: 'print view', rule: 'overlapping-text', node: 'dt', area: VISUAL },
  { element: 'ih-prescriptions', state: 'print view', rule: 'overlapping-text', node: 'span.drug-name', area: VISUAL },
  // The trend table's long English dates run into the values at the largest text.
  { element: 'ih-reports', state: 'a trend with its table', rule: 'overlapping-text', node: 'tr.result › th', area: VISUAL },
  // The video (4:3 at the full width) pushes "join" and "hang up" below the first screen at the largest text.
  { element: 'ih-video-consult', state: 'device check', rule: 'first-screen', node: 'join-button', area: VISUAL },
  { element: 'ih-video-consult', state: 'in the call', rule: 'first-screen', node: 'hang-up-button', area: VISUAL },
];

/** The expected failure `v` (seen in `element`'s `state`) is, if any; marks it used. */
export function expectedFailure(element: string, state: string, v: Violation): ExpectedFailure | undefined {
  const e = EXPECTED_FAILURES.find((x) => x.element === element && (!x.state || x.state === state) && x.rule === v.rule && v.node.includes(x.node));
  if (e) used.add(e);
  return e;
}

const used = new Set<ExpectedFailure>();

/** The entries nothing matched in this run. */
export const unusedExpectedFailures = () => EXPECTED_FAILURES.filter((e) => !used.has(e));
