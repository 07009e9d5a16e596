import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { addDays } from '@ihkit/core';
import { MockApi, TOKEN, deepActive, delay, http, problem, today, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, liveAnnouncements, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './booking.js';
import type { IhBooking } from './booking.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => {
  api.reset();
  document.documentElement.lang = 'en';
});
after(() => api.worker.stop());

async function mount(opts: { locale?: string; token?: string | null; theme?: Theme; attrs?: { department?: string; doctor?: string } } = {}) {
  const token = opts.token === null ? undefined : (opts.token ?? TOKEN);
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${opts.locale ?? 'zh-CN'} token=${token ?? ''} theme=${opts.theme ?? 'light'}>
    <button id="before">before</button>
    <ih-booking department=${opts.attrs?.department ?? ''} doctor=${opts.attrs?.doctor ?? ''}></ih-booking>
  </ih-provider>`);
  const booking = provider.querySelector('ih-booking')!;
  if (!opts.attrs?.department) booking.removeAttribute('department');
  if (!opts.attrs?.doctor) booking.removeAttribute('doctor');
  await booking.updateComplete;
  return { provider, booking };
}

const $ = <E extends Element = HTMLElement>(el: IhBooking, sel: string) => el.shadowRoot!.querySelector<E>(sel as string) as E | null;
const $$ = (el: IhBooking, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const heading = (el: IhBooking) => $(el, '[part~="heading"]')!.textContent!.trim();
const options = (el: IhBooking) => waitFor(() => ($$(el, '[part~="option"]').length ? $$(el, '[part~="option"]') : undefined), 'options');
const slots = (el: IhBooking) => waitFor(() => ($$(el, '[part~="slot"]').length ? $$(el, '[part~="slot"]') : undefined), 'slots');
const text = (el: IhBooking) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

async function clickThroughToConfirm(booking: IhBooking, slotIndex = 0) {
  (await options(booking))[0]!.click(); // 心血管内科
  await waitFor(() => ['选择医生', 'Choose a doctor', '選擇醫師'].includes(heading(booking)), 'doctor step');
  (await options(booking))[0]!.click(); // 王建国
  const grid = await slots(booking);
  grid[slotIndex]!.click();
  await waitFor(() => $$(booking, '.patients [part~="option"]').length, 'patients');
  $$(booking, '[part~="option"]')[0]!.click(); // 张伟 (self)
  return waitFor(() => $<HTMLElement>(booking, '[part~="confirm-button"]'), 'confirm button');
}

describe('<ih-booking>', () => {
  it('books end to end by clicking and emits ih-booked with the appointment id only', async () => {
    const { booking } = await mount();
    expect(heading(booking)).to.equal('选择科室');
    expect($(booking, '[part~="step-current"]')!.getAttribute('aria-current')).to.equal('step');

    const deps = await options(booking);
    expect(deps.map((b) => b.textContent!.replace(/\s+/g, ''))).to.deep.equal(['心血管内科高血压、冠心病、心律失常', '儿科']);
    deps[0]!.click();
    await waitFor(() => heading(booking) === '选择医生', 'doctor step');
    const doctors = await options(booking);
    expect(api.callsTo('GET', '/api/doctors')[0]!.query.get('departmentId')).to.equal('dep_cardio');
    expect(doctors[0]!.textContent).to.contain('王建国').and.contain('主任医师').and.contain('¥50.00');
    doctors[0]!.click();

    await waitFor(() => heading(booking) === '选择时间', 'time step');
    const grid = await slots(booking);
    const q = api.callsTo('GET', '/api/slots')[0]!.query;
    expect(q.get('doctorId')).to.equal('doc_wang');
    expect(q.get('to')).to.not.equal(q.get('from'));
    // 14 days, tomorrow selected (the first with an open slot), marked as available.
    const dates = $$(booking, '[part~="date"]');
    expect(dates).to.have.length(14);
    expect(dates[1]!.getAttribute('aria-checked')).to.equal('true');
    expect(dates[1]!.getAttribute('part')).to.contain('date-available');
    expect(dates[2]!.getAttribute('part')).to.contain('date-none');
    // Full slots are disabled and say so.
    expect(grid).to.have.length(4);
    expect(grid[1]!.getAttribute('aria-disabled')).to.equal('true');
    expect(grid[1]!.getAttribute('aria-label')).to.contain('已约满');
    grid[0]!.click();
    expect(heading(booking)).to.equal('选择时间');
    grid[0]!.click();

    await waitFor(() => heading(booking) === '选择就诊人', 'patient step');
    await options(booking);
    expect(text(booking)).to.contain('张小宝').and.contain('未成年 · 由监护人代办');
    $$(booking, '[part~="option"]')[1]!.click();

    await waitFor(() => heading(booking) === '确认预约', 'confirm step');
    const summary = $(booking, '[part~="summary"]')!.textContent!.replace(/\s+/g, ' ');
    expect(summary).to.contain('心血管内科').and.contain('王建国').and.contain('08:00–08:30').and.contain('张小宝').and.contain('¥50.00');

    const booked = oneEvent(booking, 'ih-booked');
    $(booking, '[part~="confirm-button"]')!.click();
    const event = await booked;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(Object.keys(event.detail)).to.deep.equal(['appointmentId']);
    const post = api.callsTo('POST', '/api/appointments')[0]!;
    expect(post.body).to.deep.equal({ slotId: 'slot_a', patientId: 'pat_kid' });
    expect(event.detail.appointmentId).to.equal(`apt_${post.headers.get('Idempotency-Key')}`);
    await waitFor(() => heading(booking) === '预约成功', 'done step');
    expect(text(booking)).to.contain('已为张小宝预约王建国的号');
    // The number to give at the hospital is the HIS's, never the appointment's id.
    const number = api.db.appointments.at(-1)!.number!;
    expect($(booking, '[part~="summary"]')!.textContent!.replace(/\s+/g, ' ')).to.contain(`挂号单号${number}`);
    expect(text(booking)).to.not.contain('apt_');
  });

  it('is operable by keyboard alone: Tab, arrow keys in the grid, Enter', async () => {
    const { provider, booking } = await mount({ locale: 'en' });
    await options(booking);
    provider.querySelector<HTMLElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent).to.contain('Not sure which department?', 'triage is offered first');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent).to.contain('Cardiology');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => heading(booking) === 'Choose a doctor', 'doctor step');
    await booking.updateComplete;
    // Focus moved to the new step's heading.
    expect(deepActive()).to.equal($(booking, '[part~="heading"]'));
    await options(booking);
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent).to.contain('Wang Jianguo');
    await sendKeys({ press: 'Enter' });

    await slots(booking);
    await booking.updateComplete;
    expect(deepActive()).to.equal($(booking, '[part~="heading"]'));
    await sendKeys({ press: 'Tab' }); // the date strip: one stop, on the selected day
    expect(deepActive()?.getAttribute('part')).to.contain('date-selected');
    await sendKeys({ press: 'ArrowRight' });
    expect(deepActive()?.getAttribute('part')).to.contain('date').and.not.contain('date-selected');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Tab' }); // the slot grid: one stop, on the first open slot
    let grid = $$(booking, '[part~="slot"]');
    expect(deepActive()).to.equal(grid[0]);
    expect(grid.filter((s) => s.tabIndex === 0)).to.have.length(1);
    await sendKeys({ press: 'End' });
    expect(deepActive()).to.equal(grid[3]);
    await sendKeys({ press: 'Home' });
    expect(deepActive()).to.equal(grid[0]);
    await sendKeys({ press: 'ArrowRight' }); // a full slot: focusable, announced, not choosable
    expect(deepActive()).to.equal(grid[1]);
    await sendKeys({ press: 'Enter' });
    expect(heading(booking)).to.equal('Choose a time');
    await sendKeys({ press: 'ArrowRight' });
    grid = $$(booking, '[part~="slot"]');
    expect(deepActive()).to.equal(grid[2]);
    await sendKeys({ press: 'Enter' });

    await waitFor(() => heading(booking) === 'Who is the appointment for?', 'patient step');
    await options(booking);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => heading(booking) === 'Confirm your booking', 'confirm step');
    await booking.updateComplete;
    const booked = oneEvent(booking, 'ih-booked');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal($(booking, '[part~="confirm-button"]'));
    await sendKeys({ press: 'Enter' });
    await booked;
    expect(api.callsTo('POST', '/api/appointments')[0]!.body).to.deep.equal({ slotId: 'slot_c', patientId: 'pat_self' });
  });

  it('announces the booking once through a status region that is there from the start', async () => {
    const { booking } = await mount();
    await options(booking);
    const region = $(booking, '.announcer')!;
    expect(region.getAttribute('role')).to.equal('status');
    expect(region.textContent!.trim()).to.equal('');
    const live = liveAnnouncements(region);
    (await clickThroughToConfirm(booking)).click();
    await waitFor(() => $(booking, '[part~="done"]'), 'done');
    await booking.updateComplete;
    expect(deepActive()).to.equal($(booking, '[part~="heading"]'));
    expect(heading(booking)).to.equal('预约成功');
    $(booking, '[part~="again-button"]')!.click();
    await waitFor(() => heading(booking) === '选择科室', 'again');
    await booking.updateComplete;
    live.stop();
    expect(live.said).to.deep.equal(['已为张伟预约王建国的号。']);
    expect(region.textContent!.trim()).to.equal('');
  });

  it('not sure which department? triage (loaded on demand) chooses it and the booking goes on with the doctors', async () => {
    const { booking } = await mount();
    await options(booking);
    const open = $(booking, '[part~="triage-button"]')!;
    expect(open.textContent).to.contain('不知道挂哪个科？');
    open.click();
    const triage = await waitFor(() => $<HTMLElement>(booking, '[part~="triage"]'), 'triage');
    expect(triage.localName).to.equal('ih-triage');
    expect(triage.getAttribute('heading-level')).to.equal('4');
    const inner = (sel: string) => [...triage.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
    const pick = async (words: string) => (await waitFor(() => inner('[part~="option"]').find((b) => b.textContent!.includes(words)), words)).click();
    let hostHeard = 0;
    const host = () => hostHeard++;
    document.addEventListener('ih-triage-book', host);
    try {
      await pick('张小宝');
      await pick('胸部');
      (await waitFor(() => inner('label').find((l) => l.textContent!.includes('心慌')), 'symptom')).querySelector('input')!.click();
      inner('[part~="next-button"]')[0]!.click();
      (await waitFor(() => inner('label').find((l) => l.textContent!.includes('1–7 天')), 'duration')).querySelector('input')!.click();
      inner('[part~="next-button"]')[0]!.click();
      (await waitFor(() => inner('[part~="book-button"]')[0], 'book button')).click();
      await waitFor(() => heading(booking) === '选择医生', 'doctor step');
      await waitFor(() => api.callsTo('GET', '/api/doctors').length, 'doctors asked for');
      expect(api.callsTo('GET', '/api/doctors').at(-1)!.query.get('departmentId')).to.equal('dep_peds');
      expect(hostHeard).to.equal(0, 'the booking handles the choice itself');
      expect((await options(booking)).map((b) => b.textContent!.replace(/\s+/g, ''))[0]).to.contain('赵晓红');
    } finally {
      document.removeEventListener('ih-triage-book', host);
    }
  });

  it('the back button closes triage and shows the departments again', async () => {
    const { booking } = await mount({ locale: 'en' });
    await options(booking);
    expect($(booking, '[part~="triage-button"]')!.textContent).to.contain('Not sure which department?');
    $(booking, '[part~="triage-button"]')!.click();
    await waitFor(() => $(booking, '[part~="triage"]'), 'triage');
    $(booking, '[part~="back-button"]')!.click(); // closes triage
    await waitFor(() => !$(booking, '[part~="triage"]') && $$(booking, '.departments [part~="option"]').length === 2, 'departments again');
    await expectAccessible(booking, 'light · department step with the triage button');
  });

  it('goes back a step with the back button, keeping the choice', async () => {
    const { booking } = await mount();
    (await options(booking))[0]!.click();
    await waitFor(() => heading(booking) === '选择医生', 'doctor step');
    $(booking, '[part~="back-button"]')!.click();
    await waitFor(() => heading(booking) === '选择科室', 'department step');
    expect((await options(booking))[0]!.getAttribute('aria-current')).to.equal('true');
    expect($(booking, '[part~="back-button"]')).to.equal(null);
  });

  it('explains SLOT_TAKEN and refreshes the slot grid by itself', async () => {
    const { booking } = await mount();
    api.use(
      http.post('/api/appointments', () => {
        api.db.slots.find((s) => s.id === 'slot_a')!.available = 0; // someone else was faster
        return problem(409, 'SLOT_TAKEN');
      }),
    );
    const confirm = await clickThroughToConfirm(booking);
    const slotLoads = api.callsTo('GET', '/api/slots').length;
    confirm.click();
    await waitFor(() => $(booking, '[part~="notice"]'), 'notice');
    expect(heading(booking)).to.equal('选择时间');
    expect($(booking, '[part~="notice"]')!.getAttribute('role')).to.equal('alert');
    expect($(booking, '[part~="notice"]')!.textContent).to.contain('手慢了，该时段刚被约满').and.contain('时段列表已刷新');
    await waitFor(() => api.callsTo('GET', '/api/slots').length === slotLoads + 1, 'slots refetched');
    const grid = await slots(booking);
    await waitFor(() => grid[0]!.isConnected || $$(booking, '[part~="slot"]')[0]!.getAttribute('aria-disabled') === 'true', 'refreshed grid');
    expect($$(booking, '[part~="slot"]')[0]!.getAttribute('aria-disabled')).to.equal('true');
  });

  it('sends one Idempotency-Key for a double-click, and the same key when retrying', async () => {
    const { booking } = await mount();
    let failing = true;
    api.use(
      http.post('/api/appointments', async () => {
        await delay(50);
        if (failing) return problem(503, 'HIS_UNAVAILABLE');
        return undefined;
      }),
    );
    const confirm = await clickThroughToConfirm(booking);
    confirm.click();
    confirm.click(); // a double-click
    await waitFor(() => $(booking, '[part~="submit-error"]'), 'submit error', 8000);
    expect($(booking, '[part~="submit-error"]')!.textContent).to.contain('医院系统暂时无法连接');
    const firstTries = api.callsTo('POST', '/api/appointments');
    // The client retried a 503 by itself (same key); the double-click added nothing.
    expect(firstTries.length).to.equal(3);
    failing = false;
    const booked = oneEvent(booking, 'ih-booked');
    $(booking, '[part~="confirm-button"]')!.click();
    $(booking, '[part~="confirm-button"]')!.click();
    await booked;
    const all = api.callsTo('POST', '/api/appointments');
    expect(all.length).to.equal(4);
    expect(new Set(all.map((c) => c.headers.get('Idempotency-Key'))).size).to.equal(1);
    expect(all[0]!.headers.get('Idempotency-Key')).to.match(/^[A-Za-z0-9_-]{8,128}$/);
  });

  it('uses a fresh key for the next booking', async () => {
    const { booking } = await mount();
    (await clickThroughToConfirm(booking)).click();
    await waitFor(() => $(booking, '[part~="again-button"]'), 'done');
    $(booking, '[part~="again-button"]')!.click();
    (await clickThroughToConfirm(booking, 2)).click();
    await waitFor(() => api.callsTo('POST', '/api/appointments').length === 2, 'second booking');
    const [a, b] = api.callsTo('POST', '/api/appointments');
    expect(a!.headers.get('Idempotency-Key')).to.not.equal(b!.headers.get('Idempotency-Key'));
  });

  it('speaks English or Chinese, and switches live', async () => {
    const { provider, booking } = await mount({ locale: 'en' });
    await options(booking);
    expect(heading(booking)).to.equal('Choose a department');
    expect(text(booking)).to.contain('Cardiology').and.contain('Step 1 of 5');
    provider.locale = 'zh-CN';
    await provider.updateComplete;
    await booking.updateComplete;
    expect(heading(booking)).to.equal('选择科室');
    // The catalog is asked for again in the new language (the gateway answers zh-TW in Traditional characters).
    await waitFor(() => text(booking).includes('心血管内科'), 'the departments in Chinese');
    expect(text(booking)).to.contain('第 1 步，共 5 步');
    expect($(booking, '[part~="base"]')!.getAttribute('lang')).to.equal('zh-CN');
  });

  it('follows <html lang> when the provider has no locale', async () => {
    document.documentElement.lang = 'en-GB';
    const provider = await fixture<IhProvider>(html`<ih-provider token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    await options(booking);
    expect(heading(booking)).to.equal('Choose a department');
    document.documentElement.lang = 'zh-CN';
    await waitFor(() => heading(booking) === '选择科室', 'lang change');
  });

  it('lets the host override any string', async () => {
    const { provider, booking } = await mount();
    provider.strings = { 'booking.step.department': '请选择就诊科室', en: { 'booking.step.department': 'Pick a clinic' } };
    await provider.updateComplete;
    await booking.updateComplete;
    expect(heading(booking)).to.equal('请选择就诊科室');
    provider.locale = 'en';
    await provider.updateComplete;
    await booking.updateComplete;
    expect(heading(booking)).to.equal('Pick a clinic');
    booking.strings = { 'booking.step.department': 'Element wins' };
    await booking.updateComplete;
    expect(heading(booking)).to.equal('Element wins');
  });

  it('shows a localized error with a retry that works', async () => {
    let failing = true;
    api.use(http.get('/api/departments', () => (failing ? problem(503, 'HIS_UNAVAILABLE') : undefined)));
    const { booking } = await mount();
    await waitFor(() => $(booking, '[part~="error"]'), 'error state', 8000);
    expect($(booking, '[part~="error"]')!.textContent).to.contain('医院系统暂时无法连接，请稍后再试。');
    failing = false;
    $(booking, '[part~="retry-button"]')!.click();
    await booking.updateComplete;
    expect($(booking, '[part~="loading"]')!.getAttribute('aria-busy')).to.equal('true');
    expect((await options(booking)).length).to.equal(2);
  });

  it('shows an empty state with a hint when there are no slots in the next 14 days', async () => {
    api.db.slots = [];
    const { booking } = await mount({ locale: 'en', attrs: { department: 'dep_cardio' } });
    expect(heading(booking)).to.equal('Choose a doctor');
    (await options(booking))[0]!.click();
    await waitFor(() => $(booking, '[part~="empty"]'), 'empty state');
    expect($(booking, '[part~="empty"]')!.textContent).to.contain('No slots in the next 14 days').and.contain('Check back later');
    $(booking, '[part~="other-doctor-button"]')!.click();
    await waitFor(() => heading(booking) === 'Choose a doctor', 'back to doctors');
  });

  it('asks the user to sign in on 401, and loads once a token is set', async () => {
    api.use(http.get('/api/departments', ({ request }) => (request.headers.get('Authorization') ? undefined : problem(401, 'UNAUTHENTICATED')))); // a gateway whose schedule is not public
    const { provider, booking } = await mount({ token: null });
    await waitFor(() => $(booking, '[part~="sign-in"]'), 'sign-in state');
    expect($(booking, '[part~="sign-in"]')!.textContent).to.contain('请先登录');
    provider.token = TOKEN;
    expect((await options(booking)).length).to.equal(2);
  });

  it('signed out, shows the schedule; asks to sign in at the patient step, keeping the choice across the sign-in', async () => {
    const { provider, booking } = await mount({ token: null });
    expect((await options(booking)).length, 'the departments, signed out').to.equal(2);
    expect($(booking, '[part~="triage-button"]'), 'triage needs the patient\'s record').to.equal(null);
    (await options(booking))[0]!.click();
    await waitFor(() => heading(booking) === '选择医生', 'doctor step');
    (await options(booking))[0]!.click();
    const grid = await slots(booking);
    const time = grid[0]!.textContent!.match(/\d{2}:\d{2}/)![0];
    grid[0]!.click();
    const signIn = await waitFor(() => $<HTMLButtonElement>(booking, '[part~="sign-in-button"]'), 'the sign-in button');
    expect(text(booking)).to.contain('登录后接着预约：已选的科室、医生和时间不会丢失。');
    await expectAccessible(booking, 'signed out at the patient step');
    expect(api.calls.filter((c) => c.path === '/api/patients'), 'nothing of a patient asked for').to.deep.equal([]);

    const asked = oneEvent(booking, 'ih-sign-in-request');
    signIn.click();
    const event = await asked;
    expect(event.detail).to.deep.equal({ element: 'booking' });
    expect(event.bubbles && event.composed).to.equal(true);
    const kept = sessionStorage.getItem('ihkit.booking.resume')!;
    expect(JSON.parse(kept)).to.have.keys('departmentId', 'doctorId', 'date', 'slotId');
    expect(kept, 'ids only').to.not.match(/[\u4e00-\u9fff]/);

    // The identity provider's redirect brings a new page: a new element, signed in, goes on where the patient was.
    provider.remove();
    const page = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN}><ih-booking></ih-booking></ih-provider>`);
    const again = page.querySelector('ih-booking')!;
    await waitFor(() => $$(again, '.patients [part~="option"]').length, 'the patient step');
    expect(again.step).to.equal('patient');
    expect(sessionStorage.getItem('ihkit.booking.resume'), 'used once').to.equal(null);
    $$(again, '[part~="option"]')[0]!.click();
    await waitFor(() => $(again, '[part~="confirm-button"]'), 'confirm');
    expect(text(again), 'the time chosen before signing in').to.contain(time);
  });

  it('starts at the time step for a preset doctor', async () => {
    const { booking } = await mount({ attrs: { doctor: 'doc_wang' } });
    expect(heading(booking)).to.equal('选择时间');
    await slots(booking);
    expect($$(booking, '[part~="step"]')).to.have.length(3);
    expect($(booking, '[part~="back-button"]')).to.equal(null);
    await waitFor(() => text(booking).includes('王建国'), 'doctor name');
    expect($$(booking, '[part~="date"]')[1]!.getAttribute('aria-label')).to.contain('可预约');
  });
});

describe('<ih-booking> date strip', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  /** The time step of a preset doctor at this window width, once the strip is laid out. */
  async function timeStep(width: number) {
    await setViewport({ width, height: 844 });
    const { booking } = await mount({ attrs: { doctor: 'doc_wang' } });
    await slots(booking);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const strip = $(booking, '[part~="dates"]')!;
    const box = strip.getBoundingClientRect();
    const days = $$(booking, '[part~="date"]').map((d) => d.getBoundingClientRect());
    const style = getComputedStyle(strip);
    const mask = style.maskImage || style.getPropertyValue('-webkit-mask-image');
    return { booking, strip, box, days, fadesBefore: mask.startsWith('linear-gradient(to right, rgba(0, 0, 0, 0.15)'), fadesAfter: mask.endsWith('rgba(0, 0, 0, 0.15))') };
  }

  it('on a narrow screen shows that it scrolls: half of the next day at the edge, faded; wide, all 14 days', async () => {
    for (const width of [320, 360, 390, 414, 600]) {
      const { strip, box, days, fadesBefore, fadesAfter } = await timeStep(width);
      const cut = days.find((d) => d.left < box.right - 1 && d.right > box.right + 1);
      expect(!!cut, `${width} px: a day cut by the edge`).to.equal(true);
      const part = (box.right - cut!.left) / cut!.width;
      expect(part, `${width} px: how much of the next day shows`).to.be.within(0.3, 0.7);
      expect([fadesBefore, fadesAfter], `${width} px: the end with more days fades`).to.deep.equal([false, true]);
      strip.scrollLeft = strip.scrollWidth;
      await waitFor(() => strip.hasAttribute('data-more-before'), 'scrolled');
      const style = getComputedStyle(strip);
      const mask = style.maskImage || style.getPropertyValue('-webkit-mask-image');
      expect(mask.startsWith('linear-gradient(to right, rgba(0, 0, 0, 0.15)'), `${width} px: scrolled to the end, the start fades`).to.equal(true);
      expect(mask.endsWith('rgba(0, 0, 0, 0.15))'), `${width} px: and the end does not`).to.equal(false);
    }
    const wide = await timeStep(1280);
    expect(wide.days.every((d) => d.left >= wide.box.left && d.right <= wide.box.right), 'all 14 days in view').to.equal(true);
    expect([wide.fadesBefore, wide.fadesAfter]).to.deep.equal([false, false]);
  });

  it('scrolls the day it shows into view', async () => {
    const late = addDays(today, 10);
    api.db.slots = [{ ...api.db.slots[1]!, id: 'slot_late', start: `${late}T09:00:00+08:00`, end: `${late}T09:30:00+08:00` }];
    const { booking, box } = await timeStep(390);
    const selected = $(booking, '[part~="date-selected"]')!;
    expect(selected.getAttribute('aria-label')).to.contain('可预约');
    const day = selected.getBoundingClientRect();
    expect(day.left >= box.left && day.right <= box.right, 'the open day, eleventh in the strip, is in view').to.equal(true);
  });
});

describe('<ih-booking> with the registration fee paid online', () => {
  const pay = (booking: IhBooking) => waitFor(() => $<HTMLElement & { shadowRoot: ShadowRoot }>(booking, '[part~="pay"]')?.shadowRoot?.querySelector('[part~="base"]') ? $(booking, '[part~="pay"]')!.shadowRoot! : undefined, 'pay panel');
  const payText = (root: ShadowRoot) => root.textContent!.replace(/\s+/g, ' ');

  it('holds the place, counts down, pays in the sandbox and then says it is booked', async () => {
    api.db.holdMinutes = 15;
    const { booking } = await mount();
    (await clickThroughToConfirm(booking)).click();
    await waitFor(() => heading(booking) === '支付挂号费', 'pay step');
    const booked = api.db.appointments.at(-1)!;
    expect(booked.registration?.status).to.equal('held');
    // The booking is made: no step indicator entry, no way back, and the summary above the panel.
    expect($$(booking, '[part~="step"]').map((s) => s.textContent!.trim())).to.not.include('支付');
    expect($(booking, '[part~="back-button"]')).to.equal(null);
    expect($(booking, '[part~="summary"]')!.textContent).to.contain('王建国');
    const panel = await pay(booking);
    expect(payText(panel)).to.contain('挂号费').and.contain('¥50.00').and.contain('剩余支付时间');
    const timer = panel.querySelector('[part~="timer"]')!;
    expect(timer.getAttribute('role')).to.equal('timer');
    expect(timer.textContent).to.match(/^1[45]:\d\d$/);
    const live = panel.querySelector('[role="status"]')!;
    expect(live.textContent).to.equal('剩余支付时间约 15 分钟');
    // The seconds tick; what a screen reader hears does not.
    const first = timer.textContent;
    await waitFor(() => timer.textContent !== first, 'a tick');
    expect(live.textContent).to.equal('剩余支付时间约 15 分钟');
    await expectAccessible(booking, 'light · pay step');

    const paid = oneEvent(booking, 'ih-registration-paid');
    (panel.querySelector('[part~="pay-button"]') as HTMLElement).click();
    const sandbox = await waitFor(() => panel.querySelector<HTMLElement>('[part~="sandbox-pay-button"]'), 'sandbox checkout');
    expect(api.callsTo('POST', `/api/appointments/${booked.id}/payment`)[0]!.body).to.deep.equal({ provider: 'sandbox', channel: 'sandbox' });
    expect(sandbox.textContent).to.contain('确认支付 ¥50.00');
    await expectAccessible(booking, 'light · sandbox checkout');
    sandbox.click();
    expect((await paid).detail).to.deep.equal({ appointmentId: booked.id });
    await waitFor(() => heading(booking) === '预约成功', 'done step');
    expect(text(booking)).to.contain('已为张伟预约王建国的号');
  });

  it('inside WeChat, with the payer’s openid, pays the fee in WeChat’s own sheet', async () => {
    const ua = navigator.userAgent;
    const invoked: unknown[] = [];
    Object.defineProperty(navigator, 'userAgent', { value: `${ua} MicroMessenger/8.0.50`, configurable: true });
    (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge = {
      invoke(name: string, params: unknown, done: (r: { err_msg: string }) => void) {
        invoked.push({ name, params });
        const a = api.db.appointments.at(-1)!;
        a.registration = { ...a.registration!, status: 'paid' }; // WeChat took the money; the gateway heard of it
        done({ err_msg: 'get_brand_wcpay_request:ok' });
      },
    };
    try {
      api.db.holdMinutes = 15;
      api.db.paymentMethods = [{ provider: 'wechat', channel: 'h5' }, { provider: 'wechat', channel: 'jsapi' }];
      const { booking } = await mount();
      booking.wechatOpenId = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
      (await clickThroughToConfirm(booking)).click();
      const panel = await pay(booking);
      const paid = oneEvent(booking, 'ih-registration-paid');
      (await waitFor(() => panel.querySelector<HTMLElement>('[part~="pay-button"]'), 'pay button')).click();
      await paid;
      const booked = api.db.appointments.at(-1)!;
      expect(api.callsTo('POST', `/api/appointments/${booked.id}/payment`)[0]!.body).to.deep.equal({ provider: 'wechat', channel: 'jsapi', openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
      expect((invoked[0] as { params: { package: string } }).params.package).to.equal(`prepay_id=wx_pay_${booked.id}`);
      await waitFor(() => heading(booking) === '预约成功', 'done step');
    } finally {
      delete (navigator as { userAgent?: string }).userAgent;
      delete (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge;
    }
  });

  it('lets the hold lapse: the place is released, says so, and offers to book again', async () => {
    api.db.holdMinutes = 0.05; // 3 seconds
    const { booking } = await mount({ locale: 'en' });
    (await clickThroughToConfirm(booking)).click();
    const panel = await pay(booking);
    const lapsed = await waitFor(() => panel.querySelector<HTMLElement>('[part~="lapsed"]'), 'lapsed', 6000);
    expect(lapsed.getAttribute('role')).to.equal('alert');
    expect(lapsed.textContent).to.contain('The fee was not paid in time, so the place was released.');
    expect(panel.querySelector('[part~="pay-button"]')).to.equal(null);
    await expectAccessible(booking, 'light · hold lapsed');
    (panel.querySelector('[part~="again-button"]') as HTMLElement).click();
    await waitFor(() => heading(booking) === 'Choose a department', 'first step again');
  });

  it('a lapse found when paying (the gateway refuses the order) shows the same message, not the refusal', async () => {
    api.db.holdMinutes = 15;
    const { booking } = await mount({ locale: 'zh-TW' });
    (await clickThroughToConfirm(booking)).click();
    const panel = await pay(booking);
    const a = api.db.appointments.at(-1)!;
    a.status = 'cancelled';
    a.registration = { status: 'lapsed', amount: a.fee };
    (panel.querySelector('[part~="pay-button"]') as HTMLElement).click();
    await waitFor(() => panel.querySelector('[part~="lapsed"]'), 'lapsed');
    expect(payText(panel)).to.contain('未在規定時間內付款，名額已釋出。');
    expect(panel.querySelector('[part~="pay-error"]')).to.equal(null);
  });

  it('books a slot with a fee of zero at once, as without fees', async () => {
    api.db.holdMinutes = 15;
    for (const slot of api.db.slots) slot.fee = { amount: 0, currency: 'CNY' };
    const { booking } = await mount();
    (await clickThroughToConfirm(booking)).click();
    await waitFor(() => heading(booking) === '预约成功', 'done step');
    expect(api.db.appointments.at(-1)!.registration).to.equal(undefined);
  });
});

for (const theme of THEMES) {
  describe(`<ih-booking> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on a load error, with nothing to choose and no slots', async () => {
      await expectAccessibleLoadStates({
        api,
        theme,
        path: '/api/departments',
        mount: async (token) => (await mount({ theme, token })).booking,
        empty: () => (api.db.departments = []),
        toSignIn: async (el) => {
          (await options(el as IhBooking))[0]!.click();
          await waitFor(() => heading(el as IhBooking) === '选择医生', 'doctor step');
          (await options(el as IhBooking))[0]!.click();
          (await slots(el as IhBooking))[0]!.click();
        },
      });
      api.db.slots = [];
      const noSlots = await mount({ theme, attrs: { department: 'dep_cardio' } });
      (await options(noSlots.booking))[0]!.click();
      await waitFor(() => $(noSlots.booking, '[part~="other-doctor-button"]'), 'no slots');
      await expectAccessible(noSlots.booking, `${theme} · no slots in 14 days`);
    });

    it('has no axe violations at every step, with the slot-taken notice, a failed confirm and the done panel', async () => {
      let confirmAnswers = [problem(409, 'SLOT_TAKEN'), problem(422, 'VALIDATION_FAILED')];
      api.use(http.post('/api/appointments', () => confirmAnswers.shift()));
      const { booking } = await mount({ theme });
      await options(booking);
      await expectAccessible(booking, `${theme} · department step`);
      (await options(booking))[0]!.click();
      await waitFor(() => heading(booking) === '选择医生', 'doctor step');
      await options(booking);
      await expectAccessible(booking, `${theme} · doctor step`);
      $$(booking, '[part~="option"]')[0]!.click();
      await slots(booking);
      await expectAccessible(booking, `${theme} · time step`);
      $$(booking, '[part~="date"]')[2]!.click(); // a day without slots
      await waitFor(() => $(booking, '.no-slots'), 'day without slots');
      await expectAccessible(booking, `${theme} · time step, a day without slots`);
      $$(booking, '[part~="date"]')[1]!.click();
      (await slots(booking))[0]!.click();
      await waitFor(() => $$(booking, '.patients [part~="option"]').length, 'patients');
      await expectAccessible(booking, `${theme} · patient step`);
      $$(booking, '[part~="option"]')[0]!.click();
      await waitFor(() => $(booking, '[part~="confirm-button"]'), 'confirm');
      await expectAccessible(booking, `${theme} · confirm step`);

      $(booking, '[part~="confirm-button"]')!.click();
      await waitFor(() => $(booking, '[part~="notice"]'), 'slot taken');
      await slots(booking);
      await expectAccessible(booking, `${theme} · slot-taken notice`);
      $$(booking, '[part~="slot"]').find((s) => s.getAttribute('aria-disabled') === 'false')!.click();
      await waitFor(() => $$(booking, '.patients [part~="option"]').length, 'patients again');
      $$(booking, '[part~="option"]')[0]!.click();
      (await waitFor(() => $<HTMLElement>(booking, '[part~="confirm-button"]'), 'confirm again')).click();
      await waitFor(() => $(booking, '[part~="submit-error"]'), 'confirm failed');
      await expectAccessible(booking, `${theme} · confirm failed`);

      confirmAnswers = [];
      $(booking, '[part~="confirm-button"]')!.click();
      await waitFor(() => $(booking, '[part~="done"]'), 'done');
      await expectAccessible(booking, `${theme} · done`);
    });
  });
}
