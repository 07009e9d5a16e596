import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { waitFor } from '../../test/mock-api.js';
import { Ticker } from './ticker.js';

/** Counts its renders; ticks every 20 ms while `counting`. */
class TickingHost extends LitElement {
  renders = 0;
  counting = true;
  readonly ticker = new Ticker(this, 20, () => this.counting);
  protected override render() {
    this.renders++;
    return html``;
  }
}
customElements.define('ih-test-ticking-host', TickingHost);

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('Ticker', () => {
  it('renders the host again every interval while it runs, and stops when it should not run or the host leaves', async () => {
    const el = await fixture<TickingHost>(html`<ih-test-ticking-host></ih-test-ticking-host>`);
    const first = el.renders;
    await waitFor(() => el.renders >= first + 3, 'ticks');

    // Checked after each update: no longer running, no more renders.
    el.counting = false;
    el.requestUpdate();
    await el.updateComplete;
    const stopped = el.renders;
    await settle();
    expect(el.renders).to.equal(stopped);

    // Running again after the next update; and not at all once off the page.
    el.counting = true;
    el.requestUpdate();
    await waitFor(() => el.renders >= stopped + 3, 'ticks again');
    el.remove();
    const removed = el.renders;
    await settle();
    expect(el.renders).to.equal(removed);
  });
});
