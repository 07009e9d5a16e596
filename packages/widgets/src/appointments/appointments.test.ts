import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, deepActive, http, problem, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './appointments.js';
import type { IhAppointments } from './appointments.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

async function mount(locale = 'zh-CN', token: string = TOKEN, theme: Theme = 'light') {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme}><ih-appointments></ih-appointments></ih-provider>`);
  const el = provider.querySelector('ih-appointments')!;
  await el.updateComplete;
  return { provider, el };
}
const $ = (el: IhAppointments, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: IhAppointments, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const items = (el: IhAppointments) => waitFor(() => ($$(el, '[part~="item"]').length ? $$(el, '[part~="item"]') : undefined), 'items');

describe('<ih-appointments>', () => {
  it('lists upcoming appointments first (soonest first), with status and resolved names', async () => {
    const { el } = await mount();
    const list = await items(el);
    expect(list.map((li) => li.getAttribute('part'))).to.deep.equal(['item item-booked', 'item item-booked', 'item item-completed']);
    expect(list[0]!.textContent).to.contain('王建国').and.contain('主任医师').and.contain('心血管内科').and.contain('08:00–08:30').and.contain('¥50.00');
    expect(list[1]!.textContent).to.contain('赵晓红').and.contain('张小宝');
    // The hospital's number where the HIS gave one; none, and never an id, where it gave none.
    expect(list[0]!.querySelector('[part~="number"]')?.textContent?.trim()).to.equal('挂号单号：GH20261124-0007');
    expect(list[1]!.querySelector('[part~="number"]')).to.not.exist;
    for (const li of list) expect(li.textContent).to.not.match(/apt_/);
    expect(list[2]!.textContent).to.contain('已就诊');
    expect($$(el, '[part~="status-booked"]')[0]!.textContent!.trim()).to.equal('待就诊');
    expect($$(el, '[part~="group-heading"]').map((h) => h.textContent!.trim())).to.deep.equal(['即将就诊', '历史预约']);
    // Only upcoming ones can be cancelled.
    expect($$(el, '[part~="cancel-button"]')).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('cancels through a modal dialog: focus inside, Tab trapped, Escape closes, focus returns', async () => {
    const { el } = await mount('en');
    await items(el);
    const trigger = $$(el, '[part~="cancel-button"]')[0]!;
    trigger.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await waitFor(() => el.shadowRoot!.querySelector('dialog[open]'), 'dialog');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(deepActive()).to.equal($(el, '[part~="dialog-keep-button"]'));
    expect(dialog.textContent).to.contain('Cancel this appointment?').and.contain('Wang Jianguo');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal($(el, '[part~="dialog-confirm-button"]'));
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal($(el, '[part~="dialog-keep-button"]'));
    await sendKeys({ press: 'Shift+Tab' });
    expect(deepActive()).to.equal($(el, '[part~="dialog-confirm-button"]'));
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !el.shadowRoot!.querySelector('dialog'), 'dialog closed');
    await el.updateComplete;
    expect(deepActive()).to.equal(trigger);
    expect(api.callsTo('POST', '/api/appointments/apt_soon/cancel')).to.have.length(0);
  });

  it('cancels and emits ih-cancelled with the appointment id only', async () => {
    const { el } = await mount();
    await items(el);
    $$(el, '[part~="cancel-button"]')[0]!.click();
    await waitFor(() => $(el, '[part~="dialog-confirm-button"]'), 'dialog');
    const cancelled = oneEvent(el, 'ih-cancelled');
    $(el, '[part~="dialog-confirm-button"]')!.click();
    const event = await cancelled;
    expect(event.detail).to.deep.equal({ appointmentId: 'apt_soon' });
    expect(event.bubbles && event.composed).to.equal(true);
    await waitFor(() => $$(el, '[part~="status-cancelled"]').length === 1, 'list refreshed');
    expect($(el, '[part~="message"]')!.textContent).to.contain('预约已取消');
    expect($$(el, '[part~="cancel-button"]')).to.have.length(1);
    expect(deepActive()).to.equal($(el, '[part~="message"]'));
  });

  it('explains CANCEL_TOO_LATE in the dialog', async () => {
    api.use(http.post('/api/appointments/:id/cancel', () => problem(409, 'CANCEL_TOO_LATE')));
    const { el } = await mount();
    await items(el);
    $$(el, '[part~="cancel-button"]')[0]!.click();
    await waitFor(() => $(el, '[part~="dialog-confirm-button"]'), 'dialog');
    $(el, '[part~="dialog-confirm-button"]')!.focus();
    $(el, '[part~="dialog-confirm-button"]')!.click();
    const error = await waitFor(() => $(el, '[part~="dialog-error"]'), 'error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('距离就诊时间太近，已不能在线取消');
    expect($(el, '[part~="dialog-confirm-button"]')).to.equal(null);
    expect(deepActive()).to.equal($(el, '[part~="dialog-keep-button"]'));
    expect($(el, '[part~="dialog-keep-button"]')!.textContent!.trim()).to.equal('关闭');
  });

  it('refreshes when ih-booked happens anywhere on the page', async () => {
    const { el } = await mount();
    await items(el);
    const loads = api.callsTo('GET', '/api/appointments').length;
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.dispatchEvent(new CustomEvent('ih-booked', { detail: { appointmentId: 'apt_x' }, bubbles: true, composed: true }));
    await waitFor(() => api.callsTo('GET', '/api/appointments').length === loads + 1, 'reload');
    elsewhere.remove();
  });

  it('shows the empty state', async () => {
    api.db.appointments = [];
    const { el } = await mount('en');
    const empty = await waitFor(() => $(el, '[part~="empty"]'), 'empty');
    expect(empty.textContent).to.contain('No appointments yet');
  });

  it('shows an error state with retry, and the sign-in state on 401', async () => {
    let failing = true;
    api.use(http.get('/api/appointments', () => (failing ? problem(500, 'INTERNAL') : undefined)));
    const { el } = await mount('en');
    const error = await waitFor(() => $(el, '[part~="error"]'), 'error', 8000);
    expect(error.textContent).to.contain('Something went wrong on our side');
    failing = false;
    $(el, '[part~="retry-button"]')!.click();
    await items(el);

    const signedOut = await mount('en', '');
    await waitFor(() => $(signedOut.el, '[part~="sign-in"]'), 'sign-in');
    expect($(signedOut.el, '[part~="sign-in"]')!.textContent).to.contain('Please sign in');
  });
});

describe('<ih-appointments> with registration fees and rescheduling', () => {
  const find = (id: string) => api.db.appointments.find((a) => a.id === id)!;
  /** An appointment's row (absent while the list loads again). */
  const item = (el: IhAppointments, id: string) => $(el, `[data-id="${id}"]`)!;
  const inner = (host: Element, sel: string) => host.shadowRoot?.querySelector<HTMLElement>(sel) ?? null;
  const squash = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ');
  const paidFee = (id: string, fullRefundUntil: number) => {
    const a = find(id);
    a.registration = { status: 'paid', amount: a.fee, paymentId: `pay_${id}`, fullRefundUntil: new Date(fullRefundUntil).toISOString(), lateRefund: { ...a.fee, amount: a.fee.amount / 2 } };
  };

  it('an unpaid hold shows its badge, its countdown and pay-now; paid in the sandbox, it is booked', async () => {
    const later = find('apt_later');
    later.registration = { status: 'held', amount: later.fee, holdUntil: new Date(Date.now() + 9 * 60_000 + 30_000).toISOString() };
    const { el } = await mount();
    await items(el);
    const li = item(el, 'apt_later');
    expect(li.querySelector('[part~="status"]')!.textContent!.trim()).to.equal('待支付');
    const panel = await waitFor(() => (inner(li.querySelector('[part~="pay"]')!, '[part~="timer"]') ? li.querySelector('[part~="pay"]')! : undefined), 'pay panel');
    expect(inner(panel, '[part~="timer"]')!.textContent).to.match(/^09:[23]\d$/);
    expect(squash(panel.shadowRoot!.textContent)).to.contain('¥30.00').and.contain('剩余支付时间');
    await expectAccessible(el, 'light · a held place with its pay panel');
    const paid = oneEvent(el, 'ih-registration-paid');
    inner(panel, '[part~="pay-button"]')!.click();
    (await waitFor(() => inner(panel, '[part~="sandbox-pay-button"]'), 'sandbox')).click();
    expect((await paid).detail).to.deep.equal({ appointmentId: 'apt_later' });
    await waitFor(() => item(el, 'apt_later') && !item(el, 'apt_later').querySelector('[part~="pay"]'), 'panel gone');
    expect(item(el, 'apt_later').querySelector('[part~="status"]')!.textContent!.trim()).to.equal('待就诊');
  });

  it('cancelling says beforehand what comes back, and afterwards the refund and whether it was made', async () => {
    paidFee('apt_later', Date.now() + 24 * 3600_000);
    const { el } = await mount('en');
    await items(el);
    item(el, 'apt_later').querySelector<HTMLElement>('[part~="cancel-button"]')!.click();
    const preview = await waitFor(() => $(el, '[part~="dialog-refund"]'), 'refund preview');
    expect(squash(preview.textContent)).to.match(/^Cancelled before .+, all CN¥30\.00 comes back; after that, CN¥15\.00\.$/);
    expect($(el, 'dialog')!.getAttribute('aria-describedby')).to.equal('dialog-body');
    await expectAccessible(el, 'light · cancel dialog with the refund');
    $(el, '[part~="dialog-confirm-button"]')!.click();
    await waitFor(() => $(el, '[part~="message"]')?.textContent?.includes('CN¥30.00 will be refunded'), 'the refund in the message');
    const line = await waitFor(() => item(el, 'apt_later')?.querySelector('[part~="registration"]'), 'refund line');
    expect(line.textContent!.trim()).to.equal('Refund of CN¥30.00 in progress');
    find('apt_later').registration!.refundStatus = 'made';
    await el.refresh();
    expect(item(el, 'apt_later').querySelector('[part~="registration"]')!.textContent!.trim()).to.equal('Refunded CN¥30.00');
  });

  it('after the cut-off the dialog says only the share comes back (zh-TW); a lapsed hold says its place was released', async () => {
    paidFee('apt_later', Date.now() - 60_000);
    const soon = find('apt_soon');
    Object.assign(soon, { status: 'cancelled', registration: { status: 'lapsed', amount: soon.fee } });
    const { el } = await mount('zh-TW');
    await items(el);
    expect(item(el, 'apt_soon').querySelector('[part~="registration"]')!.textContent!.trim()).to.equal('未按時付款，名額已釋出');
    item(el, 'apt_later').querySelector<HTMLElement>('[part~="cancel-button"]')!.click();
    const preview = await waitFor(() => $(el, '[part~="dialog-refund"]'), 'refund preview');
    expect(preview.textContent!.trim()).to.equal('已過全額退款時間，現在取消退還 CN¥15.00（掛號費 CN¥30.00）。');
  });

  it('reschedules to another time of the same doctor, showing the fee difference; a second move is refused in words', async () => {
    api.db.slots.find((s) => s.id === 'slot_d')!.fee = { amount: 3000, currency: 'CNY' };
    const { el } = await mount('en');
    await items(el);
    const button = item(el, 'apt_soon').querySelector<HTMLElement>('[part~="reschedule-button"]')!;
    expect(button.textContent!.trim()).to.equal('Reschedule');
    button.click();
    const panel = await waitFor(() => item(el, 'apt_soon').querySelector('[part~="reschedule"]'), 'reschedule panel');
    const slotsOf = () => [...panel.shadowRoot!.querySelectorAll<HTMLElement>('[part~="slot"]')];
    await waitFor(() => slotsOf().length, 'open times');
    expect(panel.shadowRoot!.activeElement?.getAttribute('part')).to.equal('heading');
    // Open times only, never the one it is in (slot_a) or a full one (slot_b).
    expect(slotsOf()[0]!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('09:00–09:30 CN¥50.00 · 1 left');
    expect(slotsOf()).to.have.length(3);
    slotsOf()[1]!.click(); // slot_d, CN¥30.00 instead of CN¥50.00
    const diff = await waitFor(() => inner(panel, '[part~="difference"]'), 'difference');
    expect(diff.textContent!.trim()).to.equal('CN¥20.00 refunded');
    expect(slotsOf()[1]!.getAttribute('aria-pressed')).to.equal('true');
    await expectAccessible(el, 'light · reschedule panel with a time chosen');
    const moved = oneEvent(el, 'ih-rescheduled');
    inner(panel, '[part~="confirm-button"]')!.click();
    expect((await moved).detail).to.deep.equal({ appointmentId: 'apt_soon' });
    await waitFor(() => $(el, '[part~="message"]')?.textContent?.startsWith('Moved to'), 'moved');
    expect(find('apt_soon').slotId).to.equal('slot_d');
    expect(item(el, 'apt_soon').querySelector('[part~="reschedule"]')).to.equal(null);

    item(el, 'apt_soon').querySelector<HTMLElement>('[part~="reschedule-button"]')!.click();
    const again = await waitFor(() => item(el, 'apt_soon').querySelector('[part~="reschedule"]'), 'panel again');
    (await waitFor(() => again.shadowRoot!.querySelector<HTMLElement>('[part~="slot"]'), 'times')).click();
    (await waitFor(() => inner(again, '[part~="confirm-button"]'), 'confirm')).click();
    const error = await waitFor(() => inner(again, '[part~="error"]'), 'refused');
    expect(error.textContent!.trim()).to.equal('This appointment cannot be moved there online. Please contact the hospital.');
    await expectAccessible(el, 'light · reschedule refused');
    inner(again, '[part~="keep-button"]')!.click();
    await waitFor(() => deepActive()?.getAttribute('part') === 'reschedule-button', 'focus back on the button');
  });

  it('reschedules to another doctor of the same department, their times and the difference shown; keyboard only', async () => {
    const d = api.db.slots.find((x) => x.id === 'slot_d')!;
    api.db.slots.push({ ...d, id: 'slot_li', doctorId: 'doc_li', fee: { amount: 2500, currency: 'CNY' } });
    const { el } = await mount('zh-CN');
    await items(el);
    item(el, 'apt_soon').querySelector<HTMLElement>('[part~="reschedule-button"]')!.click();
    const panel = await waitFor(() => item(el, 'apt_soon').querySelector('[part~="reschedule"]'), 'reschedule panel');
    const select = await waitFor(() => panel.shadowRoot!.querySelector<HTMLSelectElement>('[part~="doctor"] select'), 'the doctors of the department');
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['王建国 · 主任医师 · ¥50.00', '李敏 · 主治医师 · ¥25.00']);
    expect(select.value).to.equal('doc_wang');
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    select.dispatchEvent(new Event('change'));
    const slot = await waitFor(() => {
      const all = [...panel.shadowRoot!.querySelectorAll<HTMLElement>('[part~="slot"]')];
      return all.length === 1 ? all[0] : undefined;
    }, '李敏’s one open time');
    slot!.focus();
    await sendKeys({ press: 'Enter' });
    const diff = await waitFor(() => inner(panel, '[part~="difference"]'), 'difference');
    expect(diff.textContent!.trim()).to.equal('退还 ¥25.00');
    expect(inner(panel, '[part~="new-doctor"]')!.textContent!.trim()).to.equal('李敏 · 主治医师');
    await expectAccessible(el, 'light · reschedule to another doctor');
    inner(panel, '[part~="confirm-button"]')!.click();
    await waitFor(() => find('apt_soon').slotId === 'slot_li', 'moved to 李敏');
  });

  /** apt_soon's fee paid, slot_d made dearer; the panel open on slot_d with its difference. */
  const dearerChosen = async (locale: string) => {
    paidFee('apt_soon', Date.now() + 24 * 3600_000);
    api.db.slots.find((s) => s.id === 'slot_d')!.fee = { amount: 8000, currency: 'CNY' };
    const { el } = await mount(locale);
    await items(el);
    item(el, 'apt_soon').querySelector<HTMLElement>('[part~="reschedule-button"]')!.click();
    const panel = await waitFor(() => item(el, 'apt_soon').querySelector('[part~="reschedule"]'), 'reschedule panel');
    (await waitFor(() => panel.shadowRoot!.querySelectorAll<HTMLElement>('[part~="slot"]')[1], 'open times')).click();
    return { el, panel, diff: await waitFor(() => inner(panel, '[part~="difference"]'), 'difference') };
  };

  it('a dearer time: the difference before confirming, then the pay step with its countdown; paid in the sandbox, it moves', async () => {
    const { el, panel, diff } = await dearerChosen('en');
    expect(diff.textContent!.trim()).to.equal('CN¥30.00 to pay');
    const moved = oneEvent(el, 'ih-rescheduled');
    inner(panel, '[part~="confirm-button"]')!.click();
    const timer = await waitFor(() => inner(panel, '[part~="timer"]'), 'pay step');
    expect(timer.textContent).to.match(/^1[45]:\d\d$/);
    expect(find('apt_soon').slotId).to.equal('slot_a', 'not moved before the difference is paid');
    expect(panel.shadowRoot!.activeElement?.getAttribute('part')).to.equal('heading');
    expect(squash(panel.shadowRoot!.textContent)).to.contain('Pay the fee difference').and.contain('CN¥30.00').and.contain('stays at the old time');
    await expectAccessible(el, 'light · reschedule pay step');
    (await waitFor(() => inner(panel, '[part~="pay-button"]'), 'pay')).click();
    (await waitFor(() => inner(panel, '[part~="sandbox-pay-button"]'), 'sandbox')).click();
    expect((await moved).detail).to.deep.equal({ appointmentId: 'apt_soon' });
    expect(find('apt_soon').slotId).to.equal('slot_d');
    expect(find('apt_soon').registration?.amount.amount).to.equal(8000);
    await waitFor(() => $(el, '[part~="message"]')?.textContent?.startsWith('Moved to'), 'moved');
  });

  it('inside WeChat, the difference of a dearer time is paid with the payer’s openid', async () => {
    api.db.paymentMethods = [{ provider: 'wechat', channel: 'h5' }, { provider: 'wechat', channel: 'jsapi' }];
    const ua = navigator.userAgent;
    Object.defineProperty(navigator, 'userAgent', { value: `${ua} MicroMessenger/8.0.50`, configurable: true });
    (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge = { invoke: (_name: string, _params: unknown, done: (r: { err_msg: string }) => void) => done({ err_msg: 'get_brand_wcpay_request:cancel' }) };
    try {
      paidFee('apt_soon', Date.now() + 24 * 3600_000);
      api.db.slots.find((s) => s.id === 'slot_d')!.fee = { amount: 8000, currency: 'CNY' };
      const { el } = await mount('zh-CN');
      el.wechatOpenId = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
      await items(el);
      item(el, 'apt_soon').querySelector<HTMLElement>('[part~="reschedule-button"]')!.click();
      const panel = await waitFor(() => item(el, 'apt_soon').querySelector('[part~="reschedule"]'), 'reschedule panel');
      (await waitFor(() => panel.shadowRoot!.querySelectorAll<HTMLElement>('[part~="slot"]')[1], 'open times')).click();
      (await waitFor(() => inner(panel, '[part~="confirm-button"]'), 'confirm')).click();
      (await waitFor(() => inner(panel, '[part~="pay-button"]'), 'pay')).click();
      // The recorded call's body is read as it arrives: wait for it, not for the call alone.
      const body = await waitFor(() => api.callsTo('POST', '/api/appointments/apt_soon/payment')[0]?.body, 'the order');
      expect(body).to.deep.equal({ provider: 'wechat', channel: 'jsapi', openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    } finally {
      delete (navigator as { userAgent?: string }).userAgent;
      delete (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge;
    }
  });

  it('a dearer time taken before the payment arrived: not moved, the difference refunded, said in words; the list says it too', async () => {
    const { el, panel } = await dearerChosen('zh-CN');
    inner(panel, '[part~="confirm-button"]')!.click();
    (await waitFor(() => inner(panel, '[part~="pay-button"]'), 'pay')).click();
    api.db.slots.find((s) => s.id === 'slot_d')!.available = 0;
    (await waitFor(() => inner(panel, '[part~="sandbox-pay-button"]'), 'sandbox')).click();
    const outcome = await waitFor(() => inner(panel, '[part~="outcome"]'), 'outcome');
    expect(squash(outcome.textContent)).to.contain('号源已被约满').and.contain('¥30.00').and.contain('原路退回');
    expect(find('apt_soon').slotId).to.equal('slot_a');
    await expectAccessible(el, 'light · reschedule not made, difference refunded');
    inner(panel, '[part~="keep-button"]')!.click();
    await el.refresh();
    const line = await waitFor(() => item(el, 'apt_soon')?.querySelector('[part~="registration"]'), 'the list line');
    expect(squash(line.textContent)).to.contain('已约满').and.contain('¥30.00');
  });
});

for (const theme of THEMES) {
  describe(`<ih-appointments> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on a load error and when empty', async () => {
      await expectAccessibleLoadStates({ api, theme, path: '/api/appointments', mount: async (token) => (await mount('zh-CN', token, theme)).el, empty: () => (api.db.appointments = []) });
    });

    it('has no axe violations in the list, the open dialog, a refused cancel and after cancelling', async () => {
      let refuse = true;
      api.use(http.post('/api/appointments/:id/cancel', () => (refuse ? problem(409, 'CANCEL_TOO_LATE') : undefined)));
      const { el } = await mount('zh-CN', TOKEN, theme);
      await items(el);
      await expectAccessible(el, `${theme} · upcoming and past`);
      $$(el, '[part~="cancel-button"]')[0]!.click();
      await waitFor(() => el.shadowRoot!.querySelector('dialog[open]'), 'dialog');
      await expectAccessible(el, `${theme} · cancel dialog open`);
      $(el, '[part~="dialog-confirm-button"]')!.click();
      await waitFor(() => $(el, '[part~="dialog-error"]'), 'refused');
      await expectAccessible(el, `${theme} · cancel refused in the dialog`);
      $(el, '[part~="dialog-keep-button"]')!.click();
      await waitFor(() => !el.shadowRoot!.querySelector('dialog'), 'closed');

      refuse = false;
      $$(el, '[part~="cancel-button"]')[0]!.click();
      (await waitFor(() => $(el, '[part~="dialog-confirm-button"]'), 'dialog again')).click();
      await waitFor(() => $$(el, '[part~="status-cancelled"]').length === 1, 'cancelled');
      await expectAccessible(el, `${theme} · cancelled, with the message`);
    });
  });
}
