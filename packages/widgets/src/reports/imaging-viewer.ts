/**
 * The image viewer of `<ih-reports>`: one series' frames (its instances in order, each with its
 * frames) on a canvas, moved through with the mouse wheel, a slider and ↑/↓, or on a touch
 * screen by swiping the image sideways; window width and level applied to the rendered 8-bit
 * pixels (by dragging on the image with a mouse, or with two sliders); zoom with buttons or
 * Ctrl + wheel. The instructions under it are the device's (input-kind.ts). Frames are fetched
 * as PNG through the client (the requests carry the session) and the ones next to the current
 * frame are fetched ahead.
 *
 * `<ih-reports>` imports this module only when a series is opened, so it is a chunk of its own.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { reportsOf, type IhClient, type ImagingSeries } from '@ihkit/core';
import type { MsgParams, StringKey } from '../internal/localize.js';
import { InputKind } from '../internal/input-kind.js';

/** One frame of a series: an instance and a 1-based frame number in it. */
export interface FrameRef {
  instanceId: string;
  frame: number;
}

/** The series' frames in viewing order: its instances in order × their frames. */
export function framesOf(series: Pick<ImagingSeries, 'instances'>): FrameRef[] {
  return series.instances.flatMap((i) => Array.from({ length: i.frames }, (_, f) => ({ instanceId: i.id, frame: f + 1 })));
}

/** The window the server rendered with; at these values the pixels are shown as they came. */
export const DEFAULT_WINDOW = { width: 256, level: 128 } as const;
export const WINDOW_WIDTH_MAX = 512;
export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 8;
const ZOOM_STEP = 1.25;
/** Frames fetched ahead on each side of the current one. */
const PREFETCH = 2;
/** Decoded frames kept on each side of the current one. */
const KEEP = 8;
/** How far a finger moves sideways on the image (px) to turn to the next or previous image. */
export const SWIPE_PX = 40;

/** The window/level lookup table: v → clamp((v − (L − W/2)) / W) × 255, for v in 0…255. */
export function windowTable(width: number, level: number): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256);
  const low = level - width / 2;
  for (let v = 0; v < 256; v++) table[v] = Math.round(Math.min(1, Math.max(0, (v - low) / width)) * 255);
  return table;
}

/** What the viewer needs of the element that shows it. */
export interface ViewerHost extends ReactiveControllerHost {
  readonly renderRoot: ParentNode;
}

export interface ViewerOptions {
  client: IhClient;
  studyId: string;
  series: ImagingSeries;
  /** A label of the series for the canvas' name (its description or number). */
  label: string;
  msg: (key: StringKey, params?: MsgParams) => string;
  renderError: (error: unknown, retry: () => void) => TemplateResult;
  renderLoading: () => TemplateResult;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export class ImagingViewer implements ReactiveController {
  readonly frames: FrameRef[];
  /** The frame shown (0-based). */
  index = 0;
  width: number = DEFAULT_WINDOW.width;
  level: number = DEFAULT_WINDOW.level;
  zoom = 1;

  #loads = new Map<number, Promise<ImageBitmap>>();
  #bitmaps = new Map<number, ImageBitmap>();
  #error?: unknown;
  #abort = new AbortController();
  /** What the canvas shows now: `index/width/level`. */
  #drawn = '';
  #drag?: { x: number; y: number; width: number; level: number };
  /** Where a finger touched the image: a sideways swipe from there turns the image. */
  #swipe?: { x: number; y: number };
  readonly #input: InputKind;

  constructor(
    private readonly host: ViewerHost,
    private readonly o: ViewerOptions,
  ) {
    this.frames = framesOf(o.series);
    this.#input = new InputKind(host);
    host.addController(this);
    this.go(0);
  }

  hostUpdated(): void {
    // The zoom as a custom property set through CSSOM: a style attribute (even from styleMap's
    // first render) is refused by a strict Content-Security-Policy (style-src without 'unsafe-inline').
    this.host.renderRoot.querySelector<HTMLElement>('[part~="stage"]')?.style.setProperty('--zoom', String(this.zoom));
    this.#draw();
  }

  hostDisconnected(): void {
    this.dispose();
  }

  /** Stops every fetch and frees the decoded frames. */
  dispose(): void {
    this.#abort.abort();
    for (const b of this.#bitmaps.values()) b.close();
    this.#bitmaps.clear();
    this.#loads.clear();
    this.#input.hostDisconnected();
    this.host.removeController(this.#input);
    this.host.removeController(this);
  }

  /** Shows frame `i` (clamped), fetching it and its neighbours. */
  go(i: number): void {
    this.index = clamp(Math.round(i), 0, this.frames.length - 1);
    this.#error = undefined;
    this.#load(this.index).then(
      () => {
        for (let d = 1; d <= PREFETCH; d++) for (const n of [this.index + d, this.index - d]) this.#load(n).catch(() => undefined);
      },
      () => undefined,
    );
    for (const [n, b] of this.#bitmaps) {
      if (Math.abs(n - this.index) > KEEP) {
        b.close();
        this.#bitmaps.delete(n);
        this.#loads.delete(n);
      }
    }
    this.host.requestUpdate();
  }

  setWindow(width: number, level: number): void {
    this.width = clamp(Math.round(width), 1, WINDOW_WIDTH_MAX);
    this.level = clamp(Math.round(level), 0, 255);
    this.host.requestUpdate();
  }

  setZoom(zoom: number): void {
    this.zoom = clamp(zoom, ZOOM_MIN, ZOOM_MAX);
    this.host.requestUpdate();
  }

  /** Back to the whole image as rendered: zoom 100 %, the default window. */
  reset(): void {
    this.zoom = 1;
    this.setWindow(DEFAULT_WINDOW.width, DEFAULT_WINDOW.level);
  }

  #load(i: number): Promise<ImageBitmap> {
    const ref = this.frames[i];
    if (!ref) return Promise.reject(new RangeError('no such frame'));
    let p = this.#loads.get(i);
    if (!p) {
      const signal = this.#abort.signal;
      p = reportsOf(this.o.client)
        .frame(this.o.studyId, this.o.series.id, ref.instanceId, ref.frame, { signal })
        .then((blob) => createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' }))
        .then((bitmap) => {
          if (signal.aborted || this.#loads.get(i) !== p) {
            bitmap.close();
            throw signal.reason;
          }
          this.#bitmaps.set(i, bitmap);
          if (i === this.index) this.host.requestUpdate();
          return bitmap;
        });
      p.catch((e: unknown) => {
        if (this.#loads.get(i) === p) this.#loads.delete(i);
        if (i === this.index && !signal.aborted) {
          this.#error = e;
          this.host.requestUpdate();
        }
      });
      this.#loads.set(i, p);
    }
    return p;
  }

  #draw(): void {
    const canvas = this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas[part~="viewer-canvas"]');
    const bitmap = this.#bitmaps.get(this.index);
    const key = `${this.index}/${this.width}/${this.level}`;
    if (!canvas || !bitmap || (this.#drawn === key && canvas.dataset.frame === String(this.index))) return;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.drawImage(bitmap, 0, 0);
    if (this.width !== DEFAULT_WINDOW.width || this.level !== DEFAULT_WINDOW.level) {
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const table = windowTable(this.width, this.level);
      const d = image.data;
      for (let p = 0; p < d.length; p += 4) {
        d[p] = table[d[p]!]!;
        d[p + 1] = table[d[p + 1]!]!;
        d[p + 2] = table[d[p + 2]!]!;
      }
      ctx.putImageData(image, 0, 0);
    }
    canvas.dataset.frame = String(this.index);
    this.#drawn = key;
  }

  // ——— input ———

  #onWheel = (e: WheelEvent) => {
    if (!e.deltaY) return;
    e.preventDefault();
    if (e.ctrlKey) this.setZoom(this.zoom * (e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
    else this.go(this.index + Math.sign(e.deltaY));
  };

  #onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const to: Record<string, () => void> = {
      ArrowDown: () => this.go(this.index + 1),
      PageDown: () => this.go(this.index + 1),
      ArrowUp: () => this.go(this.index - 1),
      PageUp: () => this.go(this.index - 1),
      Home: () => this.go(0),
      End: () => this.go(this.frames.length - 1),
      '+': () => this.setZoom(this.zoom * ZOOM_STEP),
      '=': () => this.setZoom(this.zoom * ZOOM_STEP),
      '-': () => this.setZoom(this.zoom / ZOOM_STEP),
      '0': () => this.reset(),
    };
    const act = to[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  /**
   * A finger on the image swipes: sideways to the next image (to the left) or the previous one;
   * up and down scroll the page. A mouse drags: right widens the window, down raises the level.
   */
  #onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'touch') {
      this.#swipe = e.isPrimary ? { x: e.clientX, y: e.clientY } : undefined; // two fingers: a pinch, not a swipe
      return;
    }
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    this.#drag = { x: e.clientX, y: e.clientY, width: this.width, level: this.level };
  };
  #onPointerMove = (e: PointerEvent) => {
    const d = this.#drag;
    if (d) this.setWindow(d.width + (e.clientX - d.x), d.level + (e.clientY - d.y));
  };
  #onPointerUp = (e: PointerEvent) => {
    const s = this.#swipe;
    this.#drag = this.#swipe = undefined;
    if (!s || e.type !== 'pointerup') return;
    const dx = e.clientX - s.x;
    if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(e.clientY - s.y)) this.go(this.index + (dx < 0 ? 1 : -1));
  };

  render(): TemplateResult {
    const { msg } = this.o;
    const total = this.frames.length;
    const position = msg('reports.viewer.position', { current: this.index + 1, total });
    const shown = this.#bitmaps.has(this.index);
    const slider = (part: string, label: StringKey, min: number, max: number, value: number, onInput: (v: number) => void, valueText?: string) =>
      html`<label class="viewer-field"
        ><span>${msg(label)}</span>
        <input
          type="range"
          part=${part}
          min=${min}
          max=${max}
          .value=${String(value)}
          aria-valuetext=${valueText ?? nothing}
          @input=${(e: Event) => onInput(Number((e.target as HTMLInputElement).value))}
      /></label>`;
    return html`<div part="viewer" class="viewer" role="group" aria-label=${msg('reports.viewer.label')}>
      <div class="viewer-tools">
        ${slider('frame-slider', 'reports.viewer.frame', 1, total, this.index + 1, (v) => this.go(v - 1), position)}
        <span part="frame-counter" class="frame-counter">${position}</span>
        ${slider('width-slider', 'reports.viewer.width', 1, WINDOW_WIDTH_MAX, this.width, (v) => this.setWindow(v, this.level))}
        ${slider('level-slider', 'reports.viewer.level', 0, 255, this.level, (v) => this.setWindow(this.width, v))}
        <span class="zoom">
          <button type="button" part="zoom-out-button" class="button" aria-label=${msg('reports.viewer.zoomOut')} @click=${() => this.setZoom(this.zoom / ZOOM_STEP)}>−</button>
          <span part="zoom-level" class="zoom-level">${Math.round(this.zoom * 100)}%</span>
          <button type="button" part="zoom-in-button" class="button" aria-label=${msg('reports.viewer.zoomIn')} @click=${() => this.setZoom(this.zoom * ZOOM_STEP)}>+</button>
          <button type="button" part="zoom-reset-button" class="button" @click=${() => this.reset()}>${msg('reports.viewer.reset')}</button>
        </span>
      </div>
      ${this.#error !== undefined
        ? this.o.renderError(this.#error, () => this.go(this.index))
        : html`<div part="stage" class=${this.zoom > 1 ? 'stage zoomed' : 'stage'} @wheel=${this.#onWheel} @keydown=${this.#onKey}>
            <canvas
              part="viewer-canvas"
              tabindex="0"
              role="img"
              aria-describedby="viewer-hint"
              aria-label=${msg('reports.viewer.image', { series: this.o.label, current: this.index + 1, total })}
              @pointerdown=${this.#onPointerDown}
              @pointermove=${this.#onPointerMove}
              @pointerup=${this.#onPointerUp}
              @pointercancel=${this.#onPointerUp}
            ></canvas>
            ${shown ? nothing : html`<div class="stage-loading">${this.o.renderLoading()}</div>`}
          </div>`}
      <p id="viewer-hint" class="muted">${msg(this.#input.mouseAndKeyboard ? 'reports.viewer.hint' : 'reports.viewer.hintTouch')}</p>
    </div>`;
  }
}
