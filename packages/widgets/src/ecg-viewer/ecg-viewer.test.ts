import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { IhError } from '@ihkit/core';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, type Theme } from '../../test/a11y.js';
import { syntheticEcg } from '../../test/ecg-data.js';
import { ecg as zhCN } from '../locales/ecg/ecg-zh-CN.js';
import { ecg as zhTW } from '../locales/ecg/ecg-zh-TW.js';
import { ecg as en } from '../locales/ecg/ecg-en.js';
import '../provider/provider.js';
import './ecg-viewer.js';
import type { IhEcgViewer } from './ecg-viewer.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

const sinus = syntheticEcg('sinus');
const afib = syntheticEcg('afib');

async function mount(o: { waveform?: IhEcgViewer['waveform']; locale?: string; theme?: Theme; loading?: boolean; error?: unknown } = {}) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${o.locale ?? 'zh-CN'} token=${TOKEN} theme=${o.theme ?? 'light'}>
    <ih-ecg-viewer .waveform=${o.waveform} ?loading=${o.loading ?? false} .error=${o.error}></ih-ecg-viewer>
  </ih-provider>`);
  const el = provider.querySelector('ih-ecg-viewer')!;
  await el.updateComplete;
  return el;
}

const $ = <E extends Element = HTMLElement>(el: IhEcgViewer, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = <E extends Element = HTMLElement>(el: IhEcgViewer, sel: string) => [...el.shadowRoot!.querySelectorAll<E>(sel)];
const chart = (el: IhEcgViewer) => $<SVGSVGElement>(el, 'svg[part~="chart"]')!;
const viewBox = (el: IhEcgViewer) => chart(el).viewBox.baseVal;

/** A path's points: every number pair after M, L, H or V, as absolute coordinates. */
function points(d: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MLHV])([^MLHV]*)/g)) {
    const n = args!.trim().split(/[\s,]+/).map(Number);
    if (cmd === 'H') x = n[0]!;
    else if (cmd === 'V') y = n[0]!;
    else [x, y] = [n[0]!, n[1]!];
    out.push([x, y]);
  }
  return out;
}

/** The standard layout, written out: the lead in each row and column. */
const STANDARD = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
/** 10 mm before the tracings (the calibration pulse), rows 40 mm high with the baseline 25 mm down. */
const LEFT = 10;
const baseline = (row: number) => row * 40 + 25;

/** A pointer event at a point of the paper (mm), in client coordinates of the chart as drawn. */
function pointerAt(el: IhEcgViewer, type: string, xMm: number, yMm: number): PointerEvent {
  const r = chart(el).getBoundingClientRect();
  const box = viewBox(el);
  return new PointerEvent(type, { bubbles: true, composed: true, pointerId: 7, pointerType: 'mouse', button: 0, buttons: 1, clientX: r.left + (xMm / box.width) * r.width, clientY: r.top + (yMm / box.height) * r.height });
}

const measurement = (el: IhEcgViewer) => $(el, '[part~="measurement"]')!.textContent!.replace(/\s+/g, ' ');

describe('<ih-ecg-viewer>', () => {
  it('draws every lead of the standard layout where its samples are: x at 25 mm/s from its column, y = baseline − µV × 10 mm/mV', async () => {
    const el = await mount({ waveform: sinus.waveform });
    const traces = $$<SVGPathElement>(el, 'path.trace');
    expect(traces.length).to.equal(13);
    const samples = new Map(sinus.waveform.leads.map((l) => [l.name, l.samples]));
    for (const t of traces) {
      const lead = t.dataset.lead!;
      const row = Number(t.dataset.row);
      const from = Number(t.dataset.from);
      const pts = points(t.getAttribute('d')!);
      if (row === 3) {
        expect(lead, 'rhythm strip').to.equal('II');
        expect(from).to.equal(0);
        expect(pts.length, 'rhythm strip: 10 s at 500 Hz').to.equal(5000);
      } else {
        const column = STANDARD[row]!.indexOf(lead);
        expect(column, `${lead} in row ${row}`).to.be.greaterThan(-1);
        expect(from, lead).to.equal(column * 1250);
        expect(pts.length, `${lead}: 2.5 s at 500 Hz`).to.equal(1250);
      }
      const uv = samples.get(lead as never)!;
      pts.forEach(([x, y], k) => {
        const i = from + k;
        if (Math.abs(x - (LEFT + (i / 500) * 25)) > 0.0006) throw new Error(`${lead} row ${row}: sample ${i} at x ${x}, not ${LEFT + (i / 500) * 25}`);
        if (Math.abs(y - (baseline(row) - (uv[i]! / 1000) * 10)) > 0.0006) throw new Error(`${lead} row ${row}: sample ${i} (${uv[i]} µV) at y ${y}, not ${baseline(row) - uv[i]! / 100}`);
      });
    }
    // each lead's name is written over its segment
    expect($$(el, 'text.lead-name').map((t) => t.textContent)).to.have.members([...STANDARD.flat(), 'II']);
  });

  it('lays the grid at 1 mm and 5 mm (0.04 s / 0.1 mV and 0.2 s / 0.5 mV), the pulse 10 mm high and 5 mm wide, a paper mm a CSS mm at 100 %', async () => {
    const el = await mount({ waveform: sinus.waveform });
    const box = viewBox(el);
    expect([box.width, box.height]).to.deep.equal([260, 160]);
    const xs = (d: string) => [...new Set(points(d).filter(([, y]) => y === 0).map(([x]) => x))].sort((a, b) => a - b);
    const ys = (d: string) => [...new Set(points(d).filter(([x]) => x === 0).map(([, y]) => y))].sort((a, b) => a - b);
    const major = $(el, 'path.grid-major')!.getAttribute('d')!;
    const minor = $(el, 'path.grid-minor')!.getAttribute('d')!;
    const steps = (v: number[]) => new Set(v.slice(1).map((x, i) => Number((x - v[i]!).toFixed(6))));
    expect([...steps(xs(major))], 'major verticals').to.deep.equal([5]);
    expect([...steps(ys(major))], 'major horizontals').to.deep.equal([5]);
    const all = [...xs(major), ...xs(minor)].sort((a, b) => a - b);
    expect([...steps(all)], 'every 1 mm a line').to.deep.equal([1]);
    expect(all.length).to.equal(261);
    // 25 mm/s: a second later is 25 mm to the right on the rhythm strip; the tracings' baselines are on major lines
    const strip = points($(el, 'path.trace[data-row="3"]')!.getAttribute('d')!);
    expect(strip[500]![0] - strip[0]![0]).to.be.closeTo(25, 1e-9);
    for (const row of [0, 1, 2, 3]) expect(ys(major)).to.include(baseline(row));
    // 10 mm/mV: the calibration pulse is 1 mV, 10 mm high, and 200 ms, 5 mm wide
    const pulse = points($(el, 'path.pulse')!.getAttribute('d')!).slice(0, 6);
    expect(pulse.map(([, y]) => y)).to.deep.equal([25, 25, 15, 15, 25, 25]);
    expect(pulse[3]![0] - pulse[2]![0]).to.equal(5);
    // at 100 %, 260 mm of paper are 260 CSS mm wide (96 px to 25.4 mm)
    expect(chart(el).getBoundingClientRect().width).to.be.closeTo((260 * 96) / 25.4, 1);
  });

  it('calipers dragged with a mouse from one R wave to the next measure the RR interval to the sample, and the rate and voltage difference', async () => {
    const el = await mount({ waveform: afib.waveform });
    const peaks = afib.ecg.rPeaks;
    // the first RR on the paper after 1 s; the calipers on the rhythm strip (row 3)
    const k = peaks.findIndex((p) => p > 500);
    const [p0, p1] = [peaks[k]!, peaks[k + 1]!];
    const x = (i: number) => LEFT + (i / 500) * 25;
    chart(el).dispatchEvent(pointerAt(el, 'pointerdown', x(p0), 145));
    chart(el).dispatchEvent(pointerAt(el, 'pointermove', (x(p0) + x(p1)) / 2, 150));
    chart(el).dispatchEvent(pointerAt(el, 'pointermove', x(p1), 142));
    chart(el).dispatchEvent(pointerAt(el, 'pointerup', x(p1), 142));
    await el.updateComplete;
    const [a, b] = $$(el, '[part~="caliper-handle"]');
    expect(Math.abs(Number(a!.dataset.index) - p0), 'caliper A on the R wave').to.be.at.most(1);
    expect(Math.abs(Number(b!.dataset.index) - p1), 'caliper B on the next').to.be.at.most(1);
    const rr = ((p1 - p0) / 500) * 1000;
    const shown = Number(/(\d+) ms/.exec(measurement(el))![1]);
    expect(Math.abs(shown - rr), `RR ${rr} ms, shown ${shown} ms`).to.be.at.most(2);
    expect(measurement(el)).to.contain(`${Math.round(60_000 / shown)}次/分`);
    // both on lead II's R waves: about the same voltage
    const ii = afib.waveform.leads.find((l) => l.name === 'II')!.samples;
    const dv = (ii[Number(b!.dataset.index)]! - ii[Number(a!.dataset.index)]!) / 1000;
    expect(measurement(el)).to.contain(`${dv > 0 ? '+' : ''}${dv.toFixed(2)} mV`);
    // the handles sit on the tracing: centred on the point drawn for their sample
    const r = chart(el).getBoundingClientRect();
    const hb = b!.getBoundingClientRect();
    const scale = r.width / 260;
    expect(hb.left + hb.width / 2 - r.left).to.be.closeTo(x(Number(b!.dataset.index)) * scale, 1);
    expect(hb.top + hb.height / 2 - r.top).to.be.closeTo((baseline(3) - ii[Number(b!.dataset.index)]! / 100) * scale, 1);
  });

  it('works from the keyboard: the calipers button places two calipers, arrows move the focused one a sample (Shift: ten) or a row; zoom buttons', async () => {
    const el = await mount({ waveform: sinus.waveform, locale: 'en' });
    const calipers = $<HTMLButtonElement>(el, '[part~="calipers-button"]')!;
    calipers.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(calipers.getAttribute('aria-pressed')).to.equal('true');
    const a = $(el, '[part~="caliper-a"]')!;
    const b = $(el, '[part~="caliper-b"]')!;
    expect(a.getAttribute('role')).to.equal('slider');
    a.focus();
    const start = Number(a.dataset.index);
    await sendKeys({ press: 'ArrowRight' });
    expect(Number(a.dataset.index)).to.equal(start + 1);
    await sendKeys({ press: 'Shift+ArrowRight' });
    expect(Number(a.dataset.index)).to.equal(start + 11);
    await sendKeys({ press: 'ArrowLeft' });
    expect(Number(a.dataset.index)).to.equal(start + 10);
    expect(a.getAttribute('aria-valuenow')).to.equal(String(Math.round(((start + 10) / 500) * 1000)));
    expect(a.getAttribute('aria-valuetext')).to.match(/^lead II, \d+\.\d{3} s, -?\d+\.\d{2} mV$/);
    await sendKeys({ press: 'ArrowUp' });
    expect(a.dataset.row).to.equal('2');
    const ms = (Math.abs(Number(b.dataset.index) - (start + 10)) / 500) * 1000;
    expect(measurement(el)).to.contain(`Interval: ${Math.round(ms)} ms`);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(b);
    // moved past the paper's right edge, the handle scrolls into view
    el.setZoom(3);
    await el.updateComplete;
    const paper = $(el, '[part~="paper"]')!;
    paper.scrollLeft = 0;
    for (let i = 0; i < 60; i++) await sendKeys({ press: 'Shift+ArrowRight' });
    const pb = paper.getBoundingClientRect();
    const hb = b.getBoundingClientRect();
    expect(paper.scrollLeft, 'scrolled along').to.be.greaterThan(0);
    expect(hb.left >= pb.left - 1 && hb.right <= pb.right + 1, 'handle B in view').to.equal(true);
    el.setZoom(1);
    await el.updateComplete;

    const zoomIn = $<HTMLButtonElement>(el, '[part~="zoom-in-button"]')!;
    const width = chart(el).getBoundingClientRect().width;
    zoomIn.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($(el, '[part~="zoom-level"]')!.textContent).to.equal('Zoom: 125%');
    expect(chart(el).getBoundingClientRect().width).to.be.closeTo(width * 1.25, 1);
    $<HTMLButtonElement>(el, '[part~="zoom-reset-button"]')!.click();
    await el.updateComplete;
    expect(chart(el).getBoundingClientRect().width).to.be.closeTo(width, 1);
  });

  it('zooms with Ctrl + wheel and a pinch, not with a plain wheel, between 50 % and 400 %', async () => {
    const el = await mount({ waveform: sinus.waveform });
    const paper = $(el, '[part~="paper"]')!;
    const r = paper.getBoundingClientRect();
    paper.dispatchEvent(new WheelEvent('wheel', { deltaY: -120, bubbles: true, cancelable: true, clientX: r.left + 50, clientY: r.top + 50 }));
    await el.updateComplete;
    expect(el.zoom).to.equal(1);
    const ctrl = new WheelEvent('wheel', { deltaY: -120, ctrlKey: true, bubbles: true, cancelable: true, clientX: r.left + 50, clientY: r.top + 50 });
    paper.dispatchEvent(ctrl);
    await el.updateComplete;
    expect(ctrl.defaultPrevented, 'the page does not zoom').to.equal(true);
    expect(el.zoom).to.be.greaterThan(1.4);
    el.setZoom(1);
    const touch = (x: number, id: number) => new Touch({ identifier: id, target: paper, clientX: r.left + x, clientY: r.top + 60 });
    paper.dispatchEvent(new TouchEvent('touchstart', { touches: [touch(100, 1), touch(150, 2)], bubbles: true, cancelable: true }));
    paper.dispatchEvent(new TouchEvent('touchmove', { touches: [touch(75, 1), touch(175, 2)], bubbles: true, cancelable: true }));
    paper.dispatchEvent(new TouchEvent('touchend', { touches: [], bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(el.zoom).to.be.closeTo(2, 1e-9);
    for (let i = 0; i < 10; i++) $<HTMLButtonElement>(el, '[part~="zoom-in-button"]')!.click();
    await el.updateComplete;
    expect(el.zoom).to.equal(4);
    expect($<HTMLButtonElement>(el, '[part~="zoom-in-button"]')!.disabled).to.equal(true);
  });

  it('scrolls sideways inside itself on a phone; the page stays as wide as the screen', async () => {
    await setViewport({ width: 375, height: 740 });
    try {
      const el = await mount({ waveform: sinus.waveform });
      const paper = $(el, '[part~="paper"]')!;
      expect(paper.scrollWidth).to.be.greaterThan(paper.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(375);
      paper.scrollLeft = 200;
      expect(paper.scrollLeft).to.equal(200);
    } finally {
      await setViewport({ width: 1280, height: 800 });
    }
  });

  it('names the leads and the rhythm strip for a screen reader, and speaks zh-CN, zh-TW and en', async () => {
    for (const [locale, table] of [['zh-CN', zhCN], ['zh-TW', zhTW], ['en', en]] as const) {
      const el = await mount({ waveform: sinus.waveform, locale });
      const svg = chart(el);
      expect(svg.getAttribute('role')).to.equal('img');
      const [title, desc] = svg.getAttribute('aria-labelledby')!.split(' ').map((id) => el.shadowRoot!.getElementById(id)!.textContent!);
      expect(title, locale).to.equal(table['ecg.label']);
      expect(desc, locale).to.contain('I, II, III, aVR, aVL, aVF, V1, V2, V3, V4, V5, V6');
      expect(desc, locale).to.contain('10');
      expect($(el, '[part~="zoom-in-button"]')!.getAttribute('aria-label'), locale).to.equal(table['ecg.zoomIn']);
      expect($(el, '[part~="calipers-button"]')!.textContent!.trim(), locale).to.equal(table['ecg.calipers']);
      expect($(el, '[part~="scale"]')!.textContent, locale).to.equal('25 mm/s · 10 mm/mV · 500 Hz');
      for (const button of $$<HTMLButtonElement>(el, '[part~="tools"] button')) expect(button.localName).to.equal('button');
    }
  });

  it('loading, empty and error states; retry asks the host again', async () => {
    let el = await mount({ loading: true });
    expect($(el, '[part~="loading"]')).to.exist;
    el = await mount({});
    expect($(el, '[part~="empty"]')!.textContent).to.contain(zhCN['ecg.empty']);
    el = await mount({ error: new IhError('PACS_UNAVAILABLE', 503, 'PACS unavailable'), locale: 'en' });
    expect($(el, '[part~="error"]')!.textContent).to.not.contain('PACS unavailable'); // its localized message, not the server's
    const retry = oneEvent(el, 'ih-retry');
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    expect((await retry).detail).to.deep.equal({ element: 'ecg-viewer' });
    // a new waveform clears the calipers of the old one
    el = await mount({ waveform: sinus.waveform });
    $<HTMLButtonElement>(el, '[part~="calipers-button"]')!.click();
    await el.updateComplete;
    expect($$(el, '[part~="caliper-handle"]').length).to.equal(2);
    el.waveform = afib.waveform;
    await el.updateComplete;
    expect($$(el, '[part~="caliper-handle"]').length).to.equal(0);
  });

  for (const theme of THEMES) {
    it(`is accessible (${theme}): the ECG with calipers, and each state`, async () => {
      let el = await mount({ waveform: sinus.waveform, theme });
      $<HTMLButtonElement>(el, '[part~="calipers-button"]')!.click();
      await el.updateComplete;
      await waitFor(() => $(el, '[part~="measurement"]'), 'measurement');
      await expectAccessible(el, `${theme} · with calipers`);
      el = await mount({ loading: true, theme });
      await expectAccessible(el, `${theme} · loading`);
      el = await mount({ theme });
      await expectAccessible(el, `${theme} · empty`);
      el = await mount({ error: new Error('PACS down'), theme });
      await expectAccessible(el, `${theme} · error`);
    });
  }
});
