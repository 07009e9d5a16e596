/**
 * Heavy elements (the video consult) are defined only when a page uses them: `defineWhenUsed`
 * watches the document for the tag and then runs `load` (a dynamic import of the element's
 * module, which defines it). Bundlers — and our script-tag build — put that module in a chunk
 * of its own, so a page without the element never downloads it. An element created inside
 * another element's shadow root is not seen here: that element calls `load` itself.
 */
import { tagName } from './define.js';

export function defineWhenUsed(name: string, load: () => Promise<unknown>): void {
  if (typeof document === 'undefined') return;
  const tag = tagName(name);
  if (customElements.get(tag)) return;
  const found = document.getElementsByTagName(tag); // live: stays current as the page changes
  const observer = new MutationObserver(() => found.length && start());
  const start = () => {
    observer.disconnect();
    load().catch((e: unknown) => console.error(`ihkit: <${tag}> could not be loaded`, e));
  };
  if (found.length) start();
  else observer.observe(document, { childList: true, subtree: true });
}
