/**
 * The layout checker on boxes made to break each rule, so that every rule of the visual test is
 * seen to fail (and to pass) on something real: an unsized SVG icon filling its container (the
 * critical alert's 824 px "!"), a 13 px checkbox, a 29 px button, a cut-off table cell, text
 * drawn over text, a box wider than the screen, an alert below the first screen.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { checkLayout, type Rule } from './layout-invariants.js';
import { iconAlert } from '../../src/internal/icons.js';

/** A host element with `content` in its shadow root, like an ihkit element. */
async function host(content: ReturnType<typeof html>, style = ''): Promise<HTMLElement> {
  fixtureCleanup(); // one at a time: each is checked alone at the top of the page
  const el = await fixture<HTMLElement>(html`<div></div>`);
  const root = el.attachShadow({ mode: 'open' });
  const { render } = await import('lit');
  render(html`<style>${style}</style>${content}`, root);
  return el;
}
const rules = (el: HTMLElement, touch = true, firstScreen?: string[]): Rule[] => checkLayout(el, { touchTargets: touch, firstScreen }).map((v) => v.rule);

describe('checkLayout', () => {
  before(() => setViewport({ width: 390, height: 844 }));

  it('passes a well-made box', async () => {
    const el = await host(html`<p>一段文字</p><button style="min-height:44px;min-width:44px">确定</button><label style="display:flex;min-height:44px"><input type="checkbox" />加急</label>`);
    expect(rules(el)).to.deep.equal([]);
  });

  it('finds an icon larger than its intended size: an SVG without a size fills its container', async () => {
    const sized = await host(html`<div style="width:800px;height:800px">${iconAlert}</div>`, 'div { max-width: 100%; }');
    expect(rules(sized, false)).to.deep.equal([]);
    const unsized = await host(html`<div style="width:300px;height:300px"><svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9" /></svg></div>`);
    expect(rules(unsized, false)).to.deep.equal(['icon-size']);
    const chart = await host(html`<svg role="img" width="300" height="200"><title>趋势</title></svg>`);
    expect(rules(chart, false)).to.deep.equal([]);
  });

  it('finds touch targets under 44×44 px: a small button, a bare checkbox and its small label', async () => {
    const el = await host(html`<button style="height:29px">取消预约</button><input type="checkbox" /><label><input type="radio" />送货上门</label>`);
    expect(rules(el)).to.deep.equal(['touch-target', 'touch-target', 'touch-target']);
    expect(rules(el, false)).to.deep.equal([]);
  });

  it('finds text cut off by a scrolling table wrapper and by an ellipsis', async () => {
    const table = await host(html`<div style="overflow-x:auto;width:200px"><table><tr><td style="white-space:nowrap">钾 6.8 mmol/L 3.5–5.3 ↑↑ 危急偏高</td></tr></table></div>`);
    expect(rules(table, false)).to.deep.equal(['clipped-text']);
    const ellipsis = await host(html`<p style="width:60px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis">Department</p>`);
    expect(new Set(rules(ellipsis, false))).to.deep.equal(new Set(['clipped-text']));
  });

  it('finds text drawn over text, but not text under an open popup', async () => {
    const el = await host(html`<div style="position:relative"><span>左边的字</span><span style="position:absolute;left:0;top:0">右边的字</span></div>`);
    expect(rules(el, false)).to.deep.equal(['overlapping-text']);
    const popup = await host(html`<div style="position:relative"><span>提示</span><ul style="position:absolute;top:0;left:0;z-index:2;background:white;margin:0"><li>选项</li></ul></div>`);
    expect(rules(popup, false)).to.deep.equal([]);
  });

  it('finds content spilling out of a narrow grid cell over its neighbour (a card field label is ::before text, not a text node)', async () => {
    const style = '<style>.card [data-label]::before{content:attr(data-label) " "}</style>';
    const card = await host(html`<div .innerHTML=${`${style}<div class="card" style="display:grid;grid-template-columns:minmax(0,1fr) auto;width:200px;font-size:24px"><div data-label="Reference range">3.5–5.3</div><div style="white-space:nowrap">↑↑ Critically high</div></div>`}></div>`);
    expect(rules(card, false)).to.deep.equal(['spilling'], 'only the innermost box that spills');
    const fits = await host(html`<div style="display:grid;grid-template-columns:minmax(0,1fr);width:200px"><div>Reference range 3.5–5.3</div><div>↑↑ Critically high</div></div>`);
    expect(rules(fits, false)).to.deep.equal([]);
  });

  it('finds a box wider than the screen and the page scrolling sideways', async () => {
    const el = await host(html`<div style="width:480px">宽</div>`);
    expect(rules(el, false)).to.have.members(['page-width', 'box-width']);
  });

  it('finds an alert below the first screen', async () => {
    const el = await host(html`<div style="height:900px"></div><p role="alert">危急值</p>`);
    expect(rules(el, false, ['[role="alert"]'])).to.deep.equal(['first-screen']);
    expect(rules(el, false, ['div'])).to.deep.equal(['first-screen']);
    const top = await host(html`<p role="alert">危急值</p>`);
    expect(rules(top, false, ['[role="alert"]'])).to.deep.equal([]);
  });
});
