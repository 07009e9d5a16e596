import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import '../provider/provider.js';
import '../booking/booking.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => {
  api.reset();
  document.documentElement.lang = 'en';
});
after(() => api.worker.stop());

const heading = (el: Element) => el.shadowRoot!.querySelector('[part~="heading"]')?.textContent?.trim();

describe('locales in an element', () => {
  it('shows zh-TW from the first paint (the table is fetched before rendering) and money by Intl', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-TW" token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    const painted: (string | undefined)[] = [];
    // Every render is seen from the first one on: none may show Simplified text.
    new MutationObserver(() => painted.push(heading(booking))).observe(booking.shadowRoot!, { subtree: true, childList: true, characterData: true });
    await booking.updateComplete;
    expect(heading(booking)).to.equal('選擇科別');
    await waitFor(() => booking.shadowRoot!.querySelectorAll('[part~="option"]').length, 'departments');
    (booking.shadowRoot!.querySelector('[part~="option"]') as HTMLElement).click();
    await waitFor(() => heading(booking) === '選擇醫師', 'doctor step in zh-TW');
    await waitFor(() => booking.shadowRoot!.textContent!.includes('CN¥50.00'), 'fee in zh-TW');
    expect(painted.filter((h) => h && /选择|科室|医生/.test(h)), 'no Simplified heading was ever shown').to.deep.equal([]);
  });

  it('follows <html lang> when the provider names no locale, and switches live', async () => {
    document.documentElement.lang = 'zh-Hant-HK';
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    await booking.updateComplete;
    expect(heading(booking)).to.equal('選擇科別');
    document.documentElement.lang = 'en';
    await waitFor(() => heading(booking) === 'Choose a department', 'English after <html lang="en">');
    document.documentElement.lang = 'zh-CN';
    await waitFor(() => heading(booking) === '选择科室', 'Simplified after <html lang="zh-CN">');
  });

  it('lets a host override a string in one locale only', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-TW" token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    provider.strings = { 'zh-TW': { 'booking.step.department': '請選擇門診科別' }, en: { 'booking.step.department': 'Pick a clinic' } };
    const booking = provider.querySelector('ih-booking')!;
    await waitFor(() => heading(booking) === '請選擇門診科別', 'the host’s zh-TW string');
    provider.locale = 'en';
    await waitFor(() => heading(booking) === 'Pick a clinic', 'the host’s en string');
  });
});
