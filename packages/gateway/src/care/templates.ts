/**
 * The follow-up plan templates a care team puts patients on. The readings and their frequency
 * follow China's national basic public-health service norms for hypertension and type 2
 * diabetes (国家基本公共卫生服务规范: at least four face-to-face follow-ups a year) and the Chinese
 * guidelines' home targets; the alert limits are where a nurse calls the doctor in (blood
 * pressure at or above 160/100, fasting glucose at or above 13.9 mmol/L, any glucose below
 * 3.9 mmol/L, pulse below 50 or at or above 120). Ranges are half-open (care-rules in @ihkit/core).
 * Both screen for depression with PHQ-9 every four weeks (the Chinese guidelines ask for
 * psychological assessment in both; 15, moderately severe, calls the doctor in), and diabetes
 * for anxiety with GAD-7 too (15, severe).
 */
import type { CarePlanTemplate, CareTemplateId } from '@ihkit/core';

const PHQ_9 = { questionnaireId: 'phq-9', everyDays: 28, alertAtScore: 15 } as const;

const PULSE = { metric: 'pulse', unit: '/min', targetLow: 60, targetHigh: 100, alertLow: 50, alertHigh: 120 } as const;

export const CARE_TEMPLATES: Readonly<Record<CareTemplateId, CarePlanTemplate>> = {
  hypertension: {
    id: 'hypertension',
    measures: [{ kind: 'blood-pressure', everyDays: 1 }, { kind: 'weight', everyDays: 7 }],
    thresholds: [
      { metric: 'systolic', unit: 'mmHg', targetLow: 90, targetHigh: 140, alertLow: 90, alertHigh: 160 },
      { metric: 'diastolic', unit: 'mmHg', targetHigh: 90, alertHigh: 100 },
      PULSE,
    ],
    revisitEveryDays: 90,
    questionnaires: [PHQ_9],
  },
  'type-2-diabetes': {
    id: 'type-2-diabetes',
    measures: [
      { kind: 'glucose', meal: 'fasting', everyDays: 1 },
      { kind: 'glucose', meal: 'after-meal', everyDays: 7 },
      { kind: 'blood-pressure', everyDays: 7 },
      { kind: 'weight', everyDays: 7 },
    ],
    thresholds: [
      { metric: 'glucose-fasting', unit: 'mmol/L', targetLow: 4.4, targetHigh: 7.1, alertLow: 3.9, alertHigh: 13.9 },
      { metric: 'glucose-after-meal', unit: 'mmol/L', targetLow: 4.4, targetHigh: 10, alertLow: 3.9, alertHigh: 16.7 },
      { metric: 'systolic', unit: 'mmHg', targetLow: 90, targetHigh: 130, alertLow: 90, alertHigh: 160 },
      { metric: 'diastolic', unit: 'mmHg', targetHigh: 80, alertHigh: 100 },
      PULSE,
    ],
    revisitEveryDays: 90,
    questionnaires: [PHQ_9, { questionnaireId: 'gad-7', everyDays: 28, alertAtScore: 15 }],
  },
};
