/**
 * The trend chart of one lab test: an inline SVG line chart (no chart library) of its numeric
 * results over time, the reference range as a shaded band, each point coloured by its flag.
 * The numbers are laid out by `trendLayout` (pure, tested); `renderTrendChart` draws them.
 */
import { html, svg, nothing, type TemplateResult } from 'lit';
import { interpretationSeverity, type TrendPoint } from '@ihkit/core';

export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 200;
const MARGIN = { left: 48, right: 18, top: 12, bottom: 30 };
/** At most this many date labels under the x axis. */
const MAX_X_LABELS = 5;

export interface ChartRange {
  low?: number;
  high?: number;
}

export interface TrendLayout {
  /** Each point's position, in the order given (oldest first). */
  xs: number[];
  ys: number[];
  /** The y axis' tick values and their positions. */
  ticks: { value: number; y: number }[];
  /** The reference band's top and bottom (undefined without a numeric range). */
  band?: { top: number; bottom: number };
  /** Indexes of the points whose date is written under the axis. */
  labelled: number[];
  /** Decimals the tick values need. */
  decimals: number;
}

/** A "nice" step (1, 2 or 5 × 10ⁿ) for about `count` intervals over `span`. */
export function niceStep(span: number, count = 4): number {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

/** Where everything goes in a CHART_WIDTH × CHART_HEIGHT box. */
export function trendLayout(points: readonly Pick<TrendPoint, 'at' | 'value'>[], range: ChartRange = {}): TrendLayout {
  const values = points.map((p) => p.value);
  const bounds = [...values, ...[range.low, range.high].filter((v): v is number => v !== undefined)];
  let lo = Math.min(...bounds);
  let hi = Math.max(...bounds);
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const plotH = CHART_HEIGHT - MARGIN.top - MARGIN.bottom;
  const plotW = CHART_WIDTH - MARGIN.left - MARGIN.right;
  const y = (v: number) => MARGIN.top + ((hi - v) / (hi - lo)) * plotH;
  const times = points.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => MARGIN.left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const ticks: TrendLayout['ticks'] = [];
  for (let v = lo, i = 0; v <= hi + step / 2 && i < 20; v = lo + ++i * step) ticks.push({ value: Number(v.toFixed(10)), y: y(v) });
  const n = points.length;
  const labelled = n <= MAX_X_LABELS ? points.map((_, i) => i) : [...new Set(Array.from({ length: MAX_X_LABELS }, (_, k) => Math.round((k * (n - 1)) / (MAX_X_LABELS - 1))))];
  const band =
    range.low !== undefined || range.high !== undefined ? { top: y(range.high ?? hi), bottom: y(range.low ?? lo) } : undefined;
  return { xs: times.map(x), ys: values.map(y), ticks, band, labelled, decimals: Math.max(0, -Math.floor(Math.log10(step))) };
}

export interface TrendChartOptions {
  /** The chart's `<title>` and `<desc>` (its accessible name and description). */
  title: string;
  desc: string;
  range?: ChartRange;
  /** A point's date under the axis. */
  formatDate: (at: string) => string;
  /** A tick value. */
  formatNumber: (n: number, decimals: number) => string;
}

/** The chart: an `<svg role="img">` named by its title and described by its desc. */
export function renderTrendChart(points: readonly TrendPoint[], o: TrendChartOptions): TemplateResult {
  const l = trendLayout(points, o.range);
  const left = MARGIN.left;
  const right = CHART_WIDTH - MARGIN.right;
  const bottom = CHART_HEIGHT - MARGIN.bottom;
  const line = l.xs.map((x, i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${l.ys[i]!.toFixed(1)}`).join(' ');
  const anchor = (x: number) => (x - left < 24 ? 'start' : right - x < 24 ? 'end' : 'middle');
  return html`<svg
    part="trend-chart"
    class="trend-chart"
    role="img"
    viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}"
    aria-labelledby="trend-title"
    aria-describedby="trend-desc"
    focusable="false"
  >
    <title id="trend-title">${o.title}</title>
    <desc id="trend-desc">${o.desc}</desc>
    ${l.band
      ? svg`<rect part="trend-range" class="band" x=${left} y=${l.band.top} width=${right - left} height=${Math.max(0, l.band.bottom - l.band.top)}></rect>`
      : nothing}
    ${l.ticks.map(
      (t) => svg`<line class="grid" x1=${left} x2=${right} y1=${t.y} y2=${t.y}></line>
        <text class="tick" x=${left - 6} y=${t.y} text-anchor="end" dominant-baseline="middle">${o.formatNumber(t.value, l.decimals)}</text>`,
    )}
    <line class="axis" x1=${left} x2=${right} y1=${bottom} y2=${bottom}></line>
    ${l.labelled.map((i) => svg`<text class="tick" x=${l.xs[i]!} y=${bottom + 18} text-anchor=${anchor(l.xs[i]!)}>${o.formatDate(points[i]!.at)}</text>`)}
    <path class="line" d=${line}></path>
    ${points.map(
      (p, i) => svg`<circle part="trend-point" class="point ${interpretationSeverity(p.observation.interpretation)}" cx=${l.xs[i]!} cy=${l.ys[i]!} r="4.5"></circle>`,
    )}
  </svg>`;
}
