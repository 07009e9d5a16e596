import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { ECG_LEADS, type EcgWaveform } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { emit } from '../internal/events.js';
import { ecgStrings } from '../locales/ecg/area.js';
import {
  COLUMN_S,
  MM_PER_MV,
  MM_PER_S,
  PX_PER_MM,
  RHYTHM_LEAD,
  ROWS,
  ROW_MM,
  caliperAt,
  caliperPoint,
  gridOf,
  measure,
  moveCaliper,
  paperOf,
  pulseOf,
  separatorsOf,
  tracesOf,
  type Caliper,
  type Paper,
} from './ecg-layout.js';
import styles from './ecg-viewer.styles.js';

export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 4;
export const ZOOM_STEP = 1.25;
type Which = 'a' | 'b';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** What a waveform draws as, made once per waveform (20 000 points are not laid out per render). */
interface Drawing {
  waveform: EcgWaveform;
  paper: Paper;
  grid: ReturnType<typeof gridOf>;
  traces: ReturnType<typeof tracesOf>;
}

/**
 * @summary A 12-lead ECG on ECG paper: the standard layout (three rows of four leads, 2.5 s
 * each, and a 10 s rhythm strip of lead II) at 25 mm/s and 10 mm/mV on a 1 mm / 5 mm grid with
 * a calibration pulse, drawn in SVG; zoom (buttons, Ctrl + wheel, pinch) and calipers that
 * measure an interval (ms, and the rate it means) and an amplitude difference (mV) between two
 * points on the tracings (drag on the tracing with a mouse, drag a caliper's handle with a
 * finger, or move a focused handle with the arrow keys). At zoom 100 % a millimetre of the
 * paper is a CSS millimetre; on a narrow screen the paper scrolls sideways inside the element.
 * The host hands it the waveform (`waveform`, an `EcgWaveform`), and says while it loads one
 * (`loading`) or why it could not (`error`).
 *
 * @event ih-retry - The error state's retry button was pressed: load the ECG again. `detail: { element: 'ecg-viewer' }`.
 *
 * @csspart base - The card around everything.
 * @csspart tools - The row of zoom and caliper buttons.
 * @csspart zoom-out-button - Zooms out.
 * @csspart zoom-in-button - Zooms in.
 * @csspart zoom-reset-button - Back to actual size (100 %).
 * @csspart zoom-level - The zoom in percent.
 * @csspart calipers-button - Shows or hides the calipers (`aria-pressed`).
 * @csspart paper - The scrolling box around the ECG paper.
 * @csspart chart - The SVG: grid, calibration pulses, tracings, lead names, calipers.
 * @csspart caliper-handle - A caliper's handle (a slider for the keyboard); also `caliper-a`, `caliper-b`.
 * @csspart measurement - The interval and amplitude between the calipers.
 * @csspart scale - Paper speed, gain and sampling frequency.
 * @csspart hint - How to use the calipers.
 * @csspart loading - The loading skeleton.
 * @csspart empty - Shown without an ECG.
 * @csspart error - Shown when the ECG could not be loaded.
 * @csspart retry-button - Asks the host to load it again.
 *
 * @cssproperty --ih-ecg-grid-minor - The 1 mm lines (default a light red).
 * @cssproperty --ih-ecg-grid-major - The 5 mm lines.
 * @cssproperty --ih-ecg-trace - The tracings and calibration pulses.
 * @cssproperty --ih-ecg-paper - The paper.
 * @cssproperty --ih-color-primary - The calipers and focus.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-text - Text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhEcgViewer extends IhElement {
  static override styles = styles;
  static override properties = {
    waveform: { attribute: false },
    loading: { type: Boolean },
    error: { attribute: false },
    zoom: { state: true },
    calipers: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, ecgStrings];

  /** The ECG to show. */
  waveform?: EcgWaveform;
  /** The host is loading the ECG: a skeleton until `waveform` comes. */
  loading = false;
  /** Why the ECG could not be loaded (an IhError shows its code's message): the error state, with a retry button. */
  error?: unknown;
  /** 1 is actual size (25 mm/s on a CSS millimetre). */
  zoom = 1;
  /** The two calipers while they are shown. */
  calipers?: Record<Which, Caliper>;

  #drawing?: Drawing;
  #drag?: { which: Which; pointerId: number };
  #pinch?: { distance: number; zoom: number };
  /** After a zoom, the paper point (mm) to keep under a screen point (px from the paper box's left). */
  #anchor?: { mm: number; px: number };

  #drawingOf(waveform: EcgWaveform): Drawing {
    if (this.#drawing?.waveform !== waveform) {
      const paper = paperOf(waveform);
      this.#drawing = { waveform, paper, grid: gridOf(paper), traces: tracesOf(waveform) };
    }
    return this.#drawing;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('waveform')) this.calipers = undefined;
  }

  protected override updated(): void {
    // Handle positions as custom properties through CSSOM: a style attribute is refused by a strict CSP.
    const drawing = this.#drawing;
    if (!drawing || !this.calipers) return;
    const scale = PX_PER_MM * this.zoom;
    for (const which of ['a', 'b'] as const) {
      const handle = this.renderRoot.querySelector<HTMLElement>(`[part~="caliper-${which}"]`);
      const p = caliperPoint(drawing.waveform, this.calipers[which]);
      handle?.style.setProperty('--x', `${p.x * scale}px`);
      handle?.style.setProperty('--y', `${p.y * scale}px`);
    }
  }

  /** Sets the zoom; the paper point under `at` (a client x, default the middle of the view) stays there. */
  setZoom(zoom: number, at?: number): void {
    const paper = this.#paperBox();
    const next = clamp(zoom, ZOOM_MIN, ZOOM_MAX);
    if (paper) {
      const box = paper.getBoundingClientRect();
      const px = (at ?? box.left + box.width / 2) - box.left;
      this.#anchor = { mm: (paper.scrollLeft + px) / (PX_PER_MM * this.zoom), px };
    }
    this.zoom = next;
    void this.updateComplete.then(() => {
      const anchor = this.#anchor;
      const box = this.#paperBox();
      this.#anchor = undefined;
      if (anchor && box) box.scrollLeft = anchor.mm * PX_PER_MM * this.zoom - anchor.px;
    });
  }

  #paperBox(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="paper"]');
  }

  /** The paper point (mm) under a client point. */
  #mmAt(clientX: number, clientY: number): { x: number; y: number } | undefined {
    const chart = this.renderRoot.querySelector<SVGSVGElement>('svg[part~="chart"]');
    const drawing = this.#drawing;
    if (!chart || !drawing) return undefined;
    const r = chart.getBoundingClientRect();
    return { x: ((clientX - r.left) / r.width) * drawing.paper.width, y: ((clientY - r.top) / r.height) * drawing.paper.height };
  }

  #toggleCalipers(): void {
    const drawing = this.#drawing;
    if (!drawing) return;
    if (this.calipers) {
      this.calipers = undefined;
      return;
    }
    // In view: a third and a half of the way across what the paper box shows, on the rhythm strip.
    const box = this.#paperBox();
    const scale = PX_PER_MM * this.zoom;
    const left = (box?.scrollLeft ?? 0) / scale;
    const width = (box?.clientWidth ?? drawing.paper.width * scale) / scale;
    const at = (f: number) => caliperAt(drawing.waveform, drawing.paper, left + width * f, (ROWS - 0.5) * ROW_MM);
    this.calipers = { a: at(0.3), b: at(0.6) };
  }

  #place(which: Which, clientX: number, clientY: number): void {
    const drawing = this.#drawing;
    const mm = this.#mmAt(clientX, clientY);
    if (!drawing || !mm || !this.calipers) return;
    this.calipers = { ...this.calipers, [which]: caliperAt(drawing.waveform, drawing.paper, mm.x, mm.y) };
  }

  #onHandleDown(e: PointerEvent, which: Which): void {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    capture(e);
    (e.currentTarget as HTMLElement).focus();
    this.#drag = { which, pointerId: e.pointerId };
  }

  /** A mouse or pen drag across the tracing measures from where it starts; a finger scrolls (it drags the handles). */
  #onChartDown(e: PointerEvent): void {
    if (e.button !== 0 || e.pointerType === 'touch' || !this.#drawing) return;
    const mm = this.#mmAt(e.clientX, e.clientY);
    if (!mm) return;
    e.preventDefault();
    const start = caliperAt(this.#drawing.waveform, this.#drawing.paper, mm.x, mm.y);
    this.calipers = { a: start, b: start };
    capture(e);
    this.#drag = { which: 'b', pointerId: e.pointerId };
  }

  #onPointerMove(e: PointerEvent): void {
    if (this.#drag?.pointerId === e.pointerId) this.#place(this.#drag.which, e.clientX, e.clientY);
  }

  #onPointerUp(e: PointerEvent): void {
    if (this.#drag?.pointerId === e.pointerId) this.#drag = undefined;
  }

  #onHandleKey(e: KeyboardEvent, which: Which): void {
    const drawing = this.#drawing;
    if (!drawing || !this.calipers) return;
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.calipers = { ...this.calipers, [which]: moveCaliper(drawing.waveform, drawing.paper, this.calipers[which], move[0], move[1]) };
    // the paper scrolls along with a handle moved past its edge
    const handle = e.currentTarget as HTMLElement;
    void this.updateComplete.then(() => handle.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
  }

  #onWheel(e: WheelEvent): void {
    if (!e.ctrlKey) return; // a plain wheel scrolls; Ctrl + wheel (and a touchpad's pinch) zooms
    e.preventDefault();
    this.setZoom(this.zoom * Math.exp(-e.deltaY / 300), e.clientX);
  }

  #onTouchStart(e: TouchEvent): void {
    if (e.touches.length !== 2) return;
    this.#pinch = { distance: touchDistance(e.touches), zoom: this.zoom };
  }

  #onTouchMove(e: TouchEvent): void {
    if (!this.#pinch || e.touches.length !== 2) return;
    e.preventDefault();
    const centre = (e.touches[0]!.clientX + e.touches[1]!.clientX) / 2;
    this.setZoom((this.#pinch.zoom * touchDistance(e.touches)) / this.#pinch.distance, centre);
  }

  #onTouchEnd(e: TouchEvent): void {
    if (e.touches.length < 2) this.#pinch = undefined;
  }

  override render(): TemplateResult {
    if (this.error !== undefined && !this.waveform) {
      return html`<div part="base">${this.renderError(this.error, () => emit(this, 'ih-retry', { element: 'ecg-viewer' }))}</div>`;
    }
    if (!this.waveform) return html`<div part="base">${this.loading ? this.renderLoading(4) : this.renderEmpty(this.msg('ecg.empty'), this.msg('ecg.emptyHint'))}</div>`;
    const drawing = this.#drawingOf(this.waveform);
    return html`<div part="base">
      ${this.#renderTools()} ${this.#renderPaper(drawing)} ${this.#renderMeasurement(drawing)}
      <p part="scale" class="scale">${this.msg('ecg.scale', { speed: MM_PER_S, gain: MM_PER_MV, frequency: drawing.waveform.samplingFrequency })}</p>
    </div>`;
  }

  #renderTools(): TemplateResult {
    const percent = Math.round(this.zoom * 100);
    return html`<div part="tools" class="tools" role="toolbar" aria-label=${this.msg('ecg.tools')}>
      <button type="button" part="zoom-out-button" class="button" aria-label=${this.msg('ecg.zoomOut')} ?disabled=${this.zoom <= ZOOM_MIN} @click=${() => this.setZoom(this.zoom / ZOOM_STEP)}>−</button>
      <span part="zoom-level" class="zoom-level">${this.msg('ecg.zoom', { percent })}</span>
      <button type="button" part="zoom-in-button" class="button" aria-label=${this.msg('ecg.zoomIn')} ?disabled=${this.zoom >= ZOOM_MAX} @click=${() => this.setZoom(this.zoom * ZOOM_STEP)}>+</button>
      <button type="button" part="zoom-reset-button" class="button" ?disabled=${this.zoom === 1} @click=${() => this.setZoom(1)}>${this.msg('ecg.zoomReset')}</button>
      <button type="button" part="calipers-button" class="button" aria-pressed=${this.calipers ? 'true' : 'false'} @click=${() => this.#toggleCalipers()}>${this.msg('ecg.calipers')}</button>
    </div>`;
  }

  #renderPaper(drawing: Drawing): TemplateResult {
    const { paper, grid, traces, waveform } = drawing;
    const scale = PX_PER_MM * this.zoom;
    const present = new Set(waveform.leads.map((l) => l.name));
    const description = this.msg('ecg.description', {
      leads: ECG_LEADS.filter((l) => present.has(l)).join(', '),
      column: COLUMN_S,
      rhythm: RHYTHM_LEAD,
      seconds: Number(paper.seconds.toFixed(1)),
      speed: MM_PER_S,
      gain: MM_PER_MV,
    });
    return html`<div
      part="paper"
      class="paper"
      @wheel=${(e: WheelEvent) => this.#onWheel(e)}
      @touchstart=${(e: TouchEvent) => this.#onTouchStart(e)}
      @touchmove=${(e: TouchEvent) => this.#onTouchMove(e)}
      @touchend=${(e: TouchEvent) => this.#onTouchEnd(e)}
      @touchcancel=${(e: TouchEvent) => this.#onTouchEnd(e)}
    >
      <div class="sheet">
        <svg
          part="chart"
          role="img"
          aria-labelledby="ecg-title ecg-desc"
          viewBox="0 0 ${paper.width} ${paper.height}"
          width=${Math.round(paper.width * scale)}
          height=${Math.round(paper.height * scale)}
          data-mm-per-s=${MM_PER_S}
          data-mm-per-mv=${MM_PER_MV}
          @pointerdown=${(e: PointerEvent) => this.#onChartDown(e)}
          @pointermove=${(e: PointerEvent) => this.#onPointerMove(e)}
          @pointerup=${(e: PointerEvent) => this.#onPointerUp(e)}
          @pointercancel=${(e: PointerEvent) => this.#onPointerUp(e)}
        >
          <title id="ecg-title">${this.msg('ecg.label')}</title>
          <desc id="ecg-desc">${description}</desc>
          <rect class="sheet-bg" width=${paper.width} height=${paper.height}></rect>
          <path class="grid-minor" d=${grid.minor}></path>
          <path class="grid-major" d=${grid.major}></path>
          <path class="pulse" d=${Array.from({ length: ROWS }, (_, row) => pulseOf(row)).join('')}></path>
          <path class="separator" d=${separatorsOf()}></path>
          ${traces.map(
            (t) => svg`<path class="trace" data-lead=${t.lead} data-row=${t.row} data-from=${t.from} d=${t.d}></path>
              <text class="lead-name" x=${t.labelX} y=${t.labelY}>${t.lead}</text>`,
          )}
          ${this.calipers ? this.#renderCaliperLines(drawing, this.calipers) : nothing}
        </svg>
        ${this.calipers ? this.#renderHandles(drawing, this.calipers) : nothing}
      </div>
    </div>`;
  }

  #renderCaliperLines(drawing: Drawing, calipers: Record<Which, Caliper>): TemplateResult {
    const a = caliperPoint(drawing.waveform, calipers.a);
    const b = caliperPoint(drawing.waveform, calipers.b);
    const h = drawing.paper.height;
    return svg`<g class="calipers">
      <path class="caliper-line" d="M${a.x} 0V${h}M${b.x} 0V${h}"></path>
      <path class="caliper-span" d="M${a.x} ${a.y}H${b.x}V${b.y}"></path>
      <circle class="caliper-point" cx=${a.x} cy=${a.y} r="0.8"></circle>
      <circle class="caliper-point" cx=${b.x} cy=${b.y} r="0.8"></circle>
    </g>`;
  }

  #renderHandles(drawing: Drawing, calipers: Record<Which, Caliper>): TemplateResult[] {
    const fs = drawing.waveform.samplingFrequency;
    return (['a', 'b'] as const).map((which) => {
      const c = calipers[which];
      const p = caliperPoint(drawing.waveform, c);
      const ms = Math.round((c.index / fs) * 1000);
      return html`<span
        part="caliper-handle caliper-${which}"
        class="handle"
        role="slider"
        tabindex="0"
        aria-label=${this.msg(which === 'a' ? 'ecg.caliper.a' : 'ecg.caliper.b')}
        aria-valuemin="0"
        aria-valuemax=${Math.round(drawing.paper.seconds * 1000)}
        aria-valuenow=${ms}
        aria-valuetext=${this.msg('ecg.caliper.value', { lead: p.lead, seconds: (c.index / fs).toFixed(3), mv: (p.microvolts / 1000).toFixed(2) })}
        data-index=${c.index}
        data-row=${c.row}
        @pointerdown=${(e: PointerEvent) => this.#onHandleDown(e, which)}
        @pointermove=${(e: PointerEvent) => this.#onPointerMove(e)}
        @pointerup=${(e: PointerEvent) => this.#onPointerUp(e)}
        @pointercancel=${(e: PointerEvent) => this.#onPointerUp(e)}
        @keydown=${(e: KeyboardEvent) => this.#onHandleKey(e, which)}
      ></span>`;
    });
  }

  #renderMeasurement(drawing: Drawing): TemplateResult {
    if (!this.calipers) return html``;
    const m = measure(drawing.waveform, this.calipers.a, this.calipers.b);
    const mv = `${m.mv > 0 ? '+' : ''}${m.mv.toFixed(2)}`;
    return html`<div part="measurement" class="measurement">
        <span>${this.msg('ecg.interval', { ms: Math.round(m.ms) })}</span>
        ${m.ms > 0 ? html`<span>${this.msg('ecg.rate', { rate: Math.round(m.perMinute) })}</span>` : nothing}
        <span>${this.msg('ecg.amplitude', { mv })}</span>
      </div>
      <p part="hint" class="hint">${this.msg('ecg.calipers.hint')}</p>`;
  }
}

/** Keeps a drag's moves coming to where it started, also outside it; a pointer the browser does not know (a script's event) has nothing to capture. */
function capture(e: PointerEvent): void {
  const target = e.currentTarget as Element;
  try {
    target.setPointerCapture(e.pointerId);
  } catch {
    // not an active pointer: its moves still arrive at the target they are sent to
  }
}

function touchDistance(touches: TouchList): number {
  const [a, b] = [touches[0]!, touches[1]!];
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1;
}
