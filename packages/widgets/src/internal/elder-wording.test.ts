import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import '../provider/provider.js';
import '../booking/booking.js';
import type { IhProvider } from '../provider/provider.component.js';
import { elderStrings } from '../locales/elder/area.js';
import { elder as elderZhCN } from '../locales/elder/elder-zh-CN.js';
import { elder as elderEn } from '../locales/elder/elder-en.js';
import { elder as elderZhTW } from '../locales/elder/elder-zh-TW.js';
import { zhCN as mainZhCN } from '../locales/zh-CN.js';
import { en as mainEn } from '../locales/en.js';
import { zhTW as mainZhTW } from '../locales/zh-TW.js';
import { care as careZhCN } from '../locales/care/care-zh-CN.js';
import { care as careEn } from '../locales/care/care-en.js';
import { care as careZhTW } from '../locales/care/care-zh-TW.js';
import { triage as triageZhCN } from '../locales/triage/triage-zh-CN.js';
import { triage as triageEn } from '../locales/triage/triage-en.js';
import { triage as triageZhTW } from '../locales/triage/triage-zh-TW.js';
import { record as recordZhCN } from '../locales/record/record-zh-CN.js';
import { record as recordEn } from '../locales/record/record-en.js';
import { record as recordZhTW } from '../locales/record/record-zh-TW.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

/** Elder mode's overlay and the normal tables it words differently, per language (the overlay covers the main tables, the follow-up's, triage's and the record's). */
const languages = [
  { locale: 'zh-CN', overlay: elderZhCN, normal: { ...mainZhCN, ...careZhCN, ...triageZhCN, ...recordZhCN } },
  { locale: 'zh-TW', overlay: elderZhTW, normal: { ...mainZhTW, ...careZhTW, ...triageZhTW, ...recordZhTW } },
  { locale: 'en', overlay: elderEn, normal: { ...mainEn, ...careEn, ...triageEn, ...recordEn } },
] as const;

const params = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();


async function mount(locale: string, elder: boolean) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN} locale=${locale} ?elder=${elder}><ih-booking></ih-booking></ih-provider>`);
  const booking = provider.querySelector('ih-booking')!;
  await waitFor(() => booking.shadowRoot!.querySelector('[part~="option"]'), 'departments');
  return { provider, booking, text: () => booking.shadowRoot!.textContent ?? '' };
}

describe('elder mode’s plainer wording (适老化)', () => {
  it('words only keys of the normal tables, the same ones in every language, differently and with the same placeholders', () => {
    for (const { locale, overlay, normal } of languages) {
      const keys = Object.keys(overlay);
      expect(keys.filter((k) => !(k in normal)), `${locale}: keys the normal tables lack`).to.deep.equal([]);
      expect(keys.sort(), locale).to.deep.equal(Object.keys(elderZhCN).sort());
      for (const [key, text] of Object.entries(overlay) as [keyof typeof normal, string][]) {
        expect(text, `${locale} ${key}: plainer than the normal text, not a copy`).to.not.equal(normal[key]);
        expect(params(text), `${locale} ${key}: placeholders`).to.deep.equal(params(normal[key]));
      }
    }
  });

  it('fetches the overlay only in elder mode, once, and switches the wording live both ways', async () => {
    const load = elderStrings['zh-CN'] as () => Promise<Partial<Record<string, string>>>;
    let fetched = 0;
    elderStrings['zh-CN'] = () => (fetched++, load());
    try {
      const { provider, booking, text } = await mount('zh-CN', false);
      expect(text()).to.contain(mainZhCN['booking.step.department']);
      expect(fetched, 'a normal page fetches no elder wording').to.equal(0);

      provider.elder = true;
      await waitFor(() => text().includes(elderZhCN['booking.step.department']), 'the plain step title');
      expect(text()).to.not.contain(mainZhCN['booking.step.department']);

      provider.elder = false;
      await waitFor(() => text().includes(mainZhCN['booking.step.department']), 'the normal step title again');
      expect(booking.shadowRoot!.textContent).to.not.contain(elderZhCN['booking.step.department']);
      provider.elder = true;
      await waitFor(() => text().includes(elderZhCN['booking.step.department']), 'the plain step title again');
      expect(fetched, 'fetched once').to.equal(1);
    } finally {
      elderStrings['zh-CN'] = load;
    }
  });

  for (const { locale, overlay, normal } of languages) {
    it(`shows the booking’s plain wording in ${locale} from its first paint: no normal wording, no keys`, async () => {
      const provider = Object.assign(document.createElement('ih-provider'), { api: '/api', token: TOKEN, locale, elder: true });
      const booking = provider.appendChild(document.createElement('ih-booking'));
      document.body.append(provider);
      try {
        const painted: string[] = [];
        new MutationObserver(() => painted.push(booking.shadowRoot!.textContent ?? '')).observe(booking.shadowRoot!, { subtree: true, childList: true, characterData: true });
        await waitFor(() => booking.shadowRoot!.querySelector('[part~="option"]'), 'departments');
        const heading = booking.shadowRoot!.querySelector('[part~="heading"]')!;
        expect(heading.textContent).to.contain(overlay['booking.step.department']);
        expect(painted.length, 'painted').to.be.greaterThan(0);
        expect(painted.filter((t) => t.includes(normal['booking.step.department'])), 'the normal wording never shows').to.deep.equal([]);
        expect(painted.filter((t) => /\b(booking|common|error)\.\w/.test(t)), 'no key ever shows').to.deep.equal([]);
      } finally {
        provider.remove();
      }
    });
  }
});
