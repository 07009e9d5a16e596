import { expect } from '@open-wc/testing';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import '../booking/booking.js';

const api = new MockApi();
before(() => api.start());
after(() => api.worker.stop());

describe('a provider defined after its children', () => {
  it('still configures them once its tag is defined', async () => {
    const host = document.createElement('div');
    host.innerHTML = `<ih-provider api="/api" token="${TOKEN}" locale="en"><ih-booking></ih-booking></ih-provider>`;
    document.body.append(host);
    const booking = host.querySelector('ih-booking')!;
    await booking.updateComplete;
    expect(booking.shadowRoot!.textContent).to.contain('组件未配置'); // no provider yet: zh-CN by default
    await import('../provider/provider.js');
    await waitFor(() => booking.shadowRoot!.querySelector('[part~="option"]'), 'departments');
    expect(booking.shadowRoot!.textContent).to.contain('Cardiology');
    host.remove();
  });
});

describe('an element with no provider around it, once the provider tag is defined', () => {
  it('says it is not configured, and the page stays responsive', async () => {
    await import('../provider/provider.js');
    const lonely = document.createElement('ih-booking');
    document.body.append(lonely);
    await lonely.updateComplete;
    // A task (not a microtask) must get its turn: a loop of context requests would starve it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lonely.shadowRoot!.textContent).to.contain('组件未配置');
    lonely.remove();
  });
});
