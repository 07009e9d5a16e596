import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, deepActive, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './articles.js';
import type { IhArticles } from './articles.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

async function mount(o: { locale?: string; token?: string; theme?: Theme; plan?: string; condition?: string; elder?: boolean } = {}) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${o.locale ?? 'zh-CN'} token=${o.token ?? TOKEN} theme=${o.theme ?? 'light'} ?elder=${o.elder ?? false}>
    <ih-articles plan=${o.plan ?? ''} condition=${o.condition ?? ''}></ih-articles>
  </ih-provider>`);
  const el = provider.querySelector('ih-articles')! as IhArticles;
  if (!o.plan) el.plan = undefined;
  if (!o.condition) el.condition = undefined;
  await el.updateComplete;
  return el;
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const options = (el: Element, n = 1) => waitFor(() => ($$(el, '[part~="option"]').length >= n ? $$(el, '[part~="option"]') : undefined), 'articles');
const opened = (el: Element) => waitFor(() => $(el, '[part~="article"]'), 'the article');

describe('<ih-articles>', () => {
  it('lists the published articles for anyone, filtered by condition, in three languages', async () => {
    const el = await mount({ token: '' });
    const list = await options(el, 2);
    expect(list.map(text)).to.deep.equal([
      '高血压患者如何做到低盐饮食 每人每天食盐不超过5克，少吃腌制食品。高血压',
      '糖尿病足的日常护理 每天检查双脚，温水洗脚。2型糖尿病',
    ]);
    const filter = $(el, '#filter') as HTMLSelectElement;
    filter.value = 'E11';
    filter.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($$(el, '[part~="option"]').map((o) => o.dataset.id)).to.deep.equal(['art_foot']);
    for (const [locale, heading, name] of [['en', 'Health education', 'High blood pressure'], ['zh-TW', '健康衛教', '高血壓']]) {
      const other = await mount({ locale, token: '' });
      await options(other, 2);
      await waitFor(() => text($(other, '[part~="heading"]')) === heading, `${locale} heading`);
      expect(text($(other, '[part~="option"]'))).to.contain(name);
    }
    const one = await mount({ condition: 'E11', token: '' });
    await waitFor(() => $$(one, '[part~="option"]').length === 1, 'one condition');
    expect($(one, '#filter')).to.equal(null, 'no filter when the page chose the condition');
  });

  it('opens an article by keyboard: the sanitized HTML, pictures within the reading width, focus on its title; back returns to it', async () => {
    const el = await mount();
    const [first] = await options(el, 2);
    first!.focus();
    await sendKeys({ press: 'Enter' });
    const body = await opened(el);
    await el.updateComplete;
    expect(text($(el, '[part~="heading"]'))).to.equal('高血压患者如何做到低盐饮食');
    expect(deepActive()).to.equal($(el, '[part~="heading"]'));
    expect(body.querySelector('h2')!.textContent).to.equal('为什么要限盐');
    const img = body.querySelector('img')!;
    await waitFor(() => img.complete, 'the picture');
    expect(img.getBoundingClientRect().width).to.be.at.most(body.getBoundingClientRect().width + 0.5);
    expect(body.querySelector('a')!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(api.callsTo('POST', '/api/care/plans//articles/art_salt/read')).to.have.length(0, 'no receipt outside a plan');
    $(el, '[part~="back-button"]')!.click();
    await options(el, 2);
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '[data-id="art_salt"]'));
  });

  it('in a plan: unread first with a badge; opening one records the receipt once and it reads as read', async () => {
    const el = await mount({ plan: 'plan_htn' });
    const list = await options(el, 2);
    expect(text($(el, '[part~="heading"]'))).to.equal('医护为您推荐的文章');
    expect(list.map((o) => o.getAttribute('part'))).to.deep.equal(['option option-unread', 'option']);
    expect(text(list[0])).to.contain('未读');
    expect(text(list[1])).to.contain('已读');
    list[0]!.click();
    await opened(el);
    await waitFor(() => api.callsTo('POST', '/api/care/plans/plan_htn/articles/art_salt/read')[0]?.body, 'the receipt');
    expect(api.callsTo('POST', '/api/care/plans/plan_htn/articles/art_salt/read')[0]!.body).to.deep.equal({ version: 2 });
    $(el, '[part~="back-button"]')!.click();
    await waitFor(() => $$(el, '[part~="option-unread"]').length === 0, 'all read');
    $(el, '[data-id="art_salt"]')!.click();
    await opened(el);
    await new Promise((r) => setTimeout(r, 100));
    expect(api.callsTo('POST', '/api/care/plans/plan_htn/articles/art_salt/read')).to.have.length(1, 'once');
  });

  it('is larger in the elder preset (适老化)', async () => {
    const elder = await mount({ elder: true, token: '' });
    await options(elder, 2);
    const plain = await mount({ token: '' });
    await options(plain, 2);
    const size = (e: IhArticles) => parseFloat(getComputedStyle($(e, '[part~="option"]')!).fontSize);
    expect(size(elder)).to.be.greaterThan(size(plain));
    await expectAccessible(elder, 'elder');
  });

  it('is accessible in every state and theme', async () => {
    for (const theme of THEMES) {
      const list = await mount({ theme, plan: 'plan_htn' });
      await options(list, 2);
      await expectAccessible(list, `${theme} · plan list`);
      (await options(list, 2))[0]!.click();
      await opened(list);
      await expectAccessible(list, `${theme} · article`);
      await expectAccessibleLoadStates({ api, theme, path: '/api/care/plans/:id/articles', mount: (token) => mount({ token, theme, plan: 'plan_htn' }), empty: () => (api.db.planArticles = []) });
      api.reset();
    }
  });
});
