import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import './provider.js';
import '../booking/booking.js';
import type { IhProvider } from './provider.component.js';
import type { IhConfig, Realtime } from '../internal/context.js';
import { ihContext } from '../internal/context.js';
import { ContextEvent } from '@lit/context';
import { FakeRealtime } from '../../test/fake-realtime.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

describe('<ih-provider>', () => {
  it('sends the token, and a new token from tokenProvider on every request', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api"><ih-booking></ih-booking></ih-provider>`);
    let calls = 0;
    provider.tokenProvider = async () => {
      calls++;
      return TOKEN;
    };
    const booking = provider.querySelector('ih-booking')!;
    await waitFor(() => booking.shadowRoot!.querySelector('[part~="option"]'), 'options');
    expect(calls).to.be.greaterThan(0);
    expect(api.calls.at(-1)!.headers.get('Authorization')).to.equal(`Bearer ${TOKEN}`);
  });

  it('tells the gateway the language shown (Accept-Language), and asks again when it changes, so catalog text comes in that language', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    await waitFor(() => booking.shadowRoot!.querySelector('[part~="option"]'), 'departments');
    const asked = () => api.callsTo('GET', '/api/departments').map((c) => c.headers.get('Accept-Language'));
    expect(asked()).to.deep.equal(['zh-CN']);
    provider.locale = 'zh-TW';
    await waitFor(() => asked().length === 2, 'departments asked again');
    expect(asked()).to.deep.equal(['zh-CN', 'zh-TW']);
    // Without a locale of its own the provider follows <html lang>, and so does what it asks for.
    provider.removeAttribute('locale');
    document.documentElement.lang = 'en';
    await waitFor(() => asked().at(-1) === 'en', 'English after <html lang="en">');
    document.documentElement.lang = 'zh-Hant-HK';
    await waitFor(() => asked().at(-1) === 'zh-TW', 'zh-TW after <html lang="zh-Hant-HK">');
    document.documentElement.lang = 'en';
  });

  it('applies the theme presets, and host tokens win over them', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider theme="dark" token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    await booking.updateComplete;
    const base = booking.shadowRoot!.querySelector('[part~="base"]')!;
    const bg = () => getComputedStyle(base).backgroundColor;
    expect(bg()).to.equal('rgb(18, 26, 36)');
    provider.theme = 'light';
    await provider.updateComplete;
    expect(bg()).to.equal('rgb(255, 255, 255)');
    document.documentElement.style.setProperty('--ih-color-bg', 'rgb(1, 2, 3)');
    expect(bg()).to.equal('rgb(1, 2, 3)');
    document.documentElement.style.removeProperty('--ih-color-bg');
  });

  it('keeps widget sizes in px when the host page shrinks its root font size', async () => {
    document.documentElement.style.fontSize = '10px';
    const provider = await fixture<IhProvider>(html`<ih-provider token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    await booking.updateComplete;
    expect(getComputedStyle(booking).fontSize).to.equal('16px');
    document.documentElement.style.fontSize = '';
  });

  it('renders its children and emits nothing', async () => {
    const seen: string[] = [];
    const listener = (e: Event) => e.type.startsWith('ih-') && seen.push(e.type);
    const provider = await fixture<IhProvider>(html`<ih-provider token=${TOKEN}><p>portal</p></ih-provider>`);
    provider.addEventListener('ih-booked', listener);
    provider.token = 'other';
    await provider.updateComplete;
    expect(provider.textContent).to.contain('portal');
    expect(seen).to.deep.equal([]);
  });

  it('shares one live connection per client, made on first use; closes it when the client changes or the provider goes', async () => {
    const made: FakeRealtime[] = [];
    const provider = await fixture<IhProvider>(html`<ih-provider token=${TOKEN}><p>portal</p></ih-provider>`);
    provider.realtimeFactory = () => made[made.push(new FakeRealtime()) - 1]!;
    await provider.updateComplete;
    let config: IhConfig | undefined;
    provider.querySelector('p')!.dispatchEvent(new ContextEvent(ihContext, provider.querySelector('p')!, (v) => (config = v), true));
    expect(made).to.have.length(0);
    const unused = (): Realtime => {
      throw new Error('the provider factory wins');
    };
    const first = config!.realtime(unused);
    expect(config!.realtime(unused)).to.equal(first);
    expect(made).to.have.length(1);
    provider.token = 'other';
    await provider.updateComplete;
    expect(made[0]!.closed).to.equal(true);
    expect(config!.realtime(unused)).to.not.equal(first);
    expect(made).to.have.length(2);
    provider.remove();
    expect(made[1]!.closed).to.equal(true);
  });
});
