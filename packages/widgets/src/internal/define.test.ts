import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { define, setTagPrefix, tagName, tagPrefix, VERSION } from './define.js';

describe('define()', () => {
  it('defines a tag once and never throws on a second definition', () => {
    class A extends LitElement {}
    class B extends LitElement {}
    expect(define('twice', A)).to.equal('ih-twice');
    expect(() => define('twice', A)).to.not.throw();
    // A second copy of the library (another class for the same tag) leaves the first in place.
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...a: unknown[]) => void warnings.push(a);
    try {
      // The same version from another copy: silent.
      expect(() => define('twice', B)).to.not.throw();
      // An older copy got there first: warn once, keep it.
      class Old extends LitElement {}
      Object.defineProperty(Old, Symbol.for('ihkit.version'), { value: '0.0.1' });
      customElements.define('ih-old', Old);
      expect(() => define('old', B)).to.not.throw();
      expect(() => define('old', B)).to.not.throw();
      expect(customElements.get('ih-old')).to.equal(Old);
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('ih-twice')).to.equal(A);
    expect(warnings).to.have.length(1); // warned once
    expect(VERSION).to.match(/^\d+\.\d+\.\d+/);
  });

  it('registers a class already used under another tag as a subclass', () => {
    class C extends LitElement {}
    define('reused', C);
    setTagPrefix('acme');
    try {
      expect(() => define('reused', C)).to.not.throw();
      expect(customElements.get('acme-reused')!.prototype).to.be.instanceOf(C);
    } finally {
      setTagPrefix('ih');
    }
  });

  it('takes the tag prefix from setTagPrefix() or the global config', async () => {
    globalThis.ihkitConfig = { tagPrefix: 'acme' };
    setTagPrefix('ih');
    expect(tagPrefix()).to.equal('ih');
    expect(() => setTagPrefix('Not Valid!')).to.throw(TypeError);
    setTagPrefix('acme-');
    expect(tagName('booking')).to.equal('acme-booking');
    await import('../booking/booking.js');
    await import('../provider/provider.js');
    expect(customElements.get('acme-booking')).to.not.equal(undefined);
    expect(customElements.get('acme-provider')).to.not.equal(undefined);
    expect(customElements.get('ih-booking')).to.equal(undefined);
    const el = document.createElement('acme-booking');
    document.body.append(el);
    await (el as LitElement).updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="steps"]')).to.not.equal(null);
    el.remove();
  });
});
