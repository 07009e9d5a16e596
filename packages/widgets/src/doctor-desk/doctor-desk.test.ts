import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, consultOf, waitFor, deepActive, http, HttpResponse, problem } from '../../test/mock-api.js';
import type { CriticalAlert } from '@ihkit/core';
import { FakeRealtime } from '../../test/fake-realtime.js';
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

/** A critical potassium result, and the alerts routes answering from `alerts` (acknowledging records 周敏). */
const potassium = { code: '2823-3', name: '钾', nameEn: 'Potassium', value: '6.9', numeric: 6.9, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH' as const };
function alertsApi(alerts: CriticalAlert[], opts: { failAck?: boolean } = {}) {
  api.use(
    http.get('/api/critical-alerts', () => HttpResponse.json({ items: alerts.filter((a) => !a.acknowledgedAt) })),
    http.post('/api/critical-alerts/:id/acknowledge', ({ params }) => {
      if (opts.failAck) return problem(503, 'HIS_UNAVAILABLE');
      const a = alerts.find((x) => x.id === params.id)!;
      a.acknowledgedAt ??= new Date().toISOString();
      a.acknowledgedBy ??= '周敏';
      return HttpResponse.json(a);
    }),
  );
}

describe('<ih-doctor-desk> critical results', () => {
  it('shows a critical result the moment it is raised, announces it, and keeps who acknowledged it', async () => {
    const alerts: CriticalAlert[] = [];
    alertsApi(alerts);
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
    expect(text(status)).to.equal('新的危急值：张伟 · 电解质');
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
    expect(text(status)).to.equal('新的危急值：张伟 · 电解质');
    expect($$(desk, '[part~="alert-item"]')).to.have.length(1);
    $(desk, '[part~="alerts-clear-button"]')!.click();
    await waitFor(() => !$(desk, '[part~="alerts"]'), 'hidden');
  });

  it('shows the alerts above an open consult too, and says when acknowledging fails', async () => {
    api.db.consults.push(consultOf());
    alertsApi([{ id: 'alert_2', reportId: 'lab_2', patientId: 'pat_9', reportTitle: 'Electrolytes', observations: [potassium], raisedAt: new Date().toISOString() }], { failAck: true });
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
      const alerts: CriticalAlert[] = [
        { id: 'alert_1', reportId: 'lab_1', patientId: 'pat_1', patientName: '张伟', reportTitle: '电解质', observations: [potassium], raisedAt: new Date().toISOString() },
        { id: 'alert_2', reportId: 'lab_2', patientId: 'pat_2', reportTitle: '血常规', observations: [{ ...potassium, code: '718-7', name: '血红蛋白', value: '52', numeric: 52, unit: 'g/L', referenceRange: { low: 130, high: 175 }, interpretation: 'LL' }], raisedAt: new Date().toISOString() },
      ];
      let failAck = false;
      alertsApi(alerts);
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
    alertsApi(alerts);
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
    expect(live.said).to.deep.equal(['新的危急值：张伟 · 电解质', '新的危急值：张伟 · 电解质']);
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
