import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, prescriptionOf, waitFor, deepActive } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './prescriptions.js';
import type { IhPrescriptions } from './prescriptions.component.js';
import { validateAddress } from './prescriptions.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { FakeRealtime } from '../../test/fake-realtime.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

/** The page's live connection in the test: what the gateway would push, pushed by the test. */
let realtime: FakeRealtime;

async function mount(opts: { locale?: string; prescriptionId?: string; theme?: Theme; token?: string } = {}) {
  realtime = new FakeRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${opts.locale ?? 'zh-CN'} token=${opts.token ?? TOKEN} theme=${opts.theme ?? 'light'} .realtimeFactory=${() => realtime}>
    <ih-prescriptions hospital-name="城东人民医院"></ih-prescriptions>
  </ih-provider>`);
  const el = provider.querySelector('ih-prescriptions')!;
  if (opts.prescriptionId) el.prescriptionId = opts.prescriptionId;
  await el.updateComplete;
  return el;
}

const $ = <E extends HTMLElement = HTMLElement>(el: IhPrescriptions, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = (el: IhPrescriptions, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const ago = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

async function type(input: HTMLElement, value: string) {
  input.focus();
  await sendKeys({ type: value });
}

describe('<ih-prescriptions>', () => {
  it('lists prescriptions newest first with their status, and shows one with its drugs, total, validity and doctor', async () => {
    api.db.prescriptions.push(
      prescriptionOf({ id: 'rx_old', status: 'completed', issuedAt: ago(72), diagnosis: { code: 'J20', name: '急性支气管炎' } }),
      prescriptionOf({ id: 'rx_new', status: 'approved', issuedAt: ago(1) }),
      prescriptionOf({ id: 'rx_exp', status: 'expired', issuedAt: ago(24) }),
    );
    const el = await mount();
    await waitFor(() => $$(el, '[part~="list-item"]').length === 3, 'list');
    const items = $$(el, '[part~="list-item"]');
    expect(items.map((i) => text(i.querySelector('[part~="status"]')))).to.deep.equal(['审核通过 · 待支付', '已过期', '已完成']);
    expect(text(items[0]!)).to.contain('原发性高血压').and.contain('李敏').and.contain('¥28.50').and.contain('氨氯地平片');

    items[1]!.click();
    await waitFor(() => $(el, '[part~="notice"]'), 'expired one');
    expect(text($(el, '[part~="notice"]'))).to.contain('该处方已过期，不能再支付');
    expect($(el, '[part~="pay-button"]')).to.not.exist;
    expect($(el, '[part~="cancel-button"]')).to.not.exist;

    $(el, '[part~="back-button"]')!.click();
    (await waitFor(() => $$(el, '[part~="list-item"]')[0], 'list again')).click();
    await waitFor(() => $(el, '[part~="fulfilment"]'), 'approved one');
    expect(deepActive()).to.equal($(el, '[part~="heading"]'));
    expect(text($(el, '[part~="items"]'))).to.contain('氨氯地平片').and.contain('每次 5 mg，每日一次，共 7 天');
    expect(text($(el, '[part~="total"]'))).to.equal('¥28.50');
    expect(text($(el, '[part~="facts"]'))).to.contain('李敏').and.contain('有效期至');
    expect(text($(el, '[part~="valid-until"]'))).to.match(/\d{4}年\d{1,2}月\d{1,2}日/);
  });

  it('pays with the method the patient chooses among the hospital’s, and lets them change it', async () => {
    api.db.paymentMethods = [{ provider: 'wechat', channel: 'h5' }, { provider: 'alipay', channel: 'wap' }];
    api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
    const el = await mount({ prescriptionId: 'rx_1', locale: 'en' });
    await waitFor(() => $(el, '[part~="payment-methods"]'), 'the choice of methods');
    expect(text($(el, '[part~="payment-methods"] legend'))).to.equal('Pay with');
    expect($$(el, '[part~="payment-method"]').map(text)).to.deep.equal(['WeChat Pay', 'Alipay']);
    await expectAccessible(el, 'choice of payment methods');
    $<HTMLInputElement>(el, 'input[name="method"][value="pickup"]')!.click();
    await waitFor(() => $$(el, '[part~="pickup-point"]').length === 2, 'pickup points');
    $<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.click();
    $(el, '[part~="pay-button"]')!.click();
    const link = await waitFor(() => $<HTMLAnchorElement>(el, '[part~="checkout-link"]'), 'WeChat Pay’s page');
    expect(link.href).to.contain('wx.tenpay.com');
    expect(api.callsTo('POST', '/api/prescriptions/rx_1/payment')[0]!.body).to.deep.include({ provider: 'wechat', channel: 'h5' });

    $(el, '[part~="change-method-button"]')!.click();
    await waitFor(() => $(el, '[part~="payment-methods"]'), 'the choice again');
    expect($<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.checked, 'the pickup point is kept').to.equal(true);
    $$(el, '[part~="payment-method"] input')[1]!.click();
    $(el, '[part~="pay-button"]')!.click();
    await waitFor(() => api.callsTo('POST', '/api/prescriptions/rx_1/payment').length === 2, 'paid again');
    await waitFor(() => $<HTMLAnchorElement>(el, '[part~="checkout-link"]')?.href.includes('alipay'), 'Alipay’s cashier');
    expect(api.callsTo('POST', '/api/prescriptions/rx_1/payment')[1]!.body).to.deep.equal({ fulfilment: { method: 'pickup', pickupPointId: 'pp_1' }, provider: 'alipay', channel: 'wap' });
    expect(api.db.payments.map((p) => p.status)).to.deep.equal(['closed', 'pending']);
  });

  it('says when the hospital takes no payment online', async () => {
    api.db.paymentMethods = [];
    api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
    const el = await mount({ prescriptionId: 'rx_1', locale: 'zh-TW' });
    await waitFor(() => text($(el, '[part~="fulfilment"]')).includes('尚未開通線上付款'), 'no online payment');
  });

  it('validates the phone of a delivery, then pays with pickup in the sandbox and shows the tracking', async () => {
    api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
    const el = await mount({ prescriptionId: 'rx_1' });
    await waitFor(() => $(el, '[part~="pay-button"]'), 'pay');
    expect($(el, '[part~="back-button"]')).to.not.exist;
    await type($(el, '#address-recipient')!, '张伟');
    await type($(el, '#address-phone')!, '12345678901');
    await type($(el, '#address-region')!, '浙江省杭州市西湖区');
    await type($(el, '#address-detail')!, '文三路 1 号');
    $(el, '[part~="pay-button"]')!.click();
    await waitFor(() => $(el, '[part~="field-error"]'), 'phone error');
    expect($$(el, '[part~="field-error"]').map(text)).to.deep.equal(['请填写正确的手机号（以 1 开头的 11 位数字）。']);
    expect(deepActive()).to.equal($(el, '#address-phone'));
    expect($(el, '#address-phone')!.getAttribute('aria-invalid')).to.equal('true');
    expect(api.callsTo('POST', '/api/prescriptions/rx_1/payment')).to.have.length(0);

    // Pickup instead: a point must be chosen.
    $<HTMLInputElement>(el, 'input[name="method"][value="pickup"]')!.click();
    await waitFor(() => $$(el, '[part~="pickup-point"]').length === 2, 'pickup points');
    expect(text($$(el, '[part~="pickup-point"]')[0]!)).to.contain('城东人民医院门诊药房').and.contain('08:00–17:30');
    $(el, '[part~="pay-button"]')!.click();
    await waitFor(() => text($(el, '[part~="pickup-points"] [part~="field-error"]')) === '请选择取药点。', 'point required');
    $<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.click();
    await waitFor(() => !$(el, '[part~="field-error"]'), 'error gone');
    $(el, '[part~="pay-button"]')!.click();
    const confirm = await waitFor(() => $(el, '[part~="sandbox-pay-button"]'), 'sandbox checkout');
    expect(api.callsTo('POST', '/api/prescriptions/rx_1/payment')[0]!.body).to.deep.equal({ fulfilment: { method: 'pickup', pickupPointId: 'pp_1' }, provider: 'sandbox', channel: 'sandbox' });
    expect($(el, '[part~="payment-methods"]'), 'one method: no choice').to.not.exist;
    expect(text(confirm)).to.equal('确认支付 ¥28.50');
    const paid = oneEvent(el, 'ih-prescription-paid');
    confirm.click();
    expect((await paid).detail).to.deep.equal({ prescriptionId: 'rx_1' });
    expect(api.callsTo('POST', '/api/payments/pay_rx_1/sandbox-pay')).to.have.length(1);
    await waitFor(() => $(el, '[part~="tracking"]'), 'tracking');
    expect(text($(el, '[part~="status"]'))).to.equal('已支付 · 配药中');
    expect(text($(el, '[part~="message"]'))).to.equal('支付成功，药房正在配药。');
    expect($$(el, '[part~="step"]').map(text)).to.deep.equal(['药房配药', '待取药', '已取药']);
    expect($(el, '[part~="step-current"]')!.getAttribute('aria-current')).to.equal('step');
    expect(text($(el, '[part~="step-current"]'))).to.equal('药房配药');
    expect(text($(el, '[part~="tracking"]')!.parentElement)).to.contain('取药点：城东人民医院门诊药房');
  });

  it('names pickup points and their addresses in English where the pharmacy has them, else as it has them', async () => {
    api.db.prescriptions.push(prescriptionOf({ status: 'approved', review: { decision: 'approved', pharmacistName: '孙丽', at: ago(1) } }));
    const el = await mount({ locale: 'en', prescriptionId: 'rx_1' });
    (await waitFor(() => $<HTMLInputElement>(el, 'input[name="method"][value="pickup"]'), 'methods')).click();
    await waitFor(() => $$(el, '[part~="pickup-point"]').length === 2, 'pickup points');
    expect(text($$(el, '[part~="pickup-point"]')[0]!)).to.equal('Outpatient pharmacy Outpatient building, ground floor · Opening hours: 08:00–17:30');
    expect(text($$(el, '[part~="pickup-point"]')[1]!)).to.contain('人民路大药房').and.contain('人民路 88 号');
  });

  it('shows where a shipped delivery is, with its tracking number', async () => {
    api.db.prescriptions.push(
      prescriptionOf({ status: 'dispatched', fulfilment: { method: 'delivery', status: 'shipped', trackingNo: 'SF1234567890', addressMasked: '浙江省杭州市 文三***', updatedAt: ago(1) } }),
    );
    const el = await mount({ locale: 'en', prescriptionId: 'rx_1' });
    await waitFor(() => $(el, '[part~="tracking"]'), 'tracking');
    expect($$(el, '[part~="step"]').map(text)).to.deep.equal(['Being prepared', 'Shipped', 'Delivered']);
    expect($$(el, '[part~="step-done"]').map(text)).to.deep.equal(['Being prepared']);
    expect(text($(el, '[part~="step-current"]'))).to.equal('Shipped');
    expect(text($(el, '[part~="tracking-no"]'))).to.equal('Tracking number: SF1234567890');
    expect($(el, '[part~="cancel-button"]')).to.not.exist; // dispatched: too late
  });

  it('follows a prescription at the pharmacy while it is open, and stops once it is done', async () => {
    const rx = prescriptionOf({ status: 'paid', fulfilment: { method: 'pickup', status: 'preparing', updatedAt: ago(1) } });
    api.db.prescriptions.push(rx);
    const el = await mount({ prescriptionId: rx.id });
    el.trackSeconds = 0.05;
    await waitFor(() => text($(el, '[part~="step-current"]')) === '药房配药', 'preparing');
    rx.status = 'dispatched';
    rx.fulfilment = { ...rx.fulfilment!, status: 'ready_for_pickup' };
    await waitFor(() => text($(el, '[part~="step-current"]')) === '待取药', 'ready, without a reload');
    rx.status = 'completed';
    rx.fulfilment = { ...rx.fulfilment!, status: 'picked_up' };
    await waitFor(() => $$(el, '[part~="step-done"]').length === 3, 'picked up');
    await new Promise((r) => setTimeout(r, 150)); // a read already on its way may still land
    const reads = api.callsTo('GET', `/api/prescriptions/${rx.id}`).length;
    await new Promise((r) => setTimeout(r, 200));
    expect(api.callsTo('GET', `/api/prescriptions/${rx.id}`).length).to.equal(reads, 'no more polling once completed');
  });

  it('changes live when the pharmacist approves: the list without a reload, and an open prescription in place', async () => {
    const rx = prescriptionOf({ status: 'pending_review' });
    api.db.prescriptions.push(rx);
    const el = await mount();
    const item = await waitFor(() => $(el, '[data-prescription="rx_1"]'), 'list');
    expect(text(item.querySelector('[part~="status"]'))).to.equal('待药师审核');
    item.focus();
    await waitFor(() => realtime.prescriptionListeners === 1, 'listening');

    // The pharmacist approves: the gateway tells the page, which reads the list again in the background.
    rx.status = 'approved';
    realtime.prescriptionChanged('rx_1');
    await waitFor(() => text($(el, '[data-prescription="rx_1"] [part~="status"]')) === '审核通过 · 待支付', 'approved, without a reload');
    expect($(el, '[part~="loading"]'), 'no loading state in between').to.not.exist;
    expect(deepActive(), 'focus stays on the prescription').to.equal($(el, '[data-prescription="rx_1"]'));

    // A new one (the doctor signed another) comes in above it; focus stays with the one it was on.
    api.db.prescriptions.push(prescriptionOf({ id: 'rx_2', issuedAt: new Date().toISOString() }));
    realtime.prescriptionChanged('rx_2');
    await waitFor(() => $$(el, '[part~="list-item"]').length === 2, 'the new one');
    expect($$(el, '[part~="list-item"]').map((i) => i.dataset.prescription)).to.deep.equal(['rx_2', 'rx_1']);
    expect(deepActive()).to.equal($(el, '[data-prescription="rx_1"]'));

    // Open, an address half typed: a change of the prescription keeps both.
    $(el, '[data-prescription="rx_1"]')!.click();
    await waitFor(() => $(el, '#address-recipient'), 'the fulfilment form');
    await type($(el, '#address-recipient')!, '张伟');
    rx.review = { decision: 'approved', pharmacistName: '孙丽', at: new Date().toISOString() };
    realtime.prescriptionChanged('rx_1');
    await waitFor(() => text($(el, '[part~="facts"]')).includes('孙丽'), 'the open prescription read again');
    expect($<HTMLInputElement>(el, '#address-recipient')!.value).to.equal('张伟');
    expect(text($(el, '[part~="heading"]'))).to.contain('原发性高血压');

    // After a reconnect (no id) the open prescription is read again too.
    const reads = api.callsTo('GET', '/api/prescriptions/rx_1').length;
    rx.status = 'cancelled';
    realtime.reconnected();
    await waitFor(() => text($(el, '[part~="status"]')) === '已取消', 'read again after the reconnect');
    expect(api.callsTo('GET', '/api/prescriptions/rx_1').length).to.equal(reads + 1);
  });

  it('shows an unpaid prescription expired at the end of its last valid day, without a reload', async () => {
    api.db.prescriptions.push(prescriptionOf({ status: 'approved', validUntil: new Date(Date.now() + 1500).toISOString() }));
    const el = await mount();
    const status = () => text($(el, '[data-prescription="rx_1"] [part~="status"]'));
    await waitFor(() => status() === '审核通过 · 待支付', 'approved');
    // The gateway has not swept yet: it still says approved, but the day is over.
    await waitFor(() => status() === '已过期', 'expired at its end', 4000);
    $(el, '[data-prescription="rx_1"]')!.click();
    await waitFor(() => $(el, '[part~="notice"]'), 'open');
    expect(text($(el, '[part~="notice"]'))).to.contain('该处方已过期');
    expect($(el, '[part~="pay-button"]'), 'it cannot be paid').to.not.exist;
  });

  it('cancels a paid prescription after confirming', async () => {
    const payment = { id: 'pay_1', consultId: 'con_1', prescriptionId: 'rx_1', status: 'paid', amount: { amount: 2850, currency: 'CNY' }, provider: 'sandbox', paidAt: ago(1) } as const;
    api.db.prescriptions.push(prescriptionOf({ status: 'paid', payment, fulfilment: { method: 'pickup', status: 'preparing', updatedAt: ago(1) } }));
    const el = await mount({ prescriptionId: 'rx_1' });
    (await waitFor(() => $(el, '[part~="cancel-button"]'), 'cancel')).click();
    const no = await waitFor(() => $(el, '[part~="cancel-no-button"]'), 'confirm');
    await waitFor(() => deepActive() === no, 'focus on keep');
    expect(text($(el, '[part~="cancel-confirm"]'))).to.contain('确定取消该处方吗？').and.contain('已支付的费用将原路退回。');
    no.click();
    const kept = await waitFor(() => $(el, '[part~="cancel-button"]'), 'kept');
    await waitFor(() => deepActive() === kept, 'focus back on the cancel button');
    kept.click();
    (await waitFor(() => $(el, '[part~="cancel-yes-button"]'), 'confirm again')).click();
    await waitFor(() => text($(el, '[part~="status"]')) === '已取消', 'cancelled');
    expect(api.callsTo('POST', '/api/prescriptions/rx_1/cancel')).to.have.length(1);
    expect(text($(el, '[part~="notice"]'))).to.contain('该处方已取消').and.contain('已支付的费用将原路退回。');
    expect($(el, '[part~="cancel-button"]')).to.not.exist;
  });

  it('promises a refund only for a prescription that was paid, before and after cancelling', async () => {
    // Approved, with a payment started but never completed: nothing to refund.
    api.db.prescriptions.push(prescriptionOf({ status: 'approved', payment: { id: 'pay_1', consultId: 'con_1', prescriptionId: 'rx_1', status: 'pending', amount: { amount: 3250, currency: 'CNY' }, provider: 'sandbox' } }));
    const el = await mount({ prescriptionId: 'rx_1' });
    (await waitFor(() => $(el, '[part~="cancel-button"]'), 'cancel')).click();
    const question = text(await waitFor(() => $(el, '[part~="cancel-confirm"]'), 'confirm'));
    expect(question).to.contain('确定取消该处方吗？');
    expect(question).to.not.contain('退');
    $(el, '[part~="cancel-yes-button"]')!.click();
    await waitFor(() => text($(el, '[part~="status"]')) === '已取消', 'cancelled');
    expect(text($(el, '[part~="notice"]'))).to.equal('该处方已取消。');
  });

  it('shows the prescription number in the list and the details, never its id', async () => {
    api.db.prescriptions.push(prescriptionOf({ status: 'approved', review: { decision: 'approved', pharmacistName: '孙丽', at: ago(1) } }));
    const el = await mount();
    const row = await waitFor(() => $$(el, '[part~="list-item"]')[0], 'list');
    expect(text(row)).to.contain('处方号 20261124-0017').and.not.contain('rx_');
    row.click();
    await waitFor(() => $(el, '[part~="facts"]'), 'details');
    expect(text($(el, '[part~="facts"]'))).to.contain('处方号 20261124-0017');
    expect(el.shadowRoot!.textContent).to.not.contain('rx_');
  });

  it('prints the signed prescription in a print view: both signers, their certificates and the verification code', async () => {
    const reviewSignature = { algorithm: 'ECDSA-P256-SHA256', signedAt: ago(1), signer: '孙丽', value: 'MEQCIFJldmlldw==', valid: true, certificateSerial: '01f0e1d2c3b4', issuer: 'ihkit Local Signing CA' };
    api.db.prescriptions.push(prescriptionOf({ status: 'approved', review: { decision: 'approved', pharmacistName: '孙丽', pharmacistLicenceNumber: 'ZY33010120190158', at: ago(1), signature: reviewSignature } }));
    const el = await mount({ prescriptionId: 'rx_1' });
    const print = window.print;
    let printed = 0;
    window.print = () => void printed++;
    try {
      (await waitFor(() => $(el, '[part~="print-button"]'), 'print button')).click();
      const view = await waitFor(() => $(el, '[part~="print-view"]'), 'print view');
      await waitFor(() => printed === 1, 'printed');
      const t = text(view);
      expect(t).to.contain('城东人民医院').and.contain('电子处方笺').and.contain('张伟 · 男 · 40 岁');
      // Who prescribed and who reviewed, as the HIS records them and as signed: names and certificate numbers.
      expect(text(view.querySelector('[part~="prescriber"]'))).to.equal('李敏（执业证书编码 110330120260037）');
      expect(text(view.querySelector('[part~="reviewer"]'))).to.equal('孙丽（药师证书编号 ZY33010120190158）');
      expect(t).to.contain('氨氯地平片').and.contain('ECDSA-P256-SHA256').and.match(/签名指纹 [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}/);
      expect(t).to.contain('证书序列号 01A3F29C0D4E5B6A7C8D9E0F1A2B3C4D');
      expect(text(view.querySelector('[part~="review-signature"]'))).to.contain('签名药师 孙丽').and.contain('证书序列号 01F0E1D2C3B4').and.contain('有效');
      expect(text(view.querySelector('[part~="verification-code"]'))).to.equal('处方验证码 K7QM-4TXP-9WRD');
      // The number printed is one people can read out, not the internal id.
      expect(t).to.contain('处方号：20261124-0017').and.not.contain('rx_1');
      expect(deepActive()).to.equal(view);
      $(el, '[part~="print-close-button"]')!.click();
      await waitFor(() => !$(el, '[part~="print-view"]'), 'closed');
      await waitFor(() => deepActive() === $(el, '[part~="print-button"]'), 'focus back on the print button');
    } finally {
      window.print = print;
    }
  });

  it('shows the empty state', async () => {
    const el = await mount();
    await waitFor(() => $(el, '[part~="empty"]'), 'empty');
    expect(text($(el, '[part~="empty"]'))).to.contain('暂无处方');
  });
});

for (const theme of THEMES) {
  describe(`<ih-prescriptions> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on a load error and when empty', async () => {
      await expectAccessibleLoadStates({ api, theme, path: '/api/prescriptions', mount: (token) => mount({ theme, token }), empty: () => (api.db.prescriptions = []) });
    });

    it('has no axe violations in the list, an expired one, the address with errors, pickup, checkout, tracking and the print view', async () => {
      api.db.prescriptions.push(
        prescriptionOf({ id: 'rx_new', status: 'approved', issuedAt: ago(1), review: { decision: 'approved', pharmacistName: '孙丽', at: ago(1) } }),
        prescriptionOf({ id: 'rx_exp', status: 'expired', issuedAt: ago(24) }),
        prescriptionOf({ id: 'rx_wait', status: 'pending_review', issuedAt: ago(30) }),
      );
      const el = await mount({ theme });
      await waitFor(() => $$(el, '[part~="list-item"]').length === 3, 'list');
      await expectAccessible(el, `${theme} · list`);
      $$(el, '[part~="list-item"]').find((i) => i.dataset.prescription === 'rx_exp')!.click();
      await waitFor(() => $(el, '[part~="notice"]'), 'expired');
      await expectAccessible(el, `${theme} · expired`);
      $(el, '[part~="back-button"]')!.click();
      (await waitFor(() => $$(el, '[part~="list-item"]').find((i) => i.dataset.prescription === 'rx_new'), 'list again')).click();
      await waitFor(() => $(el, '[part~="fulfilment"]'), 'approved');
      await expectAccessible(el, `${theme} · approved: delivery address`);
      $(el, '[part~="pay-button"]')!.click();
      await waitFor(() => $$(el, '[part~="field-error"]').length === 4, 'address errors');
      await expectAccessible(el, `${theme} · address fields required`);
      $<HTMLInputElement>(el, 'input[name="method"][value="pickup"]')!.click();
      await waitFor(() => $$(el, '[part~="pickup-point"]').length === 2, 'pickup points');
      $(el, '[part~="pay-button"]')!.click();
      await waitFor(() => $(el, '[part~="pickup-points"] [part~="field-error"]'), 'point required');
      await expectAccessible(el, `${theme} · pickup point required`);
      $<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.click();
      $(el, '[part~="pay-button"]')!.click();
      await waitFor(() => $(el, '[part~="sandbox-pay-button"]'), 'checkout');
      await expectAccessible(el, `${theme} · sandbox checkout`);
      $(el, '[part~="sandbox-pay-button"]')!.click();
      await waitFor(() => $(el, '[part~="tracking"]') && text($(el, '[part~="message"]')).length, 'paid');
      await expectAccessible(el, `${theme} · paid: tracking and the message`);
      $(el, '[part~="cancel-button"]')!.click();
      await waitFor(() => $(el, '[part~="cancel-confirm"]'), 'cancel confirmation');
      await expectAccessible(el, `${theme} · cancel confirmation`);
      $(el, '[part~="cancel-no-button"]')!.click();

      const print = window.print;
      window.print = () => undefined;
      try {
        (await waitFor(() => $(el, '[part~="print-button"]'), 'print button')).click();
        await waitFor(() => $(el, '[part~="print-view"]'), 'print view');
        await expectAccessible(el, `${theme} · print view`);
      } finally {
        window.print = print;
      }
    });

    it('has no axe violations for a shipped delivery, one waiting for review and one cancelled', async () => {
      api.db.prescriptions.push(
        prescriptionOf({ id: 'rx_ship', status: 'dispatched', fulfilment: { method: 'delivery', status: 'shipped', trackingNo: 'SF1234567890', addressMasked: '浙江省杭州市 文三***', updatedAt: ago(1) } }),
        prescriptionOf({ id: 'rx_wait', status: 'pending_review' }),
        prescriptionOf({ id: 'rx_gone', status: 'cancelled' }),
      );
      for (const id of ['rx_ship', 'rx_wait', 'rx_gone']) {
        const el = await mount({ theme, locale: 'en', prescriptionId: id });
        await waitFor(() => $(el, '[part~="facts"]'), id);
        await expectAccessible(el, `${theme} · ${id}`);
      }
    });
  });
}

describe('validateAddress', () => {
  it('requires every field, a mainland mobile number and at least 2 characters of region and detail', () => {
    expect(validateAddress({ recipient: '', phone: '13800138000', region: '浙', detail: '文三路' })).to.deep.equal({ recipient: 'required', region: 'short' });
    expect(validateAddress({ recipient: '张', phone: '1380013800', region: '浙江', detail: '文三路' })).to.deep.equal({ phone: 'phone' });
    expect(validateAddress({ recipient: '张', phone: '19912345678', region: '浙江', detail: '文三路' })).to.deep.equal({});
  });
});
