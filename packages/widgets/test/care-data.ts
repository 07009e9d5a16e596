/** Follow-up plans, readings and alerts as the gateway answers them, for the <ih-followup> and <ih-care-desk> tests. */
import type { CareAlert, CarePlan, CareReading } from '@ihkit/core';
import { addDays } from '@ihkit/core';
import { today } from './mock-api.js';

const hours = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

export const HTN_PLAN: CarePlan = {
  id: 'plan_htn',
  patientId: 'pat_zhang',
  templateId: 'hypertension',
  measures: [{ kind: 'blood-pressure', everyDays: 1 }, { kind: 'weight', everyDays: 7 }],
  thresholds: [
    { metric: 'systolic', unit: 'mmHg', targetLow: 90, targetHigh: 140, alertLow: 90, alertHigh: 160 },
    { metric: 'diastolic', unit: 'mmHg', targetHigh: 90, alertHigh: 100 },
  ],
  revisitEveryDays: 90,
  nextRevisitOn: addDays(today, 40),
  startedAt: hours(24 * 10),
  status: 'active',
  version: 1,
  managedBy: '徐婷',
  tasks: [
    { kind: 'blood-pressure', everyDays: 1, due: true, lastAt: hours(48), missedSince: addDays(today, -1) },
    { kind: 'weight', everyDays: 7, due: false, lastAt: hours(30) },
  ],
  lastReadingAt: hours(30),
  openAlerts: 0,
};

export const reading = (over: Partial<CareReading>): CareReading => ({
  id: 'rdg_1', planId: HTN_PLAN.id, kind: 'blood-pressure', takenAt: hours(48), recordedAt: hours(48), source: 'manual', systolic: 132, diastolic: 84, breaches: [], ...over,
});

export const HISTORY: CareReading[] = [
  reading({ id: 'rdg_w', kind: 'weight', systolic: undefined, diastolic: undefined, weight: 71.5, takenAt: hours(30) }),
  reading({ id: 'rdg_1' }),
];

export const HIGH = reading({
  id: 'rdg_high', takenAt: hours(0.1), systolic: 176, diastolic: 104, pulse: 92, alertId: 'calert_1',
  breaches: [{ metric: 'systolic', value: 176, bound: 160, direction: 'high', level: 'alert' }, { metric: 'diastolic', value: 104, bound: 100, direction: 'high', level: 'alert' }],
});

export const ALERT: CareAlert = {
  id: 'calert_1', planId: HTN_PLAN.id, patientId: 'pat_zhang', patientName: '张伟', templateId: 'hypertension',
  reading: HIGH, trend: [reading({ id: 'rdg_1' }), HIGH], raisedAt: HIGH.takenAt,
};

/** The hypertension plan with its PHQ-9 due (never answered). */
export const HTN_PLAN_PHQ: CarePlan = {
  ...HTN_PLAN,
  questionnaires: [{ questionnaireId: 'phq-9', everyDays: 28, alertAtScore: 15 }],
  questionnaireTasks: [{ questionnaireId: 'phq-9', everyDays: 28, due: true, scores: [] }],
};

/** An alert raised by a PHQ-9 with item 9 answered. */
export const PHQ_ALERT: CareAlert = {
  id: 'alert_phq', planId: HTN_PLAN.id, patientId: HTN_PLAN.patientId, patientName: '张伟', templateId: 'hypertension', trend: [], raisedAt: hours(1),
  response: {
    id: 'qr_1', planId: HTN_PLAN.id, questionnaire: 'phq-9', status: 'completed', authored: hours(1), item: [], score: 11, band: 'moderate', flags: ['self-harm'], alertId: 'alert_phq',
  },
};
