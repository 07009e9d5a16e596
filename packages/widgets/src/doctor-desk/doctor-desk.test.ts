import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { MockApi, TOKEN, consultOf, messageOf, practitionerOf, waitFor, deepActive, http, problem } from '../../test/mock-api.js';
import type { CriticalAlert } from '@ihkit/core';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { alertsApi, potassium } from '../../test/critical-alerts-data.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, liveAnnouncements, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './doctor-desk.js';
import '../prescription-editor/prescription-editor.js';
import type { IhDoctorDesk } from './doctor-desk.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { formatWaiting } from './waiting-time.js';

const api = new MockApi();
before(() => api.start());
beforeEach(() => (api.role = 'doctor'));
afterEach(() => api.reset());
after(() => api.worker.stop());

async function mount(locale = 'zh-CN', theme: Theme = 'light', token = TOKEN) {
  const realtime = new FakeRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme} .realtimeFactory=${() => realtime}>
    <ih-doctor-desk><p slot="prescribing">rx</p></ih-doctor-desk>
  </ih-provider>`);
  const desk = provider.querySelector('ih-doctor-desk')!;
  await desk.updateComplete;
  return { provider, desk, realtime };
}

const $ = <E extends HTMLElement = HTMLElement>(el: IhDoctorDesk, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = (el: IhDoctorDesk, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const items = (el: IhDoctorDesk) => $$(el, '[part~="queue-item"]');

async function type(input: HTMLElement, value: string) {
  input.focus();
  await sendKeys({ type: value });
}

describe('<ih-doctor-desk>', () => {
  it('tells apart consults of the same patient and condition: when each was paid or accepted, and what the patient asked', async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    api.db.consults.push(
      consultOf({ id: 'con_1', paidAt: at(40), complaint: '最近早上血压偏高，150/95 左右' }),
      consultOf({ id: 'con_2', paidAt: at(5), complaint: '想问氨氯地平能不能减量' }),
      consultOf({ id: 'con_3', status: 'accepted', paidAt: at(90), acceptedAt: at(30), complaint: '头晕两天' }),
    );
    const { desk } = await mount();
    await waitFor(() => items(desk).length === 3, 'queue');
    const rows = items(desk).map(text);
    expect(new Set(rows).size, 'no two rows read the same').to.equal(3);
    const hm = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    const [first, second, third] = api.db.consults;
    expect(rows[0]).to.contain('张伟 · 原发性高血压').and.contain('男 · 40 岁').and.contain(`${hm(first!.paidAt!)} 支付`).and.contain('已等待 40分钟').and.contain('最近早上血压偏高');
    expect(rows[1]).to.contain(`${hm(second!.paidAt!)} 支付`).and.contain('想问氨氯地平能不能减量');
    expect(rows[2]).to.contain('医生已接诊').and.contain(`${hm(third!.acceptedAt!)} 接诊`).and.contain('头晕两天').and.not.contain('已等待');
    expect(rows[0]!.match(/张伟/g), 'the name once').to.have.length(1);
  });

  it('shows the waiting consults with their waiting time and refreshes when the queue changes', async () => {
    api.db.consults.push(
      consultOf({ paidAt: new Date(Date.now() - 75 * 60_000).toISOString() }),
      consultOf({ id: 'con_2', status: 'in_progress', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 8 }, guardian: { name: '张伟', relation: 'parent' } }),
      consultOf({ id: 'con_3', status: 'completed' }),
    );
    const { desk, realtime } = await mount();
    await waitFor(() => items(desk).length === 2, 'queue');
    expect(api.callsTo('GET', '/api/consults')[0]!.query.get('status')).to.equal('paid,accepted,in_progress');
    expect(text(items(desk)[0]!)).to.contain('张伟').and.contain('原发性高血压').and.contain('等待医生接诊');
    expect(text($(desk, '[part~="waited"]'))).to.equal('已等待 1小时 15分钟'.replace('1小时 15分钟', formatWaiting(75, 'zh-CN')));
    expect(text(items(desk)[1]!)).to.contain('问诊中');

    await waitFor(() => realtime.queueListeners === 1, 'queue subscription');
    api.db.consults.push(consultOf({ id: 'con_4', patient: { id: 'pat_x', name: '李雷', gender: 'male', age: 30 } }));
    realtime.queueChanged();
    await waitFor(() => items(desk).length === 3, 'live queue');
    expect(text(items(desk)[2]!)).to.contain('李雷');
    // No skeleton while refreshing live.
    expect($(desk, '[part~="loading"]')).to.not.exist;
  });

  it('accepts, chats, validates the record and completes the consult', async () => {
    api.db.consults.push(consultOf());
    const { desk, realtime } = await mount();
    await waitFor(() => items(desk).length, 'queue');
    items(desk)[0]!.click();
    await waitFor(() => $(desk, '[part~="accept-button"]'), 'consult view');
    expect(deepActive()).to.equal($(desk, '[part~="heading"]'));
    expect(text($(desk, '[part~="complaint"]'))).to.equal('血压控制得不太好');
    await waitFor(() => text($(desk, '[part~="history"]')).includes('原发性高血压 (I10)'), 'history');
    expect(text($(desk, '[part~="chat-note"]'))).to.equal('接诊后即可与患者对话。');
    expect(desk.shadowRoot!.querySelector('slot[name="prescribing"]')).to.exist;
    expect(desk.shadowRoot!.querySelector('slot[name="video"]')).to.exist;

    const accepted = oneEvent(desk, 'ih-consult-accepted');
    $(desk, '[part~="accept-button"]')!.click();
    expect((await accepted).detail).to.deep.equal({ consultId: 'con_1' });
    await waitFor(() => text($(desk, '[part~="status"]')) === '医生已接诊', 'accepted');
    expect($(desk, '[part~="record-form"]')).to.not.exist;

    // The first message starts the consult; the gateway says the consult changed.
    const input = await waitFor(() => $(desk, '[part~="message-input"]'), 'composer');
    await type(input, '您好，最近血压多少？');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => text($(desk, '[part~="messages"]')).includes('您好，最近血压多少？'), 'sent');
    realtime.changed('con_1');
    await waitFor(() => $(desk, '[part~="record-form"]'), 'record form');
    expect(text($(desk, '[part~="status"]'))).to.equal('问诊中');

    // All three fields are required.
    $(desk, '[part~="complete-button"]')!.click();
    await waitFor(() => $$(desk, '[part~="field-error"]').length === 3, 'errors');
    expect($$(desk, '[part~="field-error"]').map(text)).to.deep.equal(['请填写主诉。', '请填写诊断。', '请填写医嘱。']);
    expect(deepActive()).to.equal($(desk, '#record-complaint'));
    expect(api.callsTo('POST', '/api/consults/con_1/complete')).to.have.length(0);

    await type($(desk, '#record-complaint')!, '血压偏高');
    await type($(desk, '#record-diagnosis')!, '高血压 2 级');
    await waitFor(() => $$(desk, '[part~="field-error"]').length === 1, 'one error left');
    expect(text($(desk, '[part~="field-error"]'))).to.equal('请填写医嘱。');
    await type($(desk, '#record-advice')!, '低盐饮食');
    const completed = oneEvent(desk, 'ih-consult-completed');
    $(desk, '[part~="complete-button"]')!.click();
    expect((await completed).detail).to.deep.equal({ consultId: 'con_1' });
    await waitFor(() => text($(desk, '[part~="message"]')) === '问诊已完成。', 'completed');
    expect(await waitFor(() => api.callsTo('POST', '/api/consults/con_1/complete')[0]?.body, 'body')).to.deep.equal({
      complaint: '血压偏高',
      diagnosis: '高血压 2 级',
      advice: '低盐饮食',
    });
    expect($(desk, '[part~="record-form"]')).to.not.exist;
    expect($(desk, '[part~="message-input"]')).to.not.exist;
  });

  it('says plainly why a doctor whose internet-practice permission ended cannot accept: the reason and the date, in place of the accept button', async () => {
    api.db.practitioner = practitionerOf({ standing: 'expired', practitioner: { ...practitionerOf().practitioner!, permission: { from: '2024-03-01', until: '2026-01-31' } } });
    api.db.consults.push(consultOf());
    const { desk } = await mount();
    await waitFor(() => $(desk, '[part~="practitioner-notice"]'), 'notice over the queue');
    expect(text($(desk, '[part~="practitioner-notice"]'))).to.contain('您暂不能在线接诊').and.contain('您的互联网诊疗权限已于2026年1月31日到期。').and.contain('不能接诊、发起视频或开具处方');
    items(desk)[0]!.click();
    await waitFor(() => $(desk, '[part~="complaint"]'), 'consult view');
    expect($(desk, '[part~="accept-button"]'), 'nothing to press that would only be refused').to.not.exist;
    expect($(desk, '[part~="practitioner-notice"]')).to.exist;
    expect(api.callsTo('POST', '/api/consults/con_1/accept')).to.have.length(0);
  });

  it('reads why when an accept is refused for who the doctor is (the permission withdrawn meanwhile), instead of a generic error', async () => {
    api.db.consults.push(consultOf());
    api.use(http.post('/api/consults/:id/accept', () => problem(403, 'PRACTITIONER_NOT_PERMITTED')));
    const { desk } = await mount('en');
    await waitFor(() => items(desk).length === 1, 'queue');
    expect($(desk, '[part~="practitioner-notice"]'), 'permitted when the desk opened').to.not.exist;
    items(desk)[0]!.click();
    await waitFor(() => $(desk, '[part~="accept-button"]'), 'consult view');
    api.db.practitioner = practitionerOf({ standing: 'no_permission', practitioner: { ...practitionerOf().practitioner!, permission: undefined } });
    $(desk, '[part~="accept-button"]')!.click();
    await waitFor(() => $(desk, '[part~="practitioner-notice"]'), 'notice after the refusal');
    expect(text($(desk, '[part~="practitioner-notice"]'))).to.contain('You cannot take online consults for now').and.contain('You do not hold the hospital’s internet-practice permission.');
    expect($(desk, '[part~="action-error"]'), 'no second, generic message').to.not.exist;
    expect($(desk, '[part~="accept-button"]')).to.not.exist;
    expect(api.callsTo('GET', '/api/me/practitioner')).to.have.length(2);
  });

  it('refers to an in-person visit only with a reason', async () => {
    api.db.consults.push(consultOf({ status: 'in_progress' }));
    const { desk } = await mount('en');
    await waitFor(() => items(desk).length, 'queue');
    items(desk)[0]!.click();
    (await waitFor(() => $(desk, '[part~="refer-button"]'), 'refer button')).click();
    const reason = await waitFor(() => $(desk, '[part~="refer-input"]'), 'refer form');
    await waitFor(() => deepActive() === reason, 'focus on the reason');
    $(desk, '[part~="refer-submit-button"]')!.click();
    await waitFor(() => $(desk, '[part~="refer-form"] [part~="field-error"]'), 'reason required');
    expect(text($(desk, '[part~="refer-form"] [part~="field-error"]'))).to.equal('Please give the reason for the in-person visit.');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(api.callsTo('POST', '/api/consults/con_1/refer')).to.have.length(0);

    // Cancelling the form by keyboard puts focus back on the button that opened it.
    $(desk, '[part~="refer-cancel-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepActive() === $(desk, '[part~="refer-button"]'), 'focus back on refer');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepActive() === $(desk, '[part~="refer-input"]'), 'focus on the reason again');

    await type($(desk, '[part~="refer-input"]')!, 'New chest pain: needs an ECG');
    const referred = oneEvent(desk, 'ih-consult-referred');
    $(desk, '[part~="refer-submit-button"]')!.click();
    expect((await referred).detail).to.deep.equal({ consultId: 'con_1' });
    await waitFor(() => text($(desk, '[part~="status"]')) === 'In-person visit needed', 'referred');
    expect(await waitFor(() => api.callsTo('POST', '/api/consults/con_1/refer')[0]?.body, 'body')).to.deep.equal({ reason: 'New chest pain: needs an ECG' });
  });
});

describe('<ih-doctor-desk> with <ih-prescription-editor>', () => {
  it('sets the open consult on the prescribing slot\'s elements and clears it back in the queue', async () => {
    api.db.consults.push(consultOf({ status: 'in_progress' }));
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} .realtimeFactory=${() => new FakeRealtime()}>
      <ih-doctor-desk><ih-prescription-editor slot="prescribing"></ih-prescription-editor></ih-doctor-desk>
    </ih-provider>`);
    const desk = provider.querySelector('ih-doctor-desk')!;
    const editor = provider.querySelector('ih-prescription-editor')!;
    await waitFor(() => items(desk).length, 'queue');
    expect(editor.consultId).to.equal(undefined);
    items(desk)[0]!.click();
    await waitFor(() => editor.consultId === 'con_1', 'consult id set');
    await waitFor(() => editor.shadowRoot!.querySelector('[part~="search-input"]'), 'editor ready');
    expect(editor.assignedSlot?.name).to.equal('prescribing');
    $(desk, '[part~="back-button"]')!.click();
    await waitFor(() => editor.consultId === undefined, 'consult id cleared');
  });
});

describe('<ih-doctor-desk> critical results', () => {
  it('shows a critical result the moment it is raised, announces it, and keeps who acknowledged it', async () => {
    const alerts: CriticalAlert[] = [];
    alertsApi(api, alerts);
    const { desk, realtime } = await mount();
    await waitFor(() => realtime.alertListeners === 1, 'alert subscription');
    await waitFor(() => api.callsTo('GET', '/api/critical-alerts').length >= 1, 'first load');
    expect($(desk, '[part~="alerts"]')).to.not.exist;
    const status = $(desk, '[role="status"][aria-live="assertive"]')!;
    expect(status).to.exist;
    expect(text(status)).to.equal('');

    alerts.push({ id: 'alert_1', reportId: 'lab_1', patientId: 'pat_1', patientName: '张伟', reportTitle: '电解质', observations: [potassium], raisedAt: new Date().toISOString() });
    realtime.criticalAlert('alert_1');
    await waitFor(() => $$(desk, '[part~="alert-item"]').length === 1, 'alert shown');
    expect(text(status)).to.equal('新的危急值：张伟 · 电解质 · 钾 6.9 mmol/L 危急偏高');
    const panel = $(desk, '[part~="alerts"]')!;
    expect(text(panel)).to.contain('1 条危急值待确认').and.contain('张伟 · 电解质').and.contain('钾 6.9 mmol/L ↑↑ 危急偏高').and.contain('(3.5–5.3)');

    $(desk, '[part~="alert-acknowledge-button"]')!.click();
    await waitFor(() => $(desk, '[part~="alert-acknowledged"]'), 'acknowledged');
    expect(text($(desk, '[part~="alert-acknowledged"]'))).to.match(/^周敏已于 \d{2}:\d{2} 确认$/);
    expect(api.callsTo('POST', '/api/critical-alerts/alert_1/acknowledge')).to.have.length(1);
    expect(text($(desk, '[part~="alerts"]'))).to.contain('0 条危急值待确认');
    await waitFor(() => deepActive()?.classList.contains('alerts-heading'), 'focus moved to the panel');
    // A reconnect (no id) reloads; nothing new is announced; the acknowledged one stays until hidden.
    realtime.criticalAlert();
    await waitFor(() => api.callsTo('GET', '/api/critical-alerts').length >= 3, 'reloaded');
    expect(text(status)).to.equal('新的危急值：张伟 · 电解质 · 钾 6.9 mmol/L 危急偏高');
    expect($$(desk, '[part~="alert-item"]')).to.have.length(1);
    $(desk, '[part~="alerts-clear-button"]')!.click();
    await waitFor(() => !$(desk, '[part~="alerts"]'), 'hidden');
  });

  it('shows the alerts above an open consult too, and says when acknowledging fails', async () => {
    api.db.consults.push(consultOf());
    alertsApi(api, [{ id: 'alert_2', reportId: 'lab_2', patientId: 'pat_9', reportTitle: 'Electrolytes', observations: [potassium], raisedAt: new Date().toISOString() }], { failAck: true });
    const { desk } = await mount('en');
    await waitFor(() => items(desk).length, 'queue');
    items(desk)[0]!.click();
    await waitFor(() => $(desk, '[part~="accept-button"]'), 'consult view');
    await waitFor(() => $$(desk, '[part~="alert-item"]').length === 1, 'alert above the consult');
    expect(text($(desk, '[part~="alert-item"]'))).to.contain('Patient · Electrolytes').and.contain('Potassium 6.9 mmol/L ↑↑ Critically high');
    $(desk, '[part~="alert-acknowledge-button"]')!.click();
    await waitFor(() => text($(desk, '[part~="alerts"] [role="alert"]')).length > 0, 'error shown');
    expect(text($(desk, '[part~="alerts"] [role="alert"]'))).to.contain('hospital system');
    expect($(desk, '[part~="alert-acknowledge-button"]')).to.exist;
  });
});

describe('<ih-doctor-desk> critical results feed', () => {
  it('says when the alerts cannot be loaded, and shows them once they can', async () => {
    let failing = true;
    api.use(http.get('/api/critical-alerts', () => (failing ? problem(503, 'LIS_UNAVAILABLE') : undefined)));
    const { desk, realtime } = await mount();
    await waitFor(() => $(desk, '[part~="alerts"] [role="alert"]'), 'error shown');
    expect(text($(desk, '[part~="alerts"]'))).to.contain('危急值提醒加载失败：检验系统暂时无法连接');
    failing = false;
    realtime.criticalAlert();
    await waitFor(() => !$(desk, '[part~="alerts"]'), 'no alerts, no error');
  });
});

/** The two screens the alerts must work on: a phone and a desktop. */
const SCREENS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

/** Whether `el` lies wholly inside the window, and its box. */
function onScreen(el: Element | null | undefined): DOMRect | undefined {
  const r = el?.getBoundingClientRect();
  return r && r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth ? r : undefined;
}
const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
/** A real click where the button is on screen (focus moves as it does for a doctor's click). */
async function clickOnScreen(el: HTMLElement) {
  const r = el.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
}

const alertOf = (id: string, patientName: string, minutesAgo: number, over: Partial<CriticalAlert> = {}): CriticalAlert => ({
  id, reportId: `lab_${id}`, patientId: `pat_${id}`, patientName, reportTitle: '电解质', observations: [potassium], raisedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), ...over,
});

/**
 * A stand-in for the browser's AudioContext that records the notes it is asked to play;
 * `blocked`: the browser does not allow audio yet (suspended, and resuming never finishes).
 */
function fakeAudio(blocked = false) {
  const played: number[] = [];
  let made = 0;
  class FakeAudioContext {
    state = blocked ? 'suspended' : 'running';
    currentTime = 0;
    destination = {};
    constructor() {
      made++;
    }
    resume() {
      return new Promise(() => undefined);
    }
    createGain() {
      return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (next: unknown) => next };
    }
    createOscillator() {
      const osc = { type: '', frequency: { value: 0 }, connect: (next: unknown) => next, start: () => played.push(osc.frequency.value), stop() {} };
      return osc;
    }
  }
  const real = window.AudioContext;
  (window as unknown as { AudioContext: unknown }).AudioContext = FakeAudioContext;
  return { played, made: () => made, restore: () => ((window as unknown as { AudioContext: unknown }).AudioContext = real) };
}

describe('<ih-doctor-desk> critical results on screen', () => {
  const ownTitle = document.title;
  const pageTitle = '城东人民医院 · 医护工作台';
  let audio: ReturnType<typeof fakeAudio> | undefined;
  beforeEach(() => {
    window.scrollTo(0, 0);
    document.title = pageTitle;
  });
  afterEach(async () => {
    audio?.restore();
    audio = undefined;
    document.title = ownTitle;
    await setViewport({ width: 800, height: 600 });
  });

  for (const screen of SCREENS) {
    it(`keeps the panel bounded at ${screen.name} size: the newest alerts with value, range, time and 已知悉 in the first screen, the rest behind "N more"`, async () => {
      await setViewport(screen);
      alertsApi(api, [
        alertOf('alert_a', '李雷', 50),
        alertOf('alert_b', '韩梅梅', 40, { observations: [{ ...potassium, code: '718-7', name: '血红蛋白', value: '52', numeric: 52, unit: 'g/L', referenceRange: { low: 130, high: 175 }, interpretation: 'LL' }] }),
        alertOf('alert_c', '张伟', 5),
        alertOf('alert_d', '王芳', 30),
        alertOf('alert_e', '赵强', 20),
      ]);
      const { desk } = await mount();
      await waitFor(() => $$(desk, '[part~="alert-item"]').length === 3, 'three alerts shown');
      // Newest first; the other two behind "N more".
      expect($$(desk, '[part~="alert-item"]').map((i) => text(i).split(' · ')[0])).to.deep.equal(['张伟', '赵强', '王芳']);
      const more = $(desk, '[part~="alerts-more-button"]')!;
      expect(text(more)).to.equal('还有 2 条，展开');
      expect(more.getAttribute('aria-expanded')).to.equal('false');
      // The whole panel is on the first screen, and the newest alert has all a doctor needs.
      expect(onScreen($(desk, '[part~="alerts"]')), 'the panel is on the first screen').to.exist;
      const newest = $(desk, '[part~="alert-item"]')!;
      expect(text(newest)).to.match(/^张伟 · 电解质 · \d+\/\d+ \d\d:\d\d 报告 钾 6\.9 mmol\/L ↑↑ 危急偏高 \(3\.5–5\.3\) 已知悉$/);
      expect(onScreen(newest.querySelector('[part~="alert-acknowledge-button"]'))).to.exist;
      // The icon is the size of the text next to it, not of the screen.
      const icon = $(desk, '.alerts-heading svg')!.getBoundingClientRect();
      expect(icon.width).to.be.within(12, 32);
      expect(icon.height).to.be.within(12, 32);
      // No banner: the alert is right there.
      expect($(desk, '[part~="alert-banner"]')!.hidden).to.equal(true);

      more.click();
      await waitFor(() => $$(desk, '[part~="alert-item"]').length === 5, 'all five');
      expect($$(desk, '[part~="alert-item"]').map((i) => text(i).split(' · ')[0])).to.deep.equal(['张伟', '赵强', '王芳', '韩梅梅', '李雷']);
      expect(text(more)).to.equal('收起');
      expect(more.getAttribute('aria-expanded')).to.equal('true');
      expect(text($$(desk, '[part~="alert-item"]')[3]!)).to.contain('血红蛋白 52 g/L ↓↓ 危急偏低').and.contain('(130–175)');
      more.click();
      await waitFor(() => $$(desk, '[part~="alert-item"]').length === 3, 'three again');
    });

    it(`holds a banner on screen when a critical value arrives while the doctor types in a consult at ${screen.name} size, with the title and a tone`, async () => {
      await setViewport(screen);
      audio = fakeAudio();
      const alerts: CriticalAlert[] = [];
      alertsApi(api, alerts);
      api.db.consults.push(consultOf({ status: 'in_progress', lastSeq: 12 }));
      api.db.messages.con_1 = Array.from({ length: 12 }, (_, i) => messageOf('con_1', i + 1, { sender: i % 2 ? 'doctor' : 'patient', text: `第 ${i + 1} 条消息` }));
      const realtime = new FakeRealtime();
      // A consult as long as a real one: a conversation, the prescription editor below the record form.
      const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} .realtimeFactory=${() => realtime}>
        <ih-doctor-desk alert-sound><div slot="prescribing" style="height: 1400px">rx</div></ih-doctor-desk>
      </ih-provider>`);
      const desk = provider.querySelector('ih-doctor-desk')!;
      await waitFor(() => items(desk).length, 'queue');
      items(desk)[0]!.click();
      const input = await waitFor(() => $(desk, '[part~="message-input"]'), 'composer');
      await waitFor(() => realtime.alertListeners === 1, 'alert subscription');
      // Scrolled down to the conversation, typing.
      await waitFor(() => text($(desk, '[part~="messages"]')).includes('第 12 条消息'), 'the conversation');
      $(desk, '[part~="conversation"]')!.scrollIntoView({ block: 'start' });
      const send = $(desk, '[part~="send-button"]')!;
      await type(input, '血压');
      expect(onScreen(send), 'the send button is on screen').to.exist;

      alerts.push(alertOf('alert_1', '张伟', 0));
      realtime.criticalAlert('alert_1');
      const banner = await waitFor(() => onScreen($(desk, '[part~="alert-banner"]:not([hidden])')) && $(desk, '[part~="alert-banner"]'), 'the banner on screen');
      expect(text(banner)).to.equal('危急值 张伟 · 钾 6.9 mmol/L ↑↑ 危急偏高 查看全部 已知悉');
      expect(onScreen($(desk, '[part~="alert-banner-acknowledge-button"]'))).to.exist;
      // The panel itself is off screen, at the top of the desk; the banner hides neither the
      // composer's send button nor the text being typed, and focus stays where the doctor types.
      expect(onScreen($(desk, '[part~="alert-item"]'))).to.equal(undefined);
      expect(onScreen(send), 'the send button is still on screen').to.exist;
      expect(overlaps(banner.getBoundingClientRect(), send.getBoundingClientRect())).to.equal(false);
      expect(overlaps(banner.getBoundingClientRect(), input.getBoundingClientRect())).to.equal(false);
      expect(deepActive()).to.equal(input);
      await sendKeys({ type: '偏高' });
      expect((input as HTMLTextAreaElement).value).to.equal('血压偏高');
      // The page title says so, and the tone played once.
      expect(document.title).to.equal(`(1) 危急值 · ${pageTitle}`);
      expect(audio.played).to.deep.equal([880, 660]);

      // A second one: the banner names the newest and counts the other; the title counts both.
      alerts.push(alertOf('alert_2', '李雷', 0, { raisedAt: new Date(Date.now() + 1000).toISOString() }));
      realtime.criticalAlert('alert_2');
      await waitFor(() => text($(desk, '[part~="alert-banner"]')).includes('李雷'), 'the newest in the banner');
      expect(text($(desk, '[part~="alert-banner-more"]'))).to.equal('另有 1 条待确认');
      expect(document.title).to.equal(`(2) 危急值 · ${pageTitle}`);
      expect(audio.played).to.deep.equal([880, 660, 880, 660]);
      // A reconnect reloads: no tone for alerts already heard.
      realtime.criticalAlert();
      await waitFor(() => api.callsTo('GET', '/api/critical-alerts').length >= 4, 'reloaded');
      expect(audio.played).to.have.length(4);
      // The page changes its own title: the count stays in front of the new one.
      document.title = '医护工作台 · 周敏';
      await waitFor(() => document.title === '(2) 危急值 · 医护工作台 · 周敏', 'the count before the new title');

      // 已知悉 in the banner: it goes on to the other alert, then focus goes back to the composer.
      await clickOnScreen($(desk, '[part~="alert-banner-acknowledge-button"]')!);
      await waitFor(() => text($(desk, '[part~="alert-banner"]')).includes('张伟'), 'the other alert in the banner');
      expect(api.callsTo('POST', '/api/critical-alerts/alert_2/acknowledge')).to.have.length(1);
      expect(deepActive()).to.equal($(desk, '[part~="alert-banner-acknowledge-button"]'));
      expect(document.title).to.equal('(1) 危急值 · 医护工作台 · 周敏');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => !$(desk, '[part~="alert-banner"]'), 'no banner once all are acknowledged');
      expect(deepActive()).to.equal(input);
      expect(onScreen(send), 'the doctor is where they were').to.exist;
      expect(document.title).to.equal('医护工作台 · 周敏');
    });
  }

  for (const theme of THEMES) it(`takes the doctor from the banner to the panel, and hides the banner while the panel is in view (${theme} theme)`, async () => {
    await setViewport({ width: 390, height: 844 });
    alertsApi(api, [alertOf('alert_1', '张伟', 1)]);
    api.db.consults.push(consultOf({ status: 'in_progress' }));
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="en" token=${TOKEN} theme=${theme} .realtimeFactory=${() => new FakeRealtime()}>
      <ih-doctor-desk><div slot="prescribing" style="height: 1400px">rx</div></ih-doctor-desk>
    </ih-provider>`);
    const desk = provider.querySelector('ih-doctor-desk')!;
    await waitFor(() => items(desk).length, 'queue');
    items(desk)[0]!.click();
    await waitFor(() => $(desk, '[part~="message-input"]'), 'composer');
    await waitFor(() => $(desk, '[part~="alert-item"]'), 'the alert');
    expect($(desk, '[part~="alert-banner"]')!.hidden, 'no banner at the top of the desk').to.equal(true);
    $(desk, '[part~="conversation"]')!.scrollIntoView({ block: 'start' });
    const banner = await waitFor(() => onScreen($(desk, '[part~="alert-banner"]:not([hidden])')) && $(desk, '[part~="alert-banner"]'), 'the banner');
    expect(text(banner)).to.equal('Critical result 张伟 · Potassium 6.9 mmol/L ↑↑ Critically high View all Acknowledge');
    await expectAccessible(desk, `${theme} · the banner over a consult`);
    $(desk, '[part~="alert-banner-view-button"]')!.click();
    await waitFor(() => onScreen($(desk, '[part~="alert-item"]')), 'the panel on screen');
    expect(deepActive()).to.equal($(desk, '.alerts-heading'));
    await waitFor(() => $(desk, '[part~="alert-banner"]')!.hidden, 'the banner gone while the panel shows the alert');
  });

  it('leaves the title alone with keep-title, plays nothing without alert-sound, and stays silent where the browser blocks audio', async () => {
    audio = fakeAudio(true);
    const alerts: CriticalAlert[] = [];
    alertsApi(api, alerts);
    const realtime = new FakeRealtime();
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} .realtimeFactory=${() => realtime}>
      <ih-doctor-desk keep-title></ih-doctor-desk>
      <ih-doctor-desk alert-sound keep-title></ih-doctor-desk>
    </ih-provider>`);
    const [quiet, blocked] = [...provider.querySelectorAll('ih-doctor-desk')];
    await waitFor(() => realtime.alertListeners === 2, 'both subscribed');
    alerts.push(alertOf('alert_1', '张伟', 0));
    realtime.criticalAlert('alert_1');
    await waitFor(() => $(quiet!, '[part~="alert-item"]') && $(blocked!, '[part~="alert-item"]'), 'both show it');
    await new Promise((r) => setTimeout(r, 50));
    expect(document.title).to.equal(pageTitle);
    // One desk asked for a tone (the other never made an AudioContext); the browser held it back.
    expect(audio.made()).to.equal(1);
    expect(audio.played).to.deep.equal([]);
  });
});

for (const theme of THEMES) {
  describe(`<ih-doctor-desk> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on a load error and with an empty queue', async () => {
      await expectAccessibleLoadStates({ api, theme, path: '/api/consults', mount: async (token) => (await mount('zh-CN', theme, token)).desk, empty: () => (api.db.consults = []) });
    });

    it('has no axe violations through the queue, accepting, chatting, the record with its errors, referring and done', async () => {
      api.db.consults.push(
        consultOf({ paidAt: new Date(Date.now() - 10 * 60_000).toISOString() }),
        consultOf({ id: 'con_2', status: 'in_progress', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 8 }, guardian: { name: '张伟', relation: 'parent' } }),
      );
      const { desk, realtime } = await mount('zh-CN', theme);
      await waitFor(() => items(desk).length === 2, 'queue');
      await expectAccessible(desk, `${theme} · queue`);
      items(desk)[0]!.click();
      await waitFor(() => $(desk, '[part~="accept-button"]') && text($(desk, '[part~="history"]')).includes('I10'), 'consult view with history');
      await expectAccessible(desk, `${theme} · a paid consult with history`);
      $(desk, '[part~="accept-button"]')!.click();
      const input = await waitFor(() => $(desk, '[part~="message-input"]'), 'composer');
      await expectAccessible(desk, `${theme} · accepted, composer`);
      await type(input, '您好');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => text($(desk, '[part~="messages"]')).includes('您好'), 'sent');
      realtime.changed('con_1');
      await waitFor(() => $(desk, '[part~="record-form"]'), 'record form');
      await expectAccessible(desk, `${theme} · in progress with the record form`);
      $(desk, '[part~="complete-button"]')!.click();
      await waitFor(() => $$(desk, '[part~="field-error"]').length === 3, 'errors');
      await expectAccessible(desk, `${theme} · record fields required`);
      $(desk, '[part~="refer-button"]')!.click();
      await waitFor(() => $(desk, '[part~="refer-input"]'), 'refer form');
      $(desk, '[part~="refer-submit-button"]')!.click();
      await waitFor(() => $(desk, '[part~="refer-form"] [part~="field-error"]'), 'reason required');
      await expectAccessible(desk, `${theme} · referral reason required`);
      await type($(desk, '[part~="refer-input"]')!, '需要做心电图');
      $(desk, '[part~="refer-submit-button"]')!.click();
      await waitFor(() => text($(desk, '[part~="message"]')).length > 0, 'referred');
      await expectAccessible(desk, `${theme} · referred, with the message`);

      $(desk, '[part~="back-button"]')!.click();
      await waitFor(() => items(desk).length, 'queue again');
      items(desk).find((i) => text(i).includes('张小宝'))!.click();
      await waitFor(() => $(desk, '[part~="record-form"]'), 'in progress consult');
      await type($(desk, '#record-complaint')!, '咳嗽');
      await type($(desk, '#record-diagnosis')!, '上呼吸道感染');
      await type($(desk, '#record-advice')!, '多喝水');
      $(desk, '[part~="complete-button"]')!.click();
      await waitFor(() => text($(desk, '[part~="message"]')) === '问诊已完成。', 'completed');
      await expectAccessible(desk, `${theme} · completed, with the message`);
    });

    it('has no axe violations with critical alerts: open, one acknowledged, a failed acknowledgement, a failed load', async () => {
      // The newest alert comes first: alert_1 was raised a minute after alert_2.
      const now = Date.now();
      const alerts: CriticalAlert[] = [
        { id: 'alert_1', reportId: 'lab_1', patientId: 'pat_1', patientName: '张伟', reportTitle: '电解质', observations: [potassium], raisedAt: new Date(now).toISOString() },
        { id: 'alert_2', reportId: 'lab_2', patientId: 'pat_2', reportTitle: '血常规', observations: [{ ...potassium, code: '718-7', name: '血红蛋白', value: '52', numeric: 52, unit: 'g/L', referenceRange: { low: 130, high: 175 }, interpretation: 'LL' }], raisedAt: new Date(now - 60_000).toISOString() },
      ];
      let failAck = false;
      alertsApi(api, alerts);
      api.use(http.post('/api/critical-alerts/:id/acknowledge', () => (failAck ? problem(503, 'HIS_UNAVAILABLE') : undefined)));
      const { desk, realtime } = await mount('zh-CN', theme);
      await waitFor(() => $$(desk, '[part~="alert-item"]').length === 2, 'alerts');
      // Two "Acknowledge" buttons: each is described by its own alert.
      const described = $$(desk, '[part~="alert-acknowledge-button"]').map((b) => text(desk.shadowRoot!.getElementById(b.getAttribute('aria-describedby')!)));
      expect(described.map((d) => d.split(' · ').slice(0, 2).join(' · '))).to.deep.equal(['张伟 · 电解质', '患者 · 血常规']);
      await expectAccessible(desk, `${theme} · two open alerts`);
      $(desk, '[part~="alert-acknowledge-button"]')!.click();
      await waitFor(() => $(desk, '[part~="alert-acknowledged"]'), 'acknowledged');
      await expectAccessible(desk, `${theme} · one acknowledged`);
      failAck = true;
      $(desk, '[part~="alert-acknowledge-button"]')!.click();
      await waitFor(() => $(desk, '[part~="alerts"] [role="alert"]'), 'acknowledging failed', 8000);
      await expectAccessible(desk, `${theme} · acknowledging failed`);

      api.use(http.get('/api/critical-alerts', () => problem(503, 'LIS_UNAVAILABLE')));
      realtime.criticalAlert();
      await waitFor(() => text($(desk, '[part~="alerts"] [role="alert"]')).includes('危急值提醒加载失败'), 'load failed', 8000);
      await expectAccessible(desk, `${theme} · alerts could not be loaded`);
    });
  });
}

describe('<ih-doctor-desk> live regions', () => {
  it('announces each new critical alert once: not again on a reload, a reconnect or an acknowledgement', async () => {
    const alerts: CriticalAlert[] = [];
    alertsApi(api, alerts);
    const { desk, realtime } = await mount();
    await waitFor(() => realtime.alertListeners === 1, 'alert subscription');
    const region = $(desk, '[role="status"][aria-live="assertive"]')!;
    const live = liveAnnouncements(region);
    const raise = (id: string, reportTitle: string) => {
      alerts.push({ id, reportId: `lab_${id}`, patientId: 'pat_1', patientName: '张伟', reportTitle, observations: [potassium], raisedAt: new Date().toISOString() });
      realtime.criticalAlert(id);
    };
    raise('alert_1', '电解质');
    await waitFor(() => $$(desk, '[part~="alert-item"]').length === 1, 'first');
    realtime.criticalAlert(); // a reconnect: reloads
    realtime.criticalAlert('alert_1'); // the same notice twice
    await waitFor(() => api.callsTo('GET', '/api/critical-alerts').length >= 3, 'reloaded');
    $(desk, '[part~="alert-acknowledge-button"]')!.click();
    await waitFor(() => $(desk, '[part~="alert-acknowledged"]'), 'acknowledged');
    raise('alert_2', '电解质'); // the same subject again: a new alert, heard again
    await waitFor(() => $$(desk, '[part~="alert-item"]').length === 2, 'second');
    await desk.updateComplete;
    live.stop();
    expect(live.said).to.deep.equal(['新的危急值：张伟 · 电解质 · 钾 6.9 mmol/L 危急偏高', '新的危急值：张伟 · 电解质 · 钾 6.9 mmol/L 危急偏高']);
  });

  it('announces the patient\'s messages once in the consult\'s conversation', async () => {
    api.db.consults.push(consultOf({ status: 'in_progress' }));
    const { desk, realtime } = await mount();
    await waitFor(() => items(desk).length, 'queue');
    items(desk)[0]!.click();
    const region = await waitFor(() => $(desk, '[part~="conversation"] [aria-live="polite"]'), 'conversation');
    await waitFor(() => realtime.subscriptions.length, 'subscribed');
    const live = liveAnnouncements(region);
    const m = { id: 'msg_con_1_1', consultId: 'con_1', seq: 1, kind: 'text' as const, sender: 'patient' as const, text: '头还是晕', createdAt: new Date().toISOString() };
    realtime.message(m);
    realtime.message(m);
    await waitFor(() => text($(desk, '[part~="messages"]')).includes('头还是晕'), 'shown');
    await desk.updateComplete;
    live.stop();
    expect(live.said).to.deep.equal(['患者：头还是晕']);
  });
});

describe('formatWaiting', () => {
  it('formats minutes and hours with Intl', () => {
    expect(formatWaiting(5, 'en')).to.equal('5 minutes');
    expect(formatWaiting(60, 'en')).to.equal('1 hour');
    expect(formatWaiting(75, 'en')).to.equal('1 hour 15 minutes');
  });
});
