import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CHILD_DOSE_AGE, DEFAULT_PRESCRIPTION_RULES, GUARDIAN_PRESENCE_AGE } from '@ihkit/core';
import { MockApi, TOKEN, consultOf, practitionerOf, prescriptionOf, problem, http, HttpResponse, waitFor, deepActive } from '../../test/mock-api.js';
import { addDrug, rows, setValue } from '../../test/prescription-editor-steps.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './prescription-editor.js';
import type { IhPrescriptionEditor } from './prescription-editor.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { FakeRealtime } from '../../test/fake-realtime.js';

const api = new MockApi();
before(() => api.start());
beforeEach(() => {
  api.role = 'doctor';
  api.db.consults.push(consultOf({ status: 'in_progress' }));
});
afterEach(() => api.reset());
after(() => api.worker.stop());

/** The page's live connection in the test: what the gateway would push, pushed by the test. */
let realtime: FakeRealtime;

async function mount(locale = 'zh-CN', theme: Theme = 'light', opts: { token?: string; consultId?: string | null } = {}) {
  realtime = new FakeRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${opts.token ?? TOKEN} theme=${theme} .realtimeFactory=${() => realtime}>
    <ih-prescription-editor consult-id=${opts.consultId ?? 'con_1'}></ih-prescription-editor>
  </ih-provider>`);
  const editor = provider.querySelector('ih-prescription-editor')!;
  if (opts.consultId === null) editor.consultId = undefined;
  await editor.updateComplete;
  return editor;
}

const $ = <E extends HTMLElement = HTMLElement>(el: IhPrescriptionEditor, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = (el: IhPrescriptionEditor, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const submit = (el: IhPrescriptionEditor) => $(el, '[part~="submit-button"]')!;
const isSignedOut = (el: IhPrescriptionEditor) => !!$(el, '[part~="sign-in"]');

describe('<ih-prescription-editor>', () => {
  it('shows the patient’s allergies before any drug is chosen, and the weight and guardian only for a child', async () => {
    const adult = await mount();
    await waitFor(() => text($(adult, '[part~="allergies"]')).includes('青霉素'), 'allergies up front');
    expect(rows(adult)).to.have.length(0);
    expect($(adult, '[part~="weight-input"]'), 'no weight for an adult').to.not.exist;
    expect(text($(adult, '[part~="options"]'))).to.not.contain('监护人');

    api.reset();
    api.role = 'doctor';
    api.db.consults.push(consultOf({ status: 'in_progress', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 5 } }));
    const child = await mount();
    await waitFor(() => $(child, '[part~="weight-input"]'), 'weight for a child');
    expect(text($(child, '[part~="options"]'))).to.contain('监护人');
  });

  it('searches the catalog with the keyboard, checks the draft and shows the price, total and allergies', async () => {
    const editor = await mount();
    const input = await waitFor(() => $<HTMLInputElement>(editor, '[part~="search-input"]'), 'search');
    input.focus();
    await sendKeys({ type: '片' });
    await waitFor(() => $$(editor, '[part~="search-option"]').length === 4, 'results');
    expect(api.callsTo('POST', '/api/drug-search')).to.have.length(1); // debounced, and the text is not in the URL
    expect(input.getAttribute('aria-expanded')).to.equal('true');
    const options = $$(editor, '[part~="search-option"]');
    expect(text(options[0]!)).to.contain('氨氯地平片').and.contain('5 mg').and.contain('¥28.50');
    expect(options[0]!.querySelector('[part~="controlled-badge"]')).to.not.exist;
    const diazepam = options.find((o) => text(o).includes('地西泮片'))!;
    expect(text(diazepam.querySelector('[part~="controlled-badge"]'))).to.equal('管制');
    expect(input.getAttribute('aria-activedescendant')).to.equal('drug-0');
    await sendKeys({ press: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).to.equal('drug-1');
    expect(options[1]!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => rows(editor).length === 1, 'added');
    expect(text(rows(editor)[0]!)).to.contain('氨氯地平片');
    expect(input.value).to.equal('');
    expect(deepActive()).to.equal(input);

    await waitFor(() => text($(editor, '[part~="check-status"]')) === '检查通过，没有发现问题。', 'checked');
    expect(api.callsTo('POST', '/api/consults/con_1/prescription-check')[0]!.body).to.deep.equal({
      items: [{ drugId: 'drug_aml', dose: 2.5, frequency: 'qd', days: 7 }], urgent: false, chronic: false, guardianPresent: false, validDays: 1,
    });
    expect(text($(editor, '[part~="priced"]'))).to.contain('氨氯地平片').and.contain('1 盒').and.contain('¥28.50');
    expect(text($(editor, '[part~="priced"] [part~="total"]'))).to.equal('¥28.50');
    expect(text($(editor, '[part~="allergies"]'))).to.contain('青霉素（皮疹）');
    expect(submit(editor).getAttribute('aria-disabled')).to.equal('false');
  });

  it('shows a finding next to the item it names, disables signing on an error, then signs with only an id in the event', async () => {
    const editor = await mount();
    await addDrug(editor, '氨氯');
    await addDrug(editor, '阿莫');
    // The patient is allergic to penicillin: an error on the second item only.
    await waitFor(() => rows(editor)[1]!.querySelector('[part~="finding-error"]'), 'allergy finding');
    // An allergy is a contraindication, not an error of the system: labelled 禁忌, still shown as blocking.
    expect(text(rows(editor)[1]!.querySelector('[part~="finding-error"]'))).to.equal('禁忌 患者对青霉素过敏。');
    expect(rows(editor)[1]!.querySelector('[part~="finding-contraindicated"]')).to.exist;
    expect(rows(editor)[0]!.querySelector('[part~="finding"]')).to.not.exist;
    expect(submit(editor).getAttribute('aria-disabled')).to.equal('true');
    expect(text($(editor, '#submit-why'))).to.contain('请先处理标为“禁忌”或“须修改”的问题');
    submit(editor).click();
    await new Promise((r) => setTimeout(r, 50));
    expect(api.callsTo('POST', '/api/consults/con_1/prescriptions')).to.have.length(0);

    // A dose above the maximum, with its limit and unit, on the first item.
    rows(editor)[1]!.querySelector<HTMLElement>('[part~="item-remove-button"]')!.click();
    await waitFor(() => rows(editor).length === 1, 'removed');
    const dose = rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="dose-input"]')!;
    await setValue(dose, '20');
    await waitFor(() => text(rows(editor)[0]!.querySelector('[part~="finding-error"]')).includes('单次剂量超过上限（10 mg）'), 'dose finding');
    expect(text(rows(editor)[0]!.querySelector('[part~="finding-error"]'))).to.equal('须修改 单次剂量超过上限（10 mg）。');
    expect(rows(editor)[0]!.querySelector('[part~="finding-contraindicated"]')).to.not.exist;
    expect(submit(editor).getAttribute('aria-disabled')).to.equal('true');
    const checksBefore = api.callsTo('POST', '/api/consults/con_1/prescription-check').length;

    await setValue(dose, '5');
    await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'submit enabled');
    // Typing "5" after clearing is one more check, not one per keystroke.
    expect(api.callsTo('POST', '/api/consults/con_1/prescription-check').length - checksBefore).to.be.at.most(2);
    const submitted = oneEvent(editor, 'ih-prescription-submitted');
    submit(editor).click();
    const event = await submitted;
    expect(event.detail).to.deep.equal({ prescriptionId: 'rx_1' });
    expect(event.bubbles && event.composed).to.equal(true);
    const post = api.callsTo('POST', '/api/consults/con_1/prescriptions')[0]!;
    expect(post.headers.get('Idempotency-Key')).to.be.a('string');
    await waitFor(() => $(editor, '[part~="summary"]'), 'summary');
    expect(text($(editor, '[part~="summary"] [part~="status"]'))).to.equal('待药师审核');
    expect(text($(editor, '[part~="signature"]'))).to.contain('ECDSA-P256-SHA256').and.contain('李敏');
    expect(text($(editor, '[part~="summary"]'))).to.contain('处方已签名提交');
    expect(text($(editor, '[part~="summary"]'))).to.contain(`处方号：${api.db.prescriptions[0]!.number}`).and.not.contain('rx_');
  });

  it('shows what the gateway found when it refuses at signing', async () => {
    api.use(
      http.post('/api/consults/con_1/prescriptions', () =>
        HttpResponse.json(
          { type: 'about:blank', title: 'x', status: 422, code: 'PRESCRIPTION_CHECK_FAILED', findings: [{ code: 'OUT_OF_STOCK', level: 'warning', items: [0], limit: 0 }, { code: 'TOO_MANY_DRUGS', level: 'error', limit: 5 }] },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const editor = await mount('en');
    await addDrug(editor, 'amlo');
    await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'checked');
    submit(editor).click();
    await waitFor(() => $(editor, '[part~="submit-error"]'), 'refused');
    expect(text($(editor, '[part~="submit-error"]'))).to.equal('The prescription did not pass the checks. Please change it as shown.');
    expect(text(rows(editor)[0]!.querySelector('[part~="finding-warning"]'))).to.equal('Warning Not enough in stock (0 left).');
    expect(text($(editor, '.general [part~="finding-error"]'))).to.equal('Must change At most 5 drugs per prescription.');
    expect(submit(editor).getAttribute('aria-disabled')).to.equal('true');
  });

  it('asks for a fresh sign-in when the gateway wants one before signing, then signs the same prescription with the same key', async () => {
    api.use(http.post('/api/consults/con_1/prescriptions', () => problem(401, 'REAUTHENTICATION_REQUIRED'), { once: true }));
    const editor = await mount('en');
    const provider = editor.closest('ih-provider')!;
    let confirm: (ok: boolean) => void = () => {};
    let asked = 0;
    provider.reauthenticate = () => {
      asked++;
      return new Promise<void>((resolve, reject) => (confirm = (ok) => (ok ? resolve() : reject(new Error('closed')))));
    };
    await addDrug(editor, 'amlo');
    await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'checked');
    submit(editor).click();
    await waitFor(() => $(editor, '[part~="submit-error"]'), 'asked to confirm');
    expect(text($(editor, '[part~="submit-error"]'))).to.contain('confirm it is you').and.contain('kept');
    expect(text(submit(editor))).to.equal('Confirm and sign');
    expect(asked, 'not before the doctor clicks').to.equal(0);
    expect(isSignedOut(editor), 'still signed in').to.equal(false);

    // Closing the identity provider's window keeps the draft and the question.
    submit(editor).click();
    await waitFor(() => asked === 1, 'reauthenticate called from the click');
    confirm(false);
    await waitFor(() => text(submit(editor)) === 'Confirm and sign', 'still asked');
    expect(api.callsTo('POST', '/api/consults/con_1/prescriptions')).to.have.length(1);
    expect(rows(editor)).to.have.length(1);

    const submitted = oneEvent(editor, 'ih-prescription-submitted');
    submit(editor).click();
    await waitFor(() => asked === 2, 'asked again');
    confirm(true);
    expect((await submitted).detail).to.deep.equal({ prescriptionId: 'rx_1' });
    const [first, second] = api.callsTo('POST', '/api/consults/con_1/prescriptions');
    expect(second!.headers.get('Idempotency-Key')).to.equal(first!.headers.get('Idempotency-Key'));
    expect(second!.body).to.deep.equal(first!.body);
  });

  it('without a way to sign in again, says why signing was refused', async () => {
    api.use(http.post('/api/consults/con_1/prescriptions', () => problem(401, 'REAUTHENTICATION_REQUIRED'), { once: true }));
    const editor = await mount('zh-TW');
    await addDrug(editor, '氨氯');
    await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'checked');
    submit(editor).click();
    await waitFor(() => $(editor, '[part~="submit-error"]'), 'refused');
    expect(text($(editor, '[part~="submit-error"]'))).to.equal('請重新登入以確認身分。');
    expect(text(submit(editor))).to.equal('簽章並送出');
  });

  it('says plainly why the doctor cannot prescribe when the gateway refuses them, not a generic error', async () => {
    api.db.practitioner = practitionerOf({ standing: 'not_yet_valid', practitioner: { ...practitionerOf().practitioner!, permission: { from: '2099-05-01' } } });
    api.use(http.post('/api/consults/con_1/prescription-check', () => problem(403, 'PRACTITIONER_NOT_PERMITTED')));
    const editor = await mount();
    await addDrug(editor, 'amlo');
    const notice = await waitFor(() => $(editor, '[part~="practitioner-notice"]'), 'notice');
    expect(text(notice)).to.contain('您的互联网诊疗权限自2099年5月1日起生效。').and.contain('不能接诊、发起视频或开具处方');
    expect(text($(editor, '[part~="check-status"]')), 'the notice says it; no second message').to.equal('');
    expect(submit(editor).getAttribute('aria-disabled')).to.equal('true');
  });

  it('explains the per-consult limits and a drug of unrecorded control class', async () => {
    // Five drugs already signed in this consult: a sixth is refused for the consult.
    api.db.prescriptions.push(prescriptionOf({ status: 'approved', items: Array.from({ length: 5 }, (_, i) => ({ ...prescriptionOf().items[0]!, drugId: `drug_${i}` })) }));
    api.db.drugs.push({ ...api.db.drugs[0]!, id: 'drug_unc', name: '法莫替丁片', nameEn: 'Famotidine tablets', ingredient: 'famotidine', control: 'unknown' });
    const editor = await mount('en');
    // The consult's signed prescription is shown first; the doctor starts another.
    (await waitFor(() => $(editor, '[part~="new-button"]'), 'new prescription button')).click();
    await addDrug(editor, 'amlo');
    await waitFor(() => $(editor, '.general [part~="finding-error"]'), 'consult finding');
    expect(text($(editor, '.general [part~="finding-error"]'))).to.equal('Must change At most 5 drugs in all the prescriptions of one consult (those already signed count too).');
    api.db.prescriptions.length = 0;
    await addDrug(editor, 'famotidine');
    const row = await waitFor(() => rows(editor).find((r) => text(r).includes('Famotidine')), 'the famotidine row');
    expect(text(row.querySelector('[part~="controlled-badge"]'))).to.equal('Control class unrecorded');
    await waitFor(() => row.querySelector('[part~="finding-error"]'), 'its finding');
    expect(text(row.querySelector('[part~="finding-error"]'))).to.equal('Must change The hospital system has no control class for this drug: until it has, it counts as controlled and cannot be prescribed online.');
  });

  it('shows the pharmacist\'s reason for a returned prescription and revises it from its items', async () => {
    api.db.prescriptions.push(prescriptionOf({ status: 'returned', review: { decision: 'returned', pharmacistName: '孙丽', reason: '请注明服药时间', at: new Date().toISOString() } }));
    const editor = await mount();
    const returned = await waitFor(() => $(editor, '[part~="returned"]'), 'returned');
    expect(text(returned)).to.contain('药师退回了处方').and.contain('请注明服药时间').and.contain('孙丽');
    $(editor, '[part~="revise-button"]')!.click();
    await waitFor(() => rows(editor).length === 1, 'rows from the prescription');
    expect(rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="dose-input"]')!.value).to.equal('5');
    expect(rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="note-input"]')!.value).to.equal('早饭后');
    const note = rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="note-input"]')!;
    await setValue(note, '早饭后 8 点');
    await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false' && text(submit(editor)) === '重新签名并提交', 'ready');
    const submitted = oneEvent(editor, 'ih-prescription-submitted');
    submit(editor).click();
    expect((await submitted).detail).to.deep.equal({ prescriptionId: 'rx_1' });
    const body = (await waitFor(() => api.callsTo('POST', '/api/prescriptions/rx_1/revise')[0]?.body, 'revise body')) as { items: { note: string }[]; weightKg: number };
    expect(body.items[0]!.note).to.equal('早饭后 8 点');
    expect(body.weightKg).to.equal(70);
    await waitFor(() => text($(editor, '[part~="summary"] [part~="status"]')) === '待药师审核', 'resubmitted');
    expect(text($(editor, '[part~="summary"]'))).to.contain('第 2 版');
  });

  it('shows the pharmacist\'s decision as it happens, and leaves a draft being written alone', async () => {
    const editor = await mount();
    await addDrug(editor, '氨氯');
    await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'submit enabled');
    submit(editor).click();
    await waitFor(() => text($(editor, '[part~="summary"]')).includes('处方已签名提交'), 'signed');
    await waitFor(() => realtime.prescriptionListeners === 1, 'listening');

    // The pharmacist approves it.
    const rx = api.db.prescriptions[0]!;
    rx.status = 'approved';
    realtime.prescriptionChanged(rx.id);
    await waitFor(() => text($(editor, '[part~="summary"] [part~="status"]')) === '审核通过 · 待支付', 'approved, without a reload');
    expect(text($(editor, '[part~="summary"]'))).to.not.contain('等待药师审核');

    // Another one, being written while the first is returned: the draft stays as it is.
    $(editor, '[part~="new-button"]')!.click();
    await addDrug(editor, '辛伐');
    const reads = api.callsTo('GET', '/api/prescriptions').length;
    rx.status = 'returned';
    rx.review = { decision: 'returned', pharmacistName: '孙丽', reason: '请注明服药时间', at: new Date().toISOString() };
    realtime.prescriptionChanged(rx.id);
    await waitFor(() => api.callsTo('GET', '/api/prescriptions').length > reads, 'read again');
    await new Promise((r) => setTimeout(r, 100));
    expect(rows(editor).map((r) => text(r.querySelector('.drug-name')))).to.deep.equal(['辛伐他汀片 20 mg']);
    expect($(editor, '[part~="search-input"]')).to.exist;
  });

  describe('signing answered at once (Prefer: respond-async)', () => {
    /** The gateway's signature request: pending until the test says otherwise. */
    let state: 'pending' | 'signed' | 'refused' | 'expired';
    /** The request the gateway made: a refused one is asked anew, under a new id. */
    let id: string;
    const request = () => ({
      id, state, kind: 'prescription', prescriptionId: 'rx_9', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 95_000).toISOString(),
      ...(state === 'signed' ? { outcome: { status: 'pending_review' } } : state === 'pending' ? {} : { outcome: { code: state === 'refused' ? 'SIGNATURE_REFUSED' : 'SIGNATURE_TIMED_OUT' } }),
    });
    beforeEach(() => {
      state = 'pending';
      id = 'sig_1';
      api.use(
        http.post('/api/consults/con_1/prescriptions', () => HttpResponse.json(request(), { status: 202, headers: { location: `signature-requests/${id}` } })),
        http.get('/api/signature-requests/:id', ({ params }) => (params.id === id ? HttpResponse.json(request()) : problem(404, 'NOT_FOUND'))),
        http.get('/api/prescriptions/rx_9', () => HttpResponse.json(prescriptionOf({ id: 'rx_9' }))),
      );
    });

    it('asks with Prefer: respond-async, shows 请在手机上确认签名 with the time left, and the signed prescription once the gateway says so', async () => {
      const editor = await mount();
      await addDrug(editor, 'amlo');
      await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'checked');
      const submitted = oneEvent(editor, 'ih-prescription-submitted');
      submit(editor).click();
      await waitFor(() => $(editor, '[part~="sign-time-left"]'), 'waiting on the phone');
      expect(api.callsTo('POST', '/api/consults/con_1/prescriptions')[0]!.headers.get('Prefer')).to.equal('respond-async');
      expect(text($(editor, '[part~="sign-on-phone"]'))).to.match(/^请在手机上确认签名 剩余 (9[0-5]) 秒$/);
      expect(submit(editor).getAttribute('aria-disabled'), 'not signed twice').to.equal('true');
      expect(rows(editor), 'the draft stays while it waits').to.have.length(1);
      state = 'signed';
      realtime.signatureEnded('sig_1');
      expect((await submitted).detail).to.deep.equal({ prescriptionId: 'rx_9' });
      await waitFor(() => $(editor, '[part~="summary"]'), 'summary');
      expect($(editor, '[part~="sign-on-phone"]')).to.not.exist;
    });

    it('refused on the phone: says so in the reader\'s language, keeps the draft, and signs again', async () => {
      const editor = await mount('zh-TW');
      await addDrug(editor, 'amlo');
      await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'checked');
      submit(editor).click();
      await waitFor(() => $(editor, '[part~="sign-time-left"]'), 'waiting');
      expect(text($(editor, '[part~="sign-on-phone"]'))).to.contain('請在手機上確認簽章').and.contain('剩餘');
      state = 'refused';
      realtime.signatureEnded('sig_1');
      await waitFor(() => $(editor, '[part~="submit-error"]'), 'refused');
      expect(text($(editor, '[part~="submit-error"]'))).to.equal('簽章已在手機上遭拒絕，未送出。');
      expect(rows(editor)).to.have.length(1);
      expect(submit(editor).getAttribute('aria-disabled')).to.equal('false');
      state = 'pending';
      id = 'sig_2';
      submit(editor).click();
      await waitFor(() => $(editor, '[part~="sign-time-left"]'), 'asked again');
      expect(api.callsTo('POST', '/api/consults/con_1/prescriptions')).to.have.length(2);
    });

    it('reloaded mid-confirmation, then confirmed: follows it by asking, shows the signed prescription, and asks no more', async () => {
      const pendingSignature = { id: 'sig_1', state: 'pending', kind: 'prescription', expiresAt: new Date(Date.now() + 60_000).toISOString() };
      // As the gateway: the context names the request only while it waits.
      api.use(http.get('/api/consults/con_1/prescribing', () => HttpResponse.json({ patient: { age: 40, gender: 'male' }, allergies: [], rules: { ...DEFAULT_PRESCRIPTION_RULES, childDoseAge: CHILD_DOSE_AGE, guardianPresenceAge: GUARDIAN_PRESENCE_AGE }, ...(state === 'pending' ? { pendingSignature } : {}) })));
      const editor = await mount();
      const submitted = oneEvent(editor, 'ih-prescription-submitted');
      await waitFor(() => $(editor, '[part~="sign-time-left"]'), 'followed after the reload');
      await waitFor(() => api.callsTo('GET', '/api/signature-requests/sig_1').length >= 1, 'asked');
      state = 'signed';
      expect((await submitted).detail).to.deep.equal({ prescriptionId: 'rx_9' });
      await waitFor(() => $(editor, '[part~="summary"]'), 'summary');
      expect($(editor, '[part~="sign-on-phone"]')).to.not.exist;
      const asked = api.callsTo('GET', '/api/signature-requests/sig_1').length;
      expect(asked, 'asked with backoff, not hammered').to.be.within(1, 3);
      await new Promise((r) => setTimeout(r, 2500));
      expect(api.callsTo('GET', '/api/signature-requests/sig_1').length, 'not followed again once ended').to.equal(asked);
      expect(api.callsTo('GET', '/api/prescriptions/rx_9'), 'read once signed').to.have.length(1);
    });

    it('reloaded mid-confirmation: finds the pending signature and follows it without the live channel (asking with backoff), then says it timed out', async () => {
      api.use(http.get('/api/consults/con_1/prescribing', () => HttpResponse.json({ patient: { age: 40, gender: 'male' }, allergies: [], rules: { ...DEFAULT_PRESCRIPTION_RULES, childDoseAge: CHILD_DOSE_AGE, guardianPresenceAge: GUARDIAN_PRESENCE_AGE }, pendingSignature: { id: 'sig_1', state: 'pending', kind: 'prescription', expiresAt: new Date(Date.now() + 60_000).toISOString() } })));
      const editor = await mount('en');
      await waitFor(() => $(editor, '[part~="sign-on-phone"]'), 'followed after the reload');
      expect(text($(editor, '[part~="sign-on-phone"]'))).to.match(/^Confirm the signature on your phone \([56]\d s left\)$/);
      state = 'expired';
      await waitFor(() => $(editor, '[part~="submit-error"]'), 'timed out', 6000);
      expect(text($(editor, '[part~="submit-error"]'))).to.equal('The signature was not confirmed in time; nothing was submitted. Submit again and confirm on your phone.');
      expect(api.callsTo('GET', '/api/signature-requests/sig_1').length, 'asked, not hammered').to.be.within(1, 4);
    });
  });

  it('shows an error state with retry when the consult\'s prescriptions cannot be loaded', async () => {
    let fail = true;
    api.use(http.get('/api/prescriptions', () => (fail ? problem(503, 'HIS_UNAVAILABLE') : undefined)));
    const editor = await mount();
    await waitFor(() => $(editor, '[part~="error"]'), 'error');
    expect(text($(editor, '[part~="error"]'))).to.contain('医院系统暂时无法连接');
    fail = false;
    $(editor, '[part~="retry-button"]')!.click();
    await waitFor(() => $(editor, '[part~="search-input"]'), 'editor');
  });
});

for (const theme of THEMES) {
  describe(`<ih-prescription-editor> accessibility, ${theme} theme`, () => {
    it('has no axe violations without a consult, while loading, signed out and on a load error', async () => {
      const none = await mount('zh-CN', theme, { consultId: null });
      await waitFor(() => text($(none, '[part~="base"]')).includes('问诊'), 'no consult');
      await expectAccessible(none, `${theme} · no consult open`);
      // No empty state: without a prescription the editor shows itself.
      await expectAccessibleLoadStates({ api, theme, path: '/api/prescriptions', mount: (token) => mount('zh-CN', theme, { token }) });
    });

    it('has no axe violations while searching, with findings, invalid fields, options, a refused signing and the signed summary', async () => {
      const editor = await mount('zh-CN', theme);
      await waitFor(() => text($(editor, '[part~="allergies"]')).includes('青霉素'), 'allergies');
      await expectAccessible(editor, `${theme} · empty editor with allergies`);
      const input = $<HTMLInputElement>(editor, '[part~="search-input"]')!;
      input.focus();
      await sendKeys({ type: '片' });
      await waitFor(() => $$(editor, '[part~="search-option"]').length === 4, 'results');
      await sendKeys({ press: 'ArrowDown' });
      await expectAccessible(editor, `${theme} · search results open`);
      await setValue(input, 'zzz');
      await waitFor(() => text($(editor, '[part~="search"]')).includes('没有找到'), 'no results');
      await expectAccessible(editor, `${theme} · no search results`);
      await setValue(input, '');

      await addDrug(editor, '氨氯');
      await addDrug(editor, '阿莫');
      await addDrug(editor, '地西');
      await waitFor(() => rows(editor)[1]!.querySelector('[part~="finding-error"]'), 'allergy finding');
      await expectAccessible(editor, `${theme} · an error finding on an item, a controlled drug, signing blocked`);
      const dose = rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="dose-input"]')!;
      await setValue(dose, '');
      const days = rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="days-input"]')!;
      await setValue(days, '0');
      await waitFor(() => rows(editor)[0]!.querySelectorAll('[part~="field-error"]').length === 2, 'field errors');
      await expectAccessible(editor, `${theme} · invalid dose and days`);
      await setValue(dose, '5');
      await setValue(days, '7');
      rows(editor)[2]!.querySelector<HTMLElement>('[part~="item-remove-button"]')!.click();
      rows(editor)[1]!.querySelector<HTMLElement>('[part~="item-remove-button"]')!.click();
      await waitFor(() => rows(editor).length === 1, 'one left');
      $<HTMLInputElement>(editor, '[part~="options"] input[type="checkbox"]:nth-of-type(1)')!.click();
      editor.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="options"] input[type="checkbox"]')[1]!.click();
      await waitFor(() => $(editor, '#long-reason'), 'long supply reason');
      await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false' || $(editor, '[part~="finding"]'), 'checked');
      await expectAccessible(editor, `${theme} · urgent and chronic, with the reason field and the priced table`);
      editor.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="options"] input[type="checkbox"]')[1]!.click();
      editor.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="options"] input[type="checkbox"]')[0]!.click();

      api.use(
        http.post('/api/consults/con_1/prescriptions', () =>
          HttpResponse.json(
            { type: 'about:blank', title: 'x', status: 422, code: 'PRESCRIPTION_CHECK_FAILED', findings: [{ code: 'OUT_OF_STOCK', level: 'warning', items: [0], limit: 0 }, { code: 'TOO_MANY_DRUGS', level: 'error', limit: 5 }] },
            { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
          ),
        ),
      );
      await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'ready to sign');
      submit(editor).click();
      await waitFor(() => $(editor, '[part~="submit-error"]'), 'refused');
      await expectAccessible(editor, `${theme} · signing refused with findings`);

      api.reset();
      api.role = 'doctor';
      api.db.consults.push(consultOf({ status: 'in_progress' }));
      await setValue(rows(editor)[0]!.querySelector<HTMLInputElement>('[part~="note-input"]')!, '早饭后');
      await waitFor(() => submit(editor).getAttribute('aria-disabled') === 'false', 'ready again');
      submit(editor).click();
      await waitFor(() => $(editor, '[part~="signature"]'), 'signed');
      await expectAccessible(editor, `${theme} · signed summary`);
    });

    it('has no axe violations for a child (weight, guardian), a returned prescription and its revision', async () => {
      api.db.consults = [consultOf({ status: 'in_progress', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 5 } })];
      const child = await mount('en', theme);
      const weight = await waitFor(() => $<HTMLInputElement>(child, '[part~="weight-input"]'), 'weight');
      await setValue(weight, '-3');
      await waitFor(() => $(child, '#weight-error'), 'weight invalid');
      await expectAccessible(child, `${theme} · a child: weight invalid, guardian`);

      api.reset();
      api.role = 'doctor';
      api.db.consults.push(consultOf({ status: 'in_progress' }));
      api.db.prescriptions.push(prescriptionOf({ status: 'returned', review: { decision: 'returned', pharmacistName: '孙丽', reason: '请注明服药时间', at: new Date().toISOString() } }));
      const editor = await mount('zh-CN', theme);
      await waitFor(() => $(editor, '[part~="returned"]'), 'returned');
      await expectAccessible(editor, `${theme} · returned by the pharmacist`);
      $(editor, '[part~="revise-button"]')!.click();
      await waitFor(() => rows(editor).length === 1, 'revising');
      await expectAccessible(editor, `${theme} · revising`);
    });
  });
}
