import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { CareAlert, CarePatientMatch, CarePlan } from '@ihkit/core';
import { MockApi, TOKEN, problem, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, liveAnnouncements, type Theme } from '../../test/a11y.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { ALERT, HTN_PLAN, HTN_PLAN_PHQ, PHQ_ALERT } from '../../test/care-data.js';
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
let changes: Array<{ planId: string; body: Record<string, unknown> }>;
const WANG: CarePatientMatch = { patientId: 'pat_wang', name: '王秀英', gender: 'female', birthYear: 1950, idNumberTail: '2246', phoneTail: '0011', plans: [] };
const DUP: CarePatientMatch = { patientId: 'pat_dup', name: '王秀兰', gender: 'female', birthYear: 1948, idNumberTail: '1234', phoneTail: '0099', plans: [{ id: 'plan_x', templateId: 'hypertension' }] };
beforeEach(() => {
  changes = [];
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
    http.post('/api/care/patient-search', async ({ request }) => {
      const { q } = (await request.json()) as { q: string };
      return HttpResponse.json({ items: q.startsWith('王秀') ? [WANG, DUP] : [] });
    }),
    http.get('/api/care/plans/:id', ({ params }) => HttpResponse.json({ ...plans.find((p) => p.id === params.id)!, version: 3 })),
    http.post('/api/care/plans/:id/changes', async ({ params, request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      changes.push({ planId: String(params.id), body });
      const plan = plans.find((p) => p.id === params.id)!;
      if (body.version !== plan.version) return problem(409, 'CARE_PLAN_CHANGED');
      Object.assign(plan, body, { version: plan.version + 1 });
      return HttpResponse.json(plan);
    }),
    http.post('/api/care/plans/:id/end', async ({ params, request }) => {
      changes.push({ planId: String(params.id), body: (await request.json()) as Record<string, unknown> });
      const plan = plans.find((p) => p.id === params.id)!;
      plans = plans.filter((p) => p.id !== params.id);
      return HttpResponse.json({ ...plan, status: 'ended', tasks: [] });
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

  it('shows each plan’s latest questionnaire scores and overdue ones; a PHQ-9 alert says item 9; the editor adds and removes questionnaires', async () => {
    plans = [
      { ...HTN_PLAN_PHQ, patientName: '张伟', questionnaireTasks: [{ questionnaireId: 'phq-9', everyDays: 28, due: false, scores: [4, 14, 15] }] },
      { ...HTN_PLAN_PHQ, id: 'plan_2', patientId: 'pat_li', patientName: '李娜', tasks: HTN_PLAN.tasks.map((t) => ({ ...t, missedSince: undefined })), questionnaireTasks: [{ questionnaireId: 'phq-9', everyDays: 28, due: true, missedSince: '2026-11-01', scores: [] }] },
    ];
    const { el, realtime } = await mount();
    const rows = await worklist(el);
    expect(text(rows[0])).to.contain('情绪问卷（PHQ-9）：4 → 14 → 15');
    expect(rows[1]!.getAttribute('part')).to.equal('plan plan-missed');
    expect(text(rows[1])).to.contain('问卷逾期：情绪问卷（PHQ-9）').and.contain('尚未填写');

    alerts = [PHQ_ALERT];
    realtime.careAlert(PHQ_ALERT.id);
    const card = await waitFor(() => $(el, '[part~="alert"]'), 'the alert');
    expect(text(card)).to.contain('张伟').and.contain('情绪问卷（PHQ-9）：11 分（中度）');
    expect(text($(el, '[part~="safety-flag"]'))).to.contain('第 9 题');
    await expectAccessible(el, 'questionnaire alert');

    $$(el, '[part~="manage-button"]')[0]!.click();
    const toggles = await waitFor(() => ($$(el, '[part~="questionnaire-toggle"]').length === 2 ? $$(el, '[part~="questionnaire-toggle"]') : undefined), 'the questionnaires');
    expect(toggles.map((t) => (t as HTMLInputElement).checked)).to.deep.equal([true, false]);
    toggles[0]!.click();
    toggles[1]!.click();
    await el.updateComplete;
    expect($(el, '#q-alert-gad-7')).to.exist;
    await expectAccessible(el, 'plan editor with questionnaires');
    $(el, '[part~="plan-editor"] [part~="save-button"]')!.click();
    await waitFor(() => changes.length === 1, 'saved');
    expect(changes[0]!.body.questionnaires).to.deep.equal([{ questionnaireId: 'gad-7', everyDays: 28, alertAtScore: 15 }]);
  });

  it('finds a patient by name in a request body, chooses one and puts them on a plan, by keyboard; too short, none chosen and already on it are said', async () => {
    const { el } = await mount('en');
    await worklist(el);
    $(el, '[part~="enroll-button"]')!.click();
    await waitFor(() => text($(el, '[part~="field-error"]')) === 'Find and choose the patient first.', 'required');
    $(el, '#enroll-patient')!.focus();
    await sendKeys({ type: '王' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => text($(el, '[part~="field-error"]')) === 'Enter at least 2 characters of the name, or 4–8 digits.', 'too short');
    await sendKeys({ type: '秀' });
    await sendKeys({ press: 'Enter' });
    const found = await waitFor(() => ($$(el, '[part~="match"]').length === 2 ? $$(el, '[part~="match"]') : undefined), 'the matches');
    const search = api.calls.find((c) => c.path === '/api/care/patient-search')!;
    expect(search.method).to.equal('POST');
    expect(api.calls.some((c) => c.path.includes('%E7%8E%8B') || c.path.includes('王')), 'no name in any URL').to.equal(false);
    expect(text(found[0])).to.contain('王秀英 · female · born 1950').and.contain('ID ends 2246 · phone ends 0011');
    expect(text(found[1])).to.contain('On: Hypertension follow-up');
    await expectAccessible(el, 'en · patients found');
    found[1]!.focus();
    await sendKeys({ press: 'Enter' });
    expect(found[1]!.getAttribute('aria-pressed')).to.equal('true');
    $(el, '[part~="enroll-button"]')!.click();
    await waitFor(() => text($(el, '[part~="field-error"]')) === 'This patient is already on this plan.', 'already');
    found[0]!.click();
    const select = $(el, '[part~="template-select"]') as HTMLSelectElement;
    select.value = 'type-2-diabetes';
    select.dispatchEvent(new Event('change'));
    $(el, '[part~="enroll-button"]')!.click();
    await waitFor(() => created.length === 1, 'created');
    expect(created[0]).to.deep.equal({ patientId: 'pat_wang', templateId: 'type-2-diabetes' });
    await waitFor(() => text(el.shadowRoot!).includes('The patient is on the plan.'), 'done');
    await expectAccessible(el, 'en · enrolled');
  });

  it('adjusts a plan’s frequency and limits on its version, refuses limits out of order, reloads a plan changed meanwhile, and ends a plan after a confirmation', async () => {
    const { el } = await mount('en');
    await worklist(el);
    $$(el, '[part~="manage-button"]')[0]!.click();
    const editor = await waitFor(() => $(el, '[part~="plan-editor"]'), 'the editor');
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'edit-heading', 'focus on the editor');
    expect(text(editor)).to.contain('Adjust 张伟’s Hypertension follow-up');
    await expectAccessible(el, 'en · editing a plan');
    const every = $$(el, '[part~="every-select"]')[0] as HTMLSelectElement;
    every.value = '2';
    every.dispatchEvent(new Event('change'));
    const alertHigh = () => $(el, '#t-0-alertHigh') as HTMLInputElement;
    alertHigh().value = '100';
    alertHigh().dispatchEvent(new Event('input'));
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => text($(el, '[part~="field-error"]')).startsWith('Check the limits'), 'out of order');
    expect(changes).to.have.length(0);
    alertHigh().value = '150';
    alertHigh().dispatchEvent(new Event('input'));
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => text($(el, '[part~="edit-done"]')) === 'The plan is changed; the patient sees it now.', 'saved');
    const sent = changes[0]!.body as { version: number; measures: Array<{ everyDays: number }>; thresholds: Array<{ metric: string; alertHigh?: number }> };
    expect(sent.version).to.equal(HTN_PLAN.version);
    expect(sent.measures[0]!.everyDays).to.equal(2);
    expect(sent.thresholds.find((t) => t.metric === 'systolic')!.alertHigh).to.equal(150);

    const idle = () => waitFor(() => $(el, '[part~="save-button"]')!.getAttribute('aria-disabled') === 'false', 'idle');
    await idle();
    plans[0]!.version = 7; // someone else changed it
    $(el, '[part~="save-button"]')!.click();
    await waitFor(() => text($(el, '[part~="field-error"]')) === 'The plan was changed meanwhile. Please try again.', 'changed meanwhile');
    await waitFor(() => api.calls.some((c) => c.method === 'GET' && c.path === `/api/care/plans/${HTN_PLAN.id}`), 'read again');

    await idle();
    const reason = $(el, '[part~="end-reason"]') as HTMLSelectElement;
    reason.value = 'transferred';
    reason.dispatchEvent(new Event('change'));
    $(el, '[part~="end-button"]')!.click();
    await waitFor(() => text($(el, '[part~="end-button"]')) === 'Confirm: end 张伟’s plan', 'asks to confirm');
    expect(changes.some((c) => c.body.reason)).to.equal(false);
    $(el, '[part~="end-button"]')!.click();
    await waitFor(() => text($(el, '[part~="edit-done"]')) === 'The plan has ended.', 'ended');
    expect(changes.at(-1)).to.deep.equal({ planId: HTN_PLAN.id, body: { reason: 'transferred' } });
    await waitFor(() => $$(el, '[part~="plan"]').length === 1, 'off the worklist');
    await expectAccessible(el, 'en · ended');
  });

  for (const theme of THEMES) {
    it(`is accessible while loading, signed out and failing (${theme})`, async () => {
      await expectAccessibleLoadStates({ api, path: '/api/care/alerts', mount: (token) => mount('zh-CN', token, theme).then((m) => m.el), theme });
    });
  }
});

describe('<ih-care-desk> reading list', () => {
  it('shows the open plan’s articles with the patient’s read receipts, removes one and adds another', async () => {
    api.db.planArticles = [{ ...api.db.planArticles[1]!, readVersion: 1 }];
    api.db.planArticles.unshift({ article: { ...api.db.planArticles[0]!.article, id: 'art_salt', title: '高血压患者如何做到低盐饮食', version: 2 }, assignedAt: new Date().toISOString(), readVersion: 1, readAt: new Date().toISOString() });
    const { el } = await mount('en');
    await worklist(el);
    $$(el, '[part~="manage-button"]')[0]!.click();
    const rows = await waitFor(() => ($$(el, '[part~="receipt"]').length === 2 ? $$(el, '[part~="receipt"]') : undefined), 'the receipts');
    expect(rows.map((r) => r.getAttribute('part'))).to.deep.equal(['receipt receipt-unread', 'receipt receipt-read']);
    expect(text(rows[0])).to.contain('Read an earlier version');
    expect(text(rows[1])).to.contain('糖尿病足的日常护理').and.contain('Read ');
    await expectAccessible(el, 'en · reading list');
    $$(el, '[part~="remove-article"]')[1]!.click();
    await waitFor(() => $$(el, '[part~="receipt"]').length === 1, 'removed');
    const add = $(el, '[part~="add-article-select"]') as HTMLSelectElement;
    add.value = 'art_foot';
    add.dispatchEvent(new Event('change'));
    $(el, '[part~="add-article"]')!.click();
    await waitFor(() => $$(el, '[part~="receipt"]').length === 2, 'added');
    expect(api.callsTo('PUT', '/api/care/plans/plan_htn/articles')).to.have.length(2);
    expect(text($$(el, '[part~="receipt"]')[1])).to.contain('Not read');
  });
});
