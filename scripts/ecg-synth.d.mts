// Types of ecg-synth.mjs, for the TypeScript that imports it (the widgets' tests in Chromium, the benchmark).
export type Rhythm = 'sinus' | 'afib' | 'stemi' | 'longqt';
export type LeadName = 'I' | 'II' | 'III' | 'aVR' | 'aVL' | 'aVF' | 'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6';
export declare const LEADS: readonly LeadName[];
export declare const RHYTHMS: readonly Rhythm[];
export interface SyntheticEcg {
  rhythm: Rhythm;
  samplingFrequency: number;
  seconds: number;
  /** µV per count. */
  sensitivity: number;
  /** Each lead's samples in counts. */
  leads: Record<LeadName, Int16Array>;
  /** Sample indexes of each R wave's centre. */
  rPeaks: number[];
  /** QT at the mean rate, s. */
  qt: number;
}
export declare function synthesizeEcg(rhythm: Rhythm, options?: { seed?: number; samplingFrequency?: number; seconds?: number; sensitivity?: number }): SyntheticEcg;
