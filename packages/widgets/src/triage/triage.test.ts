import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, deepActive, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './triage.js';
import type { IhTriage } from './triage.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => {
  api.reset();
  document.documentElement.lang = 'en';
});
after(() => api.worker.stop());

async function mount(opts: { locale?: string; token?: string; theme?: Theme } = {}) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${opts.locale ?? 'zh-CN'} token=${opts.token ?? TOKEN} theme=${opts.theme ?? 'light'}>
    <ih-triage></ih-triage>
  </ih-provider>`);
  const el = provider.querySelector('ih-triage')!;
  await el.updateComplete;
  return el;
}

const $ = <E extends Element = HTMLElement>(el: IhTriage, sel: string) => el.shadowRoot!.querySelector<E>(sel) as E | null;
const $$ = (el: IhTriage, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const heading = (el: IhTriage) => $(el, '[part~="heading"]')!.textContent!.trim();
const text = (el: IhTriage) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const options = (el: IhTriage) => waitFor(() => ($$(el, '[part~="option"]').length ? $$(el, '[part~="option"]') : undefined), 'options');
const labelled = (el: IhTriage, words: string) => {
  const label = $$(el, 'label').find((l) => l.textContent!.includes(words));
  if (!label) throw new Error(`no choice "${words}" in: ${text(el)}`);
  return label.querySelector('input')!;
};
const next = (el: IhTriage) => $(el, '[part~="next-button"]')!.click();
const step = (el: IhTriage, title: string) => waitFor(() => heading(el) === title, title);

/** Patient → area → symptoms → duration, in zh-CN. */
async function answer(el: IhTriage, o: { patient: string; area: string; symptoms: string[]; duration?: string }) {
  (await options(el)).find((b) => b.textContent!.includes(o.patient))!.click();
  await step(el, '哪里不舒服？');
  (await options(el)).find((b) => b.textContent!.includes(o.area))!.click();
  await step(el, '有哪些症状？');
  for (const s of o.symptoms) labelled(el, s).click();
  next(el);
  if (o.duration === undefined) return;
  await step(el, '持续多久了？');
  labelled(el, o.duration).click();
  next(el);
}

describe('<ih-triage>', () => {
  it('an adult\'s palpitations: cardiology with its reason; booking it names the department and patient only; the answers never leave the page', async () => {
    const el = await mount();
    expect(heading(el)).to.equal('为谁导诊？');
    await options(el);
    expect($(el, '[part~="privacy"]')!.textContent).to.contain('不会发送给医院');
    const triaged = oneEvent(el, 'ih-triaged');
    await answer(el, { patient: '张伟', area: '胸部', symptoms: ['心慌'], duration: '1–7 天' });
    await step(el, '建议科室');
    expect((await triaged).detail).to.deep.equal({ outcome: 'departments', departmentId: 'dep_cardio' });
    const suggestions = $$(el, '[part~="suggestion"]');
    expect(suggestions).to.have.length(1);
    expect(suggestions[0]!.textContent).to.contain('心血管内科').and.contain('最合适').and.contain('心慌由心内科诊治。');
    expect($(el, '[part~="disclaimer"]')!.textContent).to.contain('不能代替医生诊断');

    const book = oneEvent(el, 'ih-triage-book');
    $(el, '[part~="book-button"]')!.click();
    expect((await book).detail).to.deep.equal({ departmentId: 'dep_cardio', patientId: 'pat_self' });
    // Only the rules, the patients and the departments were asked for; nothing of the answers travelled.
    expect(api.calls.map((c) => `${c.method} ${c.path}${c.query.size ? `?${c.query.toString()}` : ''}`).sort()).to.deep.equal(['GET /api/departments', 'GET /api/patients', 'GET /api/triage/rules']);
  });

  it('a red flag stops the flow: the emergency advice, a tel: link to 120, no department to book', async () => {
    const el = await mount();
    const triaged = oneEvent(el, 'ih-triaged');
    await answer(el, { patient: '张伟', area: '胸部', symptoms: ['胸痛'], duration: '不到 1 天' });
    await step(el, '再回答几个问题');
    labelled(el, '是').click();
    next(el);
    await step(el, '请立即就医');
    expect((await triaged).detail).to.deep.equal({ outcome: 'emergency' });
    const emergency = $(el, '[part~="emergency"]')!;
    expect(emergency.getAttribute('role')).to.equal('alert');
    expect(emergency.textContent).to.contain('这可能是急症').and.contain('可能是心梗，请拨打 120。').and.contain('急诊科');
    const call = $<HTMLAnchorElement>(el, '[part~="call-button"]')!;
    expect(call.getAttribute('href')).to.equal('tel:120');
    expect(call.textContent).to.contain('拨打 120');
    expect($(el, '[part~="book-button"]')).to.equal(null);
    await expectAccessible(el, 'light · emergency');
  });

  it('answering no to the red-flag question leads to the department; every question must be answered', async () => {
    const el = await mount();
    await answer(el, { patient: '张伟', area: '胸部', symptoms: ['胸痛'], duration: '不到 1 天' });
    await step(el, '再回答几个问题');
    next(el);
    await waitFor(() => $(el, '[part~="form-error"]')?.textContent?.includes('请回答每一个问题'), 'questions required');
    labelled(el, '否').click();
    next(el);
    await step(el, '建议科室');
    expect($(el, '[part~="suggestion"]')!.textContent).to.contain('心血管内科').and.contain('胸痛先查心脏。');
  });

  it('a child goes to paediatrics; sex and age decide what is offered', async () => {
    const el = await mount();
    (await options(el)).find((b) => b.textContent!.includes('张伟'))!.click();
    await step(el, '哪里不舒服？');
    expect((await options(el)).map((b) => b.textContent!.trim())).to.deep.equal(['胸部', '全身'], 'a man is not offered periods and pregnancy');
    $(el, '[part~="back-button"]')!.click();
    await step(el, '为谁导诊？');
    await answer(el, { patient: '张小宝', area: '胸部', symptoms: ['心慌'], duration: '1–4 周' });
    await step(el, '建议科室');
    expect($(el, '[part~="suggestion"]')!.textContent).to.contain('儿科').and.not.contain('心血管内科');
    $(el, '[part~="again-button"]')!.click();
    await step(el, '为谁导诊？');
    (await options(el)).find((b) => b.textContent!.includes('张小宝'))!.click();
    await step(el, '哪里不舒服？');
    expect((await options(el)).map((b) => b.textContent!.trim())).to.deep.equal(['胸部', '全身'], 'a 9-year-old girl is not offered them either');
  });

  it('says so when nothing the hospital lists fits (a department the HIS does not have)', async () => {
    const el = await mount();
    const triaged = oneEvent(el, 'ih-triaged');
    await answer(el, { patient: '张伟', area: '全身', symptoms: ['发热'], duration: '1–7 天' });
    await step(el, '没有匹配的科室');
    expect((await triaged).detail).to.deep.equal({ outcome: 'none' });
    expect(text(el)).to.contain('请自己选择科室');
    await expectAccessible(el, 'light · none');
  });

  it('asks for a symptom and a duration before going on', async () => {
    const el = await mount();
    (await options(el))[0]!.click();
    await step(el, '哪里不舒服？');
    (await options(el))[0]!.click();
    await step(el, '有哪些症状？');
    next(el);
    await waitFor(() => $(el, '[part~="form-error"]'), 'form error');
    expect($(el, '[part~="form-error"]')!.getAttribute('role')).to.equal('alert');
    expect(heading(el)).to.equal('有哪些症状？');
    labelled(el, '心慌').click();
    await el.updateComplete;
    expect($(el, '[part~="form-error"]')).to.equal(null);
    next(el);
    await step(el, '持续多久了？');
    next(el);
    await waitFor(() => $(el, '[part~="form-error"]')?.textContent?.includes('请选择持续时间'), 'duration required');
    // Back keeps what was chosen.
    $(el, '[part~="back-button"]')!.click();
    await step(el, '有哪些症状？');
    expect(labelled(el, '心慌').checked).to.equal(true);
  });

  it('works by keyboard: focus follows the heading; Space ticks a symptom; Enter goes on', async () => {
    const el = await mount();
    const first = (await options(el))[0]!;
    first.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, '哪里不舒服？');
    await waitFor(() => deepActive() === $(el, '[part~="heading"]'), 'focus on the heading');
    (await options(el))[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, '有哪些症状？');
    labelled(el, '心慌').focus();
    await sendKeys({ press: 'Space' });
    expect(labelled(el, '心慌').checked).to.equal(true);
    $(el, '[part~="next-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await step(el, '持续多久了？');
  });

  it('speaks English and Traditional Chinese, the hospital\'s texts included', async () => {
    const en = await mount({ locale: 'en' });
    expect(heading(en)).to.equal('Who is it for?');
    (await options(en))[0]!.click();
    await waitFor(() => heading(en) === 'Where is the problem?', 'en area');
    expect((await options(en)).map((b) => b.textContent!.trim())).to.deep.equal(['Chest', 'Whole body']);
    const tw = await mount({ locale: 'zh-TW' });
    expect(heading(tw)).to.equal('為誰導診？');
    (await options(tw))[0]!.click();
    await waitFor(() => heading(tw) === '哪裡不舒服？', 'zh-TW area');
    (await options(tw))[1]!.click();
    await waitFor(() => text(tw).includes('發熱'), 'zh-TW symptom');
  });

  for (const theme of THEMES) {
    it(`is accessible in every state (${theme})`, async () => {
      await expectAccessibleLoadStates({
        api,
        theme,
        path: '/api/triage/rules',
        mount: (token) => mount({ token, theme }),
        empty: () => {
          api.db.triageRules = { ...api.db.triageRules, bodyAreas: [] };
        },
      });
      api.reset();
      const el = await mount({ theme });
      await options(el);
      await expectAccessible(el, `${theme} · patient`);
      (await options(el))[0]!.click();
      await step(el, '哪里不舒服？');
      await expectAccessible(el, `${theme} · body area`);
      (await options(el))[0]!.click();
      await step(el, '有哪些症状？');
      labelled(el, '胸痛').click();
      await expectAccessible(el, `${theme} · symptoms`);
      next(el);
      await step(el, '持续多久了？');
      await expectAccessible(el, `${theme} · duration`);
      labelled(el, '不到 1 天').click();
      next(el);
      await step(el, '再回答几个问题');
      await expectAccessible(el, `${theme} · questions`);
      labelled(el, '否').click();
      next(el);
      await step(el, '建议科室');
      await expectAccessible(el, `${theme} · result`);
    });
  }
});
