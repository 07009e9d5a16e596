/**
 * Layout invariants checked on the real rendered boxes of an element, through its shadow roots
 * (the flat tree: what a slot shows is checked where the slot puts it). What a person would see
 * as broken on a phone or a desktop:
 *
 * - page-width: the page scrolls sideways (document wider than the viewport);
 * - box-width: a box sticks out of the viewport;
 * - clipped-text: text cut off by its own box (ellipsis, overflow hidden) or lying outside a
 *   box that clips it (sideways in any clipping box — a row that must be scrolled to be read is
 *   cut off on a phone — except a strip that snaps sideways, a carousel whose edge shows there is
 *   more; up or down only in boxes that hide rather than scroll);
 * - overlapping-text: two pieces of text drawn over each other;
 * - spilling: a box whose content is wider than it, with nothing to clip or scroll it: the
 *   content is drawn over what is beside it (text in ::before — a card's field label — is not
 *   a text node, so this is how its overlaps are seen);
 * - icon-size: a decorative SVG icon larger than 3em of its font size or 48 px at the 16 px
 *   text size (an SVG without a size fills its container: the 824 px "!" of a critical alert);
 *   charts (role="img") are pictures, not icons;
 * - touch-target: on the phone, something to tap smaller than 44×44 px (for a radio or a
 *   checkbox, its label's box is what is tapped);
 * - first-screen: in an alert state, the alert's key facts and its primary action are not
 *   inside the first screen.
 */

export type Rule = 'page-width' | 'box-width' | 'clipped-text' | 'overlapping-text' | 'spilling' | 'icon-size' | 'touch-target' | 'first-screen';

export interface Violation {
  rule: Rule;
  /** A short selector path from the checked element to the offending node. */
  node: string;
  /** The node's text, shortened. */
  text: string;
  /** What was measured. */
  detail: string;
}

export interface CheckOptions {
  /** Check touch targets (the phone size). */
  touchTargets: boolean;
  /** Selectors (searched through shadow roots) that must be inside the first screen. */
  firstScreen?: readonly string[];
}

/** The smallest touch target, in CSS px (WCAG 2.5.5, Apple and Android guidance). */
export const TOUCH_TARGET = 44;
/** An icon is at most this many times its font size… */
const ICON_EM = 3;
/** …and at most this many px at the 16 px text size (scaled with the text). */
const ICON_PX = 48;
/** Rounding slack for sub-pixel layout. */
const SLACK = 0.5;

const INTERACTIVE = 'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [role="option"], [role="radio"], [role="checkbox"], [role="switch"], [role="menuitem"]';

interface Clip {
  el: Element;
  box: DOMRect;
  /** Clips sideways (overflow-x other than visible). */
  x: boolean;
  /** Snaps sideways: a carousel, whose text past its edge is not cut off but a swipe away. */
  carousel: boolean;
  /** Clips up and down without scrolling there (overflow-y hidden or clip). */
  y: boolean;
}

interface TextBox {
  node: Text;
  rects: DOMRect[];
  /** The open modal dialog it is in, if any: a dialog is drawn over the page it makes inert. */
  layer: Element | null;
}

/** Checks `host` (an element and everything it renders) against the invariants. */
export function checkLayout(host: Element, options: CheckOptions): Violation[] {
  const out: Violation[] = [];
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const texts: TextBox[] = [];
  const baseFont = parseFloat(getComputedStyle(host).fontSize) || 16;

  const docWidth = document.documentElement.scrollWidth;
  if (docWidth > vw + SLACK) out.push({ rule: 'page-width', node: host.localName, text: '', detail: `the page is ${docWidth} px wide in a ${vw} px viewport` });

  const spills: Array<{ el: Element; violation: Violation }> = [];
  const visit = (el: Element, clips: Clip[], outside: boolean, layer: Element | null): void => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || !el.checkVisibility({ visibilityProperty: false })) return;
    if (isVisuallyHidden(el, cs)) return; // for screen readers only
    const box = el.getBoundingClientRect();
    const rendered = cs.display !== 'contents';

    if (rendered && !outside && box.width > 0 && !clips.some((c) => c.x) && (box.right > vw + SLACK || box.left < -SLACK)) {
      out.push({ rule: 'box-width', node: pathOf(el, host), text: textOf(el), detail: `box spans ${Math.round(box.left)}–${Math.round(box.right)} px in a ${vw} px viewport` });
      outside = true; // report the outermost box only
    }
    if (el instanceof SVGSVGElement) {
      checkIcon(el, cs, box, baseFont, host, out);
      return; // an SVG's own text (a chart's labels) is part of a picture
    }
    if (rendered && cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + SLACK) {
      out.push({ rule: 'clipped-text', node: pathOf(el, host), text: textOf(el), detail: `ellipsis: ${el.scrollWidth} px of text in ${el.clientWidth} px` });
    }
    // (Content spilling off the screen is box-width's: this is content drawn over what is beside it.)
    if (rendered && !outside && cs.display !== 'inline' && cs.overflowX === 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && box.left + el.scrollWidth <= vw + SLACK) {
      spills.push({ el, violation: { rule: 'spilling', node: pathOf(el, host), text: textOf(el), detail: `${el.scrollWidth} px of content in a ${el.clientWidth} px box` } });
    }
    if (isLayer(el, cs)) layer = el;
    let inner = clips;
    if (rendered && (cs.overflowX !== 'visible' || cs.overflowY === 'hidden' || cs.overflowY === 'clip')) {
      // A strip that snaps sideways (the booking's dates) is a carousel: what is past its edge is a swipe away, and its edge shows there is more.
      const carousel = cs.overflowX === 'auto' || cs.overflowX === 'scroll' ? /\bx\b|both|inline/.test(cs.scrollSnapType) : false;
      inner = [...clips, { el, box: paddingBox(el, box, cs), x: cs.overflowX !== 'visible', carousel, y: cs.overflowY === 'hidden' || cs.overflowY === 'clip' }];
    }
    for (const child of flatChildren(el)) {
      if (child instanceof Text) {
        if (child.data.trim()) checkText(child, inner, host, out, texts, layer);
      } else if (child instanceof Element) {
        visit(child, inner, outside, layer);
      }
    }
  };
  visit(host, [], false, null);
  // The innermost box that spills: its ancestors spill only because it does.
  out.push(...spills.filter((s) => !spills.some((t) => t !== s && contains(s.el, t.el))).map((s) => s.violation));

  checkOverlaps(texts, host, out);
  if (options.touchTargets) checkTargets(host, out);
  for (const selector of options.firstScreen ?? []) {
    const found = deepQuery(host, selector);
    if (!found) {
      out.push({ rule: 'first-screen', node: `${host.localName} ${selector}`, text: '', detail: 'not on the screen at all' });
      continue;
    }
    const r = found.getBoundingClientRect();
    if (r.top < -SLACK || r.bottom > vh + SLACK || r.left < -SLACK || r.right > vw + SLACK || r.height === 0) {
      out.push({ rule: 'first-screen', node: pathOf(found, host), text: textOf(found), detail: `at ${Math.round(r.top)}–${Math.round(r.bottom)} px in a first screen of ${vh} px` });
    }
  }
  return out;
}

/**
 * A box drawn over the page rather than in its flow: an open modal dialog, or a popup or a bar
 * (a positioned box with a z-index and a background, like a listbox of search results or a
 * call's controls stuck to the bottom of the screen). Text in
 * it covers the text under it; the two are not compared.
 */
function isLayer(el: Element, cs: CSSStyleDeclaration): boolean {
  if (el instanceof HTMLDialogElement) return el.matches(':modal');
  return (cs.position === 'absolute' || cs.position === 'fixed' || cs.position === 'sticky') && cs.zIndex !== 'auto' && cs.backgroundColor !== 'rgba(0, 0, 0, 0)';
}

/** The children as rendered: a shadow root's content, a slot's assigned nodes (or its fallback). */
function flatChildren(el: Element): Node[] {
  if (el.shadowRoot) return [...el.shadowRoot.childNodes];
  if (el instanceof HTMLSlotElement) {
    const assigned = el.assignedNodes({ flatten: true });
    return assigned.length ? assigned : [...el.childNodes];
  }
  return [...el.childNodes];
}

/** `.visually-hidden` and the like: a 1 px clipped box whose content only screen readers get. */
function isVisuallyHidden(el: Element, cs: CSSStyleDeclaration): boolean {
  if (cs.position !== 'absolute' && cs.position !== 'fixed') return false;
  const r = el.getBoundingClientRect();
  return (r.width <= 1 && r.height <= 1) || cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)';
}

function paddingBox(el: Element, box: DOMRect, cs: CSSStyleDeclaration): DOMRect {
  const l = parseFloat(cs.borderLeftWidth) || 0;
  const t = parseFloat(cs.borderTopWidth) || 0;
  return new DOMRect(box.left + l, box.top + t, (el as HTMLElement).clientWidth || box.width, (el as HTMLElement).clientHeight || box.height);
}

function checkText(node: Text, clips: Clip[], host: Element, out: Violation[], texts: TextBox[], layer: Element | null): void {
  const parent = node.parentElement;
  if (parent && getComputedStyle(parent).visibility === 'hidden') return;
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1);
  if (!rects.length) return;
  texts.push({ node, rects, layer });
  for (const c of clips) {
    for (const r of rects) {
      const sideways = c.x && !c.carousel && (r.right > c.box.right + 1 || r.left < c.box.left - 1);
      const upDown = c.y && (r.bottom > c.box.bottom + 1 || r.top < c.box.top - 1);
      if (!sideways && !upDown) continue;
      out.push({
        rule: 'clipped-text', node: pathOf(parent ?? host, host), text: short(node.data),
        detail: `text at ${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)} px outside ${pathOf(c.el, host)} (${Math.round(c.box.left)}–${Math.round(c.box.right)} × ${Math.round(c.box.top)}–${Math.round(c.box.bottom)} px)`,
      });
      return;
    }
  }
}

function checkOverlaps(texts: TextBox[], host: Element, out: Violation[]): void {
  const seen = new Set<Text>();
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i]!;
      const b = texts[j]!;
      if (a.layer !== b.layer || (seen.has(a.node) && seen.has(b.node))) continue;
      const hit = a.rects.some((ra) => b.rects.some((rb) => overlapping(ra, rb)));
      if (!hit) continue;
      seen.add(a.node).add(b.node);
      out.push({ rule: 'overlapping-text', node: pathOf(a.node.parentElement ?? host, host), text: short(a.node.data), detail: `drawn over "${short(b.node.data)}" (${pathOf(b.node.parentElement ?? host, host)})` });
    }
  }
}

/** Two text boxes overlap when they share more than a sliver (a quarter of the smaller one's height and 2 px across). */
function overlapping(a: DOMRect, b: DOMRect): boolean {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 2 && h > Math.min(a.height, b.height) / 4;
}

function checkIcon(svg: SVGSVGElement, cs: CSSStyleDeclaration, box: DOMRect, baseFont: number, host: Element, out: Violation[]): void {
  if (svg.getAttribute('role') === 'img') return; // a chart or a picture, sized as one
  const em = parseFloat(cs.fontSize) || 16;
  const limit = Math.min(ICON_EM * em, (ICON_PX * baseFont) / 16);
  const size = Math.max(box.width, box.height);
  if (size > limit + SLACK) {
    out.push({ rule: 'icon-size', node: pathOf(svg, host), text: textOf(svg.parentElement ?? svg), detail: `icon ${Math.round(box.width)}×${Math.round(box.height)} px, at most ${Math.round(limit)} px (font ${em} px)` });
  }
}

function checkTargets(host: Element, out: Violation[]): void {
  const checked = new Set<Element>();
  for (const el of deepQueryAll(host, INTERACTIVE)) {
    if (el.hasAttribute('disabled') || !isShown(el)) continue;
    const target = targetOf(el);
    if (!target || checked.has(target) || isInlineLink(target)) continue;
    checked.add(target);
    const r = target.getBoundingClientRect();
    if (r.width + SLACK < TOUCH_TARGET || r.height + SLACK < TOUCH_TARGET) {
      out.push({ rule: 'touch-target', node: pathOf(target, host), text: textOf(target), detail: `${Math.round(r.width)}×${Math.round(r.height)} px, less than ${TOUCH_TARGET}×${TOUCH_TARGET}` });
    }
  }
}

/** What a finger taps to use `el`: a radio's or checkbox's label, a hidden input's label, else `el`. */
function targetOf(el: Element): Element | null {
  if (!(el instanceof HTMLInputElement)) return el;
  const hidden = isVisuallyHidden(el, getComputedStyle(el)) || el.getBoundingClientRect().width <= 1;
  if (el.type !== 'radio' && el.type !== 'checkbox' && !hidden) return el;
  const label = el.closest('label') ?? (el.id ? (el.getRootNode() as ParentNode).querySelector(`label[for="${CSS.escape(el.id)}"]`) : null);
  return label ?? (hidden ? null : el);
}

/** A link inside a sentence is exempt (WCAG 2.5.8): its size is the text's. */
function isInlineLink(el: Element): boolean {
  return el.localName === 'a' && getComputedStyle(el).display === 'inline' && !!el.parentElement && (el.parentElement.textContent ?? '').trim() !== (el.textContent ?? '').trim();
}

function isShown(el: Element): boolean {
  if (!el.checkVisibility({ visibilityProperty: true })) return false;
  for (let n: Element | null = el; n; n = parentOf(n)) {
    const cs = getComputedStyle(n);
    if (n !== el && isVisuallyHidden(n, cs)) return false;
  }
  const r = el.getBoundingClientRect();
  return r.width > 0 || r.height > 0 || (el instanceof HTMLInputElement && !!el.closest('label'));
}

/** The parent in the composed tree (through a shadow root to its host, from a slotted node to its slot). */
function parentOf(n: Node): Element | null {
  if (n instanceof Element && n.assignedSlot) return n.assignedSlot;
  const p = n.parentNode;
  if (p instanceof ShadowRoot) return p.host;
  return p instanceof Element ? p : null;
}

/** Every element matching `selector` in `host`'s tree, shadow roots included. */
export function deepQueryAll(host: Element, selector: string): Element[] {
  const found: Element[] = [];
  const walk = (root: Element | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(selector)) found.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (host.shadowRoot) walk(host.shadowRoot);
  walk(host);
  return found;
}

export function deepQuery(host: Element, selector: string): Element | undefined {
  return deepQueryAll(host, selector)[0];
}

/** `ih-reports › table.data-table › td › span[part="flag"]`: the host and the last few steps down to `el`. */
export function pathOf(el: Element, host: Element): string {
  const steps: string[] = [];
  for (let n: Element | null = el; n && n !== host && steps.length < 4; n = parentOf(n)) steps.unshift(stepOf(n));
  return [host.localName, ...steps].join(' › ');
}

function stepOf(el: Element): string {
  const part = el.getAttribute('part');
  if (part) return `${el.localName}[part="${part}"]`;
  if (el.id) return `${el.localName}#${el.id}`;
  const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/)[0] : '';
  return cls ? `${el.localName}.${cls}` : el.localName;
}

function textOf(el: Element): string {
  const label = el.getAttribute('aria-label');
  return short(label || el.textContent || '');
}

function short(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

/** Whether `inner` is `outer` or inside it, through shadow roots and slots (the flat tree). */
function contains(outer: Element, inner: Element): boolean {
  for (let n: Node | null = inner; n; n = (n as Element).assignedSlot ?? n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) {
    if (n === outer) return true;
  }
  return false;
}
