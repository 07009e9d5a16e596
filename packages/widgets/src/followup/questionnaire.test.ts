import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import { PHQ_9, type CarePlan, type CareQuestionnaireResponse, type CareQuestionnaireResponseInput } from '@ihkit/core';
import { MockApi, TOKEN, deepActive, waitFor } from '../../test/mock-api.js';
import { expectAccessible } from '../../test/a11y.js';
import { HISTORY, HTN_PLAN_PHQ } from '../../test/care-data.js';
import '../provider/provider.js';
import './followup.js';
import type { IhFollowup } from './followup.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

let plans: CarePlan[];
let posted: CareQuestionnaireResponseInput[];
beforeEach(() => {
  sessionStorage.clear();
  plans = [HTN_PLAN_PHQ];
  posted = [];
  api.use(
    http.get('/api/care/plans', () => HttpResponse.json({ items: plans })),
    http.get('/api/care/plans/:id/readings', () => HttpResponse.json({ items: HISTORY })),
    http.post('/api/care/plans/:id/questionnaire-responses', async ({ request }) => {
      const body = (await request.json()) as CareQuestionnaireResponseInput;
      posted.push(body);
      const points = body.item.map((i) => PHQ_9.item.find((x) => x.linkId === i.linkId)!.answerOption!.find((o) => o.valueCoding.code === i.answer[0]!.valueCoding!.code)!.score);
      const item9 = points[8]!;
      plans = [{ ...HTN_PLAN_PHQ, questionnaireTasks: [{ questionnaireId: 'phq-9', everyDays: 28, due: false, scores: [points.reduce((a, b) => a + b, 0)] }] }];
      const sent: CareQuestionnaireResponse = {
        id: 'qr_1', planId: HTN_PLAN_PHQ.id, questionnaire: 'phq-9', status: 'completed', authored: new Date().toISOString(), item: body.item,
        score: points.reduce((a, b) => a + b, 0), band: 'mild', flags: item9 > 0 ? ['self-harm'] : [], ...(item9 > 0 ? { alertId: 'alert_1' } : {}),
      };
      return HttpResponse.json(sent, { status: 201 });
    }),
  );
});

async function mount(locale = 'zh-CN') {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${TOKEN}><ih-followup></ih-followup></ih-provider>`);
  const el = provider.querySelector('ih-followup')! as IhFollowup;
  await el.updateComplete;
  return el;
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const settle = async (el: IhFollowup) => {
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
  }
};

/** Opens the due questionnaire from the keyboard: focus on its button, Enter. */
async function open(el: IhFollowup) {
  const button = await waitFor(() => $(el, '[part~="questionnaire-button"]') ?? undefined, 'the questionnaire task');
  button.focus();
  await sendKeys({ press: 'Enter' });
  await waitFor(() => $(el, '[part~="questionnaire"]') ?? undefined, 'the questionnaire');
  await settle(el);
}

/** Answers the question shown with the option scoring `points`, by keyboard only, and goes on (Tab to the first button, Enter). */
async function answer(el: IhFollowup, points: number) {
  const radio = deepActive() as HTMLInputElement;
  expect(radio.type, 'focus is on the question’s first answer').to.equal('radio');
  if (points === 0) await sendKeys({ press: 'Space' });
  for (let i = 0; i < points; i++) await sendKeys({ press: 'ArrowDown' });
  await sendKeys({ press: 'Tab' });
  expect(deepActive()).to.equal($(el, '[part~="next-button"]'));
  await sendKeys({ press: 'Enter' });
  await settle(el);
}

describe('<ih-followup> questionnaires', () => {
  const locales = [
    { locale: 'zh-CN', name: '情绪问卷（PHQ-9）', first: '做事时提不起劲或没有兴趣', progress: '第 1 题，共 9 题', safety: '120' },
    { locale: 'zh-TW', name: '情緒問卷（PHQ-9）', first: '做事時提不起勁或沒有興趣', progress: '第 1 題，共 9 題', safety: '120' },
    { locale: 'en', name: 'Mood questionnaire (PHQ-9)', first: 'Little interest or pleasure in doing things', progress: 'Question 1 of 9', safety: '120' },
  ];
  for (const l of locales) {
    it(`a due PHQ-9 is filled in by keyboard alone, one question at a time, in ${l.locale}; item 9 answered brings the safety advice`, async () => {
      const el = await mount(l.locale);
      const task = await waitFor(() => $(el, '[part~="questionnaire-button"]')?.closest('[part~="task"]') ?? undefined, 'task');
      expect(text(task)).to.contain(l.name);
      await open(el);
      expect(text($(el, '[part~="question"]'))).to.equal(l.first);
      expect(text($(el, '#q-progress'))).to.equal(l.progress);
      expect(deepActive()).to.equal($(el, '#q-title'));
      await sendKeys({ press: 'Tab' });
      // Next without an answer says so, and keeps the patient on the question.
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '[part~="field-error"]')).to.exist;
      expect((deepActive() as HTMLInputElement).type).to.equal('radio');
      await expectAccessible(el, `${l.locale} · question`);
      const points = [1, 2, 0, 1, 3, 0, 1, 0, 1];
      for (const p of points) await answer(el, p);
      await waitFor(() => posted.length === 1, 'sent');
      expect(posted[0]).to.deep.equal({
        questionnaire: 'phq-9',
        item: PHQ_9.item.map((i, n) => ({ linkId: i.linkId, answer: [{ valueCoding: { code: i.answerOption![points[n]!]!.valueCoding.code } }] })),
      });
      expect(Object.keys(posted[0]!)).to.not.include('score');
      const sent = await waitFor(() => $(el, '[part~="questionnaire-sent"]') ?? undefined, 'sent');
      expect(sent.getAttribute('part')).to.contain('questionnaire-safety');
      expect(sent.getAttribute('role')).to.equal('alert');
      expect(text(sent)).to.contain(l.safety);
      expect(sessionStorage.length, 'the draft is gone once sent').to.equal(0);
      await waitFor(() => !$(el, '[part~="questionnaire-button"]'), 'no longer due');
    });
  }

  it('a draft left half-way is there when the patient comes back, on the question they left', async () => {
    let el = await mount('en');
    await open(el);
    await sendKeys({ press: 'Tab' });
    await answer(el, 2);
    await answer(el, 1);
    expect(text($(el, '#q-progress'))).to.equal('Question 3 of 9');
    $(el, '[part~="later-button"]')!.click();
    await settle(el);
    expect($(el, '[part~="questionnaire"]')).to.not.exist;
    el = await mount('en');
    await open(el);
    expect(text($(el, '#q-progress'))).to.equal('Question 3 of 9');
    $(el, '[part~="previous-button"]')!.click();
    await settle(el);
    expect(($(el, 'input[value="LA6569-3"]') as HTMLInputElement).checked, 'question 2 still answered').to.equal(true);
    expect(posted).to.have.length(0);
    expect(location.href).to.not.contain('LA65');
  });
});
