/**
 * The rules of a follow-up plan that both sides need: which values of a reading cross the plan's
 * targets and alert limits, and which readings are due today or missed. Ranges are half-open,
 * as guidelines state them ("below 140", "3.9 or lower is hypoglycaemia" is "below 3.9"): a
 * value is outside the target when it is below `targetLow` or at or above `targetHigh`, and it
 * alerts the care team when it is below `alertLow` or at or above `alertHigh`.
 */
import { addDays, localDate } from './zoned-time.js';
import type { CareBreach, CareMeasure, CareMetric, CareQuestionnaireSchedule, CareReadingInput, CareTask, CareThreshold } from './types.js';

/** The values of a reading, by metric (a reading of glucose counts for its meal's metric). */
export function readingMetrics(r: Pick<CareReadingInput, 'kind' | 'systolic' | 'diastolic' | 'pulse' | 'glucose' | 'meal' | 'weight'>): Partial<Record<CareMetric, number>> {
  const m: Partial<Record<CareMetric, number>> = {};
  if (r.systolic !== undefined) m.systolic = r.systolic;
  if (r.diastolic !== undefined) m.diastolic = r.diastolic;
  if (r.pulse !== undefined) m.pulse = r.pulse;
  if (r.glucose !== undefined && r.meal) m[r.meal === 'fasting' ? 'glucose-fasting' : 'glucose-after-meal'] = r.glucose;
  if (r.weight !== undefined) m.weight = r.weight;
  return m;
}

/** What a reading must hold for its kind (undefined: it is complete), for a clear refusal. */
export function missingReadingValues(r: CareReadingInput): string[] | undefined {
  const wanted: Record<CareReadingInput['kind'], Array<keyof CareReadingInput>> = {
    'blood-pressure': ['systolic', 'diastolic'],
    pulse: ['pulse'],
    glucose: ['glucose', 'meal'],
    weight: ['weight'],
  };
  const allowed: Record<CareReadingInput['kind'], Array<keyof CareReadingInput>> = { ...wanted, 'blood-pressure': ['systolic', 'diastolic', 'pulse'] };
  const values: Array<keyof CareReadingInput> = ['systolic', 'diastolic', 'pulse', 'glucose', 'meal', 'weight'];
  const problems = [
    ...wanted[r.kind].filter((k) => r[k] === undefined).map((k) => `${k} is required for ${r.kind}`),
    ...values.filter((k) => r[k] !== undefined && !allowed[r.kind].includes(k)).map((k) => `${k} is not part of ${r.kind}`),
  ];
  if (r.kind === 'blood-pressure' && r.systolic !== undefined && r.diastolic !== undefined && r.diastolic >= r.systolic) problems.push('diastolic must be below systolic');
  return problems.length ? problems : undefined;
}

/** The values of a reading beyond the plan's thresholds: alert limits first, else targets. */
export function careBreaches(values: Partial<Record<CareMetric, number>>, thresholds: readonly CareThreshold[]): CareBreach[] {
  const out: CareBreach[] = [];
  for (const t of thresholds) {
    const value = values[t.metric];
    if (value === undefined) continue;
    const beyond = (low: number | undefined, high: number | undefined, level: CareBreach['level']): CareBreach | undefined =>
      high !== undefined && value >= high ? { metric: t.metric, value, bound: high, direction: 'high', level }
        : low !== undefined && value < low ? { metric: t.metric, value, bound: low, direction: 'low', level } : undefined;
    const breach = beyond(t.alertLow, t.alertHigh, 'alert') ?? beyond(t.targetLow, t.targetHigh, 'target');
    if (breach) out.push(breach);
  }
  return out;
}

/** Whether a reading's breaches raise an alert to the care team. */
export const raisesAlert = (breaches: readonly CareBreach[]): boolean => breaches.some((b) => b.level === 'alert');

/** Which measure a reading counts for. */
export const measureKey = (m: { kind: string; meal?: string | undefined }): string => (m.meal ? `${m.kind}/${m.meal}` : m.kind);

/** Whole days from one YYYY-MM-DD date to another. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Each measure of the plan as a task on the hospital's calendar day `now`: due when no reading
 * of it was taken in the last `everyDays` days (today included); missed once a whole period has
 * passed without one, since the first day one was due and none came (the day the last
 * reading's period ended, or the plan's first day). `lastTaken` holds the last reading's time
 * per measureKey.
 */
export function careTasks(measures: readonly CareMeasure[], lastTaken: ReadonlyMap<string, Date>, startedAt: Date, now: Date, timeZone: string): CareTask[] {
  return measures.map((m) => ({
    kind: m.kind,
    ...(m.meal ? { meal: m.meal } : {}),
    ...periodicTask(m.everyDays, lastTaken.get(measureKey(m)), startedAt, now, timeZone),
  }));
}

/**
 * Something a plan asks for once every `everyDays` days (a reading, a questionnaire), last done
 * at `last`: due, and since when missed, on the hospital's calendar day `now` (careTasks).
 */
export function periodicTask(everyDays: number, last: Date | undefined, startedAt: Date, now: Date, timeZone: string): { everyDays: number; due: boolean; lastAt?: string; missedSince?: string } {
  const from = localDate(last ?? startedAt, timeZone);
  const since = daysBetween(from, localDate(now, timeZone));
  const due = !last || since >= everyDays;
  const missed = since > everyDays || (!last && since >= everyDays);
  return {
    everyDays,
    due,
    ...(last ? { lastAt: last.toISOString() } : {}),
    ...(missed ? { missedSince: last ? addDays(from, everyDays) : from } : {}),
  };
}

/** Each metric's unit. */
export const CARE_METRIC_UNIT: Readonly<Record<CareMetric, CareThreshold['unit']>> = {
  systolic: 'mmHg', diastolic: 'mmHg', pulse: '/min', 'glucose-fasting': 'mmol/L', 'glucose-after-meal': 'mmol/L', weight: 'kg',
};

export interface CarePlanProblem {
  /** A JSON pointer into the change (`/thresholds/0/targetHigh`). */
  pointer: string;
  message: string;
}

/**
 * What is wrong with the readings and thresholds a care team sets on a plan (undefined: nothing):
 * a glucose measure needs its meal and no other has one; each measure once (kind and meal), each
 * metric's threshold and each questionnaire once, the threshold in its unit; within a threshold alertLow ≤ targetLow < targetHigh ≤
 * alertHigh, as far as they are given.
 */
export function carePlanProblems(p: { measures?: readonly CareMeasure[] | undefined; thresholds?: readonly CareThreshold[] | undefined; questionnaires?: readonly CareQuestionnaireSchedule[] | undefined }): CarePlanProblem[] | undefined {
  const out: CarePlanProblem[] = [];
  const asked = new Set<string>();
  p.questionnaires?.forEach((q, i) => {
    if (asked.has(q.questionnaireId)) out.push({ pointer: `/questionnaires/${i}`, message: `${q.questionnaireId} is asked for once` });
    asked.add(q.questionnaireId);
  });
  const seen = new Set<string>();
  p.measures?.forEach((m, i) => {
    if ((m.kind === 'glucose') !== (m.meal !== undefined)) out.push({ pointer: `/measures/${i}/meal`, message: m.kind === 'glucose' ? 'a glucose measure needs its meal' : `${m.kind} has no meal` });
    const key = measureKey(m);
    if (seen.has(key)) out.push({ pointer: `/measures/${i}`, message: `${key} is measured once` });
    seen.add(key);
  });
  const metrics = new Set<string>();
  p.thresholds?.forEach((t, i) => {
    if (metrics.has(t.metric)) out.push({ pointer: `/thresholds/${i}/metric`, message: `${t.metric} has one threshold` });
    metrics.add(t.metric);
    if (t.unit !== CARE_METRIC_UNIT[t.metric]) out.push({ pointer: `/thresholds/${i}/unit`, message: `${t.metric} is in ${CARE_METRIC_UNIT[t.metric]}` });
    const order: Array<[keyof CareThreshold, keyof CareThreshold, boolean]> = [
      ['alertLow', 'targetLow', false], ['targetLow', 'targetHigh', true], ['targetHigh', 'alertHigh', false], ['alertLow', 'alertHigh', true], ['alertLow', 'targetHigh', true], ['targetLow', 'alertHigh', true],
    ];
    for (const [lo, hi, strict] of order) {
      const a = t[lo] as number | undefined;
      const b = t[hi] as number | undefined;
      if (a !== undefined && b !== undefined && (strict ? a >= b : a > b)) out.push({ pointer: `/thresholds/${i}/${hi}`, message: `${hi} must be ${strict ? 'above' : 'at or above'} ${lo}` });
    }
  });
  return out.length ? out : undefined;
}
