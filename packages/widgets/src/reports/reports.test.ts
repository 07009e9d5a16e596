import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { MockApi, TOKEN, deepActive, http, problem, waitFor } from '../../test/mock-api.js';
import { DX_FINDINGS, DX_IMPRESSION, daysAgo, labReports, obs, reportsApi, studies, type ReportsData } from '../../test/reports-data.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import { useInput } from '../../test/input-kind.js';
import { pressBack } from '../../test/browser-history.js';
import '../provider/provider.js';
import './reports.js';
import type { IhReports } from './reports.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { framesOf, windowTable } from './imaging-viewer.js';
import { niceStep, trendLayout } from './trend-chart.js';
import { reportSeverity } from './lab-results.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

const SERIES_COUNT = studies().flatMap((st) => st.series).length;
let data: ReportsData;
beforeEach(() => (data = reportsApi(api)));

/** The page's live connection in the test: what the gateway would push, pushed by the test. */
let realtime: FakeRealtime;

async function mount(opts: { locale?: string; patient?: string | null; theme?: Theme; token?: string } = {}) {
  const patient = opts.patient === undefined ? 'pat_self' : opts.patient;
  realtime = new FakeRealtime();
  const provider = await fixture<IhProvider>(
    html`<ih-provider api="/api" locale=${opts.locale ?? 'zh-CN'} token=${opts.token ?? TOKEN} theme=${opts.theme ?? 'light'} .realtimeFactory=${() => realtime}><ih-reports patient=${patient ?? ''}></ih-reports></ih-provider>`,
  );
  const el = provider.querySelector('ih-reports')!;
  if (patient === null) el.removeAttribute('patient');
  await el.updateComplete;
  return el;
}
const $ = (el: IhReports, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: IhReports, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Element | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const reportsList = (el: IhReports) => waitFor(() => ($$(el, '[part~="report"]').length ? $$(el, '[part~="report"]') : undefined), 'reports');
const rowOf = (el: IhReports, name: string) => $$(el, '[part~="result"]').find((r) => text(r.querySelector('th')).startsWith(name))!;
const framePath = (instance: string, frame: number) => `/api/imaging-studies/1.2.840.1/series/1.2.840.1.1/instances/${instance}/frames/${frame}`;
const canvasOf = (el: IhReports) => $(el, 'canvas[part~="viewer-canvas"]') as HTMLCanvasElement | null;
const pixel = (el: IhReports) => canvasOf(el)!.getContext('2d')!.getImageData(0, 0, 1, 1).data[0]!;
/** Waits until the canvas shows frame `index` (0-based) and returns its grey value. */
const shown = async (el: IhReports, index: number) => {
  await waitFor(() => canvasOf(el)?.dataset.frame === String(index), `frame ${index}`);
  return pixel(el);
};
const setRange = (input: HTMLElement, value: number) => {
  (input as HTMLInputElement).value = String(value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
};

async function openImaging(el: IhReports) {
  $(el, '#tab-imaging')!.click();
  return waitFor(() => ($$(el, 'img[part~="thumbnail"]').length === SERIES_COUNT ? $$(el, 'img[part~="thumbnail"]') : undefined), 'thumbnails');
}
/** The lines under a study's report: who reported and verified it, and when. */
const signature = (study: HTMLElement) => [...study.querySelectorAll('[part~="report-signature"] > span')].map(text);
const studyOf = (el: IhReports, description: string) => $$(el, '[part~="study"]').find((s) => text(s.querySelector('.study-title')).startsWith(description))!;

async function openViewer(el: IhReports) {
  await openImaging(el);
  $(el, '[data-series="1.2.840.1/1.2.840.1.1"]')!.click();
  await waitFor(() => canvasOf(el), 'viewer');
}

describe('<ih-reports>: lab reports', () => {
  it('lists reports newest first with abnormal and critical badges', async () => {
    const el = await mount();
    const list = await reportsList(el);
    expect(list.map((b) => b.dataset.report)).to.deep.equal(['lab_new', 'lab_cbc', 'lab_old']);
    expect(text(list[0])).to.contain('肝肾功能+电解质').and.contain('危急值');
    expect(list[0]!.querySelector('[part~="badge-critical"]')).to.exist;
    expect(list[1]!.querySelector('[part~="badge-critical"]')).to.equal(null);
    expect(text(list[1]!.querySelector('[part~="badge-abnormal"]'))).to.equal('有异常');
    expect(text(list[1])).to.contain('初步报告');
    expect($$(el, '[part~="badge-critical"]')).to.have.length(1);
    expect($$(el, '[part~="badge-abnormal"]')).to.have.length(2);
    expect(api.callsTo('GET', '/api/patients/pat_self/lab-reports')).to.have.length(1);
    expect(api.callsTo('GET', '/api/patients/pat_self/imaging-studies')).to.have.length(0); // only when its tab is opened
    await expect(el).to.be.accessible();
  });

  it('opens a report as a table: flags as arrows with words, abnormal and critical rows marked', async () => {
    const el = await mount();
    (await reportsList(el))[0]!.click();
    await waitFor(() => $(el, '[part~="results"]'), 'results');
    expect(deepActive()).to.equal($(el, '[part~="detail-heading"]'));
    const k = rowOf(el, '钾');
    expect(k.getAttribute('part')).to.equal('result result-critical');
    expect(text(k)).to.contain('6.8 mmol/L').and.contain('3.5–5.3').and.contain('↑↑ 危急偏高').and.contain('已电话通知临床');
    const glu = rowOf(el, '葡萄糖');
    expect(glu.getAttribute('part')).to.equal('result result-abnormal');
    expect(text(glu.querySelector('[part~="flag"]'))).to.equal('↑ 偏高');
    expect(text(rowOf(el, '血红蛋白').querySelector('[part~="flag"]'))).to.equal('↓ 偏低');
    const na = rowOf(el, '钠');
    expect(na.getAttribute('part')).to.equal('result result-normal');
    expect(na.querySelector('[part~="flag"]')).to.equal(null);
    await expect(el).to.be.accessible();
    // Back: to the list, focus on the report that was open.
    $(el, '[part~="back-button"]')!.click();
    await reportsList(el);
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '[data-report="lab_new"]'));
  });

  it('shows a report the laboratory just sent without a reload, while an open report stays open', async () => {
    const el = await mount();
    (await reportsList(el))[0]!.click();
    await waitFor(() => $(el, '[part~="results"]'), 'lab_new open');
    await waitFor(() => realtime.reportListeners === 1, 'listening');
    const lists = () => api.callsTo('GET', '/api/patients/pat_self/lab-reports').length;
    const before = lists();

    realtime.reportArrived({ patientId: 'pat_kid', reportId: 'lab_kid' });
    await new Promise((r) => setTimeout(r, 100));
    expect(lists(), 'another patient’s report: nothing to read').to.equal(before);

    data.lab.pat_self!.push({ id: 'lab_today', patientId: 'pat_self', title: '尿常规', titleEn: 'Urinalysis', status: 'final', issuedAt: new Date().toISOString(), observations: [obs('5811-5', '尿比重', 1.02, '', 1.003, 1.03, 'N')] });
    realtime.reportArrived({ patientId: 'pat_self', reportId: 'lab_today' });
    await waitFor(() => lists() === before + 1, 'read again');
    await el.updateComplete;
    expect(text($(el, '[part~="detail-heading"]'))).to.contain('肝肾功能+电解质');
    expect($(el, '[part~="results"]'), 'the open report stays open').to.exist;

    $(el, '[part~="back-button"]')!.click();
    await waitFor(() => $$(el, '[part~="report"]').length === 4, 'the new report in the list');
    expect($$(el, '[part~="report"]').map((b) => b.dataset.report)).to.deep.equal(['lab_today', 'lab_new', 'lab_cbc', 'lab_old']);
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '[data-report="lab_new"]'));
  });

  it('shows a trend chart for a test with earlier results, and none for a single result', async () => {
    const el = await mount({ locale: 'en' });
    (await reportsList(el))[0]!.click();
    await waitFor(() => $(el, '[part~="results"]'), 'results');
    expect(text(rowOf(el, 'Potassium').querySelector('[part~="flag"]'))).to.equal('↑↑ Critically high');
    // Sodium has one result: no trend to open.
    expect(rowOf(el, '钠').querySelector('[part~="trend-button"]')).to.equal(null);
    expect($$(el, '[part~="trend-button"]').map((b) => b.dataset.trend)).to.deep.equal(['2823-3', '2345-7']);

    const button = rowOf(el, 'Potassium').querySelector<HTMLElement>('[part~="trend-button"]')!;
    button.click();
    const chart = await waitFor(() => $(el, 'svg[part~="trend-chart"]'), 'chart');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const points = [...chart.querySelectorAll('[part~="trend-point"]')];
    expect(points).to.have.length(3);
    // Oldest first; coloured by flag: 4.9 normal, 5.5 high, 6.8 critical.
    expect(points.map((p) => p.getAttribute('class'))).to.deep.equal(['point normal', 'point abnormal', 'point critical']);
    expect(Number(points[2]!.getAttribute('cy'))).to.be.below(Number(points[0]!.getAttribute('cy')));
    expect(chart.querySelector('[part~="trend-range"]')).to.exist;
    expect(chart.getAttribute('role')).to.equal('img');
    expect(chart.querySelector('title')!.textContent).to.equal('Potassium trend');
    expect(chart.querySelector('desc')!.textContent).to.contain('3 results').and.contain('latest 6.8 mmol/L').and.contain('Reference range 3.5–5.3 mmol/L');
    // Axis dates in the element's locale and the hospital's time zone.
    const axisDate = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' }).format(new Date(daysAgo(40)));
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).to.include(axisDate);

    // The data as a table, for those who cannot see the chart.
    const table = $(el, '[part~="trend-table"]')!;
    expect(table.hidden).to.equal(true);
    $(el, '[part~="trend-table-button"]')!.click();
    await el.updateComplete;
    expect(table.hidden).to.equal(false);
    expect($$(el, '[part~="trend-table"] tbody tr').map((r) => text(r.querySelector('td')))).to.deep.equal(['4.9 mmol/L', '5.5 mmol/L', '6.8 mmol/L']);
    await expect(el).to.be.accessible();

    // Glucose: two points.
    rowOf(el, 'Glucose').querySelector<HTMLElement>('[part~="trend-button"]')!.click();
    await waitFor(() => $(el, 'svg title')?.textContent === 'Glucose trend', 'glucose chart');
    expect($$(el, '[part~="trend-point"]')).to.have.length(2);
    $(el, '[part~="trend-close-button"]')!.click();
    await waitFor(() => !$(el, '[part~="trend"]'), 'closed');
    expect(deepActive()).to.equal(rowOf(el, 'Glucose').querySelector('[part~="trend-button"]'));
  });

  it('shows LIS_UNAVAILABLE with a retry that recovers', async () => {
    let failing = true;
    api.use(http.get('/api/patients/:id/lab-reports', () => (failing ? problem(503, 'LIS_UNAVAILABLE') : undefined)));
    const el = await mount();
    const error = await waitFor(() => $(el, '[part~="error"]'), 'error', 8000);
    expect(text(error)).to.contain('检验系统暂时无法连接');
    failing = false;
    $(el, '[part~="retry-button"]')!.click();
    expect(await reportsList(el)).to.have.length(3);
  });

  it('shows the empty states of both tabs', async () => {
    data.lab.pat_self = [];
    data.imaging.pat_self = [];
    const el = await mount({ locale: 'en' });
    expect(text(await waitFor(() => $(el, '#panel-lab [part~="empty"]'), 'lab empty'))).to.contain('No lab reports yet');
    $(el, '#tab-imaging')!.click();
    expect(text(await waitFor(() => $(el, '#panel-imaging [part~="empty"]'), 'imaging empty'))).to.contain('No imaging studies yet');
  });
});

describe('<ih-reports>: a critical value, for the patient', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  /** Opens the report with the critical potassium. */
  async function openCritical(el: IhReports) {
    (await reportsList(el))[0]!.click();
    await waitFor(() => $(el, '[part~="results"]'), 'results');
    return $(el, '[part~="critical-guidance"]');
  }

  it('says next to the value what to do now, then what it means and that the doctor has been told, in all three languages', async () => {
    const expected = {
      'zh-CN': '这份报告中有危急值 钾 6.8 mmol/L ↑↑ 危急偏高 现在请尽快联系您的医生或医院。 如果您感到身体不适，请立即到医院急诊科就诊，或拨打 120 急救电话。 拨打 120 危急值是指明显超出正常范围、可能危及健康的结果，需要尽快处理。 医院已将这一结果通知您的医生。',
      'zh-TW': '這份報告中有危急值 钾 6.8 mmol/L ↑↑ 危急偏高 現在請盡快聯絡您的醫師或醫院。 如果您感到身體不適，請立即到醫院急診就醫，或撥打 120 急救電話。 撥打 120 危急值是指明顯超出正常範圍、可能危及健康的結果，需要盡快處理。 醫院已將這項結果通知您的醫師。',
      en: 'This report has a critical value Potassium 6.8 mmol/L ↑↑ Critically high Contact your doctor or the hospital now. If you feel unwell, go to a hospital emergency department at once or call 120 for an ambulance. Call 120 A critical value is a result far outside the normal range that may put your health at risk and needs attention soon. The hospital has told your doctor about this result.',
    };
    for (const [locale, words] of Object.entries(expected)) {
      const el = await mount({ locale });
      const guidance = (await openCritical(el))!;
      // The test's name is the laboratory's (钾 in zh-TW too, Potassium in English).
      expect(text(guidance), locale).to.equal(words);
      expect($(el, '[part~="critical-call"]')!.getAttribute('href')).to.equal('tel:120');
      // Above the table, where it is read before the rows.
      expect(guidance.getBoundingClientRect().bottom).to.be.at.most($(el, '[part~="results"]')!.getBoundingClientRect().top);
      await expect(el).to.be.accessible();
    }
  });

  it('says nothing of the kind for a report without a critical value', async () => {
    const el = await mount();
    (await reportsList(el))[1]!.click();
    await waitFor(() => $(el, '[part~="results"]'), 'results');
    expect($(el, '[part~="critical-guidance"]')).to.equal(null);
  });

  it('takes the hospital\'s own wording and emergency number', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} .strings=${{
      'reports.critical.whatNow': '请在工作时间拨打心内科护士站 0571-8888 8888。',
      'reports.critical.emergencyNumber': '999',
    }}><ih-reports patient="pat_self"></ih-reports></ih-provider>`);
    const el = provider.querySelector('ih-reports')!;
    const guidance = (await openCritical(el))!;
    expect(text(guidance)).to.contain('请在工作时间拨打心内科护士站 0571-8888 8888。').and.contain('或拨打 999 急救电话').and.not.contain('120');
    expect($(el, '[part~="critical-call"]')!.getAttribute('href')).to.equal('tel:999');
  });

  it('is readable on a phone: on the first screen, as wide as the screen allows, nothing cut off', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mount();
    const guidance = (await openCritical(el))!;
    const box = guidance.getBoundingClientRect();
    expect(box.left).to.be.at.least(0);
    expect(box.right).to.be.at.most(390);
    expect(box.top).to.be.at.least(0);
    expect(box.bottom, 'all of it on the first screen').to.be.at.most(844);
    expect(box.width, 'not squeezed into a column of the table').to.be.at.least(300);
    expect(guidance.scrollWidth).to.be.at.most(guidance.clientWidth);
    for (const p of guidance.querySelectorAll('p')) expect(parseFloat(getComputedStyle(p).fontSize)).to.be.at.least(14);
    const icon = guidance.querySelector('svg')!.getBoundingClientRect();
    expect(icon.width).to.be.within(12, 32);
    const call = $(el, '[part~="critical-call"]')!.getBoundingClientRect();
    expect(call.right).to.be.at.most(390);
    expect(call.bottom).to.be.at.most(844);
  });
});

describe('<ih-reports>: tabs and patients', () => {
  it('is a tablist: arrow keys, Home and End move and select', async () => {
    const el = await mount();
    await reportsList(el);
    const [lab, imaging] = $$(el, '[role="tab"]');
    expect($(el, '[role="tablist"]')!.getAttribute('aria-label')).to.equal('报告类型');
    expect(lab!.getAttribute('aria-selected')).to.equal('true');
    expect([lab!.tabIndex, imaging!.tabIndex]).to.deep.equal([0, -1]);
    lab!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(deepActive()).to.equal(imaging);
    expect(imaging!.getAttribute('aria-selected')).to.equal('true');
    expect([lab!.tabIndex, imaging!.tabIndex]).to.deep.equal([-1, 0]);
    expect($(el, '#panel-imaging')!.hidden).to.equal(false);
    expect($(el, '#panel-lab')!.hidden).to.equal(true);
    expect($(el, '#panel-imaging')!.getAttribute('aria-labelledby')).to.equal('tab-imaging');
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(deepActive()).to.equal(lab);
    expect(el.tab).to.equal('lab');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(el.tab).to.equal('lab');
    await expect(el).to.be.accessible();
  });

  it('without a patient, the user picks one of their patients first', async () => {
    const el = await mount({ patient: null });
    const options = await waitFor(() => ($$(el, '[part~="patient-option"]').length ? $$(el, '[part~="patient-option"]') : undefined), 'patients');
    expect(text($(el, '[part~="heading"]'))).to.equal('查看谁的报告？');
    expect(text(options[1])).to.contain('张小宝').and.contain('子女').and.contain('未成年');
    await expect(el).to.be.accessible();
    options[1]!.click();
    await waitFor(() => $(el, '#panel-lab [part~="empty"]'), 'kid has no reports');
    expect(text($(el, '[part~="heading"]'))).to.equal('张小宝的报告');
    expect(api.callsTo('GET', '/api/patients/pat_kid/lab-reports')).to.have.length(1);
    $(el, '[part~="change-patient-button"]')!.click();
    await waitFor(() => $$(el, '[part~="patient-option"]').length === 2, 'picker again');
    $(el, '[data-patient="pat_self"]')!.click();
    expect(await reportsList(el)).to.have.length(3);
  });

  it('with one patient, there is nothing to pick', async () => {
    api.db.patients = api.db.patients.filter((p) => p.id === 'pat_self');
    const el = await mount({ patient: null });
    expect(await reportsList(el)).to.have.length(3);
    expect(text($(el, '[part~="heading"]'))).to.equal('张伟的报告');
    expect($(el, '[part~="change-patient-button"]')).to.equal(null);
  });
});

describe('<ih-reports> on a phone', () => {
  /** A finger on the image: down at `from`, up at `to` (client px). */
  const swipe = (el: IhReports, from: [number, number], to: [number, number]) => {
    const canvas = canvasOf(el)!;
    const at = (type: string, [x, y]: [number, number]) =>
      canvas.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', pointerId: 7, isPrimary: true, clientX: x, clientY: y, bubbles: true, cancelable: true }));
    at('pointerdown', from);
    at('pointermove', to);
    at('pointerup', to);
  };

  it('swiping the image to the left turns to the next image, to the right back; up and down do not', async () => {
    const el = await mount();
    await openViewer(el);
    expect(await shown(el, 0)).to.equal(60);
    swipe(el, [200, 150], [130, 160]);
    expect(await shown(el, 1)).to.equal(70);
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('2 / 5');
    swipe(el, [120, 150], [220, 140]);
    expect(await shown(el, 0)).to.equal(60);
    swipe(el, [200, 100], [215, 260]); // scrolling the page
    swipe(el, [200, 150], [185, 150]); // a tap that slipped
    await el.updateComplete;
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('1 / 5');
    expect(getComputedStyle(canvasOf(el)!).touchAction, 'up and down still scroll the page').to.contain('pan-y');
  });

  it('tells how to use the viewer in the words of the device: swiping on a touch screen, the wheel and Ctrl with a mouse', async () => {
    useInput('touch');
    const el = await mount();
    await openViewer(el);
    const hint = () => text($(el, '#viewer-hint'));
    expect(hint()).to.contain('左右滑动图像翻页');
    expect(hint()).to.not.match(/滚轮|Ctrl|鼠标/);
    useInput('mouse');
    await waitFor(() => hint().includes('按住 Ctrl 滚动滚轮缩放'), 'the mouse instructions');
  });

  it('has sliders and zoom buttons a finger can use: at least 44 px, the sliders across the screen', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const el = await mount();
      await openViewer(el);
      const viewer = $(el, '[part~="viewer"]')!.getBoundingClientRect();
      for (const part of ['frame-slider', 'width-slider', 'level-slider', 'zoom-in-button', 'zoom-out-button', 'zoom-reset-button']) {
        const box = $(el, `[part~="${part}"]`)!.getBoundingClientRect();
        expect(box.height, `${part} height`).to.be.at.least(44);
        expect(box.width, `${part} width`).to.be.at.least(44);
      }
      for (const part of ['width-slider', 'level-slider']) expect($(el, `[part~="${part}"]`)!.getBoundingClientRect().width, part).to.be.at.least(viewer.width * 0.6);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('Back closes the open report or series, then goes back to choosing a patient', async () => {
    for (let i = 0; i < 4; i++) history.pushState(null, ''); // a Back too many stays on the test page
    const el = await mount({ patient: null });
    (await waitFor(() => $(el, '[data-patient="pat_self"]'), 'patients')).click();
    (await reportsList(el))[0]!.click();
    await waitFor(() => $(el, '[part~="results"]'), 'the report');
    await pressBack();
    expect(!!$(el, '[part~="results"]'), 'the report is closed').to.equal(false);
    expect(await reportsList(el)).to.have.length(3);
    await openViewer(el);
    await pressBack();
    expect(!!canvasOf(el), 'the viewer is closed').to.equal(false);
    expect(!!$(el, '[data-series="1.2.840.1/1.2.840.1.1"]'), 'the series list').to.equal(true);
    await pressBack();
    await waitFor(() => $$(el, '[part~="patient-option"]').length === 2, 'the patients again');
  });
});

describe('<ih-reports>: imaging', () => {
  it('lists studies with each series\' thumbnail, fetched with the session and revoked on disconnect', async () => {
    const el = await mount();
    const thumbs = await openImaging(el);
    const study = $(el, '[part~="study"]')!;
    expect(text(study)).to.contain('胸部CT平扫').and.contain('CT');
    expect(text($(el, '[data-series="1.2.840.1/1.2.840.1.1"]'))).to.contain('肺窗').and.contain('5 幅图像');
    expect(text($(el, '[data-series="1.2.840.1/1.2.840.1.2"]'))).to.contain('序列 2');
    const calls = api.callsTo('GET', '/api/imaging-studies/1.2.840.1/series/1.2.840.1.1/thumbnail');
    expect(calls).to.have.length(1);
    expect(calls[0]!.headers.get('Authorization')).to.equal(`Bearer ${TOKEN}`);
    const urls = thumbs.map((t) => (t as HTMLImageElement).src);
    expect(urls).to.have.length(4);
    expect(urls.every((u) => u.startsWith('blob:'))).to.equal(true);
    await waitFor(() => thumbs.every((t) => (t as HTMLImageElement).naturalWidth === 4), 'thumbnails decoded');
    await expect(el).to.be.accessible();

    el.remove();
    for (const url of urls) {
      let failed = false;
      await fetch(url).catch(() => (failed = true));
      expect(failed, 'object URL revoked').to.equal(true);
    }
  });

  it('shows each study\'s report before its images: 检查所见 and 诊断意见 with who and when, a preliminary one marked, none yet said plainly', async () => {
    const el = await mount();
    await openImaging(el);
    const dx = studyOf(el, '胸部正位片');
    const report = dx.querySelector<HTMLElement>('[part~="imaging-report"]')!;
    expect([...report.querySelectorAll('dt')].map(text)).to.deep.equal(['检查所见', '诊断意见']);
    const findings = report.querySelector<HTMLElement>('[part~="report-findings"]')!;
    expect(findings.innerText.split('\n')).to.deep.equal(DX_FINDINGS.split('\n'), 'the hospital\'s line breaks are kept');
    expect(text(report.querySelector('[part~="report-impression"]'))).to.equal(DX_IMPRESSION);
    expect(signature(dx)).to.deep.equal(['报告医师：陈思远', '审核医师：刘建华', '报告时间：2026年3月2日周一 10:40']);
    expect(dx.querySelector('[part~="badge-status"]'), 'a final report carries no badge').to.equal(null);
    expect(report.querySelector('[part~="report-note"]')).to.equal(null);
    // The report comes first, then the images.
    const series = dx.querySelector('[part~="series"]')!;
    expect(report.compareDocumentPosition(series) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);

    const mr = studyOf(el, '右膝关节 MR 平扫');
    expect(text(mr.querySelector('.study-title [part~="badge-status"]'))).to.equal('初步报告');
    expect(text(mr.querySelector('[part~="report-note"]'))).to.equal('这是初步报告，上级医师审核后内容可能会有修改。');
    expect((mr.querySelector('[part~="report-impression"]') as HTMLElement).innerText.split('\n')).to.have.length(2);
    expect(signature(mr)).to.have.length(2).and.include('报告医师：孙晓婷');
    expect(signature(mr).some((line) => line.includes('审核医师')), 'not verified yet').to.equal(false);

    const ct = studyOf(el, '胸部CT平扫');
    expect(ct.querySelector('[part~="imaging-report"]')).to.equal(null);
    expect(text(ct.querySelector('[part~="report-pending"]'))).to.equal('报告尚未出具 报告出具后会显示在这里；影像现在就可以查看。');
    // Its images can be viewed all the same.
    (ct.querySelector('[data-series="1.2.840.1/1.2.840.1.1"]') as HTMLElement).click();
    expect(await shown(el, 0)).to.equal(60);
    await expect(el).to.be.accessible();
  });

  it('labels the report in the reader\'s language and leaves the hospital\'s text as written', async () => {
    const el = await mount({ locale: 'en' });
    await openImaging(el);
    const dx = studyOf(el, '胸部正位片');
    expect([...dx.querySelectorAll('[part~="imaging-report"] dt')].map(text)).to.deep.equal(['Findings', 'Impression']);
    expect(text(dx.querySelector('[part~="report-impression"]'))).to.equal(DX_IMPRESSION);
    expect(signature(dx)).to.deep.equal(['Reported by 陈思远', 'Verified by 刘建华', 'Issued Mon, March 2, 2026 10:40']);
    expect(text(studyOf(el, '右膝关节 MR 平扫').querySelector('[part~="badge-status"]'))).to.equal('Preliminary');
    expect(text(studyOf(el, '胸部CT平扫').querySelector('[part~="report-pending"]'))).to.contain('Report not issued yet');
  });

  it('reads on a phone: the report wraps within the screen at 390 px, its text at full size', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const el = await mount();
      await openImaging(el);
      const page = document.documentElement.clientWidth;
      for (const part of ['imaging-report', 'report-findings', 'report-impression', 'report-signature', 'report-pending']) {
        for (const node of $$(el, `[part~="${part}"]`)) {
          const box = node.getBoundingClientRect();
          expect(box.right, `${part} ends within the screen`).to.be.at.most(page);
          expect(node.scrollWidth, `${part} is not clipped`).to.be.at.most(node.clientWidth + 1);
        }
      }
      const impression = studyOf(el, '胸部正位片').querySelector<HTMLElement>('[part~="report-impression"]')!;
      const base = parseFloat(getComputedStyle(el.shadowRoot!.querySelector('[part~="base"]')!).fontSize);
      expect(parseFloat(getComputedStyle(impression).fontSize)).to.equal(base);
      expect(parseFloat(getComputedStyle(impression).lineHeight)).to.be.at.least(base * 1.5);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('shows a new imaging study without a reload, fetching only the new thumbnails', async () => {
    const el = await mount();
    await openImaging(el);
    await waitFor(() => realtime.reportListeners === 1, 'listening');
    data.imaging.pat_self!.unshift({
      id: '1.2.840.9', patientId: 'pat_self', description: '头颅MR平扫', modalities: ['MR'], startedAt: new Date().toISOString(),
      series: [{ id: '1.2.840.9.1', number: 1, modality: 'MR', description: 'T2', instances: [{ id: 'ins_90', frames: 1 }] }],
    });
    realtime.reportArrived({ patientId: 'pat_self', studyId: '1.2.840.9' });
    await waitFor(() => $$(el, 'img[part~="thumbnail"]').length === SERIES_COUNT + 1, 'the new study with its thumbnail');
    expect(text(el.shadowRoot!.querySelector('[part~="study"]'))).to.contain('头颅MR平扫');
    expect(api.callsTo('GET', '/api/imaging-studies/1.2.840.1/series/1.2.840.1.1/thumbnail'), 'the shown ones are not fetched again').to.have.length(1);
  });

  it('views a series: wheel, ArrowDown and the slider move through the frames, fetching them', async () => {
    const el = await mount();
    await openViewer(el);
    expect(await shown(el, 0)).to.equal(60);
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('1 / 5');
    expect(api.callsTo('GET', framePath('ins_1', 1))).to.have.length(1);
    // The neighbours are fetched ahead.
    await waitFor(() => api.callsTo('GET', framePath('ins_2', 1)).length === 1, 'prefetch');

    $(el, '[part~="stage"]')!.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
    expect(await shown(el, 1)).to.equal(70);
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('2 / 5');
    expect(api.callsTo('GET', framePath('ins_1', 2))).to.have.length(1);

    canvasOf(el)!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(await shown(el, 2)).to.equal(110);
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('3 / 5');
    await sendKeys({ press: 'ArrowDown' });
    expect(await shown(el, 3)).to.equal(160);
    expect(api.callsTo('GET', framePath('ins_3', 1))).to.have.length(1);
    await sendKeys({ press: 'ArrowUp' });
    expect(await shown(el, 2)).to.equal(110);

    const slider = $(el, '[part~="frame-slider"]') as HTMLInputElement;
    expect(slider.getAttribute('aria-valuetext')).to.equal('3 / 5');
    setRange(slider, 5);
    expect(await shown(el, 4)).to.equal(170);
    expect(api.callsTo('GET', framePath('ins_3', 2))).to.have.length(1);
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('5 / 5');
    // Past the end stays at the end.
    $(el, '[part~="stage"]')!.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('5 / 5');
    await expect(el).to.be.accessible();
  });

  it('applies window width and level to the canvas pixels, and zooms', async () => {
    const el = await mount();
    await openViewer(el);
    setRange($(el, '[part~="frame-slider"]')!, 3);
    expect(await shown(el, 2)).to.equal(110);
    // Width 100 around level 128: (110 − 78) / 100 × 255 ≈ 82.
    setRange($(el, '[part~="width-slider"]')!, 100);
    await waitFor(() => Math.abs(pixel(el) - 82) <= 1, 'windowed');
    // Level 100: (110 − 50) / 100 × 255 = 153.
    setRange($(el, '[part~="level-slider"]')!, 100);
    await waitFor(() => Math.abs(pixel(el) - 153) <= 1, 'levelled');

    const width = () => canvasOf(el)!.getBoundingClientRect().width;
    const before = width();
    $(el, '[part~="zoom-in-button"]')!.click();
    await el.updateComplete;
    expect(text($(el, '[part~="zoom-level"]'))).to.equal('125%');
    expect(width()).to.be.closeTo(before * 1.25, 1);
    $(el, '[part~="stage"]')!.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, ctrlKey: true, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(text($(el, '[part~="zoom-level"]'))).to.equal('156%');
    expect(text($(el, '[part~="frame-counter"]'))).to.equal('3 / 5'); // Ctrl + wheel zooms, it does not scroll
    $(el, '[part~="zoom-out-button"]')!.click();
    await el.updateComplete;
    expect(text($(el, '[part~="zoom-level"]'))).to.equal('125%');

    $(el, '[part~="zoom-reset-button"]')!.click();
    await el.updateComplete;
    expect(text($(el, '[part~="zoom-level"]'))).to.equal('100%');
    expect(width()).to.be.closeTo(before, 1);
    await waitFor(() => pixel(el) === 110, 'default window again');
    expect(($(el, '[part~="width-slider"]') as HTMLInputElement).value).to.equal('256');
  });

  it('adjusts the window by dragging on the image', async () => {
    const el = await mount();
    await openViewer(el);
    expect(await shown(el, 0)).to.equal(60);
    const canvas = canvasOf(el)!;
    const r = canvas.getBoundingClientRect();
    const at = (type: string, dx: number, dy: number) =>
      canvas.dispatchEvent(new PointerEvent(type, { clientX: r.x + 10 + dx, clientY: r.y + 10 + dy, button: 0, pointerId: 1, bubbles: true, isPrimary: true }));
    at('pointerdown', 0, 0);
    at('pointermove', -156, -68); // width 256 → 100, level 128 → 60
    at('pointerup', -156, -68);
    await el.updateComplete;
    expect(($(el, '[part~="width-slider"]') as HTMLInputElement).value).to.equal('100');
    expect(($(el, '[part~="level-slider"]') as HTMLInputElement).value).to.equal('60');
    // (60 − 10) / 100 × 255 ≈ 128
    await waitFor(() => Math.abs(pixel(el) - 128) <= 1, 'dragged window');
  });

  it('shows PACS_UNAVAILABLE in the list and in the viewer, each with a retry that recovers', async () => {
    let listFails = true;
    let framesFail = true;
    api.use(
      http.get('/api/patients/:id/imaging-studies', () => (listFails ? problem(503, 'PACS_UNAVAILABLE') : undefined)),
      http.get('/api/imaging-studies/:s/series/:se/instances/:i/frames/:n', () => (framesFail ? problem(503, 'PACS_UNAVAILABLE') : undefined)),
    );
    const el = await mount({ locale: 'en' });
    $(el, '#tab-imaging')!.click();
    const error = await waitFor(() => $(el, '#panel-imaging [part~="error"]'), 'list error', 8000);
    expect(text(error)).to.contain('The imaging system cannot be reached');
    listFails = false;
    $(el, '#panel-imaging [part~="retry-button"]')!.click();
    await waitFor(() => $(el, '[data-series="1.2.840.1/1.2.840.1.1"]'), 'list');
    $(el, '[data-series="1.2.840.1/1.2.840.1.1"]')!.click();
    const viewerError = await waitFor(() => $(el, '[part~="viewer"] [part~="error"]'), 'viewer error', 8000);
    expect(text(viewerError)).to.contain('The imaging system cannot be reached');
    framesFail = false;
    $(el, '[part~="viewer"] [part~="retry-button"]')!.click();
    expect(await shown(el, 0)).to.equal(60);
    // Back to the list, focus on the series that was open.
    $(el, '[part~="back-button"]')!.click();
    await waitFor(() => !canvasOf(el), 'viewer closed');
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '[data-series="1.2.840.1/1.2.840.1.1"]'));
  });
});

for (const theme of THEMES) {
  describe(`<ih-reports> accessibility, ${theme} theme`, () => {
    it('has no axe violations while loading, signed out, on load errors and when empty', async () => {
      let patient = 'pat_self';
      await expectAccessibleLoadStates({
        api, theme, path: '/api/patients/:id/lab-reports', failure: 'LIS_UNAVAILABLE',
        mount: (token) => mount({ theme, token, patient }),
        empty: () => (patient = 'pat_kid'), // a patient without reports
      });
      const empty = await mount({ theme, patient: 'pat_kid' });
      $(empty, '#tab-imaging')!.click();
      await waitFor(() => $(empty, '#panel-imaging [part~="empty"]'), 'imaging empty');
      await expectAccessible(empty, `${theme} · no imaging studies`);

      api.use(http.get('/api/patients/:id/imaging-studies', () => problem(503, 'PACS_UNAVAILABLE')));
      const failing = await mount({ theme });
      $(failing, '#tab-imaging')!.click();
      await waitFor(() => $(failing, '#panel-imaging [part~="retry-button"]'), 'imaging error', 8000);
      await expectAccessible(failing, `${theme} · imaging could not be loaded`);
    });

    it('has no axe violations choosing a patient, in the list, a report with its trend and table, the studies and the viewer', async () => {
      const el = await mount({ theme, patient: null });
      await waitFor(() => $$(el, '[part~="patient-option"]').length === 2, 'patients');
      await expectAccessible(el, `${theme} · choosing a patient`);
      $(el, '[data-patient="pat_self"]')!.click();
      (await reportsList(el))[0]!.click();
      await waitFor(() => $(el, '[part~="results"]'), 'results');
      rowOf(el, '钾').querySelector<HTMLElement>('[part~="trend-button"]')!.click();
      await waitFor(() => $(el, 'svg[part~="trend-chart"]'), 'chart');
      $(el, '[part~="trend-table-button"]')!.click();
      await el.updateComplete;
      await expectAccessible(el, `${theme} · a report with a critical value, its trend and table`);
      $(el, '[part~="back-button"]')!.click();
      await openImaging(el);
      await expectAccessible(el, `${theme} · studies`);
      $(el, '[data-series="1.2.840.1/1.2.840.1.1"]')!.click();
      expect(await shown(el, 0)).to.equal(60);
      await expectAccessible(el, `${theme} · viewer`);
    });

    it('has no axe violations when a frame cannot be loaded', async () => {
      api.use(http.get('/api/imaging-studies/:s/series/:se/instances/:i/frames/:n', () => problem(503, 'PACS_UNAVAILABLE')));
      const el = await mount({ theme });
      await openImaging(el);
      $(el, '[data-series="1.2.840.1/1.2.840.1.1"]')!.click();
      await waitFor(() => $(el, '[part~="viewer"] [part~="retry-button"]'), 'viewer error', 8000);
      await expectAccessible(el, `${theme} · viewer error`);
    });
  });
}

describe('reports helpers', () => {
  it('orders a series\' frames by instance, then frame', () => {
    expect(framesOf(studies()[0]!.series[0]!).map((f) => `${f.instanceId}/${f.frame}`)).to.deep.equal(['ins_1/1', 'ins_1/2', 'ins_2/1', 'ins_3/1', 'ins_3/2']);
  });

  it('maps pixels through the window: v → clamp((v − (L − W/2)) / W) × 255', () => {
    const t = windowTable(100, 100);
    expect([t[0], t[50], t[100], t[149], t[150], t[255]]).to.deep.equal([0, 0, 128, 252, 255, 255]);
  });

  it('lays the chart out: nice ticks that hold the values and the range, time-proportional x', () => {
    expect([niceStep(4), niceStep(0.9), niceStep(130)]).to.deep.equal([1, 0.5, 50]);
    const l = trendLayout(
      [{ at: '2026-01-01T00:00:00Z', value: 4.9 }, { at: '2026-01-21T00:00:00Z', value: 5.5 }, { at: '2026-01-31T00:00:00Z', value: 6.8 }],
      { low: 3.5, high: 5.3 },
    );
    expect(l.ticks[0]!.value).to.be.at.most(3.5);
    expect(l.ticks[l.ticks.length - 1]!.value).to.be.at.least(6.8);
    expect((l.xs[1]! - l.xs[0]!) / (l.xs[2]! - l.xs[0]!)).to.be.closeTo(2 / 3, 1e-9);
    expect(l.band!.top).to.be.below(l.band!.bottom);
    expect(l.labelled).to.deep.equal([0, 1, 2]);
  });

  it('takes a report\'s worst result', () => {
    expect(labReports().map(reportSeverity)).to.deep.equal(['abnormal', 'critical', 'abnormal']);
  });
});
