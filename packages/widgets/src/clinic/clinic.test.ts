import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, consultOf, messageOf, problem, http, HttpResponse, waitFor, deepActive } from '../../test/mock-api.js';
import { useInput } from '../../test/input-kind.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, liveAnnouncements, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './clinic.js';
import type { IhClinic } from './clinic.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { mergeMessages } from '../consult/message-order.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

async function mount(opts: { consultId?: string; locale?: string; theme?: Theme; token?: string } = {}) {
  const realtime = new FakeRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${opts.locale ?? 'zh-CN'} token=${opts.token ?? TOKEN} theme=${opts.theme ?? 'light'} .realtimeFactory=${() => realtime}>
    <ih-clinic consult-id=${opts.consultId ?? ''}></ih-clinic>
  </ih-provider>`);
  const clinic = provider.querySelector('ih-clinic')!;
  if (!opts.consultId) clinic.removeAttribute('consult-id');
  await clinic.updateComplete;
  return { provider, clinic, realtime };
}

const $ = <E extends HTMLElement = HTMLElement>(el: IhClinic, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = (el: IhClinic, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const heading = (el: IhClinic) => text($(el, '[part~="heading"]'));
const options = (el: IhClinic) => waitFor(() => ($$(el, '[part~="option"]').length ? $$(el, '[part~="option"]') : undefined), 'options');
const messages = (el: IhClinic) => $$(el, '[part~="message"]:not([part~="message-event"]) [part~="message-text"]').map((m) => text(m));

async function toComplaint(clinic: IhClinic) {
  (await options(clinic))[0]!.click(); // 张伟
  await waitFor(() => heading(clinic) === '选择复诊的疾病', 'condition step');
  (await options(clinic))[0]!.click(); // 原发性高血压
  await waitFor(() => heading(clinic) === '选择医生', 'doctor step');
  const doctors = await options(clinic);
  return doctors;
}

async function type(input: HTMLElement, value: string) {
  input.focus();
  await sendKeys({ type: value });
}

describe('<ih-clinic>', () => {
  it('without an earlier diagnosis explains why and asks the host for an offline booking', async () => {
    const { clinic } = await mount();
    const patients = await options(clinic);
    expect(text(patients[1]!)).to.contain('张小宝').and.contain('未成年');
    patients[1]!.click();
    await waitFor(() => $(clinic, '[part~="empty"]'), 'empty state');
    expect(heading(clinic)).to.equal('选择复诊的疾病');
    expect(text($(clinic, '[part~="empty"]'))).to.contain('没有既往诊断记录').and.contain('首诊请先到院就诊');
    const event = oneEvent(clinic, 'ih-book-offline');
    $(clinic, '[part~="book-offline-button"]')!.click();
    expect((await event).detail).to.deep.equal({ patientId: 'pat_kid' });
  });

  it('asks, pays in the sandbox and chats: a sent message and one arriving live, each once', async () => {
    const { clinic, realtime } = await mount();
    const doctors = await toComplaint(clinic);
    // The doctor who made the diagnosis comes first.
    expect(text(doctors[0]!)).to.contain('李敏').and.contain('为您确诊的医生');
    expect(api.callsTo('GET', '/api/doctors')[0]!.query.get('departmentId')).to.equal('dep_cardio');
    doctors[0]!.click();
    await waitFor(() => heading(clinic) === '描述病情', 'complaint step');
    expect(deepActive()).to.equal($(clinic, '[part~="heading"]'));

    // The complaint is required.
    $(clinic, '[part~="submit-button"]')!.click();
    await waitFor(() => $(clinic, '[part~="field-error"]'), 'validation');
    expect(text($(clinic, '[part~="field-error"]'))).to.equal('请描述您的病情。');
    expect(api.callsTo('POST', '/api/consults')).to.have.length(0);
    const input = $(clinic, '[part~="complaint-input"]')!;
    expect(deepActive()).to.equal(input);
    await type(input, '最近血压偏高');

    const created = oneEvent(clinic, 'ih-consult-created');
    $(clinic, '[part~="submit-button"]')!.click();
    expect((await created).detail).to.deep.equal({ consultId: 'con_1' });
    expect(api.callsTo('POST', '/api/consults')[0]!.body).to.deep.include({ patientId: 'pat_self', doctorId: 'doc_li', encounterId: 'enc_1', conditionCode: 'I10' });
    await waitFor(() => heading(clinic) === '支付问诊费', 'pay step');
    expect(text($(clinic, '[part~="status"]'))).to.equal('待支付');

    (await waitFor(() => $(clinic, '[part~="pay-button"]'), 'the pay button, once the chunk of paying is in')).click();
    const payButton = await waitFor(() => $(clinic, '[part~="sandbox-pay-button"]'), 'sandbox checkout');
    expect(text($(clinic, '[part~="sandbox-checkout"]'))).to.contain('测试支付').and.contain('¥20.00');
    const paid = oneEvent(clinic, 'ih-consult-paid');
    payButton.click();
    expect((await paid).detail).to.deep.equal({ consultId: 'con_1' });
    await waitFor(() => text($(clinic, '[part~="status"]')) === '等待医生接诊', 'paid');
    expect(text($(clinic, '[part~="waiting"]'))).to.contain('前接诊');
    expect($(clinic, '[part~="cancel-button"]')).to.exist;
    expect(text($(clinic, '[part~="chat-note"]'))).to.equal('医生接诊后即可发送消息。');

    // The doctor accepts: the gateway says the consult changed.
    await waitFor(() => realtime.subscriptions.length, 'subscribed');
    api.db.consults[0]!.status = 'accepted';
    realtime.changed('con_1');
    const composer = await waitFor(() => $(clinic, '[part~="message-input"]'), 'composer');
    expect($(clinic, '[part~="cancel-button"]')).to.not.exist;

    await type(composer, '您好医生');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => messages(clinic).includes('您好医生'), 'sent message');
    expect(api.callsTo('POST', '/api/consults/con_1/messages')[0]!.body).to.deep.equal({ text: '您好医生' });
    expect((composer as HTMLTextAreaElement).value).to.equal('');
    const mine = api.db.messages['con_1']!.at(-1)!;

    // The same message comes back over the socket: still shown once.
    realtime.message(mine);
    const doctorSays = messageOf('con_1', mine.seq + 1, { text: '请继续按时服药' });
    realtime.message(doctorSays);
    await waitFor(() => messages(clinic).includes('请继续按时服药'), 'live message');
    expect(messages(clinic)).to.deep.equal(['您好医生', '请继续按时服药']);
    expect(text($(clinic, '[aria-live="polite"]'))).to.equal('医生：请继续按时服药');

    // The doctor has read up to the patient's message.
    realtime.read('con_1', 'doctor', mine.seq);
    await waitFor(() => $(clinic, '[part~="read-mark"]'), 'read mark');
    expect(text($(clinic, '[part~="read-mark"]'))).to.equal('已读');
  });

  it('shows FIRST_VISIT_NOT_ALLOWED in the user\'s language with the offline booking', async () => {
    api.use(http.post('/api/consults', () => problem(422, 'FIRST_VISIT_NOT_ALLOWED')));
    const { clinic } = await mount({ locale: 'en' });
    (await options(clinic))[0]!.click();
    await waitFor(() => heading(clinic) === 'Which condition is it about?', 'condition step');
    (await options(clinic))[0]!.click();
    await waitFor(() => heading(clinic) === 'Choose a doctor', 'doctor step');
    (await options(clinic))[0]!.click();
    await waitFor(() => $(clinic, '[part~="complaint-input"]'), 'complaint');
    await type($(clinic, '[part~="complaint-input"]')!, 'worse');
    $(clinic, '[part~="submit-button"]')!.click();
    await waitFor(() => $(clinic, '[part~="empty"]'), 'refusal');
    expect(text($(clinic, '[part~="empty"]'))).to.contain('No earlier diagnosis').and.contain('only for a condition diagnosed in an earlier visit');
    const event = oneEvent(clinic, 'ih-book-offline');
    $(clinic, '[part~="book-offline-button"]')!.click();
    expect((await event).detail).to.deep.equal({ patientId: 'pat_self' });
  });

  it('tells the patient when the chosen doctor does not take online consults, so they choose another', async () => {
    api.use(http.post('/api/consults', () => problem(403, 'PRACTITIONER_NOT_PERMITTED')));
    const { clinic } = await mount();
    (await toComplaint(clinic))[0]!.click();
    await waitFor(() => $(clinic, '[part~="complaint-input"]'), 'complaint');
    await type($(clinic, '[part~="complaint-input"]')!, '血压偏高');
    $(clinic, '[part~="submit-button"]')!.click();
    const error = await waitFor(() => $(clinic, '[part~="submit-error"]'), 'refusal');
    expect(text(error)).to.equal('该医生暂未开通在线复诊，请选择其他医生，或预约线下就诊。');
  });

  it('opens a consult by id, shows its history once per seq, typing, reconnecting and a failed send kept for retry', async () => {
    api.db.consults.push(consultOf({ status: 'in_progress', lastSeq: 2 }));
    api.db.messages['con_1'] = [messageOf('con_1', 1, { sender: 'patient', text: '医生好' }), messageOf('con_1', 2, { text: '您好' })];
    const { clinic, realtime } = await mount({ consultId: 'con_1' });
    await waitFor(() => messages(clinic).length === 2, 'history');
    expect(api.callsTo('GET', '/api/consults/con_1/messages')[0]!.query.get('after')).to.equal('0');
    expect(realtime.subscriptions[0]).to.deep.include({ consultId: 'con_1', after: 2 });
    // Read up to the newest message.
    const read = await waitFor(() => api.callsTo('POST', '/api/consults/con_1/read')[0]?.body, 'read');
    expect(read).to.deep.equal({ seq: 2 });

    const third = messageOf('con_1', 3, { text: '血压多少？' });
    api.db.messages['con_1'].push(third);
    realtime.message(messageOf('con_1', 2, { text: '您好' }));
    realtime.message(third);
    realtime.message(third);
    await waitFor(() => messages(clinic).length === 3, 'live');
    expect(messages(clinic)).to.deep.equal(['医生好', '您好', '血压多少？']);

    realtime.typingFrom('con_1', 'doctor');
    await waitFor(() => $(clinic, '[part~="typing"]'), 'typing');
    expect(text($(clinic, '[part~="typing"]'))).to.equal('医生正在输入…');

    realtime.setState('open');
    realtime.setState('connecting');
    await waitFor(() => $(clinic, '[part~="connection"]'), 'reconnecting');
    expect(text($(clinic, '[part~="connection"]'))).to.equal('连接已断开，正在重新连接…');
    realtime.setState('open');
    await waitFor(() => !$(clinic, '[part~="connection"]'), 'reconnected');

    // Typing is told at most every 3 s.
    const input = $(clinic, '[part~="message-input"]')!;
    await type(input, '130');
    expect(realtime.typings).to.deep.equal(['con_1']);

    let fail = true;
    api.use(http.post('/api/consults/con_1/messages', () => (fail ? problem(409, 'INVALID_STATE') : undefined)));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(clinic, '[part~="send-error"]'), 'send error');
    expect(text($(clinic, '[part~="send-error"]'))).to.contain('消息未发送').and.contain('问诊状态已变化');
    expect((input as HTMLTextAreaElement).value).to.equal('130');
    fail = false;
    $(clinic, '[part~="send-error"] [part~="retry-button"]')!.click();
    await waitFor(() => messages(clinic).includes('130'), 'sent after retry');
    const posts = api.callsTo('POST', '/api/consults/con_1/messages');
    expect(posts).to.have.length(2);
    expect(posts[1]!.headers.get('Idempotency-Key')).to.equal(posts[0]!.headers.get('Idempotency-Key'));
    expect($(clinic, '[part~="send-error"]')).to.not.exist;
  });

  it('refuses other file types before uploading, and shows sent images loaded with the token', async () => {
    api.db.consults.push(consultOf({ status: 'in_progress' }));
    const { clinic } = await mount({ consultId: 'con_1' });
    const file = await waitFor(() => $<HTMLInputElement>(clinic, 'input[type="file"]'), 'file input');
    const choose = (f: File) => {
      const dt = new DataTransfer();
      dt.items.add(f);
      file.files = dt.files;
      file.dispatchEvent(new Event('change'));
    };
    choose(new File(['%PDF'], 'a.pdf', { type: 'application/pdf' }));
    await waitFor(() => $(clinic, '[part~="image-error"]'), 'type error');
    expect(text($(clinic, '[part~="image-error"]'))).to.equal('只能发送 PNG、JPEG 或 WebP 格式的图片。');
    choose(new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' }));
    await waitFor(() => text($(clinic, '[part~="image-error"]')) === '图片不能超过 5 MB。', 'size error');
    expect(api.callsTo('POST', '/api/consults/con_1/attachments')).to.have.length(0);

    choose(new File([new Uint8Array([137, 80, 78, 71])], 'ok.png', { type: 'image/png' }));
    const img = await waitFor(() => $<HTMLImageElement>(clinic, 'img[part~="message-image"]'), 'image');
    expect(img.src).to.match(/^blob:/);
    expect(img.alt).to.equal('图片');
    expect(api.callsTo('GET', '/api/consults/con_1/attachments/att_1')[0]!.headers.get('Authorization')).to.equal(`Bearer ${TOKEN}`);
  });

  it('shows the record of a completed consult, and a referral with the offline booking', async () => {
    api.db.consults.push(
      consultOf({ status: 'completed', record: { complaint: '头晕', diagnosis: '高血压 2 级', advice: '低盐饮食', writtenAt: new Date().toISOString() } }),
      consultOf({ id: 'con_2', status: 'referred', referralReason: '需要复查心电图', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 8 }, guardian: { name: '张伟', relation: 'parent' } }),
    );
    const { clinic } = await mount();
    await waitFor(() => $(clinic, '[part~="consults"]'), 'list of consults');
    const items = $$(clinic, '[part~="consults"] [part~="option"]');
    expect(items.map((i) => text(i.querySelector('[part~="status"]')))).to.deep.equal(['已完成', '需线下就诊']);
    items[0]!.click();
    await waitFor(() => $(clinic, '[part~="record"]'), 'record');
    expect(text($(clinic, '[part~="record"]'))).to.contain('高血压 2 级').and.contain('低盐饮食');
    expect(text($(clinic, '[part~="chat-note"]'))).to.equal('问诊已结束，不能再发送消息。');

    $(clinic, '[part~="back-button"]')!.click();
    (await waitFor(() => $$(clinic, '[part~="consults"] [part~="option"]')[1], 'list again')).click();
    await waitFor(() => $(clinic, '[part~="referral"]'), 'referral');
    expect(text($(clinic, '[part~="referral"]'))).to.contain('需要复查心电图');
    expect(text($(clinic, '[part~="guardian"]'))).to.equal('监护人张伟（父母）代为问诊');
    const event = oneEvent(clinic, 'ih-book-offline');
    $(clinic, '[part~="referral"] [part~="book-offline-button"]')!.click();
    expect((await event).detail).to.deep.equal({ patientId: 'pat_kid' });
  });
});

for (const theme of THEMES) {
  describe(`<ih-clinic> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on a load error and without patients', async () => {
      await expectAccessibleLoadStates({ api, theme, path: '/api/patients', mount: async (token) => (await mount({ theme, token })).clinic, empty: () => (api.db.patients = []) });
    });

    it('has no axe violations through asking, validation, paying, waiting and cancelling', async () => {
      api.db.consults.push(consultOf({ id: 'con_old', status: 'completed' }));
      const { clinic } = await mount({ theme });
      await waitFor(() => $(clinic, '[part~="consults"]'), 'earlier consults');
      await expectAccessible(clinic, `${theme} · patient step with earlier consults`);
      $$(clinic, '[part~="option"]')[1]!.click(); // 张小宝: no earlier diagnosis
      await waitFor(() => $(clinic, '[part~="book-offline-button"]'), 'no diagnosis');
      await expectAccessible(clinic, `${theme} · no earlier diagnosis`);
      $(clinic, '[part~="back-button"]')!.click();
      await waitFor(() => heading(clinic) === '为谁问诊？', 'patient step');
      (await options(clinic))[0]!.click();
      await waitFor(() => heading(clinic) === '选择复诊的疾病', 'condition step');
      await options(clinic);
      await expectAccessible(clinic, `${theme} · condition step`);
      (await options(clinic))[0]!.click();
      await waitFor(() => heading(clinic) === '选择医生', 'doctor step');
      await options(clinic);
      await expectAccessible(clinic, `${theme} · doctor step`);
      (await options(clinic))[0]!.click();
      await waitFor(() => $(clinic, '[part~="complaint-input"]'), 'complaint step');
      await expectAccessible(clinic, `${theme} · complaint step`);
      $(clinic, '[part~="submit-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="field-error"]'), 'validation');
      await expectAccessible(clinic, `${theme} · complaint required`);

      api.use(http.post('/api/consults', () => problem(503, 'HIS_UNAVAILABLE')), http.post('/api/consults', () => undefined));
      await type($(clinic, '[part~="complaint-input"]')!, '最近血压偏高');
      $(clinic, '[part~="submit-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="submit-error"]'), 'submit error', 8000);
      await expectAccessible(clinic, `${theme} · asking failed`);
      api.reset();
      $(clinic, '[part~="submit-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="pay-button"]'), 'pay step');
      await expectAccessible(clinic, `${theme} · pay step`);
      $(clinic, '[part~="pay-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="sandbox-pay-button"]'), 'sandbox checkout');
      await expectAccessible(clinic, `${theme} · sandbox checkout`);
      $(clinic, '[part~="sandbox-pay-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="waiting"]'), 'waiting for the doctor');
      await waitFor(() => $(clinic, '[part~="chat-note"]'), 'conversation');
      await expectAccessible(clinic, `${theme} · paid, waiting for the doctor`);
      $(clinic, '[part~="cancel-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="cancel-confirm"]'), 'cancel confirmation');
      await expectAccessible(clinic, `${theme} · cancel confirmation`);
      $(clinic, '[part~="cancel-yes-button"]')!.click();
      await waitFor(() => text($(clinic, '[part~="status"]')) === '已退款', 'refunded');
      await expectAccessible(clinic, `${theme} · cancelled and refunded`);
    });

    it('has no axe violations in a conversation: messages, images, typing, reconnecting, errors; a completed and a referred consult', async () => {
      api.db.consults.push(
        consultOf({ status: 'in_progress', lastSeq: 3 }),
        consultOf({ id: 'con_2', status: 'completed', record: { complaint: '头晕', diagnosis: '高血压 2 级', advice: '低盐饮食', writtenAt: new Date().toISOString() } }),
        consultOf({ id: 'con_3', status: 'referred', referralReason: '需要复查心电图', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 8 }, guardian: { name: '张伟', relation: 'parent' } }),
      );
      api.db.messages['con_1'] = [
        messageOf('con_1', 1, { sender: 'patient', text: '医生好' }),
        messageOf('con_1', 2, { text: '您好' }),
        messageOf('con_1', 3, { sender: 'patient', kind: 'image', text: undefined, attachment: { id: 'att_1', contentType: 'image/png', size: 68 } }),
      ];
      const { clinic, realtime } = await mount({ theme, consultId: 'con_1' });
      await waitFor(() => $(clinic, 'img[part~="message-image"]'), 'history with an image');
      realtime.read('con_1', 'doctor', 3);
      realtime.typingFrom('con_1', 'doctor');
      await waitFor(() => $(clinic, '[part~="typing"]') && $(clinic, '[part~="read-mark"]'), 'typing and read');
      await expectAccessible(clinic, `${theme} · conversation with text, an image, read mark and typing`);
      realtime.setState('connecting');
      await waitFor(() => $(clinic, '[part~="connection"]'), 'reconnecting');
      await expectAccessible(clinic, `${theme} · reconnecting`);
      realtime.setState('open');

      api.use(http.post('/api/consults/con_1/messages', () => problem(409, 'INVALID_STATE')));
      await type($(clinic, '[part~="message-input"]')!, '130');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => $(clinic, '[part~="send-error"]'), 'send error');
      const file = $<HTMLInputElement>(clinic, 'input[type="file"]')!;
      const dt = new DataTransfer();
      dt.items.add(new File(['%PDF'], 'a.pdf', { type: 'application/pdf' }));
      file.files = dt.files;
      file.dispatchEvent(new Event('change'));
      await waitFor(() => $(clinic, '[part~="image-error"]'), 'image error');
      await expectAccessible(clinic, `${theme} · image refused`);
      await type($(clinic, '[part~="message-input"]')!, '/120');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => $(clinic, '[part~="send-error"]'), 'send error');
      await expectAccessible(clinic, `${theme} · send failed, kept for retry`);

      clinic.open('con_2');
      await waitFor(() => $(clinic, '[part~="record"]'), 'record');
      await waitFor(() => $(clinic, '[part~="chat-note"]'), 'closed conversation');
      await expectAccessible(clinic, `${theme} · completed with the record`);
      clinic.open('con_3');
      await waitFor(() => $(clinic, '[part~="referral"]'), 'referral');
      await expectAccessible(clinic, `${theme} · referred`);
    });
  });
}

describe('<ih-clinic> choosing how to pay', () => {
  const methods = [
    { provider: 'wechat', channel: 'h5' },
    { provider: 'alipay', channel: 'wap' },
    { provider: 'sandbox', channel: 'sandbox' },
  ] as const;
  const labels = (el: IhClinic) => $$(el, '[part~="payment-method"]').map((l) => text(l));
  const checked = (el: IhClinic) => $$(el, '[part~="payment-method"] input').findIndex((i) => (i as HTMLInputElement).checked);
  const unpaid = () => api.db.consults.push(consultOf({ status: 'requested', paidAt: undefined, acceptBy: undefined }));

  it('offers the methods the hospital takes, pays with the chosen one, and lets the patient change it', async () => {
    api.db.paymentMethods = [...methods];
    unpaid();
    const { clinic } = await mount({ consultId: 'con_1' });
    await waitFor(() => $(clinic, '[part~="payment-methods"]'), 'the choice of methods');
    expect(text($(clinic, '[part~="payment-methods"] legend'))).to.equal('支付方式');
    expect(labels(clinic)).to.deep.equal(['微信支付', '支付宝', '测试支付（沙箱）']);
    expect(checked(clinic), 'the hospital’s first method is chosen').to.equal(0);
    await expectAccessible(clinic, 'choice of payment methods');

    $$(clinic, '[part~="payment-method"] input')[1]!.click(); // 支付宝
    $(clinic, '[part~="pay-button"]')!.click();
    const link = await waitFor(() => $<HTMLAnchorElement>(clinic, '[part~="checkout-link"]'), 'Alipay’s cashier');
    expect(link.href).to.contain('openapi.alipay.com');
    expect(api.callsTo('POST', '/api/consults/con_1/payment')[0]!.body).to.deep.equal({ provider: 'alipay', channel: 'wap' });
    expect($(clinic, '[part~="payment-methods"]'), 'no choice while an order is open').to.not.exist;

    // Another way: back to the choice, with the one used before still chosen.
    $(clinic, '[part~="change-method-button"]')!.click();
    await waitFor(() => $(clinic, '[part~="payment-methods"]'), 'the choice again');
    expect(checked(clinic)).to.equal(1);
    expect(deepActive()).to.equal($$(clinic, '[part~="payment-method"] input')[1]);
    $$(clinic, '[part~="payment-method"] input')[2]!.click(); // the sandbox
    $(clinic, '[part~="pay-button"]')!.click();
    const sandboxPay = await waitFor(() => $(clinic, '[part~="sandbox-pay-button"]'), 'sandbox checkout');
    expect(api.callsTo('POST', '/api/consults/con_1/payment')[1]!.body).to.deep.equal({ provider: 'sandbox', channel: 'sandbox' });
    expect(api.db.payments.map((p) => p.status), 'the Alipay order closed').to.deep.equal(['closed', 'pending']);
    sandboxPay.click();
    await waitFor(() => text($(clinic, '[part~="status"]')) === '等待医生接诊', 'paid');
  });

  for (const [locale, legend, names] of [
    ['zh-TW', '付款方式', ['微信支付', '支付寶', '測試付款（沙盒）']],
    ['en', 'Pay with', ['WeChat Pay', 'Alipay', 'Test payment (sandbox)']],
  ] as const) {
    it(`names the methods in ${locale}`, async () => {
      api.db.paymentMethods = [...methods];
      unpaid();
      const { clinic } = await mount({ consultId: 'con_1', locale });
      await waitFor(() => $(clinic, '[part~="payment-methods"]'), 'the choice of methods');
      expect(text($(clinic, '[part~="payment-methods"] legend'))).to.equal(legend);
      expect(labels(clinic)).to.deep.equal([...names]);
    });
  }

  it('offers no choice when the hospital takes one way, and says so when it takes none', async () => {
    unpaid();
    const { clinic } = await mount({ consultId: 'con_1' });
    await waitFor(() => $(clinic, '[part~="pay-button"]'), 'pay button');
    await waitFor(() => api.callsTo('GET', '/api/payment-methods').length, 'methods asked for');
    await clinic.updateComplete;
    expect($(clinic, '[part~="payment-methods"]')).to.not.exist;
    $(clinic, '[part~="pay-button"]')!.click();
    await waitFor(() => $(clinic, '[part~="sandbox-pay-button"]'), 'sandbox checkout');
    expect($(clinic, '[part~="change-method-button"]')).to.not.exist;

    api.reset();
    api.db.paymentMethods = [];
    unpaid();
    const { clinic: none } = await mount({ consultId: 'con_1', locale: 'en' });
    await waitFor(() => $(none, '[part~="notice"]'), 'no online payment');
    expect(text($(none, '[part~="notice"]'))).to.contain('does not take payments online');
    expect($(none, '[part~="pay-button"]')).to.not.exist;
  });

  describe('inside WeChat', () => {
    const ua = navigator.userAgent;
    let invoked: unknown[] = [];
    beforeEach(() => {
      Object.defineProperty(navigator, 'userAgent', { value: `${ua} MicroMessenger/8.0.50`, configurable: true });
      invoked = [];
      (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge = {
        invoke(name: string, params: unknown, done: (r: { err_msg: string }) => void) {
          invoked.push({ name, params });
          if (invoked.length === 1) return done({ err_msg: 'get_brand_wcpay_request:cancel' });
          api.db.consults[0]!.status = 'paid'; // WeChat took the money; the gateway heard of it
          done({ err_msg: 'get_brand_wcpay_request:ok' });
        },
      };
    });
    afterEach(() => {
      delete (navigator as { userAgent?: string }).userAgent;
      delete (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge;
    });

    it('pays in WeChat’s own sheet with the payer’s openid, and does not offer WeChat’s H5 payment there', async () => {
      api.db.paymentMethods = [{ provider: 'wechat', channel: 'h5' }, { provider: 'wechat', channel: 'jsapi' }, { provider: 'alipay', channel: 'wap' }];
      unpaid();
      const { clinic } = await mount({ consultId: 'con_1' });
      clinic.wechatOpenId = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
      await waitFor(() => $(clinic, '[part~="payment-methods"]'), 'the choice of methods');
      expect(labels(clinic)).to.deep.equal(['微信支付', '支付宝']);
      $(clinic, '[part~="pay-button"]')!.click();
      // The payer closed WeChat's sheet: not paid, and they can open it again.
      const again = await waitFor(() => $(clinic, '[part~="wechat-pay-button"]'), 'pay in WeChat again');
      expect(api.callsTo('POST', '/api/consults/con_1/payment')[0]!.body).to.deep.equal({ provider: 'wechat', channel: 'jsapi', openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
      expect(invoked).to.have.length(1);
      expect((invoked[0] as { params: { package: string } }).params.package).to.equal('prepay_id=wx_pay_con_1');
      await waitFor(() => $$(clinic, '[role="status"]').some((e) => text(e).includes('支付未完成')), 'not paid: the payer closed the sheet');
      again.click();
      await waitFor(() => text($(clinic, '[part~="status"]')) === '等待医生接诊', 'paid');
      expect(invoked).to.have.length(2);
    });

    it('without the payer’s openid offers no in-app payment', async () => {
      api.db.paymentMethods = [{ provider: 'wechat', channel: 'jsapi' }, { provider: 'alipay', channel: 'wap' }];
      unpaid();
      const { clinic } = await mount({ consultId: 'con_1' });
      await waitFor(() => api.callsTo('GET', '/api/payment-methods').length, 'methods asked for');
      await waitFor(() => $(clinic, '[part~="pay-button"]'), 'pay button');
      await clinic.updateComplete;
      expect($(clinic, '[part~="payment-methods"]'), 'one method left: no choice').to.not.exist;
      $(clinic, '[part~="pay-button"]')!.click();
      await waitFor(() => $(clinic, '[part~="checkout-link"]'), 'Alipay’s cashier');
      expect(api.callsTo('POST', '/api/consults/con_1/payment')[0]!.body).to.deep.equal({ provider: 'alipay', channel: 'wap' });
    });
  });
});

describe('<ih-clinic> keyboard', () => {
  it('asks before cancelling with focus on "keep", and puts focus back on the cancel button when kept', async () => {
    api.db.consults.push(consultOf({ status: 'paid' }));
    const { clinic } = await mount({ consultId: 'con_1', locale: 'en' });
    const cancel = await waitFor(() => $(clinic, '[part~="cancel-button"]'), 'cancel button');
    cancel.focus();
    await sendKeys({ press: 'Enter' });
    const keep = await waitFor(() => $(clinic, '[part~="cancel-no-button"]'), 'question');
    await waitFor(() => deepActive() === keep, 'focus on keep');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal($(clinic, '[part~="cancel-yes-button"]'));
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Space' });
    await waitFor(() => !$(clinic, '[part~="cancel-confirm"]'), 'kept');
    await waitFor(() => deepActive() === $(clinic, '[part~="cancel-button"]'), 'focus back on cancel');
    expect(api.callsTo('POST', '/api/consults/con_1/cancel')).to.have.length(0);
  });
});

describe('<ih-clinic> my consults', () => {
  it('keeps the list live: a consult the doctor accepts changes in it without a reload', async () => {
    api.db.consults.push(consultOf({ id: 'con_1', status: 'paid' }));
    const { clinic, realtime } = await mount();
    const row = () => $$(clinic, '[part~="consults"] [part~="option"]')[0];
    await waitFor(() => row(), 'list of consults');
    await waitFor(() => realtime.consultsListeners === 1, 'listening');
    expect(text(row()!)).to.contain('等待医生接诊');
    api.db.consults[0]!.status = 'accepted';
    realtime.consultsChanged('con_1');
    await waitFor(() => text(row()!).includes('医生已接诊'), 'the row says the doctor accepted it');
    expect(text(row()!)).to.not.contain('等待医生接诊');
    expect($(clinic, '[part~="loading"]'), 'no loading flash').to.not.exist;
  });


  it('tells consults about the same condition apart: when each was asked and what it asked', async () => {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000).toISOString();
    api.db.consults.push(
      consultOf({ id: 'con_1', status: 'completed', createdAt: at(50), complaint: '头晕两天' }),
      consultOf({ id: 'con_2', status: 'completed', createdAt: at(26), complaint: '想问氨氯地平能不能减量' }),
    );
    const { clinic } = await mount();
    await waitFor(() => $$(clinic, '[part~="consults"] [part~="option"]').length === 2, 'list of consults');
    const rows = $$(clinic, '[part~="consults"] [part~="option"]').map(text);
    expect(rows[0]).to.not.equal(rows[1]);
    const hm = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    expect(rows[0]).to.contain(hm(api.db.consults[0]!.createdAt)).and.contain('头晕两天');
    expect(rows[1]).to.contain(hm(api.db.consults[1]!.createdAt)).and.contain('想问氨氯地平能不能减量');
  });
});

describe('<ih-clinic> cancelling', () => {
  it('promises a refund only when the consult was paid', async () => {
    api.db.consults.push(consultOf({ status: 'requested' }), consultOf({ id: 'con_2', status: 'paid' }));
    const { clinic } = await mount({ consultId: 'con_1' });
    (await waitFor(() => $(clinic, '[part~="cancel-button"]'), 'cancel button (unpaid)')).click();
    const unpaid = text(await waitFor(() => $(clinic, '[part~="cancel-confirm"]'), 'question (unpaid)'));
    expect(unpaid).to.contain('确认取消这次问诊？');
    expect(unpaid).to.not.match(/退|refund/i);

    clinic.open('con_2');
    (await waitFor(() => $(clinic, '[part~="cancel-button"]'), 'cancel button (paid)')).click();
    const paid = text(await waitFor(() => $(clinic, '[part~="cancel-confirm"]'), 'question (paid)'));
    expect(paid).to.contain('确认取消这次问诊？').and.contain('已支付的问诊费将原路退回。');
  });
});

describe('<ih-clinic> on a phone', () => {
  /** A photo as a phone sends one: taller than the list shows beside the messages above it. */
  async function photo(): Promise<ArrayBuffer> {
    const canvas = new OffscreenCanvas(300, 400);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#c33';
    ctx.fillRect(0, 0, 300, 400);
    return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
  }

  /** A consult whose newest message is a picture, served only when `release` is called. */
  async function consultEndingInAPicture() {
    const body = await photo();
    let release!: () => void;
    const served = new Promise<void>((r) => (release = r));
    api.use(http.get('/api/consults/:id/attachments/:aid', async () => {
      await served;
      return new HttpResponse(body, { headers: { 'Content-Type': 'image/png' } });
    }));
    api.db.consults.push(consultOf({ status: 'in_progress', lastSeq: 13 }));
    api.db.messages['con_1'] = [
      ...Array.from({ length: 12 }, (_, i) => messageOf('con_1', i + 1, { text: `第 ${i + 1} 条消息` })),
      messageOf('con_1', 13, { sender: 'patient', kind: 'image', text: undefined, attachment: { id: 'att_1', contentType: 'image/png', size: body.byteLength } }),
    ];
    const { clinic } = await mount({ consultId: 'con_1' });
    const list = await waitFor(() => $(clinic, '[part~="messages"]'), 'messages');
    await waitFor(() => list.scrollTop > 0 && list.scrollHeight - list.scrollTop - list.clientHeight < 2, 'at the newest message');
    await new Promise((r) => setTimeout(r, 50)); // its scroll event
    const loaded = async () => {
      // Load does not bubble, but an ancestor's capturing listener hears it before the element's own
      // handler on the <img>; the task after it runs once that whole dispatch is over.
      const load = new Promise((r) => list.addEventListener('load', r, { capture: true, once: true }));
      release();
      await load;
      await new Promise((r) => setTimeout(r));
      const img = $<HTMLImageElement>(clinic, 'img[part~="message-image"]')!;
      expect(img.complete && img.naturalHeight > 0, 'the picture loaded').to.equal(true);
      return img;
    };
    return { clinic, list, loaded };
  }

  it('shows the whole of a picture that loads at the end of the conversation', async () => {
    const { list, loaded } = await consultEndingInAPicture();
    const img = await loaded();
    const shown = list.getBoundingClientRect();
    const picture = img.getBoundingClientRect();
    expect(picture.height).to.be.greaterThan(100);
    expect(picture.bottom, 'the picture\'s bottom is in view').to.be.at.most(shown.bottom);
    expect(picture.top).to.be.at.least(shown.top);
  });

  it('leaves a reader who scrolled up to read where they are when a picture loads', async () => {
    const { list, loaded } = await consultEndingInAPicture();
    const scrolled = new Promise((r) => list.addEventListener('scroll', r, { once: true }));
    list.scrollTop = 0;
    await scrolled;
    await loaded();
    expect(list.scrollTop).to.equal(0);
    expect(text(list.querySelector('[part~="message-text"]'))).to.equal('第 1 条消息');
  });

  it('says that Enter sends only where there is a keyboard; a phone\'s keyboard shows a send key', async () => {
    useInput('touch');
    api.db.consults.push(consultOf({ status: 'in_progress' }));
    const { clinic } = await mount({ consultId: 'con_1' });
    const input = await waitFor(() => $(clinic, '[part~="message-input"]'), 'composer');
    const composer = $(clinic, '[part~="composer"]')!;
    expect(text(composer)).to.not.contain('回车发送');
    expect(input.getAttribute('aria-describedby')).to.equal(null);
    expect(input.getAttribute('enterkeyhint')).to.equal('send');
    useInput('mouse'); // a keyboard and trackpad attached
    await waitFor(() => text(composer).includes('回车发送，Shift+回车换行'), 'the hint');
    expect(input.getAttribute('aria-describedby')).to.equal('message-hint');
  });
});

describe('<ih-clinic> live region', () => {
  it('announces each message from the doctor once: not the user\'s own, not a repeat, not a reload', async () => {
    api.db.consults.push(consultOf({ status: 'in_progress', lastSeq: 1 }));
    api.db.messages['con_1'] = [messageOf('con_1', 1, { text: '您好' })];
    const { clinic, realtime } = await mount({ consultId: 'con_1' });
    await waitFor(() => messages(clinic).length === 1, 'history');
    const region = $(clinic, '[aria-live="polite"]')!;
    // Present (and empty) before anything arrives, so the first message is heard; the history is not read out.
    expect(text(region)).to.equal('');
    const live = liveAnnouncements(region);

    await type($(clinic, '[part~="message-input"]')!, '血压 130/85');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => messages(clinic).includes('血压 130/85'), 'sent');
    const mine = api.db.messages['con_1']!.at(-1)!;
    realtime.message(mine); // the user's own message coming back over the socket

    const first = messageOf('con_1', mine.seq + 1, { text: '继续服药' });
    realtime.message(first);
    realtime.message(first); // a repeat of the same seq
    await waitFor(() => messages(clinic).includes('继续服药'), 'first');
    realtime.typingFrom('con_1', 'doctor'); // a re-render for something else
    await waitFor(() => $(clinic, '[part~="typing"]'), 'typing');
    const second = messageOf('con_1', mine.seq + 2, { text: '继续服药' }); // the same words again: a new message
    realtime.message(second);
    await waitFor(() => messages(clinic).length === 4, 'second');
    await clinic.updateComplete;
    live.stop();
    expect(live.said).to.deep.equal(['医生：继续服药', '医生：继续服药']);
  });
});

describe('mergeMessages', () => {
  it('orders by seq and keeps each seq once', () => {
    const a = messageOf('c', 1);
    const b = messageOf('c', 2);
    const c = messageOf('c', 3);
    const list = mergeMessages([a, c], [b, c, a]);
    expect(list.map((m) => m.seq)).to.deep.equal([1, 2, 3]);
    expect(mergeMessages(list, [b])).to.equal(list);
  });
});
