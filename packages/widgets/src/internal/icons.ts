import { svg } from 'lit';

/**
 * Small inline icons (24×24, stroke = currentColor); all decorative (aria-hidden). Each is
 * 1.25em square unless a rule sizes it: an SVG without a size fills its container, which is
 * how a doctor once saw an 824-pixel "!" instead of the critical value next to it.
 */
const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg width="1.25em" height="1.25em" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const iconAlert = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5"/><path d="M12 16.5h.01"/>`);
export const iconCalendar = icon(svg`<rect x="3.5" y="5" width="17" height="15" rx="2"/><path d="M3.5 10h17M8 3v4M16 3v4"/>`);
export const iconCheck = icon(svg`<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16.5 9.5"/>`);
export const iconLock = icon(svg`<rect x="5" y="10.5" width="14" height="9.5" rx="2"/><path d="M8 10.5V8a4 4 0 0 1 8 0v2.5"/>`);
export const iconChevron = icon(svg`<path d="m9 6 6 6-6 6"/>`);
export const iconBack = icon(svg`<path d="m15 6-6 6 6 6"/>`);
export const iconClose = icon(svg`<path d="M6 6l12 12M18 6 6 18"/>`);
/** A small rising line: a test with a trend to show. */
export const iconTrend = icon(svg`<path d="M3 17l6-6 4 4 8-8"/><path d="M15 7h6v6"/>`);
