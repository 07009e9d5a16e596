/**
 * Where `<ih-ecg-viewer>` draws a 12-lead ECG, in millimetres of ECG paper (the SVG's user
 * units): the standard layout of three rows of four leads, 2.5 s each (I, aVR, V1, V4 / II,
 * aVL, V2, V5 / III, aVF, V3, V6), each column the same 2.5 s of the record, and under them a
 * 10 s rhythm strip of lead II; a calibration pulse (1 mV for 200 ms) before every row; at
 * 25 mm/s and 10 mm/mV on a grid of 1 mm and 5 mm squares. Pure numbers (no DOM), tested.
 */
import type { EcgLeadName, EcgWaveform } from '@ihkit/core';

/** Paper speed and gain. */
export const MM_PER_S = 25;
export const MM_PER_MV = 10;
export const MINOR_MM = 1;
export const MAJOR_MM = 5;
/** Seconds each lead is shown in the 3 × 4 part. */
export const COLUMN_S = 2.5;
export const ROW_MM = 40;
/** From a row's top to its baseline (a major line). */
export const BASELINE_MM = 25;
/** The calibration pulse's width (200 ms at 25 mm/s) and the space kept for it before the tracing. */
export const PULSE_MM = 5;
export const LEFT_MM = 10;
/** The standard layout: [row][column]; the fourth row is the rhythm strip. */
export const LAYOUT: readonly (readonly EcgLeadName[])[] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
export const RHYTHM_LEAD: EcgLeadName = 'II';
export const ROWS = LAYOUT.length + 1;

/** CSS px in a mm (96 px to the inch): at zoom 1 the grid is drawn at true size, as paper. */
export const PX_PER_MM = 96 / 25.4;

export interface Paper {
  /** The paper's size in mm (user units). */
  width: number;
  height: number;
  /** The record's length shown, in s (10 s, or less for a shorter record). */
  seconds: number;
}

export function paperOf(waveform: Pick<EcgWaveform, 'durationMs'>): Paper {
  const seconds = Math.min(COLUMN_S * LAYOUT[0]!.length, waveform.durationMs / 1000);
  // whole 5 mm squares, at least the 10 s the layout is made for
  const width = Math.ceil((LEFT_MM + Math.max(seconds, COLUMN_S * 4) * MM_PER_S) / MAJOR_MM) * MAJOR_MM;
  return { width, height: ROWS * ROW_MM, seconds };
}

/** A row's baseline (0 µV), in mm from the top. */
export const baselineOf = (row: number) => row * ROW_MM + BASELINE_MM;
/** x of an instant (s from the start of the record). */
export const xOf = (seconds: number) => LEFT_MM + seconds * MM_PER_S;
/** y of a voltage (µV) in a row. */
export const yOf = (row: number, microvolts: number) => baselineOf(row) - (microvolts / 1000) * MM_PER_MV;

/** The lead shown in `row` at sample `index` (the rhythm strip is lead II throughout). */
export function leadAt(row: number, index: number, samplingFrequency: number): EcgLeadName {
  const lanes = LAYOUT[row];
  if (!lanes) return RHYTHM_LEAD;
  return lanes[Math.min(lanes.length - 1, Math.floor(index / (samplingFrequency * COLUMN_S)))]!;
}

export interface Trace {
  lead: EcgLeadName;
  row: number;
  /** The samples drawn: [from, to). */
  from: number;
  to: number;
  /** An SVG path through them. */
  d: string;
  /** Where its name is written. */
  labelX: number;
  labelY: number;
}

const fixed = (n: number) => Number(n.toFixed(3));

/** The path of `samples[from, to)` in `row`. */
function tracePath(samples: readonly number[], row: number, from: number, to: number, fs: number): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) parts.push(`${fixed(xOf(i / fs))} ${fixed(yOf(row, samples[i]!))}`);
  return `M${parts.join('L')}`;
}

/** The 12 lead segments and the rhythm strip: only the leads the record has. */
export function tracesOf(waveform: EcgWaveform): Trace[] {
  const fs = waveform.samplingFrequency;
  const perColumn = Math.round(fs * COLUMN_S);
  const samplesOf = new Map(waveform.leads.map((l) => [l.name, l.samples]));
  const traces: Trace[] = [];
  LAYOUT.forEach((lanes, row) => {
    lanes.forEach((lead, column) => {
      const samples = samplesOf.get(lead);
      const from = column * perColumn;
      const to = Math.min(waveform.sampleCount, from + perColumn);
      if (!samples || from >= to) return;
      traces.push({ lead, row, from, to, d: tracePath(samples, row, from, to, fs), labelX: xOf(from / fs) + 1, labelY: row * ROW_MM + 6 });
    });
  });
  const rhythm = samplesOf.get(RHYTHM_LEAD);
  if (rhythm) {
    const to = Math.min(waveform.sampleCount, Math.round(fs * COLUMN_S * LAYOUT[0]!.length));
    traces.push({ lead: RHYTHM_LEAD, row: LAYOUT.length, from: 0, to, d: tracePath(rhythm, LAYOUT.length, 0, to, fs), labelX: xOf(0) + 1, labelY: LAYOUT.length * ROW_MM + 6 });
  }
  return traces;
}

/** The grid as two paths, minor (every 1 mm) and major (every 5 mm) lines over the whole paper. */
export function gridOf(paper: Paper): { minor: string; major: string } {
  const lines = (step: number, skip: number) => {
    const d: string[] = [];
    for (let x = 0; x <= paper.width + 1e-9; x += step) if (!skip || Math.round(x) % skip) d.push(`M${fixed(x)} 0V${paper.height}`);
    for (let y = 0; y <= paper.height + 1e-9; y += step) if (!skip || Math.round(y) % skip) d.push(`M0 ${fixed(y)}H${paper.width}`);
    return d.join('');
  };
  return { minor: lines(MINOR_MM, MAJOR_MM), major: lines(MAJOR_MM, 0) };
}

/** The calibration pulse before a row: 1 mV (10 mm) high, 200 ms (5 mm) wide, on the baseline. */
export function pulseOf(row: number): string {
  const y = baselineOf(row);
  const x = (LEFT_MM - PULSE_MM) / 2;
  return `M${fixed(x - 1)} ${y}H${x}V${y - MM_PER_MV}H${x + PULSE_MM}V${y}H${fixed(x + PULSE_MM + 1)}`;
}

/** Separators between the columns of the 3 × 4 part: short ticks on each baseline, as carts print. */
export function separatorsOf(): string {
  const d: string[] = [];
  for (let row = 0; row < LAYOUT.length; row++) {
    for (let column = 1; column < LAYOUT[0]!.length; column++) {
      const x = xOf(column * COLUMN_S);
      d.push(`M${x} ${baselineOf(row) - 4}V${baselineOf(row) + 4}`);
    }
  }
  return d.join('');
}

/** A caliper: a row and a sample; it sits on the trace there. */
export interface Caliper {
  row: number;
  index: number;
}

export interface CaliperPoint {
  lead: EcgLeadName;
  x: number;
  y: number;
  /** The voltage there, µV (0 when the lead is missing). */
  microvolts: number;
}

export function caliperPoint(waveform: EcgWaveform, c: Caliper): CaliperPoint {
  const lead = leadAt(c.row, c.index, waveform.samplingFrequency);
  const microvolts = waveform.leads.find((l) => l.name === lead)?.samples[c.index] ?? 0;
  return { lead, x: xOf(c.index / waveform.samplingFrequency), y: yOf(c.row, microvolts), microvolts };
}

/** The caliper nearest a point on the paper (mm): its row, and the nearest sample at that x. */
export function caliperAt(waveform: EcgWaveform, paper: Paper, x: number, y: number): Caliper {
  const row = Math.min(ROWS - 1, Math.max(0, Math.floor(y / ROW_MM)));
  const last = Math.min(waveform.sampleCount, Math.round(paper.seconds * waveform.samplingFrequency)) - 1;
  const index = Math.min(last, Math.max(0, Math.round(((x - LEFT_MM) / MM_PER_S) * waveform.samplingFrequency)));
  return { row, index };
}

/** A caliper moved by `samples` along its row and `rows` up or down, kept on the paper. */
export function moveCaliper(waveform: EcgWaveform, paper: Paper, c: Caliper, samples: number, rows: number): Caliper {
  const last = Math.min(waveform.sampleCount, Math.round(paper.seconds * waveform.samplingFrequency)) - 1;
  return { row: Math.min(ROWS - 1, Math.max(0, c.row + rows)), index: Math.min(last, Math.max(0, c.index + samples)) };
}

export interface Measurement {
  /** From the first caliper to the second: ms (≥ 0) and mV (second minus first). */
  ms: number;
  mv: number;
  /** The rate an interval this long between beats means (per minute). */
  perMinute: number;
}

export function measure(waveform: EcgWaveform, a: Caliper, b: Caliper): Measurement {
  const ms = (Math.abs(b.index - a.index) / waveform.samplingFrequency) * 1000;
  const mv = (caliperPoint(waveform, b).microvolts - caliperPoint(waveform, a).microvolts) / 1000;
  return { ms, mv, perMinute: ms > 0 ? 60_000 / ms : 0 };
}
