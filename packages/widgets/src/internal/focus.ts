/** The element that has focus, looking inside open shadow roots (`document.activeElement` stops at their hosts). */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | undefined {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active ?? undefined;
}
