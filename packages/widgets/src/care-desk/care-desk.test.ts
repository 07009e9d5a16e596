import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { CareAlert, CarePlan } from '@ihkit/core';
import { MockApi, TOKEN, problem, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, liveAnnouncements, type Theme } from '../../test/a11y.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { ALERT, HTN_PLAN } from '../../test/care-data.js';
import '../provider/provider.js';
import './care-desk.js';
import type { IhCareDesk } from './care-desk.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

let alerts: CareAlert[];
let plans: CarePlan[];
let created: unknown[];
beforeEach(() => {
  alerts = [];
  plans = [{ ...HTN_PLAN, patientName: '张伟' }, { ...HTN_PLAN, id: 'plan_2', patientId: 'pat_li', patientName: '李娜', tasks: HTN_PLAN.tasks.map((t) => ({ ...t, missedSince: undefined })) }];
  created = [];
  api.use(
    http.get('/api/care/alerts', () => HttpResponse.json({ items: alerts })),
    http.get('/api/care/plans', () => HttpResponse.json({ items: plans })),
    http.post('/api/care/alerts/:id/acknowledge', ({ params }) => {
      const a = alerts.find((x) => x.id === params.id)!;
      alerts = alerts.filter((x) => x.id !== params.id);
      return HttpResponse.json({ ...a, acknowledgedAt: new Date().toISOString(), acknowledgedBy: '徐婷' });
    }),
    http.post('/api/care/plans', async ({ request }) => {
      const body = (await request.json()) as { patientId: string };
      if (body.patientId === 'pat_dup') return problem(409, 'INVALID_STATE');
      created.push(body);
      return HttpResponse.json({ ...HTN_PLAN, id: 'plan_new', patientId: body.patientId }, { status: 201 });
    }),
  );
});

async function mount(locale = 'zh-CN', token: string = TOKEN, theme: Theme = 'light', realtime = new FakeRealtime()) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme} .realtimeFactory=${() => realtime}><ih-care-desk></ih-care-desk></ih-provider>`);
  const el = provider.querySelector('ih-care-desk')! as IhCareDesk;
  await el.updateComplete;
  return { el, realtime };
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Node | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const worklist = (el: Element) => waitFor(() => ($$(el, '[part~="plan"]').length ? $$(el, '[part~="plan"]') : undefined), 'the worklist');

describe('<ih-care-desk>', () => {
  it('lists the patients on follow-up, missed readings said; an alert raised live is announced and shown with its trend', async () => {
    const { el, realtime } = await mount();
    const rows = await worklist(el);
    expect(rows.map((r) => r.getAttribute('part'))).to.deep.equal(['plan plan-missed', 'plan plan-ok']);
    expect(text(rows[0])).to.contain('张伟').and.contain('高血压随访').and.contain('漏测：血压');
    expect(text(rows[1])).to.contain('按计划');
    expect(text($(el, '[part~="announcer"]'))).to.equal('');
    const said = liveAnnouncements($(el, '[part~="announcer"]')!);

    alerts = [ALERT];
    plans = [{ ...plans[0]!, openAlerts: 1 }, plans[1]!];
    realtime.careAlert(ALERT.id);
    const card = await waitFor(() => $(el, '[part~="alert"]'), 'the alert');
    expect(text(card)).to.contain('张伟').and.contain('血压：176/104 mmHg, 脉搏 92 次/分');
    expect($$(el, '[part~="trend"] li').map(text)).to.have.length(2);
    await waitFor(() => said.said.some((s) => s.includes('张伟')), 'announced');
    await waitFor(() => text($$(el, '[part~="plan"]')[0]).includes('1 条异常'), 'the worklist shows it');
    for (const theme of THEMES) {
      const { el: themed } = await mount('zh-CN', TOKEN, theme);
      await waitFor(() => $(themed, '[part~="alert"]'), 'alert');
      await expectAccessible(themed, `${theme} · alert`);
    }

    $(el, '[part~="ack-button"]')!.click();
    await waitFor(() => !$(el, '[part~="alert"]'), 'acknowledged');
    expect(api.calls.some((c) => c.method === 'POST' && c.path === `/api/care/alerts/${ALERT.id}/acknowledge`)).to.equal(true);
    said.stop();
  });

  it('puts a patient on a plan from a template, by keyboard; an id left out or already on the plan is said', async () => {
    const { el } = await mount('en');
    await worklist(el);
    $(el, '[part~="enroll-button"]')!.click();
    await waitFor(() => $(el, '[part~="field-error"]'), 'required');
    expect(text($(el, '[part~="field-error"]'))).to.equal('Enter the patient ID.');
    $(el, '#enroll-patient')!.focus();
    await sendKeys({ type: 'pat_dup' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => text($(el, '[part~="field-error"]')) === 'This patient is already on this plan.', 'already');
    const input = $(el, '#enroll-patient') as HTMLInputElement;
    input.select();
    await sendKeys({ type: 'pat_wang' });
    const select = $(el, '[part~="template-select"]') as HTMLSelectElement;
    select.value = 'type-2-diabetes';
    select.dispatchEvent(new Event('change'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => created.length === 1, 'created');
    expect(created[0]).to.deep.equal({ patientId: 'pat_wang', templateId: 'type-2-diabetes' });
    await waitFor(() => text(el.shadowRoot!).includes('The patient is on the plan.'), 'done');
    await expectAccessible(el, 'en · enrolled');
  });

  for (const theme of THEMES) {
    it(`is accessible while loading, signed out and failing (${theme})`, async () => {
      await expectAccessibleLoadStates({ api, path: '/api/care/alerts', mount: (token) => mount('zh-CN', token, theme).then((m) => m.el), theme });
    });
  }
});
