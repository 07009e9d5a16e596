/**
 * Roving tabindex for a set of items laid out in rows (a radiogroup, a date strip, a slot
 * grid): one item is tabbable, arrow keys move between items, Home/End jump to the ends.
 * The host keeps the index and renders `tabindex="0"` on that item and `-1` on the rest.
 */

/** How many items sit on the first visual row (1 when they stack). */
export function columnsOf(items: ReadonlyArray<HTMLElement>): number {
  if (items.length === 0) return 1;
  const top = items[0]!.offsetTop;
  let n = 0;
  while (n < items.length && Math.abs(items[n]!.offsetTop - top) < 2) n++;
  return Math.max(1, n);
}

/** The index a navigation key moves to, or undefined when the key is not one of them. */
export function nextIndex(key: string, current: number, count: number, columns = 1): number | undefined {
  if (count === 0) return undefined;
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowDown':
      return clamp(current + columns);
    case 'ArrowUp':
      return clamp(current - columns);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * Handles a keydown on a roving group: moves focus to the new item and returns its index,
 * or undefined when the key was not a navigation key (the event is then left alone).
 */
export function handleRovingKey(event: KeyboardEvent, items: ReadonlyArray<HTMLElement>, current: number): number | undefined {
  if (event.altKey || event.ctrlKey || event.metaKey) return undefined;
  const next = nextIndex(event.key, current, items.length, columnsOf(items));
  if (next === undefined) return undefined;
  event.preventDefault();
  for (const [i, el] of items.entries()) el.tabIndex = i === next ? 0 : -1;
  items[next]?.focus();
  return next;
}
