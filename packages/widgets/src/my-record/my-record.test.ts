import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { CarePlan } from '@ihkit/core';
import { MockApi, TOKEN, consultOf, prescriptionOf, problem, today, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, type Theme } from '../../test/a11y.js';
import { HTN_PLAN } from '../../test/care-data.js';
import { recordDiagnoses, recordEntries } from './record-entries.js';
import '../provider/provider.js';
import './my-record.js';
import type { IhMyRecord } from './my-record.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

let plans: CarePlan[];
beforeEach(() => {
  plans = [{ ...HTN_PLAN, patientId: 'pat_self', startedAt: `${today}T08:00:00+08:00` }];
  api.db.consults = [
    consultOf({ id: 'con_done', status: 'completed', createdAt: '2026-03-02T09:00:00+08:00', record: { complaint: '头晕', diagnosis: '高血压 2 级', advice: '按时服药', writtenAt: '2026-03-02T09:30:00+08:00' } }),
    consultOf({ id: 'con_kid', status: 'completed', createdAt: '2026-03-03T09:00:00+08:00', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 9 } }),
  ];
  api.db.prescriptions = [prescriptionOf({ id: 'rx_1', number: 'RX-0001', issuedAt: '2026-03-02T10:00:00+08:00', status: 'completed' })];
  api.use(http.get('/api/care/plans', () => HttpResponse.json({ items: plans })));
});

async function mount(locale = 'zh-CN', token: string = TOKEN, theme: Theme = 'light', patientId?: string) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme}><ih-my-record patient-id=${patientId ?? ''}></ih-my-record></ih-provider>`);
  const el = provider.querySelector('ih-my-record')! as IhMyRecord;
  await el.updateComplete;
  return el;
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const entries = (el: Element, n?: number) => waitFor(() => {
  const found = $$(el, '[part~="entry"]');
  return found.length && (n === undefined || found.length === n) ? found : undefined;
}, 'timeline entries');

describe('record entries', () => {
  it('puts one patient’s lists in one timeline, newest first, and names each diagnosis once with its latest date', () => {
    const c = (id: string, patient: string, at: string, diagnosis?: string) => consultOf({ id, createdAt: at, patient: { id: patient, name: 'x', gender: 'male', age: 40 }, ...(diagnosis ? { record: { complaint: '', diagnosis, advice: '', writtenAt: at } } : {}) });
    const e = recordEntries('pat_a', {
      consults: [c('c1', 'pat_a', '2025-01-05T10:00:00Z', '上呼吸道感染'), c('c2', 'pat_b', '2025-06-01T10:00:00Z', '别人的'), c('c3', 'pat_a', '2025-07-01T10:00:00Z')],
      conditions: [{ encounterId: 'enc_9', code: 'I10', name: '原发性高血压', date: '2025-03-01', departmentId: 'd', doctorId: 'x' }],
      prescriptions: [prescriptionOf({ id: 'rx_a', patient: { id: 'pat_a', name: 'x', gender: 'male', age: 40 }, issuedAt: '2025-05-01T00:00:00Z', diagnosis: { code: 'I10', name: '高血压' } })],
    });
    expect(e.map((x) => x.id)).to.deep.equal(['c3', 'rx_a', 'enc_9', 'c1']);
    expect(recordDiagnoses(e)).to.deep.equal([
      { code: 'I10', name: '高血压', lastAt: '2025-05-01T00:00:00Z' },
      { name: '上呼吸道感染', lastAt: '2025-01-05T10:00:00Z' },
    ]);
  });
});

describe('<ih-my-record>', () => {
  it('shows the account holder’s diagnoses and timeline, filters by kind, and opens a line by id only', async () => {
    const el = await mount();
    const list = await entries(el);
    // The follow-up plan (today), the upcoming and the past appointment, the consult and prescription of March, the HIS visit.
    expect(list.map((l) => l.dataset.kind)).to.include.members(['care', 'visit', 'consult', 'prescription']);
    expect(list.some((l) => text(l).includes('张小宝'))).to.equal(false);
    const consult = list.find((l) => l.dataset.kind === 'consult')!;
    expect(text(consult)).to.contain('在线问诊').and.contain('诊断：高血压 2 级').and.contain('已完成');
    expect(text(list.find((l) => l.dataset.kind === 'prescription'))).to.contain('处方 RX-0001');
    expect(text(list.find((l) => l.dataset.kind === 'care'))).to.contain('高血压随访').and.contain('随访中');
    const diagnoses = $$(el, '[part~="diagnosis"]').map(text);
    expect(diagnoses.some((d) => d.includes('原发性高血压') && d.includes('I10'))).to.equal(true);
    expect(diagnoses.some((d) => d.includes('高血压 2 级'))).to.equal(true);

    const chip = $$(el, '[part~="filter"] input').find((i) => (i as HTMLInputElement).value === 'prescription')!;
    chip.click();
    const only = await entries(el, 1);
    expect(only[0]!.dataset.kind).to.equal('prescription');

    let detail: unknown;
    el.addEventListener('ih-record-open', (e) => (detail = e.detail));
    $(el, '[part~="open-button"]')!.click();
    expect(detail).to.deep.equal({ kind: 'prescription', recordId: 'rx_1', patientId: 'pat_self' });
  });

  it('shows a family member’s record when chosen, keyboard only', async () => {
    const el = await mount('en');
    await entries(el);
    const select = $(el, '[part~="patient"] select') as HTMLSelectElement;
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    select.dispatchEvent(new Event('change'));
    const list = await waitFor(() => {
      const found = $$(el, '[part~="entry"]');
      return found.some((l) => l.dataset.kind === 'consult') && !found.some((l) => l.dataset.kind === 'prescription') ? found : undefined;
    }, 'the child’s record');
    expect(text(list.find((l) => l.dataset.kind === 'consult'))).to.contain('Online consult');
    expect(list.some((l) => l.dataset.kind === 'care')).to.equal(false);
  });

  it('keeps what it could read when one list fails, says so, and reads again on retry', async () => {
    let fail = true;
    api.use(http.get('/api/prescriptions', () => (fail ? problem(503, 'HIS_UNAVAILABLE') : HttpResponse.json({ items: api.db.prescriptions }))));
    const el = await mount('zh-TW');
    await entries(el);
    expect(text($(el, '[part~="partial"]'))).to.contain('部分紀錄暫時無法讀取');
    expect($$(el, '[part~="entry"]').some((l) => l.dataset.kind === 'prescription')).to.equal(false);
    fail = false;
    $(el, '[part~="partial"] button')!.click();
    await waitFor(() => $$(el, '[part~="entry"]').some((l) => l.dataset.kind === 'prescription'), 'the prescription after retry');
    expect($(el, '[part~="partial"]')).to.equal(null);
  });

  it('shows a referral up with where and when to go and the number there, one sent, and another patient’s not at all; in three languages', async () => {
    const start = `${today}T09:00:00+08:00`;
    api.db.referrals = [
      { id: 'ref_up', direction: 'up', state: 'accepted', patientId: 'pat_self', fromHospitalName: '东县人民医院', hospitalName: '城东人民医院', departmentName: '心血管内科', doctorName: '周敏', start, end: `${today}T09:30:00+08:00`, number: 'GH-0007', createdAt: `${today}T07:00:00+08:00` },
      { id: 'ref_sent', direction: 'down', state: 'sent', patientId: 'pat_self', hospitalName: '西县中心医院', departmentName: '内分泌科', followUp: 'type-2-diabetes', createdAt: '2026-03-01T07:00:00+08:00' },
      { id: 'ref_kid', direction: 'up', state: 'sent', patientId: 'pat_kid', hospitalName: '城东人民医院', departmentName: '儿科', createdAt: `${today}T06:00:00+08:00` },
    ];
    const el = await mount();
    const referrals = () => $$(el, '[part~="entry-referral"]');
    await waitFor(() => referrals().length === 2, 'the two referrals of the account holder');
    const [up, sent] = referrals();
    expect(text(up)).to.contain('转诊至城东人民医院 · 心血管内科').and.contain('由东县人民医院转出').and.contain('已接收');
    expect(text(up!.querySelector('[part~="referral-visit"]'))).to.contain('城东人民医院心血管内科就诊').and.contain('GH-0007').and.contain('09:00');
    expect(text(sent)).to.contain('转回西县中心医院 · 内分泌科').and.contain('待对方接收');
    expect(sent!.querySelector('[part~="referral-visit"]'), 'no time before it is accepted').to.equal(null);
    expect(up!.querySelector('[part~="open-button"]'), 'a referral says all on its line').to.equal(null);
    const chip = $$(el, '[part~="filter"] input').find((i) => (i as HTMLInputElement).value === 'referral')!;
    chip.click();
    await entries(el, 2);
    await expectAccessible(el, 'referrals');
    for (const [locale, words] of [['en', ['Referred to 城东人民医院', 'your number there is GH-0007', 'Accepted']], ['zh-TW', ['轉診至城東', '就診號 GH-0007', '已接收']]] as const) {
      const other = await mount(locale);
      await waitFor(() => $$(other, '[part~="entry-referral"]').length === 2, `${locale} referrals`);
      const line = text($$(other, '[part~="entry-referral"]')[0]);
      for (const w of words) expect(line, locale).to.contain(w.replace('城東', '城东'));
    }
  });

  it('says there is nothing yet for a new patient, and asks a signed-out user to sign in', async () => {
    api.db.appointments = [];
    api.db.consults = [];
    api.db.prescriptions = [];
    api.db.conditions = { pat_self: [], pat_kid: [] };
    plans = [];
    const el = await mount();
    await waitFor(() => $(el, '[part~="empty"]'), 'empty state');
    expect(text($(el, '[part~="empty"]'))).to.contain('还没有就诊记录');
    const out = await mount('zh-CN', '');
    await waitFor(() => $(out, '[part~="sign-in"]'), 'sign-in state');
    expect(text($(out, '[part~="sign-in"]'))).to.contain('就诊记录');
  });

  it('is accessible in every theme and language', async () => {
    for (const theme of THEMES) {
      const el = await mount('zh-CN', TOKEN, theme);
      await entries(el);
      await expectAccessible(el, `${theme} · record`);
    }
    for (const locale of ['en', 'zh-TW']) {
      const el = await mount(locale);
      await entries(el);
      await expectAccessible(el, `${locale} · record`);
    }
  });
});
