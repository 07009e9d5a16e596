import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, practitionerOf, prescriptionOf, reviewQueueOf, minutesAgo, problem, http, HttpResponse, waitFor, deepActive } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './pharmacist-review.js';
import type { IhPharmacistReview } from './pharmacist-review.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { FakeRealtime } from '../../test/fake-realtime.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

/** The page's live connection in the test: what the gateway would push, pushed by the test. */
let realtime: FakeRealtime;

async function mount(locale = 'zh-CN', theme: Theme = 'light', token = TOKEN) {
  realtime = new FakeRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme} .realtimeFactory=${() => realtime}><ih-pharmacist-review></ih-pharmacist-review></ih-provider>`);
  const review = provider.querySelector('ih-pharmacist-review')!;
  await review.updateComplete;
  return review;
}

const $ = <E extends HTMLElement = HTMLElement>(el: IhPharmacistReview, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = (el: IhPharmacistReview, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const items = (el: IhPharmacistReview) => $$(el, '[part~="queue-item"]');

const seedQueue = () => api.db.prescriptions.push(...reviewQueueOf());

async function openFirst(review: IhPharmacistReview) {
  await waitFor(() => items(review).length, 'queue');
  items(review)[0]!.click();
  return waitFor(() => $(review, '[part~="decision"]'), 'prescription');
}

describe('<ih-pharmacist-review>', () => {
  it('lists the waiting prescriptions oldest first and opens one with everything a pharmacist checks', async () => {
    seedQueue();
    const review = await mount();
    await waitFor(() => items(review).length === 2, 'queue');
    expect(api.callsTo('GET', '/api/prescriptions')[0]!.query.get('status')).to.equal('pending_review');
    expect(text(items(review)[0]!)).to.contain('张伟').and.contain('原发性高血压').and.contain('李敏').and.contain('¥28.50');
    // The count says what it counts.
    expect(text(items(review)[0]!)).to.contain('李敏 · 1 种药品 · ¥28.50');
    expect(text(items(review)[0]!.querySelector('[part~="waited"]'))).to.match(/^已等待 1\s?小时 15\s?分钟$/);
    expect(text(items(review)[1]!)).to.contain('李雷');

    items(review)[0]!.click();
    await waitFor(() => $(review, '[part~="decision"]'), 'opened');
    expect(deepActive()).to.equal($(review, '[part~="heading"]'));
    expect(text($(review, '[part~="heading"]'))).to.equal('张伟 · 原发性高血压');
    expect(text($(review, '[part~="patient"]'))).to.equal('张伟 · 男 · 40 岁 · 70 kg');
    expect(text($(review, '[part~="facts"]'))).to.contain('原发性高血压 (I10)').and.contain('普通处方').and.contain('处方号 20261124-0017');
    expect(review.shadowRoot!.textContent).to.not.contain('rx_');
    expect(text($(review, '[part~="items"]'))).to.contain('氨氯地平片').and.contain('每次 5 mg，每日一次，共 7 天').and.contain('早饭后');
    expect(text($(review, '[part~="allergies"]'))).to.contain('青霉素（皮疹）');
    expect(text($(review, '[part~="finding-warning"]'))).to.equal('提示 氨氯地平片：药物相互作用：可能增加低血压风险');
    const signature = text($(review, '[part~="signature"]'));
    expect(signature).to.contain('ECDSA-P256-SHA256').and.contain('李敏').and.contain('有效').and.contain('签名指纹');
    expect(signature).to.match(/[0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}/);
  });

  it('shows who prescribed and who reviewed with their certificate numbers, as signed', async () => {
    seedQueue();
    const review = await mount();
    await openFirst(review);
    expect(text($(review, '[part~="prescriber"]'))).to.equal('李敏（执业证书编码 110330120260037）');
    $(review, '[part~="approve-button"]')!.click();
    await waitFor(() => $(review, '[part~="reviewer"]'), 'decided');
    expect(text($(review, '[part~="reviewer"]'))).to.equal('孙丽（药师证书编号 ZY33010120190158）');
  });

  it('says plainly why a pharmacist without the qualification cannot review, in place of the controls', async () => {
    seedQueue();
    api.db.practitioner = practitionerOf({ standing: 'no_permission', practitioner: { ...practitionerOf().practitioner!, kind: 'pharmacist', category: 'pharmacy', permission: undefined } });
    const review = await mount('zh-TW');
    await waitFor(() => items(review).length === 2 && $(review, '[part~="practitioner-notice"]'), 'queue with the notice');
    expect(text($(review, '[part~="practitioner-notice"]'))).to.contain('您暫不能審核處方').and.contain('醫院系統中沒有您的藥師審方資格。');
    items(review)[0]!.click();
    await waitFor(() => $(review, '[part~="facts"]'), 'opened');
    expect($(review, '[part~="decision"]'), 'no controls that would only be refused').to.not.exist;
    expect($(review, '[part~="practitioner-notice"]')).to.exist;
  });

  it('reads why when a decision is refused for who the pharmacist is, instead of a generic error', async () => {
    seedQueue();
    api.use(http.post('/api/prescriptions/:id/approve', () => problem(403, 'PRACTITIONER_NOT_PERMITTED')));
    const review = await mount();
    await openFirst(review);
    api.db.practitioner = practitionerOf({ standing: 'expired', practitioner: { ...practitionerOf().practitioner!, kind: 'pharmacist', permission: { until: '2026-03-31' } } });
    $(review, '[part~="approve-button"]')!.click();
    const notice = await waitFor(() => $(review, '[part~="practitioner-notice"]'), 'notice');
    expect(text(notice)).to.contain('您的药师审方资格已于2026年3月31日到期。').and.contain('不能审核通过或退回处方');
    expect($(review, '[part~="action-error"]')).to.not.exist;
    expect($(review, '[part~="decision"]')).to.not.exist;
  });

  it('reads in English where the catalog has English: the interaction and the allergic reaction', async () => {
    seedQueue();
    const review = await mount('en');
    await waitFor(() => items(review).length, 'queue');
    items(review)[0]!.click();
    await waitFor(() => $(review, '[part~="decision"]'), 'opened');
    expect(text($(review, '[part~="finding-warning"]'))).to.equal('Warning Amlodipine tablets: Interaction: May increase the risk of low blood pressure');
    expect(text($(review, '[part~="allergies"]'))).to.contain('Penicillin (Rash)');
  });

  it('approves with an optional note and tells the page the decision', async () => {
    seedQueue();
    const review = await mount();
    await openFirst(review);
    const note = $(review, '[part~="note-input"]')!;
    note.focus();
    await sendKeys({ type: '已核对' });
    const reviewed = oneEvent(review, 'ih-prescription-reviewed');
    $(review, '[part~="approve-button"]')!.click();
    expect((await reviewed).detail).to.deep.equal({ prescriptionId: 'rx_old', decision: 'approved' });
    await waitFor(() => text($(review, '[part~="message"]')) === '处方已审核通过。', 'approved');
    expect(api.callsTo('POST', '/api/prescriptions/rx_old/approve')[0]!.body).to.deep.equal({ note: '已核对' });
    expect(text($(review, '[part~="status"]'))).to.equal('审核通过 · 待支付');
    expect($(review, '[part~="decision"]')).to.not.exist;

    $(review, '[part~="back-button"]')!.click();
    await waitFor(() => items(review).length === 1, 'queue without it');
  });

  describe('approving answered at once (Prefer: respond-async)', () => {
    let state: 'pending' | 'signed' | 'refused';
    /** The request the gateway made: a refused one is asked anew, under a new id. */
    let id: string;
    const request = () => ({
      id, state, kind: 'review', prescriptionId: 'rx_old', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 110_000).toISOString(),
      ...(state === 'signed' ? { outcome: { status: 'approved' } } : state === 'refused' ? { outcome: { code: 'SIGNATURE_REFUSED' } } : {}),
    });
    beforeEach(() => {
      state = 'pending';
      id = 'sig_r';
      api.use(
        http.post('/api/prescriptions/rx_old/approve', () => HttpResponse.json(request(), { status: 202, headers: { location: `signature-requests/${id}` } })),
        http.get('/api/signature-requests/:id', ({ params }) => (params.id === id ? HttpResponse.json(request()) : problem(404, 'NOT_FOUND'))),
      );
    });

    it('shows 请在手机上确认签名 with the time left; refused: says so and keeps the note; asked again and confirmed: approved', async () => {
      seedQueue();
      const review = await mount();
      await openFirst(review);
      const note = $<HTMLTextAreaElement>(review, '[part~="note-input"]')!;
      note.focus();
      await sendKeys({ type: '已核对' });
      $(review, '[part~="approve-button"]')!.click();
      await waitFor(() => $(review, '[part~="sign-time-left"]'), 'waiting on the phone');
      expect(api.callsTo('POST', '/api/prescriptions/rx_old/approve')[0]!.headers.get('Prefer')).to.equal('respond-async');
      expect(text($(review, '[part~="sign-on-phone"]'))).to.match(/^请在手机上确认签名 剩余 1(0\d|1\d) 秒$/);
      expect($(review, '[part~="approve-button"]')!.getAttribute('aria-disabled')).to.equal('true');
      state = 'refused';
      realtime.signatureEnded('sig_r');
      await waitFor(() => $(review, '[part~="action-error"]'), 'refused');
      expect(text($(review, '[part~="action-error"]'))).to.equal('已在手机上拒绝签名，未提交。');
      expect($<HTMLTextAreaElement>(review, '[part~="note-input"]')!.value, 'the note stays').to.equal('已核对');

      state = 'pending';
      id = 'sig_r2';
      const reviewed = oneEvent(review, 'ih-prescription-reviewed');
      $(review, '[part~="approve-button"]')!.click();
      await waitFor(() => $(review, '[part~="sign-time-left"]'), 'asked again');
      state = 'signed';
      api.db.prescriptions.find((p) => p.id === 'rx_old')!.status = 'approved';
      realtime.signatureEnded('sig_r2');
      expect((await reviewed).detail).to.deep.equal({ prescriptionId: 'rx_old', decision: 'approved' });
      await waitFor(() => text($(review, '[part~="message"]')) === '处方已审核通过。', 'approved');
      expect($(review, '[part~="sign-on-phone"]')).to.not.exist;
    });

    for (const stale of [false, true]) {
      it(`reopened after a reload while the phone waits: follows it by asking, signed: shows the outcome and asks no more${stale ? ' (even when a read still names the ended request)' : ''}`, async () => {
        seedQueue();
        const rx = api.db.prescriptions.find((p) => p.id === 'rx_old')!;
        const pendingSignature = { id: 'sig_r', state: 'pending' as const, kind: 'review' as const, expiresAt: new Date(Date.now() + 50_000).toISOString() };
        // As the gateway: the prescription names the request only while it waits (unless `stale`).
        api.use(http.get('/api/prescriptions/rx_old', () => HttpResponse.json(state === 'pending' || stale ? { ...rx, pendingSignature } : rx)));
        const review = await mount();
        const reviewed = oneEvent(review, 'ih-prescription-reviewed');
        await openFirst(review);
        await waitFor(() => $(review, '[part~="sign-time-left"]'), 'followed');
        expect(text($(review, '[part~="sign-on-phone"]'))).to.match(/^请在手机上确认签名 剩余 (4\d|50) 秒$/);
        expect($(review, '[part~="approve-button"]')!.getAttribute('aria-disabled')).to.equal('true');
        await waitFor(() => api.callsTo('GET', '/api/signature-requests/sig_r').length >= 1, 'asked');
        // Confirmed on the phone; the live channel is silent: the next ask finds it signed.
        state = 'signed';
        rx.status = 'approved';
        expect((await reviewed).detail).to.deep.equal({ prescriptionId: 'rx_old', decision: 'approved' });
        await waitFor(() => text($(review, '[part~="message"]')) === '处方已审核通过。', 'approved');
        expect($(review, '[part~="sign-on-phone"]')).to.not.exist;
        const asked = api.callsTo('GET', '/api/signature-requests/sig_r').length;
        expect(asked, 'asked with backoff, not hammered').to.be.within(1, 3);
        await new Promise((r) => setTimeout(r, 2500));
        expect(api.callsTo('GET', '/api/signature-requests/sig_r').length, 'not followed again once ended').to.equal(asked);
        expect(api.callsTo('GET', '/api/prescriptions/rx_old').length, 'the prescription read when opened and once signed').to.equal(2);
        expect($(review, '[part~="sign-on-phone"]')).to.not.exist;
      });
    }
  });

  it('returns only with a reason', async () => {
    seedQueue();
    const review = await mount('en');
    await openFirst(review);
    $(review, '[part~="return-button"]')!.click();
    const reason = await waitFor(() => $(review, '[part~="reason-input"]'), 'return form');
    await waitFor(() => deepActive() === reason, 'focus on the reason');
    $(review, '[part~="return-submit-button"]')!.click();
    await waitFor(() => $(review, '[part~="field-error"]'), 'reason required');
    expect(text($(review, '[part~="field-error"]'))).to.equal('Please give the reason for returning it.');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(api.callsTo('POST', '/api/prescriptions/rx_old/return')).to.have.length(0);

    await sendKeys({ type: 'Dose timing missing' });
    const reviewed = oneEvent(review, 'ih-prescription-reviewed');
    $(review, '[part~="return-submit-button"]')!.click();
    expect((await reviewed).detail).to.deep.equal({ prescriptionId: 'rx_old', decision: 'returned' });
    await waitFor(() => text($(review, '[part~="status"]')) === 'Returned to the doctor', 'returned');
    expect(api.callsTo('POST', '/api/prescriptions/rx_old/return')[0]!.body).to.deep.equal({ reason: 'Dose timing missing' });
  });

  it('keeps the queue live: a newly signed prescription appears without 刷新, one decided elsewhere leaves, a reason being typed stays', async () => {
    seedQueue();
    const review = await mount();
    await waitFor(() => items(review).length === 2, 'queue');
    await waitFor(() => realtime.prescriptionListeners === 1, 'listening');
    const loads = api.callsTo('GET', '/api/prescriptions').length;

    // The doctor signs one: the gateway tells every pharmacist.
    api.db.prescriptions.push(prescriptionOf({ id: 'rx_signed', issuedAt: minutesAgo(0), patient: { id: 'pat_y', name: '韩梅', gender: 'female', age: 52 } }));
    realtime.prescriptionChanged('rx_signed');
    await waitFor(() => items(review).length === 3, 'the new one, without a refresh');
    expect(items(review).map((i) => i.dataset.prescription)).to.deep.equal(['rx_old', 'rx_new', 'rx_signed']);
    expect(api.callsTo('GET', '/api/prescriptions').length).to.equal(loads + 1);
    expect($(review, '[part~="loading"]')).to.not.exist;

    // Another pharmacist approves the oldest: it leaves the queue.
    api.db.prescriptions.find((p) => p.id === 'rx_old')!.status = 'approved';
    realtime.prescriptionChanged('rx_old');
    await waitFor(() => items(review).length === 2, 'decided elsewhere');

    // Open one, start returning it: a change to another prescription leaves the form as it is.
    items(review)[0]!.click();
    await waitFor(() => $(review, '[part~="decision"]'), 'open');
    $(review, '[part~="return-button"]')!.click();
    const reason = await waitFor(() => $(review, '[part~="reason-input"]'), 'return form');
    reason.focus();
    await sendKeys({ type: '剂量需' });
    realtime.prescriptionChanged('rx_signed');
    realtime.prescriptionChanged('rx_new');
    await new Promise((r) => setTimeout(r, 200));
    expect($<HTMLTextAreaElement>(review, '[part~="reason-input"]')!.value).to.equal('剂量需');
    expect(deepActive()).to.equal($(review, '[part~="reason-input"]'));
  });

  it('drops a prescription from the queue when it runs out of validity', async () => {
    api.db.prescriptions.push(prescriptionOf({ id: 'rx_today', validUntil: new Date(Date.now() + 1200).toISOString() }), prescriptionOf({ id: 'rx_later', issuedAt: minutesAgo(1) }));
    const review = await mount();
    await waitFor(() => items(review).length === 2, 'queue');
    await waitFor(() => items(review).length === 1, 'the expired one left', 4000);
    expect(items(review)[0]!.dataset.prescription).to.equal('rx_later');
  });

  it('shows why approving failed: the checks\' findings, or the localized code', async () => {
    seedQueue();
    let answer = () =>
      HttpResponse.json(
        { type: 'about:blank', title: 'x', status: 422, code: 'PRESCRIPTION_CHECK_FAILED', findings: [{ code: 'ALLERGY', level: 'error', items: [0], note: 'penicillin' }] },
        { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
      );
    api.use(http.post('/api/prescriptions/:id/approve', () => answer()));
    const review = await mount();
    await openFirst(review);
    $(review, '[part~="approve-button"]')!.click();
    await waitFor(() => $(review, '[part~="action-error"]'), 'refused');
    expect(text($(review, '[part~="action-error"]'))).to.contain('复核发现以下问题').and.contain('氨氯地平片：患者对青霉素过敏。');
    expect(text($(review, '[part~="action-error"] [part~="finding-error"]'))).to.equal('禁忌 氨氯地平片：患者对青霉素过敏。');

    answer = () => problem(409, 'PRESCRIPTION_EXPIRED');
    $(review, '[part~="approve-button"]')!.click();
    await waitFor(() => text($(review, '[part~="action-error"]')) === '处方已过期。', 'expired');
    answer = () => problem(409, 'INVALID_STATE');
    $(review, '[part~="approve-button"]')!.click();
    await waitFor(() => text($(review, '[part~="action-error"]')) === '处方状态已变化，请刷新后再试。', 'invalid state');
  });

  it('shows SIGNATURE_INVALID when a prescription does not verify, and an empty queue with refresh', async () => {
    seedQueue();
    api.use(http.get('/api/prescriptions/rx_old', () => problem(409, 'SIGNATURE_INVALID')));
    const review = await mount();
    await waitFor(() => items(review).length, 'queue');
    items(review)[0]!.click();
    await waitFor(() => $(review, '[part~="error"]'), 'error');
    expect(text($(review, '[part~="error"]'))).to.contain('电子签名校验失败');

    api.db.prescriptions = [];
    $(review, '[part~="back-button"]')!.click();
    await waitFor(() => $(review, '[part~="empty"]'), 'empty');
    expect(text($(review, '[part~="empty"]'))).to.contain('暂无待审处方');
    api.db.prescriptions.push(prescriptionOf());
    $(review, '[part~="refresh-button"]')!.click();
    await waitFor(() => items(review).length === 1, 'refreshed');
  });
});

for (const theme of THEMES) {
  describe(`<ih-pharmacist-review> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on a load error and with an empty queue', async () => {
      await expectAccessibleLoadStates({ api, theme, path: '/api/prescriptions', mount: (token) => mount('zh-CN', theme, token), empty: () => (api.db.prescriptions = []) });
    });

    it('has no axe violations in the queue, a prescription, a refused approval, the return form with its error and after deciding', async () => {
      seedQueue();
      let refuse = true;
      api.use(
        http.post('/api/prescriptions/:id/approve', () =>
          refuse
            ? HttpResponse.json(
                { type: 'about:blank', title: 'x', status: 422, code: 'PRESCRIPTION_CHECK_FAILED', findings: [{ code: 'ALLERGY', level: 'error', items: [0], note: 'penicillin' }] },
                { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
              )
            : undefined,
        ),
      );
      const review = await mount('zh-CN', theme);
      await waitFor(() => items(review).length === 2, 'queue');
      await expectAccessible(review, `${theme} · queue`);
      await openFirst(review);
      await expectAccessible(review, `${theme} · a prescription with a finding and its signature`);
      $(review, '[part~="approve-button"]')!.click();
      await waitFor(() => $(review, '[part~="action-error"]'), 'refused');
      await expectAccessible(review, `${theme} · approval refused with findings`);
      $(review, '[part~="return-button"]')!.click();
      await waitFor(() => $(review, '[part~="reason-input"]'), 'return form');
      $(review, '[part~="return-submit-button"]')!.click();
      await waitFor(() => $(review, '[part~="field-error"]'), 'reason required');
      await expectAccessible(review, `${theme} · return reason required`);
      $(review, '[part~="return-cancel-button"]')!.click();
      refuse = false;
      (await waitFor(() => $(review, '[part~="approve-button"]'), 'decision again')).click();
      await waitFor(() => text($(review, '[part~="message"]')).length > 0, 'approved');
      await expectAccessible(review, `${theme} · approved, with the message`);
    });

    it('has no axe violations when a signature does not verify', async () => {
      seedQueue();
      api.use(http.get('/api/prescriptions/rx_old', () => problem(409, 'SIGNATURE_INVALID')));
      const review = await mount('zh-CN', theme);
      await waitFor(() => items(review).length, 'queue');
      items(review)[0]!.click();
      await waitFor(() => $(review, '[part~="error"]'), 'error');
      await expectAccessible(review, `${theme} · signature invalid`);
    });
  });
}
