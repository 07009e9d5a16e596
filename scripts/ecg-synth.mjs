// Synthetic 12-lead ECGs from a heart-vector model, with no Node or browser dependency, so the
// DICOM samples (scripts/ecg-samples.mjs), the viewer's tests in Chromium and the benchmark
// all draw the same waveforms. The heart's electrical activity is a dipole (a vectorcardiogram
// in Frank's axes: X to the patient's left, Y to the feet, Z to the back) made of one Gaussian
// per wave — P, the septal Q, R, S, T (T asymmetric: slower up than down) — each with a
// direction. Leads I, II and V1–V6 are the dipole seen through Dower's inverse transform
// (Edenbrandt & Pahlm 1988); III, aVR, aVL and aVF are computed from I and II exactly as a cart
// does (Einthoven's and Goldberger's equations), so III = II − I holds to the count and the
// augmented leads to half a count. Respiration moves the baseline and the sinus rate, and a
// little noise is added from a seeded generator (the same seed, the same ECG).

/** Leads in the order a cart stores them. */
export const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
/** @type {readonly ('sinus' | 'afib' | 'stemi' | 'longqt')[]} */
export const RHYTHMS = ['sinus', 'afib', 'stemi', 'longqt'];

/** Dower's coefficients [X, Y, Z] of each lead measured from the dipole. */
const DOWER = {
  I: [0.632, -0.235, 0.059],
  II: [0.235, 1.066, -0.132],
  V1: [-0.515, 0.157, -0.917],
  V2: [0.044, 0.164, -1.387],
  V3: [0.882, 0.098, -1.277],
  V4: [1.213, 0.127, -0.601],
  V5: [1.125, 0.127, -0.086],
  V6: [0.831, 0.076, 0.23],
};

/**
 * Each rhythm's beat: dipole directions in mV (X, Y, Z), the rate, QTc, and what is special.
 * `st`: an injury current from the J point to the T wave (anterior STEMI: towards the front and
 * a little up, so ST rises in V1–V4 and falls in II, III, aVF).
 */
const NORMAL_WAVES = {
  p: [0.09, 0.13, 0.0],
  q: [-0.12, 0.05, -0.15],
  r: [1.1, 0.7, 0.4],
  s: [-0.35, -0.25, 0.45],
  t: [0.28, 0.22, -0.12],
};
const RHYTHM = {
  sinus: { rateBpm: 72, qtc: 0.41, waves: NORMAL_WAVES },
  afib: { rateBpm: 92, qtc: 0.42, waves: { ...NORMAL_WAVES, p: undefined }, irregular: true, fibrillation: [0.03, 0.05, -0.09] },
  stemi: { rateBpm: 88, qtc: 0.44, waves: { ...NORMAL_WAVES, t: [0.3, 0.02, -0.42] }, st: [0.06, -0.16, -0.3] },
  longqt: { rateBpm: 60, qtc: 0.56, waves: { ...NORMAL_WAVES, t: [0.22, 0.18, -0.1] }, wideT: true },
};

/** Mulberry32: a small seeded generator of numbers in [0, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A normal deviate (Box–Muller) from `rand`. */
const gauss = (rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** The QRS onsets (s) from just before 0 to past `seconds`, and each beat's RR before it. */
function beatTimes(spec, seconds, rand) {
  const mean = 60 / spec.rateBpm;
  const beats = [];
  let t = -mean + 0.2 + rand() * 0.15;
  let rr = mean;
  while (t < seconds + 0.5) {
    beats.push({ at: t, rr });
    // AF: the next RR anywhere from 0.65 to 1.45 of the mean, no two alike; sinus: breathing at 0.25 Hz varies it by ±4 %
    rr = spec.irregular ? mean * (0.65 + 0.8 * rand()) : mean * (1 + 0.04 * Math.sin(2 * Math.PI * 0.25 * t));
    t += rr;
  }
  return beats;
}

/**
 * One rhythm's ECG. Returns { rhythm, samplingFrequency, seconds, sensitivity (µV per count),
 * leads: { I: Int16Array, … } in counts, rPeaks: sample indexes of each R wave's centre inside
 * the record, qt: seconds }. Multiply a count by `sensitivity` for µV.
 * @param {'sinus' | 'afib' | 'stemi' | 'longqt'} rhythm
 * @param {{ seed?: number, samplingFrequency?: number, seconds?: number, sensitivity?: number }} [options]
 */
export function synthesizeEcg(rhythm, { seed = 24, samplingFrequency = 500, seconds = 10, sensitivity = 2.5 } = {}) {
  const spec = RHYTHM[rhythm];
  if (!spec) throw new Error(`no such rhythm: ${rhythm} (one of ${RHYTHMS.join(', ')})`);
  const rand = random(seed);
  const n = Math.round(samplingFrequency * seconds);
  const dipole = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const add = (vector, centre, before, after = before) => {
    if (!vector) return;
    const from = Math.max(0, Math.floor((centre - 5 * before) * samplingFrequency));
    const to = Math.min(n - 1, Math.ceil((centre + 5 * after) * samplingFrequency));
    for (let i = from; i <= to; i++) {
      const dt = i / samplingFrequency - centre;
      const s = dt < 0 ? before : after;
      const g = Math.exp(-(dt * dt) / (2 * s * s));
      for (let k = 0; k < 3; k++) dipole[k][i] += vector[k] * g;
    }
  };
  const beats = beatTimes(spec, seconds, rand);
  const rPeaks = [];
  const { waves } = spec;
  for (const { at, rr } of beats) {
    const qt = spec.qtc * Math.sqrt(rr); // Bazett
    const tAfter = spec.wideT ? 0.05 : 0.035;
    const tPeak = at + qt - 2.6 * tAfter;
    add(waves.p, at - 0.1, 0.022);
    add(waves.q, at + 0.012, 0.008);
    add(waves.r, at + 0.04, 0.011);
    add(waves.s, at + 0.066, 0.01);
    add(waves.t, tPeak, spec.wideT ? 0.09 : 0.06, tAfter);
    if (spec.st) {
      // from the J point (end of QRS) a plateau that flows into the T wave
      const j = at + 0.09;
      const from = Math.max(0, Math.floor(j * samplingFrequency) - 10);
      const to = Math.min(n - 1, Math.ceil((tPeak + 0.15) * samplingFrequency));
      for (let i = from; i <= to; i++) {
        const t = i / samplingFrequency;
        const level = 1 / (1 + Math.exp(-(t - j) / 0.006)) / (1 + Math.exp((t - tPeak) / 0.03));
        for (let k = 0; k < 3; k++) dipole[k][i] += spec.st[k] * level;
      }
    }
    const peak = Math.round((at + 0.04) * samplingFrequency);
    if (peak >= 0 && peak < n) rPeaks.push(peak);
  }
  if (spec.fibrillation) {
    // f waves: three drifting oscillations of 5–7 Hz, their sum waxing and waning
    const parts = [5.3, 6.1, 7.0].map((hz) => ({ hz: hz + rand() * 0.3, phase: rand() * 2 * Math.PI }));
    for (let i = 0; i < n; i++) {
      const t = i / samplingFrequency;
      const f = parts.reduce((sum, p) => sum + Math.sin(2 * Math.PI * p.hz * t + p.phase), 0) / 2 * (0.7 + 0.3 * Math.sin(2 * Math.PI * 0.4 * t));
      for (let k = 0; k < 3; k++) dipole[k][i] += spec.fibrillation[k] * f;
    }
  }
  const breath = rand() * 2 * Math.PI;
  /** A lead from the dipole, in µV, with baseline wander and noise of its own. */
  const measured = (coef) => {
    const wander = 20 + 30 * rand();
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const mv = coef[0] * dipole[0][i] + coef[1] * dipole[1][i] + coef[2] * dipole[2][i];
      out[i] = mv * 1000 + wander * Math.sin(2 * Math.PI * 0.25 * (i / samplingFrequency) + breath) + 6 * gauss(rand);
    }
    return out;
  };
  const counts = (uv) => Int16Array.from(uv, (v) => Math.max(-32768, Math.min(32767, Math.round(v / sensitivity))));
  const lead1 = counts(measured(DOWER.I));
  const lead2 = counts(measured(DOWER.II));
  const derived = (f) => Int16Array.from(lead1, (a, i) => Math.round(f(a, lead2[i])));
  const leads = {
    I: lead1,
    II: lead2,
    III: derived((a, b) => b - a),
    aVR: derived((a, b) => -(a + b) / 2),
    aVL: derived((a, b) => a - b / 2),
    aVF: derived((a, b) => b - a / 2),
  };
  for (const v of ['V1', 'V2', 'V3', 'V4', 'V5', 'V6']) leads[v] = counts(measured(DOWER[v]));
  return { rhythm, samplingFrequency, seconds, sensitivity, leads, rPeaks, qt: spec.qtc * Math.sqrt(60 / spec.rateBpm) };
}
