/**
 * The elements' views in the browser history (view-history.ts), as a phone user meets them:
 * the browser's Back button goes exactly one view back — a booking step, a detail to its list, a
 * dialog closed — Forward does nothing, elements on one page keep their own steps, a reload
 * starts over without stranding Back, and `no-history` leaves history to the host.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, consultOf, prescriptionOf, waitFor } from '../../test/mock-api.js';
import { forbiddenText } from '../../test/event-privacy.js';
import { historySettled as settled, pressBack as back, pressForward as forward } from '../../test/browser-history.js';
import '../provider/provider.js';
import '../booking/booking.js';
import '../clinic/clinic.js';
import '../prescriptions/prescriptions.js';
import '../appointments/appointments.js';
import '../modal/modal.js';
import type { IhBooking } from '../booking/booking.component.js';
import type { IhModal } from '../modal/modal.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());
// Entries of the page below each test's own, so that a Back too many stays on the test page.
beforeEach(() => {
  for (let i = 0; i < 5; i++) history.pushState(null, '');
});

const root = (el: Element) => el.shadowRoot!;
const $ = (el: Element, sel: string) => root(el).querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...root(el).querySelectorAll<HTMLElement>(sel)];
const heading = (el: Element) => ($(el, '[part~="heading"]')?.textContent ?? '').trim();
const option = (el: Element, name: string) => waitFor(() => $$(el, '[part~="option"]').find((o) => o.textContent!.includes(name)), `option ${name}`);

/** Where the page is in its history (Chromium's Navigation API, for the test's eyes only). */
const entryIndex = () => (window as unknown as { navigation: { currentEntry: { index: number } } }).navigation.currentEntry.index;

async function mountBooking(noHistory = false) {
  const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light"><ih-booking ?no-history=${noHistory}></ih-booking></ih-provider>`);
  const booking = provider.querySelector('ih-booking')!;
  await booking.updateComplete;
  return { provider, booking };
}

async function toStep(booking: IhBooking, step: 'doctor' | 'time' | 'patient' | 'confirm') {
  const order = ['doctor', 'time', 'patient', 'confirm'];
  (await option(booking, '心血管内科')).click();
  await waitFor(() => heading(booking) === '选择医生', 'doctor step');
  if (order.indexOf(step) < 1) return;
  (await option(booking, '王建国')).click();
  const slot = await waitFor(() => $$(booking, '[part~="slot-available"]')[0], 'slots');
  if (order.indexOf(step) < 2) return;
  slot.click();
  await waitFor(() => heading(booking) === '选择就诊人', 'patient step');
  if (order.indexOf(step) < 3) return;
  (await option(booking, '张伟')).click();
  await waitFor(() => heading(booking) === '确认预约', 'confirm step');
}

describe('views in the browser history', () => {
  it('Back goes one booking step back each time, keeping what was chosen; Forward does nothing', async () => {
    const start = history.length;
    const { booking } = await mountBooking();
    await toStep(booking, 'confirm');
    expect(history.length - start).to.equal(4, 'one entry per step');

    await back();
    expect(heading(booking)).to.equal('选择就诊人');
    await back();
    expect(heading(booking)).to.equal('选择时间');
    expect(!!$(booking, '[part~="date-selected"]'), 'the day chosen is still chosen').to.equal(true);
    await forward();
    expect(heading(booking), 'Forward leaves the step as it is').to.equal('选择时间');
    await back();
    expect(heading(booking)).to.equal('选择医生');
    await back();
    expect(heading(booking)).to.equal('选择科室');
  });

  it('the element\'s own back button takes its entry away: Back then goes on from the step shown', async () => {
    const { booking } = await mountBooking();
    await toStep(booking, 'patient');
    $(booking, '[part~="back-button"]')!.click();
    await waitFor(() => heading(booking) === '选择时间', 'time step');
    await settled();
    await back();
    expect(heading(booking)).to.equal('选择医生');
    (await option(booking, '王建国')).click();
    await waitFor(() => heading(booking) === '选择时间', 'time step again');
    history.forward(); // nothing ahead: choosing again replaced the entries above
    await settled();
    expect(heading(booking)).to.equal('选择时间');
    await back();
    expect(heading(booking)).to.equal('选择医生');
  });

  it('after booking, the steps leave the history: Back from the done panel does not return to confirm', async () => {
    const { booking } = await mountBooking();
    const before = entryIndex();
    await toStep(booking, 'confirm');
    $(booking, '[part~="confirm-button"]')!.click();
    await waitFor(() => heading(booking) === '预约成功', 'done');
    await settled();
    expect(entryIndex(), 'back on the entry from before the booking').to.equal(before);
    await back();
    expect(heading(booking)).to.equal('预约成功');
  });

  it('a link to an anchor of the page between two steps: Back undoes the jump, then the step', async () => {
    const { booking } = await mountBooking();
    await toStep(booking, 'doctor');
    const jumped = new Promise((r) => addEventListener('popstate', r, { once: true }));
    location.hash = '#further-down'; // as a click on a menu link of the portal does
    await jumped;
    await settled();
    await back();
    expect(location.hash).to.equal('');
    expect(heading(booking), 'Back undid the jump only').to.equal('选择医生');
    await back();
    expect(heading(booking)).to.equal('选择科室');
  });

  it('keeps nothing of the booking in the history state or the URL', async () => {
    const url = location.href;
    const { booking } = await mountBooking();
    await toStep(booking, 'confirm');
    const state = JSON.stringify(history.state);
    for (const s of forbiddenText()) expect(state, s).to.not.include(s);
    for (const id of ['dep_cardio', 'doc_wang', 'slot_', 'pat_']) expect(state).to.not.include(id);
    expect(location.href).to.equal(url);
    const entry = history.state.ihkit;
    expect(Object.values(entry.views).every((v) => typeof v === 'number')).to.equal(true);
    expect(Object.keys(entry).sort()).to.deep.equal(['by', 'k', 'load', 'prev', 'views']);
  });

  it('two elements on one page: Back undoes the latest step, whichever element made it', async () => {
    const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light">
      <ih-booking></ih-booking>
      <ih-booking></ih-booking>
    </ih-provider>`);
    const [a, b] = [...provider.querySelectorAll('ih-booking')];
    (await option(a!, '心血管内科')).click();
    await waitFor(() => heading(a!) === '选择医生', 'a: doctor');
    (await option(b!, '儿科')).click();
    await waitFor(() => heading(b!) === '选择医生', 'b: doctor');
    (await option(a!, '王建国')).click();
    await waitFor(() => heading(a!) === '选择时间', 'a: time');

    await back();
    expect([heading(a!), heading(b!)]).to.deep.equal(['选择医生', '选择医生']);
    await back();
    expect([heading(a!), heading(b!)]).to.deep.equal(['选择医生', '选择科室']);
    await back();
    expect([heading(a!), heading(b!)]).to.deep.equal(['选择科室', '选择科室']);
  });

  it('two elements: one\'s own back button does not take the other\'s step away', async () => {
    const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light">
      <ih-booking></ih-booking>
      <ih-booking></ih-booking>
    </ih-provider>`);
    const [a, b] = [...provider.querySelectorAll('ih-booking')];
    (await option(a!, '心血管内科')).click();
    await waitFor(() => heading(a!) === '选择医生', 'a: doctor');
    (await option(b!, '儿科')).click();
    await waitFor(() => heading(b!) === '选择医生', 'b: doctor');
    $(a!, '[part~="back-button"]')!.click(); // a goes back by its own button; b's entry is on top
    await waitFor(() => heading(a!) === '选择科室', 'a: department');
    await settled();
    expect(heading(b!)).to.equal('选择医生');
    await back(); // b's step, and a's entry that is gone, skipped
    expect([heading(a!), heading(b!)]).to.deep.equal(['选择科室', '选择科室']);
  });

  it('after a reload the booking starts over, and Back skips the steps of the page before it', async () => {
    // What an earlier load of this page left: its first entry, then two steps it pushed.
    history.pushState({ ihkit: { load: 'earlier', k: 1, views: { 1: 0 } } }, '');
    history.pushState({ ihkit: { load: 'earlier', k: 2, by: 1, prev: 1, views: { 1: 1 } } }, '');
    history.pushState({ ihkit: { load: 'earlier', k: 3, by: 1, prev: 2, views: { 1: 2 } } }, '');
    const { booking } = await mountBooking();
    await waitFor(() => $$(booking, '[part~="option"]').length, 'departments');
    expect(history.state.ihkit.load).to.not.equal('earlier');
    await back();
    expect(history.state.ihkit.k, 'the earlier load\'s first entry').to.not.equal(undefined);
    expect(history.state.ihkit.by).to.equal(undefined);
    expect(heading(booking)).to.equal('选择科室');
    // It steps as before from there.
    await toStep(booking, 'doctor');
    await back();
    expect(heading(booking)).to.equal('选择科室');
  });

  it('with no-history the steps stay out of the history', async () => {
    const start = history.length;
    const state = history.state;
    const { booking } = await mountBooking(true);
    await toStep(booking, 'patient');
    expect(history.length).to.equal(start);
    expect(history.state).to.equal(state);
  });

  it('a dialog: Back steps back inside it, then closes it; closed by its button, Back leaves what was inside alone', async () => {
    const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light">
      <ih-modal element="booking"><ih-booking></ih-booking></ih-modal>
    </ih-provider>`);
    const modal = provider.querySelector('ih-modal')! as IhModal;
    const booking = provider.querySelector('ih-booking')!;
    modal.show();
    await modal.updateComplete;
    await toStep(booking, 'time');
    await back();
    expect(heading(booking)).to.equal('选择医生');
    expect(modal.open).to.equal(true);
    await back();
    expect(heading(booking)).to.equal('选择科室');
    await back();
    expect(modal.open, 'Back closes the dialog').to.equal(false);

    modal.show();
    await modal.updateComplete;
    await toStep(booking, 'time');
    $(modal, '[part~="close-button"]')!.click();
    await waitFor(() => !modal.open, 'closed');
    await settled();
    modal.show();
    await modal.updateComplete;
    expect(heading(booking), 'where it was left').to.equal('选择时间');
    await back();
    expect(modal.open).to.equal(false);
    expect(heading(booking), 'Back closed the dialog, the booking as it was').to.equal('选择时间');
  });

  it('the cancel dialog of an appointment closes on Back, and nothing is cancelled', async () => {
    const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light"><ih-appointments></ih-appointments></ih-provider>`);
    const list = provider.querySelector('ih-appointments')!;
    (await waitFor(() => $$(list, '[part~="cancel-button"]')[0], 'cancel button')).click();
    const dialog = await waitFor(() => root(list).querySelector<HTMLDialogElement>('dialog[open]'), 'dialog');
    await back();
    expect(dialog.open).to.equal(false);
    expect(api.callsTo('POST', '/api/appointments/apt_later/cancel').length + api.callsTo('POST', '/api/appointments/apt_soon/cancel').length).to.equal(0);
  });

  it('a consult\'s steps, and a consult opened from the list, go back on Back', async () => {
    api.db.consults.push(consultOf({ id: 'con_9' }));
    const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light"><ih-clinic></ih-clinic></ih-provider>`);
    const clinic = provider.querySelector('ih-clinic')!;
    (await option(clinic, '张伟')).click();
    await waitFor(() => heading(clinic) === '选择复诊的疾病', 'condition step');
    (await option(clinic, '原发性高血压')).click();
    await waitFor(() => heading(clinic) === '选择医生', 'doctor step');
    await back();
    expect(heading(clinic)).to.equal('选择复诊的疾病');
    await back();
    expect(heading(clinic)).to.equal('为谁问诊？');
    (await waitFor(() => $$(clinic, '[part~="consults"] [part~="option"]')[0], 'earlier consult')).click();
    await waitFor(() => $(clinic, '[part~="conversation"]'), 'the consult and its conversation');
    await back();
    expect(heading(clinic)).to.equal('为谁问诊？');
    (await waitFor(() => $$(clinic, '[part~="consults"] [part~="option"]')[0], 'the list again')).click();
    await waitFor(() => $(clinic, '[part~="conversation"]'), 'the same consult again, with its conversation');
  });

  it('an open prescription goes back to the list on Back, and opens again', async () => {
    api.db.prescriptions.push(prescriptionOf({ id: 'rx_a', status: 'approved' }));
    const provider = await fixture(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} theme="light"><ih-prescriptions></ih-prescriptions></ih-provider>`);
    const rx = provider.querySelector('ih-prescriptions')!;
    (await waitFor(() => $$(rx, '[part~="list-item"]')[0], 'list')).click();
    await waitFor(() => $(rx, '[part~="back-button"]'), 'detail');
    await back();
    await waitFor(() => $$(rx, '[part~="list-item"]').length, 'the list again');
    expect(!!$(rx, '[part~="back-button"]'), 'the list has no back button').to.equal(false);
    $$(rx, '[part~="list-item"]')[0]!.click(); // the same one again
    await waitFor(() => $(rx, '[part~="items"]'), 'the prescription again');
  });
});
