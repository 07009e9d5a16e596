/**
 * ECGs for the viewer's tests and the visual test: the synthetic 12-lead ECGs of
 * scripts/ecg-synth.mjs (the ones the DICOM samples hold) as the EcgWaveform the adapter reads
 * from them — each count × the sensitivity, in µV.
 */
import type { EcgWaveform } from '@ihkit/core';
import { LEADS, synthesizeEcg, type Rhythm, type SyntheticEcg } from '../../../scripts/ecg-synth.mjs';

export function waveformOf(ecg: SyntheticEcg): EcgWaveform {
  const sampleCount = ecg.leads.I.length;
  return {
    samplingFrequency: ecg.samplingFrequency,
    sampleCount,
    durationMs: (sampleCount / ecg.samplingFrequency) * 1000,
    leads: LEADS.map((name) => ({ name, samples: Array.from(ecg.leads[name], (count) => count * ecg.sensitivity) })),
    acquiredAt: '2026-05-01T08:30:15+08:00',
    filter: { lowHz: 0.05, highHz: 150, notchHz: 50 },
  };
}

/** One rhythm's ECG and its waveform. */
export function syntheticEcg(rhythm: Rhythm, seed?: number): { ecg: SyntheticEcg; waveform: EcgWaveform } {
  const ecg = synthesizeEcg(rhythm, { seed });
  return { ecg, waveform: waveformOf(ecg) };
}
