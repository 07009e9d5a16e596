import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { interpretationSeverity, referenceRangeText, reportsOf, trendOf, type ImagingSeries, type ImagingStudy, type LabObservation, type LabReport, type Patient, type ReportNotice, type TrendPoint } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { ApiController } from '../internal/api-controller.js';
import { viewHeader } from '../internal/view-header.js';
import { optionBody } from '../internal/option.js';
import { FamilyChanges, patientOptions, pendingLabels } from '../internal/patient-options.js';
import { handleRovingKey } from '../internal/roving-focus.js';
import { ViewHistory } from '../internal/view-history.js';
import type { StringKey } from '../internal/localize.js';
import { iconBack, iconTrend } from '../internal/icons.js';
import { LiveNotices } from '../internal/live-notices.js';
import { createRealtime } from '../consult/default-realtime.js';
import { reportsErrorStrings, reportsStrings } from '../locales/areas.js';
import { isFlagged, renderFlag, sortReports } from './lab-results.js';
import { renderTrendChart } from './trend-chart.js';
import { renderImagingReport } from './imaging-report.js';
import { renderCriticalGuidance } from './critical-guidance.js';
import type { ImagingViewer } from './imaging-viewer.js';
import { renderReportList, renderSeverityBadge, renderStatusBadge, tableHead } from './report-list.view.js';
import styles from './reports.styles.js';

/** The tabs of the element, in order. */
export const REPORTS_TABS = ['lab', 'imaging'] as const;
export type ReportsTab = (typeof REPORTS_TABS)[number];

type Client = NonNullable<IhElement['client']>;

const seriesKey = (studyId: string, seriesId: string) => `${studyId}/${seriesId}`;

/**
 * @summary A patient's lab reports and imaging studies. Lab reports list newest first with a
 * badge for abnormal results and a stronger one for critical values; a report opens as a table of
 * its results (value, reference range, ↑ ↓ ↑↑ ↓↓ flags in words), and a critical value with
 * what to do now and what it means; a test with earlier results opens its trend chart. Imaging
 * studies show the radiologist's report first (检查所见 and 诊断意见, marked when preliminary or
 * amended, or "not issued yet"), then their series with thumbnails; a series opens in an image
 * viewer (loaded when first needed) with frame scrolling, window/level and zoom.
 * Kept live: a report or study the gateway learns of appears without a reload, and an open one
 * stays open.
 * Without a `patient`, the signed-in user first picks one of their patients.
 *
 * The element emits no events and puts no clinical data in URLs beyond the gateway's own paths.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the heading.
 * @csspart heading - The heading.
 * @csspart change-patient-button - Back to choosing a patient.
 * @csspart option-list - The patients to choose from.
 * @csspart option - One choice (also `patient-option`, `report`, `series`).
 * @csspart badge - A badge: relation, minor, abnormal (`badge-abnormal`), critical (`badge-critical`), report status (`badge-status`).
 * @csspart tabs - The tab list.
 * @csspart tab - A tab; also `tab-selected`.
 * @csspart panel - The tab panel.
 * @csspart report - A lab report in the list.
 * @csspart back-button - Back to the list.
 * @csspart detail-heading - The title of an open report or series.
 * @csspart results - The results table.
 * @csspart result - One result row; also `result-normal`, `result-abnormal`, `result-critical`.
 * @csspart flag - A result's flag (arrow and words).
 * @csspart critical-guidance - What a critical value means and what to do now, above the results.
 * @csspart critical-call - Dials the emergency number (`reports.critical.emergencyNumber`, 120).
 * @csspart trend-button - Opens a test's trend.
 * @csspart trend - The trend panel.
 * @csspart trend-chart - The trend's chart (an SVG).
 * @csspart trend-range - The reference band.
 * @csspart trend-point - One result in the trend chart.
 * @csspart trend-table-button - Shows the data as a table.
 * @csspart trend-table - The trend's data as a table.
 * @csspart trend-close-button - Closes the trend.
 * @csspart study - An imaging study.
 * @csspart imaging-report - A study's report.
 * @csspart report-findings - Its findings (检查所见).
 * @csspart report-impression - Its impression (诊断意见).
 * @csspart report-note - What a preliminary or amended report means.
 * @csspart report-signature - Who reported and verified it, and when.
 * @csspart report-pending - A study whose report is not issued yet.
 * @csspart series - A series button.
 * @csspart thumbnail - A series' thumbnail.
 * @csspart viewer - The image viewer.
 * @csspart stage - The image area.
 * @csspart viewer-canvas - The image.
 * @csspart frame-slider - Moves through the images.
 * @csspart frame-counter - "12 / 32".
 * @csspart width-slider - Window width.
 * @csspart level-slider - Window level.
 * @csspart zoom-in-button - Zooms in.
 * @csspart zoom-out-button - Zooms out.
 * @csspart zoom-level - The zoom in %.
 * @csspart zoom-reset-button - Back to 100 % and the default window.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour, selected tab, normal trend points.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Critical values and errors.
 * @cssproperty --ih-color-success - The reference range band.
 * @cssproperty --ih-color-warning - Abnormal results.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhReports extends IhElement {
  static override styles = styles;
  static override properties = {
    patient: {},
    tab: {},
    headingLevel: { attribute: 'heading-level', type: Number },
    noHistory: { attribute: 'no-history', type: Boolean },
    chosen: { state: true },
    openReportId: { state: true },
    trendCode: { state: true },
    trendTable: { state: true },
    openSeries: { state: true },
    viewerLoad: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, reportsStrings, reportsErrorStrings];

  protected override get signInHint(): StringKey {
    return 'reports.signInHint';
  }

  /** The patient whose reports are shown (their id). Without it, the user picks one of their patients. */
  patient?: string;
  /** The tab shown: `lab` or `imaging`. */
  tab: ReportsTab = 'lab';
  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;
  /**
   * Keeps the views out of the browser history, for a host whose router owns it. Without it the
   * reports of a chosen patient, and an open report or series, are history entries on the same
   * URL (nothing of the reports in them), so the browser's or WeChat's Back button goes back to
   * the list, then to choosing a patient.
   */
  noHistory = false;

  /** The patient picked in the element (when there is no `patient`). */
  private chosen?: string;
  private openReportId?: string;
  /** The test (code) whose trend is open. */
  private trendCode?: string;
  private trendTable = false;
  private openSeries?: { study: ImagingStudy; series: ImagingSeries };
  /** Loading the viewer's module: pending, failed (the error) or done. */
  private viewerLoad?: { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; create: typeof ImagingViewer };

  #viewer?: ImagingViewer;
  #thumbnails = new Map<string, string>();
  readonly #focus = new FocusAfterUpdate(this);

  get #patientId(): string | undefined {
    return this.patient || this.chosen;
  }

  /** The user picked one of several patients, and can pick another. */
  get #canChangePatient(): boolean {
    return !this.patient && !!this.chosen && (this.#patients.value?.length ?? 0) > 1;
  }

  /** A lab report or an imaging series is open in the tab shown. */
  get #detailOpen(): boolean {
    return this.tab === 'lab' ? !!this.openReportId : !!this.openSeries;
  }

  readonly #history = new ViewHistory(this, {
    depth: () => Number(this.#canChangePatient) + Number(this.#detailOpen),
    back: () => (!this.#detailOpen ? this.#changePatient() : this.tab === 'lab' ? this.#closeReport() : this.#closeSeries()),
  });

  readonly #patients = new ApiController(this, {
    args: () => (this.client && !this.patient ? ([this.client] as const) : undefined),
    task: ([client], signal) =>
      client.listMyPatients({ signal }).then((r) => {
        // One patient: nothing to choose.
        if (r.items.length === 1 && !this.chosen) this.chosen = r.items[0]!.id;
        return r.items;
      }),
    isEmpty: (items: Patient[]) => items.length === 0,
  });
  readonly #familyChanges = new FamilyChanges(this, () => this.#patients.refresh());

  readonly #lab = new ApiController(this, {
    args: () => (this.client && this.#patientId && this.tab === 'lab' ? ([this.client, this.#patientId] as const) : undefined),
    task: ([client, patientId], signal) => reportsOf(client).listLabReports(patientId, { signal }).then(sortReports),
    isEmpty: (items: LabReport[]) => items.length === 0,
  });

  readonly #imaging = new ApiController(this, {
    args: () => (this.client && this.#patientId && this.tab === 'imaging' ? ([this.client, this.#patientId] as const) : undefined),
    task: async ([client, patientId], signal) => {
      const studies = await reportsOf(client).listImagingStudies(patientId, { signal });
      this.#loadThumbnails(client, studies, signal);
      return studies;
    },
    isEmpty: (items: ImagingStudy[]) => items.length === 0,
  });

  /**
   * The list shown, read again in the background when the gateway learns of a new report or
   * study of the patient (or after a reconnect); an open report, trend or series stays open.
   */
  readonly #live = new LiveNotices<ReportNotice>(
    this,
    () => (this.client ? this.config?.realtime(createRealtime) : undefined),
    (realtime, fn) => realtime.onReport(fn),
    (notice) => {
      if (notice && notice.patientId !== this.#patientId) return;
      if (this.tab === 'lab' && (!notice || notice.reportId)) void this.#lab.refresh();
      if (this.tab === 'imaging' && (!notice || notice.studyId)) void this.#imaging.refresh();
    },
  );

  /** Fetches the thumbnail of every series not shown yet (the requests carry the session) as an object URL. */
  #loadThumbnails(client: Client, studies: readonly ImagingStudy[], signal: AbortSignal): void {
    for (const study of studies) {
      for (const series of study.series) {
        if (this.#thumbnails.has(seriesKey(study.id, series.id))) continue;
        reportsOf(client)
          .thumbnail(study.id, series.id, { signal })
          .then(
            (blob) => {
              if (signal.aborted) return;
              this.#thumbnails.set(seriesKey(study.id, series.id), URL.createObjectURL(blob));
              this.requestUpdate();
            },
            () => undefined, // the series shows without a picture
          );
      }
    }
  }

  #revokeThumbnails(): void {
    for (const url of this.#thumbnails.values()) URL.revokeObjectURL(url);
    this.#thumbnails.clear();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#revokeThumbnails();
    this.#closeViewer();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('patient') || changed.has('chosen')) {
      this.openReportId = this.trendCode = undefined;
      this.openSeries = undefined;
      this.#revokeThumbnails();
    }
    if (!this.openSeries || this.viewerLoad?.status !== 'ready') this.#closeViewer();
    else if (!this.#viewer && this.client) {
      const { study, series } = this.openSeries;
      this.#viewer = new this.viewerLoad.create(this, {
        client: this.client,
        studyId: study.id,
        series,
        label: this.#seriesLabel(series),
        msg: (key, params) => this.msg(key, params),
        renderError: (e, retry) => this.renderError(e, retry),
        renderLoading: () => this.renderLoading(1),
      });
    }
  }


  #closeViewer(): void {
    this.#viewer?.dispose();
    this.#viewer = undefined;
  }

  // ——— navigation ———

  #pickPatient(p: Patient): void {
    this.chosen = p.id;
    this.#focus.next('[part~="heading"]');
  }

  #changePatient = () => {
    this.chosen = undefined;
    this.#focus.next('[part~="heading"]');
  };

  #selectTab(tab: ReportsTab): void {
    this.tab = tab;
  }

  #onTabKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') return;
    const tabs = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="tab"]')];
    const i = handleRovingKey(e, tabs, REPORTS_TABS.indexOf(this.tab));
    if (i !== undefined) this.#selectTab(REPORTS_TABS[i]!);
  };

  #openReport(id: string): void {
    this.openReportId = id;
    this.trendCode = undefined;
    this.#focus.next('[part~="detail-heading"]');
  }

  #closeReport = () => {
    this.#focus.next(`[data-report="${this.openReportId}"]`);
    this.openReportId = this.trendCode = undefined;
  };

  #toggleTrend(code: string): void {
    this.trendCode = this.trendCode === code ? undefined : code;
    this.trendTable = false;
  }

  #closeTrend = () => {
    this.#focus.next(`[data-trend="${this.trendCode}"]`);
    this.trendCode = undefined;
  };

  #openSeries(study: ImagingStudy, series: ImagingSeries): void {
    this.openSeries = { study, series };
    this.#focus.next('[part~="detail-heading"]');
    if (this.viewerLoad?.status !== 'ready') this.#loadViewer();
  }

  #loadViewer = () => {
    this.viewerLoad = { status: 'loading' };
    import('./imaging-viewer.js').then(
      (m) => (this.viewerLoad = { status: 'ready', create: m.ImagingViewer }),
      (error: unknown) => (this.viewerLoad = { status: 'error', error }),
    );
  };

  #closeSeries = () => {
    const s = this.openSeries;
    this.openSeries = undefined;
    if (s) this.#focus.next(`[data-series="${seriesKey(s.study.id, s.series.id)}"]`);
  };

  // ——— rendering ———

  #local(zh: string, en: string | undefined): string {
    return this.l10n.pick(zh, en);
  }

  #seriesLabel(s: ImagingSeries): string {
    return s.description || this.msg('reports.imaging.series', { number: s.number ?? '' });
  }

  protected override render(): TemplateResult {
    const patient = this.#patients.value?.find((p) => p.id === this.#patientId);
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('reports.label')}>
      ${viewHeader({
        heading: !this.#patientId ? this.msg('reports.patients.heading') : patient ? this.msg('reports.of', { name: patient.name }) : this.msg('reports.label'),
        level: this.headingLevel,
        end: this.#canChangePatient
          ? html`<button type="button" part="change-patient-button" class="button link" @click=${this.#changePatient}>${this.msg('reports.patients.change')}</button>`
          : nothing,
      })}
      ${this.#patientId ? this.#renderTabs() : this.#renderPatients()}
    </section>`;
  }

  #renderPatients(): TemplateResult {
    return this.renderApi(
      this.#patients,
      (items) =>
        patientOptions(items, {
          relation: (p) => this.msg(`relation.${p.relation}`),
          minorLabel: this.msg('reports.patients.minor'),
          pending: pendingLabels((k) => this.msg(k)),
          onPick: (p) => this.#pickPatient(p),
          current: this.chosen,
        }),
      () => this.renderNoPatients(),
    );
  }

  #renderTabs(): TemplateResult {
    return html`<div part="tabs" class="tabs" role="tablist" aria-label=${this.msg('reports.tabs')} @keydown=${this.#onTabKey}>
        ${REPORTS_TABS.map((t) => {
          const selected = t === this.tab;
          return html`<button
            type="button"
            role="tab"
            part=${selected ? 'tab tab-selected' : 'tab'}
            class="tab"
            id="tab-${t}"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="panel-${t}"
            tabindex=${selected ? 0 : -1}
            @click=${() => this.#selectTab(t)}
          >
            ${this.msg(`reports.tab.${t}`)}
          </button>`;
        })}
      </div>
      ${REPORTS_TABS.map(
        (t) => html`<div part="panel" class="panel-body" role="tabpanel" id="panel-${t}" aria-labelledby="tab-${t}" ?hidden=${t !== this.tab}>
          ${t !== this.tab ? nothing : t === 'lab' ? this.#renderLab() : this.#renderImaging()}
        </div>`,
      )}`;
  }

  #subHeader(title: unknown, back: string, onBack: () => void): TemplateResult {
    return html`<div class="sub-header">
      <button type="button" part="back-button" class="button link back" @click=${onBack}>${iconBack}<span>${back}</span></button>
      <div part="detail-heading" class="detail-heading" role="heading" aria-level=${this.headingLevel + 1} tabindex="-1">${title}</div>
    </div>`;
  }

  // ——— lab ———

  #renderLab(): TemplateResult {
    return this.renderApi(
      this.#lab,
      (reports) => {
        const open = reports.find((r) => r.id === this.openReportId);
        return open ? this.#renderReport(open, reports) : renderReportList(reports, this.l10n, (id) => this.#openReport(id));
      },
      () => this.renderEmpty(this.msg('reports.lab.empty'), this.msg('reports.lab.emptyHint')),
    );
  }

  #renderReport(r: LabReport, all: LabReport[]): TemplateResult {
    const trends = new Map(r.observations.map((o) => [o.code, trendOf(all, o)] as const));
    const open = r.observations.find((o) => o.code === this.trendCode);
    return html`${this.#subHeader(
        html`${this.#local(r.title, r.titleEn)}${renderSeverityBadge(r, this.l10n)}${renderStatusBadge(r.status, this.l10n)}`,
        this.msg('reports.lab.back'),
        this.#closeReport,
      )}
      ${renderCriticalGuidance(r, this.l10n, this.headingLevel + 2)}
      <p class="muted report-facts">
        ${r.collectedAt ? html`${this.msg('reports.lab.collected', { date: this.l10n.date(r.collectedAt, true) })} · ` : nothing}${this.msg('reports.lab.issued', { date: this.l10n.date(r.issuedAt, true) })}${r.specimen ? html` · ${this.msg('reports.lab.specimen', { specimen: r.specimen })}` : nothing}
      </p>
      <div class="table-wrap">
        <table part="results" class="data-table results">
          <caption class="visually-hidden">${this.msg('reports.lab.results')}</caption>
          ${tableHead(this.l10n, 'reports.col.name', 'reports.col.value', 'reports.col.range', 'reports.col.flag', 'reports.col.note')}
          <tbody>
            ${r.observations.map((o) => this.#renderResult(o, (trends.get(o.code)?.length ?? 0) >= 2))}
          </tbody>
        </table>
      </div>
      <p class="muted legend">${this.msg('reports.lab.legend')}</p>
      ${open ? this.#renderTrend(open, trends.get(open.code)!) : nothing}`;
  }

  #renderResult(o: LabObservation, hasTrend: boolean): TemplateResult {
    const severity = interpretationSeverity(o.interpretation);
    const name = this.#local(o.name, o.nameEn);
    const trendOpen = this.trendCode === o.code;
    return html`<tr part="result result-${severity}" class="result ${severity}">
      <th scope="row">
        ${hasTrend
          ? html`<button
              type="button"
              part="trend-button"
              class="trend-button"
              data-trend=${o.code}
              aria-expanded=${trendOpen ? 'true' : 'false'}
              aria-controls=${trendOpen ? 'trend' : nothing}
              @click=${() => this.#toggleTrend(o.code)}
            >
              ${name}<span class="trend-icon">${iconTrend}</span><span class="visually-hidden">${this.msg('reports.trend.show')}</span>
            </button>`
          : name}
      </th>
      <td class="value">${o.value}${o.unit ? html` <span class="unit">${o.unit}</span>` : nothing}</td>
      <td class="range" data-label=${this.msg('reports.col.range')}>${referenceRangeText(o.referenceRange)}</td>
      <td>${isFlagged(o.interpretation) ? renderFlag(o.interpretation, this.l10n) : nothing}</td>
      <td class="note">${o.note ?? ''}</td>
    </tr>`;
  }

  #renderTrend(o: LabObservation, points: TrendPoint[]): TemplateResult {
    const name = this.#local(o.name, o.nameEn);
    const withUnit = (v: string) => (o.unit ? `${v} ${o.unit}` : v);
    const range = referenceRangeText(o.referenceRange);
    const years = new Set(points.map((p) => this.l10n.format(p.at, { year: 'numeric' })));
    const axisDate = (at: string) => this.l10n.format(at, { month: 'numeric', day: 'numeric', ...(years.size > 1 ? { year: '2-digit' } : {}) });
    const longDate = (at: string) => this.l10n.format(at, { year: 'numeric', month: 'long', day: 'numeric' });
    const last = points[points.length - 1]!;
    const title = this.msg('reports.trend.title', { name });
    const desc = `${this.msg('reports.trend.desc', { count: points.length, from: longDate(points[0]!.at), to: longDate(last.at), value: withUnit(last.observation.value) })}${range ? ` ${this.msg('reports.trend.range', { range: withUnit(range) })}` : ''}`;
    const numberFormat = (n: number, decimals: number) => new Intl.NumberFormat(this.l10n.locale, { maximumFractionDigits: decimals }).format(n);
    return html`<section part="trend" class="trend" id="trend" aria-labelledby="trend-heading">
      <div class="trend-header">
        <div id="trend-heading" class="subheading" role="heading" aria-level=${this.headingLevel + 2}>${title}</div>
        <button type="button" part="trend-table-button" class="button link" aria-expanded=${this.trendTable ? 'true' : 'false'} aria-controls="trend-table" @click=${() => (this.trendTable = !this.trendTable)}>
          ${this.msg('reports.trend.table')}
        </button>
        <button type="button" part="trend-close-button" class="button link" @click=${this.#closeTrend}>${this.msg('reports.trend.close')}</button>
      </div>
      ${renderTrendChart(points, { title, desc, range: o.referenceRange, formatDate: axisDate, formatNumber: numberFormat })}
      <div class="table-wrap"><table part="trend-table" class="data-table trend-table" id="trend-table" ?hidden=${!this.trendTable}>
        <caption class="visually-hidden">${title}</caption>
        ${tableHead(this.l10n, 'reports.trend.date', 'reports.col.value', 'reports.col.flag')}
        <tbody>
          ${points.map(
            (p) => html`<tr class="result ${interpretationSeverity(p.observation.interpretation)}">
              <th scope="row">${longDate(p.at)}</th>
              <td>${p.observation.unit ? `${p.observation.value} ${p.observation.unit}` : p.observation.value}</td>
              <td>${isFlagged(p.observation.interpretation) ? renderFlag(p.observation.interpretation, this.l10n) : nothing}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>
    </section>`;
  }

  // ——— imaging ———

  #renderImaging(): TemplateResult {
    return this.renderApi(
      this.#imaging,
      (studies) => (this.openSeries ? this.#renderViewer(this.openSeries.study, this.openSeries.series) : this.#renderStudies(studies)),
      () => this.renderEmpty(this.msg('reports.imaging.empty'), this.msg('reports.imaging.emptyHint')),
    );
  }

  #renderStudies(studies: ImagingStudy[]): TemplateResult {
    return html`<ul class="studies" role="list">
      ${studies.map(
        (st) => html`<li part="study" class="study">
          <p class="study-title">
            <span>${st.description ?? st.modalities.join(' / ')}${st.report ? renderStatusBadge(st.report.status, this.l10n) : nothing}</span>
            <span class="muted">${st.startedAt ? this.l10n.date(st.startedAt, true) : ''} · ${st.modalities.join(' / ')}</span>
          </p>
          ${renderImagingReport(st.report, this.l10n)}
          <p class="series-label">${this.msg('reports.imaging.view')}</p>
          <ul part="option-list" class="options series-list" role="list">
            ${st.series.map((se) => {
              const key = seriesKey(st.id, se.id);
              const url = this.#thumbnails.get(key);
              const images = se.instances.reduce((n, i) => n + i.frames, 0);
              return html`<li>
                <button type="button" part="option series" class="option series" data-series=${key} @click=${() => this.#openSeries(st, se)}>
                  ${url ? html`<img part="thumbnail" class="thumbnail" src=${url} alt="" />` : html`<span part="thumbnail" class="thumbnail none" aria-hidden="true"></span>`}
                  ${optionBody(this.#seriesLabel(se), `${se.modality} · ${this.msg('reports.imaging.images', { count: images })}`)}
                </button>
              </li>`;
            })}
          </ul>
        </li>`,
      )}
    </ul>`;
  }

  #renderViewer(study: ImagingStudy, series: ImagingSeries): TemplateResult {
    const load = this.viewerLoad;
    const body =
      load?.status === 'error'
        ? this.renderError(load.error, this.#loadViewer)
        : this.#viewer
          ? this.#viewer.render()
          : this.renderLoading(1);
    return html`${this.#subHeader(`${this.#seriesLabel(series)} · ${series.modality}${study.description ? ` · ${study.description}` : ''}`, this.msg('reports.viewer.back'), this.#closeSeries)}${body}`;
  }
}
