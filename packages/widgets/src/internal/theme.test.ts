import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import { expectAccessible } from '../../test/a11y.js';
import '../provider/provider.js';
import '../booking/booking.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(async () => {
  api.reset();
  await emulateMedia({ colorScheme: 'light' });
});
after(() => api.worker.stop());

/** sRGB channels (0–1) of a computed colour: `rgb(…)`, `rgba(…)` or `color(srgb …)` (what color-mix() computes to). */
function channels(color: string): [number, number, number] {
  const rgb = color.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/);
  if (rgb) return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255];
  const srgb = color.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/);
  if (srgb) return [Number(srgb[1]), Number(srgb[2]), Number(srgb[3])];
  throw new Error(`cannot read the colour ${color}`);
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const luminance = (c: string) => {
    const [r, g, b2] = channels(c).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Text colour on background, as the widgets pair their tokens: body and secondary text on the
 * card, the strips and the tinted panels; the brand colour as link and selection; white (or the
 * dark preset's ink) on buttons, hovered too; danger, success and warning words and badges.
 */
const PAIRS: Array<[string, string]> = [
  ['--_text', '--_bg'],
  ['--_text', '--_surface'],
  ['--_text', '--_primary-soft'],
  ['--_text', '--_danger-soft'],
  ['--_text', '--_success-soft'],
  ['--_muted', '--_bg'],
  ['--_muted', '--_surface'],
  ['--_muted', '--_primary-soft'],
  ['--_primary', '--_bg'],
  ['--_primary', '--_surface'],
  ['--_primary', '--_primary-soft'],
  ['--_on-primary', '--_primary'],
  ['--_on-primary', 'color-mix(in srgb, var(--_primary) 88%, #000)'],
  ['--_danger', '--_bg'],
  ['--_danger', '--_surface'],
  ['--_danger', '--_danger-soft'],
  ['--_success', '--_bg'],
  ['--_success', '--_success-soft'],
  ['--_warning', '--_bg'],
  ['--_warning', '--_surface'],
];

/** The computed colours of the widget's tokens, read through a probe in its shadow root. */
function resolve(host: Element, value: string): string {
  const probe = document.createElement('span');
  probe.style.color = value.startsWith('--') ? `var(${value})` : value;
  host.shadowRoot!.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

async function mountIn(theme: string) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN} theme=${theme}><ih-booking></ih-booking></ih-provider>`);
  const booking = provider.querySelector('ih-booking')!;
  await waitFor(() => booking.shadowRoot!.querySelector('[part~="option"]'), 'departments');
  return booking;
}

describe('theme presets', () => {
  for (const [theme, scheme] of [['light', 'light'], ['dark', 'light'], ['auto', 'dark'], ['auto', 'light']] as const) {
    it(`${theme} (system ${scheme}): every text token pair reaches 4.5:1`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const booking = await mountIn(theme);
      const low = PAIRS.map(([fg, bg]) => ({ fg, bg, ratio: contrast(resolve(booking, fg), resolve(booking, bg)) })).filter((p) => p.ratio < 4.5);
      expect(low.map((p) => `${p.fg} on ${p.bg}: ${p.ratio.toFixed(2)}`)).to.deep.equal([]);
      const dark = theme === 'dark' || scheme === 'dark';
      expect(resolve(booking, '--_bg')).to.equal(dark ? 'rgb(18, 26, 36)' : 'rgb(255, 255, 255)');
      await expectAccessible(booking, `${theme} preset, system ${scheme}`);
    });
  }

  it('reads contrast right: a pair known to be too faint fails', async () => {
    const booking = await mountIn('light');
    expect(contrast(resolve(booking, '#777777'), resolve(booking, '#ffffff'))).to.be.closeTo(4.48, 0.01);
    expect(contrast(resolve(booking, '--_text'), resolve(booking, '--_bg'))).to.be.closeTo(15.13, 0.01);
  });
});

describe('elder mode (适老化)', () => {
  it('makes the text half as large again as the user\'s own size and the targets 56px, with any colours, live', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN} theme="dark"><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    const option = await waitFor(() => booking.shadowRoot!.querySelector<HTMLElement>('[part~="option"]'), 'departments');
    const base = booking.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    expect(getComputedStyle(base).fontSize).to.equal('16px');
    expect(getComputedStyle(option).minHeight).to.equal('44px');

    provider.toggleAttribute('elder', true);
    expect(getComputedStyle(base).fontSize).to.equal('24px');
    expect(getComputedStyle(option).minHeight).to.equal('56px');
    expect(resolve(booking, '--_bg'), 'the dark colours stay').to.equal('rgb(18, 26, 36)');
    await expectAccessible(booking, 'elder mode, dark');

    booking.style.setProperty('--ih-font-size', '18px'); // the host's own size wins
    expect(getComputedStyle(base).fontSize).to.equal('18px');
  });
});
