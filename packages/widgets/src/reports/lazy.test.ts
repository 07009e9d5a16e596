import { expect } from '@open-wc/testing';
import { defineReportsWhenUsed } from './lazy.js';

describe('<ih-reports> lazy definition', () => {
  it('is defined only once a page puts one in the document', async () => {
    defineReportsWhenUsed();
    await new Promise((r) => setTimeout(r, 50));
    expect(customElements.get('ih-reports'), 'not loaded before use').to.equal(undefined);
    const el = document.createElement('ih-reports');
    document.body.append(el);
    await customElements.whenDefined('ih-reports');
    expect(el.shadowRoot, 'upgraded').to.exist;
    el.remove();
  });
});
