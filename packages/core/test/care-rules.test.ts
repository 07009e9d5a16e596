import assert from 'node:assert/strict';
import { test } from 'node:test';
import { careBreaches, careTasks, missingReadingValues, raisesAlert, readingMetrics, type CareThreshold } from '@ihkit/core';

const SYSTOLIC: CareThreshold = { metric: 'systolic', unit: 'mmHg', targetLow: 90, targetHigh: 140, alertLow: 90, alertHigh: 160 };
const FASTING: CareThreshold = { metric: 'glucose-fasting', unit: 'mmol/L', targetLow: 4.4, targetHigh: 7.1, alertLow: 3.9, alertHigh: 13.9 };

test('ranges are half-open: below the low bound, or at or above the high one; alert limits before targets', () => {
  const at = (systolic: number) => careBreaches({ systolic }, [SYSTOLIC]);
  assert.deepEqual(at(139), []);
  assert.deepEqual(at(140), [{ metric: 'systolic', value: 140, bound: 140, direction: 'high', level: 'target' }]);
  assert.deepEqual(at(159).map((b) => b.level), ['target']);
  assert.deepEqual(at(160), [{ metric: 'systolic', value: 160, bound: 160, direction: 'high', level: 'alert' }]);
  assert.deepEqual(at(89), [{ metric: 'systolic', value: 89, bound: 90, direction: 'low', level: 'alert' }]);
  assert.equal(raisesAlert(at(160)), true);
  assert.equal(raisesAlert(at(150)), false);
});

test('glucose counts for its meal: hypoglycaemia below 3.9 alerts, 3.9 itself is below the target only', () => {
  assert.deepEqual(readingMetrics({ kind: 'glucose', glucose: 3.8, meal: 'fasting' }), { 'glucose-fasting': 3.8 });
  assert.deepEqual(careBreaches(readingMetrics({ kind: 'glucose', glucose: 3.8, meal: 'fasting' }), [FASTING]).map((b) => [b.level, b.direction]), [['alert', 'low']]);
  assert.deepEqual(careBreaches(readingMetrics({ kind: 'glucose', glucose: 3.9, meal: 'fasting' }), [FASTING]).map((b) => b.level), ['target']);
  assert.deepEqual(careBreaches(readingMetrics({ kind: 'glucose', glucose: 9, meal: 'after-meal' }), [FASTING]), [], 'after a meal is another metric');
});

test('a reading holds what its kind needs, and nothing of another kind', () => {
  const base = { takenAt: '2026-12-07T08:00:00+08:00', source: 'manual' as const };
  assert.equal(missingReadingValues({ ...base, kind: 'blood-pressure', systolic: 130, diastolic: 80 }), undefined);
  assert.equal(missingReadingValues({ ...base, kind: 'blood-pressure', systolic: 130, diastolic: 80, pulse: 70 }), undefined);
  assert.deepEqual(missingReadingValues({ ...base, kind: 'blood-pressure', systolic: 130 }), ['diastolic is required for blood-pressure']);
  assert.deepEqual(missingReadingValues({ ...base, kind: 'glucose', glucose: 6 }), ['meal is required for glucose']);
  assert.deepEqual(missingReadingValues({ ...base, kind: 'weight', weight: 70, pulse: 60 }), ['pulse is not part of weight']);
  assert.deepEqual(missingReadingValues({ ...base, kind: 'blood-pressure', systolic: 80, diastolic: 90 }), ['diastolic must be below systolic']);
});

test('tasks on the hospital calendar: due when none was taken in the period, missed once a whole period passed', () => {
  const tz = 'Asia/Shanghai';
  const now = new Date('2026-12-07T09:00:00+08:00');
  const measures = [{ kind: 'blood-pressure' as const, everyDays: 1 }, { kind: 'weight' as const, everyDays: 7 }];
  const started = (d: string) => new Date(`${d}T10:00:00+08:00`);
  // Started today, nothing yet: both due, nothing missed.
  assert.deepEqual(careTasks(measures, new Map(), started('2026-12-07'), now, tz).map((t) => [t.due, t.missedSince ?? null]), [[true, null], [true, null]]);
  // Started two days ago, nothing: the daily one missed since the first day; the weekly one only due.
  assert.deepEqual(careTasks(measures, new Map(), started('2026-12-05'), now, tz).map((t) => [t.due, t.missedSince ?? null]), [[true, '2026-12-05'], [true, null]]);
  // Blood pressure late last night (Beijing), weight six days ago: today's reading due, nothing missed.
  const last = new Map([['blood-pressure', new Date('2026-12-06T23:30:00+08:00')], ['weight', new Date('2026-12-01T08:00:00+08:00')]]);
  assert.deepEqual(careTasks(measures, last, started('2026-11-01'), now, tz).map((t) => [t.due, t.missedSince ?? null]), [[true, null], [false, null]]);
  // Blood pressure last taken three days ago: missed since the day after its period.
  last.set('blood-pressure', new Date('2026-12-04T08:00:00+08:00'));
  assert.equal(careTasks(measures, last, started('2026-11-01'), now, tz)[0]!.missedSince, '2026-12-05');
  // Taken this morning: done.
  last.set('blood-pressure', new Date('2026-12-07T07:00:00+08:00'));
  assert.equal(careTasks(measures, last, started('2026-11-01'), now, tz)[0]!.due, false);
});
