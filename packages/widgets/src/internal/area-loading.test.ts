import { expect, fixture, html } from '@open-wc/testing';
import '../provider/provider.js';
import '../family/family.js';
import '../video-consult/video-consult.js';
import '../booking/booking.js';
import { IhFamily } from '../family/family.component.js';
import { IhVideoConsult } from '../video-consult/video-consult.component.js';
import { IhClinic } from '../clinic/clinic.component.js';
import { IhPrescriptions } from '../prescriptions/prescriptions.component.js';
import { IhDoctorDesk } from '../doctor-desk/doctor-desk.component.js';
import { IhPrescriptionEditor } from '../prescription-editor/prescription-editor.component.js';
import { IhPharmacistReview } from '../pharmacist-review/pharmacist-review.component.js';
import { familyStrings } from '../locales/family/area.js';
import { videoStrings } from '../locales/video/area.js';
import { checkoutStrings } from '../locales/checkout/area.js';
import { insuranceStrings } from '../locales/insurance/area.js';
import { allStrings, bookingStrings } from '../locales/areas.js';
import { msg, type Locale, type StringArea, type StringKey } from './localize.js';
import type { IhElement } from './ih-element.js';
import { waitFor } from '../../test/mock-api.js';

const table = async (source: StringArea['zh-CN']) => (typeof source === 'function' ? await source() : source);
const every = async (area: StringArea) => ({ 'zh-CN': await table(area['zh-CN']), en: await area.en(), 'zh-TW': await area['zh-TW']() });

/**
 * The elements whose strings moved to areas of their own, with their sources: every string key
 * written out in them (`'family.label'`; the test server hands them over compiled; keys built from a template are not seen) must be in an
 * area the element loads before it renders, in all three languages. `later`: an area a part of
 * the element loads with its own chunk, and the element shows that part only once it is in
 * (paying: internal/lazy-checkout.ts, with insurance: internal/insurance-pay.ts).
 */
const elements: { element: typeof IhElement; sources: string[]; later?: StringArea[] }[] = [
  { element: IhFamily, sources: ['family/family.component.ts'] },
  { element: IhVideoConsult, sources: ['video-consult/video-consult.component.ts', 'video-consult/call-session.ts', 'video-consult/device-check.ts', 'video-consult/media-devices.ts', 'video-consult/consult-choice.ts', 'video-consult/specialist-invite.ts', 'video-consult/outgoing-video.ts', 'video-consult/recording-consent.ts', 'video-consult/saved-recordings.ts'] },
  { element: IhClinic, sources: ['clinic/clinic.component.ts', 'internal/insurance-pay.ts', 'internal/insurance-split.ts'], later: [checkoutStrings, insuranceStrings] },
  { element: IhPrescriptions, sources: ['prescriptions/prescriptions.component.ts', 'internal/insurance-pay.ts', 'internal/insurance-split.ts'], later: [checkoutStrings, insuranceStrings] },
  { element: IhDoctorDesk, sources: ['doctor-desk/doctor-desk.component.ts', 'doctor-desk/critical-alerts.view.ts', 'doctor-desk/critical-alerts.ts', 'internal/practitioner.ts'] },
  { element: IhPrescriptionEditor, sources: ['prescription-editor/prescription-editor.component.ts', 'internal/practitioner.ts'] },
  { element: IhPharmacistReview, sources: ['pharmacist-review/pharmacist-review.component.ts', 'internal/practitioner.ts'] },
];

/**
 * Holds `area`'s `locale` table back for 200 ms while `<tag>` renders in a provider of that
 * locale, then lets it in and waits for `key`'s text: what the element's shadow root showed
 * meanwhile, and whether the table was asked for.
 */
async function paintWithSlowTable(area: StringArea, locale: Locale, tag: string, key: StringKey): Promise<{ painted: string[]; asked: boolean }> {
  const load = area[locale] as () => Promise<Partial<Record<string, string>>>;
  let release!: () => void;
  let asked = false;
  area[locale] = () => ((asked = true), new Promise<void>((r) => (release = r)).then(load));
  try {
    const provider = await fixture(html`<ih-provider api="/api" locale=${locale}></ih-provider>`);
    const element = provider.appendChild(document.createElement(tag));
    const painted: string[] = [];
    const look = () => painted.push(element.shadowRoot?.textContent ?? '');
    look();
    new MutationObserver(look).observe(element.shadowRoot ?? element, { subtree: true, childList: true, characterData: true });
    await new Promise((r) => setTimeout(r, 200));
    release?.();
    await waitFor(() => element.shadowRoot?.textContent?.includes(msg(key, undefined, locale)), `${key} in ${locale}`);
    look();
    return { painted, asked };
  } finally {
    area[locale] = load;
  }
}

describe('string areas', () => {
  it('has every key an element uses in an area it loads, in zh-CN, en and zh-TW', async () => {
    for (const { element, sources, later = [] } of elements) {
      const tables = await Promise.all([...element.stringAreas, ...later].map(every));
      const known = new Set(tables.flatMap((t) => Object.keys(t['zh-CN'])));
      const prefixes = new Set([...known].map((k) => k.split('.')[0]!));
      let seen = 0;
      for (const source of sources) {
        const text = await (await fetch(`/packages/widgets/src/${source}`)).text();
        for (const [, key] of text.matchAll(/['"]([a-zA-Z]+(?:\.\w+)+)['"]/g)) {
          if (!prefixes.has(key!.split('.')[0]!) || /\.(js|ts)$/.test(key!)) continue;
          seen++;
          for (const locale of ['zh-CN', 'en', 'zh-TW'] as const) {
            expect(tables.some((t) => typeof (t[locale] as Record<string, string>)[key!] === 'string'), `${element.name}: ${key} in ${locale} (${source})`).to.equal(true);
          }
        }
      }
      expect(seen, `${element.name}: keys found in its sources`).to.be.greaterThan(3);
    }
  });

  it('loads an element’s own area before it renders: a slow table shows no key, only the language once it is in', async () => {
    const { painted } = await paintWithSlowTable(familyStrings, 'en', 'ih-family', 'family.signInHint');
    expect(painted.filter((t) => /\b(family|common|error)\.\w/.test(t)), 'no key was ever shown').to.deep.equal([]);
    expect(msg('family.signInHint', undefined, 'en')).to.not.equal(msg('family.signInHint', undefined, 'zh-CN'));
  });

  it('fetches zh-CN’s main tables too, and an element waits for them: a slow table shows no key, only Chinese once it is in', async () => {
    expect(allStrings.filter((area) => typeof area['zh-CN'] !== 'function'), 'no main table is built into the entry').to.deep.equal([]);
    const { painted, asked } = await paintWithSlowTable(bookingStrings, 'zh-CN', 'ih-booking', 'booking.step.department');
    expect(asked, 'the booking’s zh-CN table was asked for').to.equal(true);
    expect(painted.filter((t) => /\b(booking|common|error)\.\w/.test(t)), 'no key was ever shown').to.deep.equal([]);
  });

  it('keeps the video consult’s, the family’s, insurance’s and the staff desks’ strings out of the main tables', async () => {
    const [main] = await Promise.all([import('../locales/zh-CN.js')]);
    expect(Object.keys(main.zhCN).filter((k) => /^(video|family|payment|desk|rxEditor|rxReview|practitioner)\./.test(k))).to.deep.equal([]);
    expect(IhVideoConsult.stringAreas).to.include(videoStrings);
    expect(IhFamily.stringAreas).to.include(familyStrings);
  });
});
