import { expect } from '@open-wc/testing';
import { LAZY_ELEMENTS, defineLazyElementsWhenUsed } from './lazy-elements.js';

describe('lazily defined elements', () => {
  it('are defined only once a page puts one in the document', async () => {
    defineLazyElementsWhenUsed();
    await new Promise((r) => setTimeout(r, 50));
    for (const name of LAZY_ELEMENTS) expect(customElements.get(`ih-${name}`), `<ih-${name}> not loaded before use`).to.equal(undefined);
    for (const name of ['reports', 'pharmacist-review']) {
      const el = document.createElement(`ih-${name}`);
      document.body.append(el);
      await customElements.whenDefined(`ih-${name}`);
      expect(el.shadowRoot, `<ih-${name}> upgraded`).to.exist;
      el.remove();
    }
  });
});
