import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { RemoteConsultation, User } from '@ihkit/core';
import { COUNTS, DIRECTORY, REQUESTED as base, SIGNED, hour } from '../../test/remote-consultation-data.js';
import { MockApi, TOKEN, problem, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import { remote as zhCN } from '../locales/remote/remote-zh-CN.js';
import { remote as en } from '../locales/remote/remote-en.js';
import { remote as zhTW } from '../locales/remote/remote-zh-TW.js';
import '../provider/provider.js';
import './remote-consultations.js';
import type { IhRemoteConsultations } from './remote-consultations.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

let me: User;
let items: RemoteConsultation[];
let opinionHeld: Promise<void> | undefined;
beforeEach(() => {
  me = { id: 'u_zhou', role: 'doctor', displayName: '周敏' };
  items = [base, SIGNED];
  opinionHeld = undefined;
  const answer = (id: unknown, change: Partial<RemoteConsultation>) => {
    const rc = items.find((r) => r.id === id)!;
    Object.assign(rc, change);
    return HttpResponse.json(rc);
  };
  api.use(
    http.get('/api/me', () => HttpResponse.json(me)),
    http.get('/api/remote-consultation-directory', () => HttpResponse.json(DIRECTORY)),
    http.get('/api/remote-consultations', () => HttpResponse.json({ items, summary: { counts: COUNTS, averageTurnaroundSeconds: 5400 } })),
    http.get('/api/remote-consultations/:id', ({ params }) => HttpResponse.json(items.find((r) => r.id === params.id)!)),
    http.post('/api/care/patient-search', () => HttpResponse.json({ items: [{ patientId: 'pat_zhang', name: '张伟', gender: 'male', birthYear: 1968, idNumberTail: '0011', plans: [] }] })),
    http.get('/api/patients/:id/lab-reports', () => HttpResponse.json({ items: [{ id: 'lab_1', patientId: 'pat_zhang', title: '心肌酶谱', status: 'final', issuedAt: new Date().toISOString(), observations: [] }] })),
    http.get('/api/patients/:id/imaging-studies', () => HttpResponse.json({ items: [] })),
    http.get('/api/consults', () => HttpResponse.json({ items: [] })),
    http.get('/api/prescriptions', () => HttpResponse.json({ items: [] })),
    http.get('/api/lab-reports/:id', () =>
      HttpResponse.json({ id: 'lab_1', patientId: 'pat_zhang', title: '心肌酶谱', status: 'final', issuedAt: new Date().toISOString(), observations: [{ code: 'CK-MB', name: '肌酸激酶同工酶', value: '42', unit: 'U/L', interpretation: 'H' }] }),
    ),
    http.post('/api/remote-consultations', async ({ request }) => {
      const body = (await request.json()) as Pick<RemoteConsultation, 'receivingOrganizationId' | 'patientId' | 'question' | 'urgency' | 'attachments'>;
      const rc: RemoteConsultation = { ...base, ...body, id: 'rc_new', state: 'requested', createdAt: new Date().toISOString() };
      items = [rc, ...items];
      return HttpResponse.json(rc, { status: 201 });
    }),
    http.post('/api/remote-consultations/:id/schedule', async ({ params, request }) => {
      const body = (await request.json()) as { scheduledAt: string; experts: string[] };
      return answer(params.id, { state: 'scheduled', scheduledAt: body.scheduledAt, experts: body.experts });
    }),
    http.post('/api/remote-consultations/:id/decline', async ({ params, request }) => answer(params.id, { state: 'declined', declineReason: ((await request.json()) as { reason: string }).reason })),
    http.post('/api/remote-consultations/:id/cancel', ({ params }) => answer(params.id, { state: 'cancelled' })),
    http.post('/api/remote-consultations/:id/opinion', async ({ params, request }) => {
      const { opinion } = (await request.json()) as { opinion: string };
      await opinionHeld;
      return answer(params.id, { state: 'opinion-signed', opinion: { ...SIGNED.opinion!, text: opinion } });
    }),
    http.post('/api/remote-consultations/:id/close', ({ params }) => answer(params.id, { state: 'closed', closedAt: new Date().toISOString() })),
  );
});

async function mount(o: { locale?: string; token?: string; theme?: Theme; side?: 'requested' | 'received' } = {}) {
  const provider = await fixture<IhProvider>(
    html`<ih-provider api="/api" locale=${o.locale ?? 'zh-CN'} token=${o.token ?? TOKEN} theme=${o.theme ?? 'light'}><ih-remote-consultations side=${o.side ?? 'requested'}></ih-remote-consultations></ih-provider>`,
  );
  const el = provider.querySelector('ih-remote-consultations')! as IhRemoteConsultations;
  await el.updateComplete;
  return el;
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Node | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: Element) => waitFor(() => ($$(el, '[part~="row"]').length ? $$(el, '[part~="row"]') : undefined), 'the list');
const fill = (el: Element, sel: string, value: string) => {
  const input = $(el, sel) as HTMLInputElement | HTMLTextAreaElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
};
const choose = (el: Element, sel: string, value: string) => {
  const select = $(el, sel) as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event('change'));
};
async function openRow(el: IhRemoteConsultations, id: string) {
  await rows(el);
  $(el, `[data-open="${id}"]`)!.click();
  return waitFor(() => $(el, '[part~="consultation"]'), 'the consultation');
}

describe('<ih-remote-consultations>', () => {
  it('tracks the doctor’s requests with the counts and the average turnaround, and sends a new one with a lab report attached', async () => {
    const events: CustomEvent[] = [];
    const el = await mount();
    el.addEventListener('ih-remote-consultation-created', (e) => events.push(e));
    const list = await rows(el);
    expect(list.map((r) => r.getAttribute('part'))).to.deep.equal(['row row-requested', 'row row-opinion-signed']);
    expect(text(list[0])).to.contain('东县人民医院').and.contain('加急').and.contain('待安排');
    expect(text($(el, '[part~="summary"]'))).to.contain('1 待安排').and.contain('1 小时 30 分');
    await expectAccessible(el, 'the tracker');

    $(el, '[part~="new-button"]')!.click();
    await waitFor(() => $(el, '[part~="request-form"]'), 'the form');
    $(el, '[part~="submit-button"]')!.click();
    await waitFor(() => text($(el, '[part~="field-error"]')) === zhCN['remote.form.required'], 'what is missing');
    fill(el, '#rc-patient', '张伟');
    $(el, '[part~="search-button"]')!.click();
    await waitFor(() => $(el, '[part~="match"][aria-pressed="true"]'), 'the one patient found, chosen');
    const search = api.callsTo('POST', '/api/care/patient-search')[0]!;
    expect(search.query.toString()).to.equal('', 'the name in the body, not the URL');
    choose(el, '#rc-organization', 'county-east');
    await el.updateComplete;
    choose(el, '#rc-expert', 'u_east');
    fill(el, '#rc-question', '胸痛三天，请协助判断。');
    ($(el, 'input[name="rc-urgency"][value="urgent"]') as HTMLInputElement).click();
    const toggle = await waitFor(() => $(el, '[part~="attachment-toggle"]'), 'the patient’s records') as HTMLInputElement;
    expect(text(toggle.closest('label'))).to.contain('检验报告 · 心肌酶谱');
    toggle.click();
    await expectAccessible(el, 'the new request');
    $(el, '[part~="submit-button"]')!.click();
    await waitFor(() => api.callsTo('POST', '/api/remote-consultations').length, 'posted');
    await waitFor(() => $(el, '[part~="done"]'), 'sent');
    const sent = api.callsTo('POST', '/api/remote-consultations')[0]!;
    expect(sent.headers.get('Idempotency-Key')).to.match(/^[A-Za-z0-9_-]{8,}$/);
    expect(sent.body).to.deep.equal({ receivingOrganizationId: 'county-east', expertUserId: 'u_east', patientId: 'pat_zhang', question: '胸痛三天，请协助判断。', urgency: 'urgent', attachments: [{ kind: 'lab-report', id: 'lab_1' }] });
    expect(events.map((e) => e.detail)).to.deep.equal([{ remoteConsultationId: 'rc_new', state: 'requested' }]);
    await waitFor(() => $$(el, '[part~="row"]').length === 3, 'listed');
  });

  it('says why a patient the doctor has not treated has no results to attach', async () => {
    api.use(
      http.get('/api/patients/:id/lab-reports', () => problem(403, 'FORBIDDEN')),
      http.get('/api/patients/:id/imaging-studies', () => problem(403, 'FORBIDDEN')),
    );
    const el = await mount();
    await rows(el);
    $(el, '[part~="new-button"]')!.click();
    await waitFor(() => $(el, '[part~="request-form"]'), 'the form');
    fill(el, '#rc-patient', '张伟');
    $(el, '[part~="search-button"]')!.click();
    await waitFor(() => $(el, '[part~="match"][aria-pressed="true"]'), 'the patient chosen');
    await waitFor(() => text($(el, '[part~="request-form"]')).includes(zhCN['remote.form.attachmentsRefused']), 'the reason said');
    expect(text($(el, '[part~="request-form"]'))).to.not.contain(zhCN['remote.form.attachmentsNone']);
    await expectAccessible(el, 'no results to attach, and why');
  });

  it('the coordinator schedules a request with a time and an expert, or declines it with a reason; the tabs move by arrow keys', async () => {
    me = { id: 'u_xu', role: 'nurse', displayName: '徐婷' };
    items = [{ ...base, requestingOrganizationId: 'county-east', receivingOrganizationId: 'home', requestedBy: 'u_east', expertUserId: 'u_li' }, { ...base, id: 'rc_3', requestingOrganizationId: 'county-east', receivingOrganizationId: 'home', requestedBy: 'u_east' }];
    const el = await mount({ side: 'received' });
    expect(text((await rows(el))[0])).to.contain('东县人民医院').and.contain('东县医生');
    const card = await openRow(el, 'rc_1');
    expect(text(card)).to.contain('胸痛三天');
    expect(($(el, '[part~="expert-toggle"][value="u_li"]') as HTMLInputElement).checked, 'the named expert offered first').to.equal(true);
    await expectAccessible(el, 'scheduling');
    fill(el, '#rc-at', '');
    $(el, '[part~="schedule-button"]')!.click();
    await waitFor(() => text($(el, '[part~="schedule-form"] [part~="field-error"]')) === zhCN['remote.schedule.required'], 'no time');
    const at = new Date(Date.now() + 24 * hour);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    fill(el, '#rc-at', local);
    ($(el, '[part~="expert-toggle"][value="u_zhou"]') as HTMLInputElement).click();
    $(el, '[part~="schedule-button"]')!.click();
    await waitFor(() => text($(el, '[part~="state"]')) === '已安排', 'scheduled');
    const body = api.callsTo('POST', '/api/remote-consultations/rc_1/schedule')[0]!.body as { scheduledAt: string; experts: string[] };
    expect(body.experts).to.have.members(['u_li', 'u_zhou']);
    expect(body.scheduledAt.slice(0, 16)).to.equal(new Date(local).toISOString().slice(0, 16));

    $(el, '[part~="back-button"]')!.click();
    await openRow(el, 'rc_3');
    $(el, '[part~="decline-button"]')!.click();
    await waitFor(() => text($(el, '[part~="decline-form"] [part~="field-error"]')) === zhCN['remote.decline.required'], 'no reason');
    fill(el, '#rc-reason', '专家外出');
    $(el, '[part~="decline-button"]')!.click();
    await waitFor(() => text($(el, '[part~="state"]')) === '已拒绝', 'declined');
    expect(text($(el, '[part~="consultation"]'))).to.contain('专家外出');

    $(el, '[part~="back-button"]')!.click();
    await rows(el);
    $(el, '#rc-tab-received')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitFor(() => el.side === 'requested', 'the other tab');
    expect(el.shadowRoot!.activeElement?.id).to.equal('rc-tab-requested');
  });

  it('the assigned expert reads the attached lab report, writes the opinion and signs it on the phone; the requester reads it and closes', async () => {
    me = { id: 'u_east', role: 'doctor', displayName: '东县医生' };
    items = [{ ...base, state: 'scheduled', experts: ['u_east'], scheduledAt: new Date(Date.now() + hour).toISOString() }];
    const el = await mount({ side: 'received' });
    await openRow(el, 'rc_1');
    $(el, '[part~="attachment-button"]')!.click();
    const content = await waitFor(() => $(el, '[part~="attachment-content"]'), 'the report');
    expect(text(content)).to.contain('肌酸激酶同工酶').and.contain('42 U/L').and.contain('偏高');
    await expectAccessible(el, 'the opinion editor');
    $(el, '[part~="opinion-button"]')!.click();
    await waitFor(() => text($(el, '[part~="opinion-form"] [part~="field-error"]')) === zhCN['remote.opinion.required'], 'empty');
    let confirm!: () => void;
    opinionHeld = new Promise((r) => (confirm = r));
    fill(el, '#rc-opinion-text', '建议冠脉 CTA。');
    $(el, '[part~="opinion-button"]')!.click();
    await waitFor(() => $(el, '[part~="sign-on-phone"]'), 'waiting on the phone');
    await expectAccessible(el, 'signing on the phone');
    confirm();
    await waitFor(() => $(el, '[part~="opinion-text"]'), 'signed');
    expect(text($(el, '[part~="opinion-signer"]'))).to.contain('东县医生').and.contain('110000000001');

    me = { id: 'u_zhou', role: 'doctor', displayName: '周敏' };
    items = [SIGNED];
    const requester = await mount();
    await openRow(requester, 'rc_2');
    expect(text($(requester, '[part~="opinion-serial"]'))).to.contain('0A1B2C');
    expect(text($(requester, '[part~="opinion-verified"]'))).to.equal('签名验证通过');
    await expectAccessible(requester, 'the signed opinion');
    const changed: CustomEvent[] = [];
    requester.addEventListener('ih-remote-consultation-changed', (e) => changed.push(e));
    $(requester, '[part~="close-button"]')!.click();
    await waitFor(() => text($(requester, '[part~="state"]')) === '已结束', 'closed');
    expect(changed.map((e) => e.detail)).to.deep.equal([{ remoteConsultationId: 'rc_2', state: 'closed' }]);
  });

  for (const [locale, table] of [['zh-CN', zhCN], ['en', en], ['zh-TW', zhTW]] as const) {
    it(`says each of the operations' problem codes in ${locale}`, async () => {
      items = [{ ...base, state: 'requested' }];
      let code = 'REMOTE_CONSULTATION_NOT_PENDING';
      api.use(http.post('/api/remote-consultations/:id/cancel', () => problem(409, code as never)));
      const el = await mount({ locale });
      await openRow(el, 'rc_1');
      for (const c of ['REMOTE_CONSULTATION_NOT_PENDING', 'REMOTE_CONSULTATION_NOT_SCHEDULED', 'REMOTE_CONSULTATION_NO_OPINION', 'REMOTE_EXPERT_NOT_ASSIGNED', 'REMOTE_EXPERT_NOT_OF_ORGANIZATION', 'REMOTE_ATTACHMENT_NOT_SHAREABLE'] as const) {
        code = c;
        $(el, '[part~="cancel-button"]')!.click();
        await waitFor(() => text($(el, '[role="alert"][part~="field-error"]')) === table[`error.${c}`], c);
      }
      await expectAccessible(el, `${locale} · an error`);
      expect(text($(el, '[part~="question"]'))).to.equal(base.question);
    });
  }

  for (const theme of THEMES) {
    it(`is accessible while loading, signed out, failing and empty (${theme})`, async () => {
      await expectAccessibleLoadStates({ api, path: '/api/remote-consultation-directory', mount: (token) => mount({ token, theme }), theme, empty: () => (items = []) });
    });
  }
});
