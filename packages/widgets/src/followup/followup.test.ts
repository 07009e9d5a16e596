import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { CarePlan, CareReading } from '@ihkit/core';
import { MockApi, TOKEN, deepActive, problem, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import { HIGH, HISTORY, HTN_PLAN, reading } from '../../test/care-data.js';
import '../provider/provider.js';
import './followup.js';
import type { IhFollowup } from './followup.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

let plans: CarePlan[];
let history: CareReading[];
let posted: unknown[];
let answer: CareReading;
beforeEach(() => {
  plans = [HTN_PLAN];
  history = [...HISTORY];
  posted = [];
  answer = reading({ id: 'rdg_new', takenAt: new Date().toISOString(), systolic: 128, diastolic: 80 });
  api.use(
    http.get('/api/care/plans', () => HttpResponse.json({ items: plans })),
    http.get('/api/care/plans/:id/readings', () => HttpResponse.json({ items: history })),
    http.post('/api/care/plans/:id/readings', async ({ request }) => {
      posted.push(await request.json());
      history = [answer, ...history];
      return HttpResponse.json(answer, { status: 201 });
    }),
  );
});

async function mount(locale = 'zh-CN', token: string = TOKEN, theme: Theme = 'light') {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme}><ih-followup></ih-followup></ih-provider>`);
  const el = provider.querySelector('ih-followup')! as IhFollowup;
  await el.updateComplete;
  return el;
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const tasks = (el: Element) => waitFor(() => ($$(el, '[part~="task"]').length ? $$(el, '[part~="task"]') : undefined), 'tasks');

async function type(input: HTMLElement, value: string) {
  input.focus();
  (input as HTMLInputElement).select();
  await sendKeys({ type: value });
}

describe('<ih-followup>', () => {
  it('shows today’s tasks, a missed one said in words, the next visit and the readings so far', async () => {
    const el = await mount();
    const list = await tasks(el);
    expect(text($(el, '[part~="heading"]'))).to.equal('高血压随访');
    expect(list.map((t) => t.getAttribute('part'))).to.deep.equal(['task task-missed', 'task task-done']);
    expect(text(list[0])).to.contain('血压').and.contain('每天一次').and.contain('起漏测');
    expect(text(list[1])).to.contain('体重').and.contain('每周一次').and.contain('已完成');
    expect(text($(el, '[part~="revisit"]'))).to.contain('下次复诊');
    const rows = await waitFor(() => ($$(el, '[part~="reading"]').length === 2 ? $$(el, '[part~="reading"]') : undefined), 'history');
    expect(text(rows[0])).to.contain('71.5 kg');
    expect(text(rows[1])).to.contain('132/84 mmHg').and.contain('正常');
    for (const theme of THEMES) await expectAccessible(await mount('zh-CN', TOKEN, theme).then(async (e) => (await tasks(e), e)), `${theme} · plan`);
  });

  it('checks the values before sending, with focus on the first to fix; a reading in target says so', async () => {
    const el = await mount('en');
    await tasks(el);
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => $$(el, '[part~="field-error"]').length === 2, 'two field errors');
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '#field-systolic'));
    expect(posted).to.have.length(0);
    await type($(el, '#field-systolic')!, '128');
    await type($(el, '#field-diastolic')!, '180');
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => $(el, '#field-diastolic')!.getAttribute('aria-invalid') === 'true', 'a diastolic above the systolic');
    await type($(el, '#field-diastolic')!, '80');
    await sendKeys({ press: 'Enter' });
    const result = await waitFor(() => $(el, '[part~="result"]'), 'the result');
    expect(posted).to.have.length(1);
    expect(posted[0]).to.include({ kind: 'blood-pressure', systolic: 128, diastolic: 80, source: 'manual' });
    expect(result.getAttribute('part')).to.equal('result result-ok');
    expect(text(result)).to.contain('within your targets');
    await expectAccessible(el, 'en · saved');
  });

  it('a reading beyond the alert limits says the care team was told and what to do now', async () => {
    answer = HIGH;
    const el = await mount('zh-TW');
    await tasks(el);
    await type($(el, '#field-systolic')!, '176');
    await type($(el, '#field-diastolic')!, '104');
    await type($(el, '#field-pulse')!, '92');
    $(el, '[part~="save-button"]')!.click();
    const result = await waitFor(() => $(el, '[part~="result-alert"]'), 'the alert');
    expect(result.getAttribute('role')).to.equal('alert');
    expect(text(result)).to.contain('176/104 mmHg').and.contain('已通知您的隨訪醫護人員').and.contain('120');
    await waitFor(() => $(el, '[part~="reading-alert"]'), 'listed, flagged');
    await expectAccessible(el, 'zh-TW · alert');
  });

  it('glucose asks its value only; the meal comes from the measure chosen', async () => {
    plans = [{ ...HTN_PLAN, id: 'plan_dm', templateId: 'type-2-diabetes', measures: [{ kind: 'glucose', meal: 'fasting', everyDays: 1 }, { kind: 'glucose', meal: 'after-meal', everyDays: 7 }], tasks: [{ kind: 'glucose', meal: 'fasting', everyDays: 1, due: true }, { kind: 'glucose', meal: 'after-meal', everyDays: 7, due: true }] }];
    const el = await mount();
    await tasks(el);
    const select = $(el, '[part~="kind-select"]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['空腹血糖', '餐后 2 小时血糖']);
    select.value = 'glucose/after-meal';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($$(el, '[part~="input"]').map((i) => i.id)).to.deep.equal(['field-glucose']);
    await type($(el, '#field-glucose')!, '9.4');
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => posted.length === 1, 'sent');
    expect(posted[0]).to.include({ kind: 'glucose', meal: 'after-meal', glucose: 9.4 });
  });

  it('with plans of several family members, asks which first; a failed save is said in words', async () => {
    plans = [HTN_PLAN, { ...HTN_PLAN, id: 'plan_mother', patientId: 'pat_mother' }];
    api.use(http.post('/api/care/plans/:id/readings', () => problem(404, 'NOT_FOUND')));
    const el = await mount();
    const options = await waitFor(() => ($$(el, '[part~="option"]').length === 2 ? $$(el, '[part~="option"]') : undefined), 'two plans');
    expect(text($(el, '[part~="heading"]'))).to.equal('选择随访计划');
    options[1]!.click();
    await tasks(el);
    expect($(el, '[part~="back-button"]')).to.exist;
    await type($(el, '#field-systolic')!, '120');
    await type($(el, '#field-diastolic')!, '80');
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the error');
  });

  describe('a Bluetooth meter', () => {
    const own = Object.getOwnPropertyDescriptor(navigator, 'bluetooth');
    const setBluetooth = (value: unknown) => Object.defineProperty(navigator, 'bluetooth', { configurable: true, value });
    afterEach(() => (own ? Object.defineProperty(navigator, 'bluetooth', own) : delete (navigator as { bluetooth?: unknown }).bluetooth));

    /** A blood pressure monitor (service 0x1810) that indicates one Blood Pressure Measurement (0x2A35) when notifications start. */
    function monitor(measuredAt: Date) {
      const asked: unknown[] = [];
      const y = measuredAt.getFullYear();
      // flags 0x1E: mmHg, time stamp, pulse, user, status; 121/78 mmHg, MAP 92; the time; pulse 67; user 1; status 0.
      const bytes = Uint8Array.of(0x1e, 121, 0, 78, 0, 92, 0, y & 0xff, y >> 8, measuredAt.getMonth() + 1, measuredAt.getDate(), measuredAt.getHours(), measuredAt.getMinutes(), 0, 67, 0, 1, 0, 0);
      class Characteristic extends EventTarget {
        value?: DataView;
        async startNotifications() {
          setTimeout(() => {
            this.value = new DataView(bytes.buffer);
            this.dispatchEvent(new Event('characteristicvaluechanged'));
          }, 20);
          return this;
        }
      }
      const server = { connected: true, disconnect: () => (server.connected = false), getPrimaryService: async (s: number) => (asked.push(s), { getCharacteristic: async (c: number) => (asked.push(c), new Characteristic()) }) };
      return { asked, server, bluetooth: { requestDevice: async (o: unknown) => (asked.push(o), { gatt: { connect: async () => server } }) } };
    }

    it('is offered only where the browser has Web Bluetooth; typing works without it', async () => {
      setBluetooth(undefined);
      const el = await mount();
      await tasks(el);
      expect($(el, '[part~="meter-button"]')).to.equal(null);
      await type($(el, '#field-systolic')!, '128');
      await type($(el, '#field-diastolic')!, '80');
      $(el, '[part~="save-button"]')!.click();
      await waitFor(() => posted.length === 1, 'saved by hand');
      expect(posted[0]).to.include({ source: 'manual' });
    });

    it('reads a blood pressure monitor into the form, to check and save with the meter’s time', async () => {
      const measuredAt = new Date(Date.now() - 3_600_000);
      measuredAt.setSeconds(0, 0);
      const meter = monitor(measuredAt);
      setBluetooth(meter.bluetooth);
      const el = await mount();
      await tasks(el);
      $(el, '[part~="meter-button"]')!.click();
      await waitFor(() => ($(el, '#field-systolic') as HTMLInputElement).value === '121', 'the form filled');
      expect(meter.asked).to.deep.equal([{ filters: [{ services: [0x1810] }] }, 0x1810, 0x2a35]);
      expect(($(el, '#field-diastolic') as HTMLInputElement).value).to.equal('78');
      expect(($(el, '#field-pulse') as HTMLInputElement).value).to.equal('67');
      expect(meter.server.connected, 'disconnected once read').to.equal(false);
      expect(text($(el, '[part~="meter-status"]'))).to.contain('请核对后保存');
      await expectAccessible(el, 'read from a meter');
      $(el, '[part~="save-button"]')!.click();
      await waitFor(() => posted.length === 1, 'saved');
      expect(posted[0]).to.deep.include({ kind: 'blood-pressure', systolic: 121, diastolic: 78, pulse: 67, source: 'bluetooth', takenAt: measuredAt.toISOString() });
    });

    it('a meter that cannot be read is said, and the form stays to type in', async () => {
      setBluetooth({ requestDevice: async () => ({ gatt: { connect: async () => Promise.reject(new Error('GATT Server is disconnected')) } }) });
      const el = await mount('en');
      await tasks(el);
      $(el, '[part~="meter-button"]')!.click();
      await waitFor(() => $(el, '[part~="meter-status"]'), 'the failure');
      expect(text($(el, '[part~="meter-status"]'))).to.equal('The meter could not be read. Please type the reading in.');
    });
  });

  for (const theme of THEMES) {
    it(`is accessible while loading, signed out, failing and empty (${theme})`, async () => {
      await expectAccessibleLoadStates({ api, path: '/api/care/plans', mount: (token) => mount('zh-CN', token, theme), empty: () => (plans = []), theme });
    });
  }
});

describe('<ih-followup> reading list', () => {
  it('shows the articles the care team assigned in the plan, unread first, and opens one (the articles chunk loaded on use)', async () => {
    const el = await mount();
    await tasks(el);
    const articles = await waitFor(() => $(el, '[part~="articles"]'), 'the reading list');
    const options = await waitFor(() => {
      const o = [...articles.shadowRoot!.querySelectorAll<HTMLElement>('[part~="option"]')];
      return o.length === 2 ? o : undefined;
    }, 'the articles');
    expect(options.map((o) => o.getAttribute('part'))).to.deep.equal(['option option-unread', 'option']);
    expect(text(options[0])).to.contain('高血压患者如何做到低盐饮食').and.contain('未读');
    options[0]!.click();
    await waitFor(() => articles.shadowRoot!.querySelector('[part~="article"]'), 'the article');
    await waitFor(() => api.callsTo('POST', '/api/care/plans/plan_htn/articles/art_salt/read').length === 1, 'the receipt');
    await expectAccessible(el, 'an assigned article open');
  });
});

