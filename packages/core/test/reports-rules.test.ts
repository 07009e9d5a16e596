import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretationSeverity, isCriticalInterpretation, referenceRangeText, trendOf, type Interpretation, type LabReport } from '@ihkit/core';

test('HH, LL and AA are critical; H, L and A abnormal; N and none normal', () => {
  const severities = (['N', 'H', 'L', 'A', 'HH', 'LL', 'AA', undefined] as (Interpretation | undefined)[]).map(interpretationSeverity);
  assert.deepEqual(severities, ['normal', 'abnormal', 'abnormal', 'abnormal', 'critical', 'critical', 'critical', 'normal']);
  assert.equal(isCriticalInterpretation('LL'), true);
  assert.equal(isCriticalInterpretation('L'), false);
  assert.equal(isCriticalInterpretation(undefined), false);
});

test('a reference range reads as both bounds, one bound, or the LIS text', () => {
  assert.deepEqual(
    [referenceRangeText({ low: 3.5, high: 5.3 }), referenceRangeText({ low: 60 }), referenceRangeText({ high: 5.2 }), referenceRangeText({ text: '阴性', low: 0 }), referenceRangeText({}), referenceRangeText(undefined)],
    ['3.5–5.3', '≥ 60', '≤ 5.2', '阴性', '', ''],
  );
});

test('a trend is one test in one unit, oldest first, without cancelled reports', () => {
  const report = (id: string, at: string, value: string, unit: string, status: LabReport['status'] = 'final'): LabReport => ({
    id, patientId: 'p1', title: '空腹血糖', status, issuedAt: at,
    observations: [{ code: '1558-6', name: '空腹血糖', value, numeric: Number(value), unit }, { code: 'x', name: 'other', value: 'pos' }],
  });
  const reports = [
    report('r3', '2026-09-01T08:00:00+08:00', '6.4', 'mmol/L'),
    report('r1', '2026-03-01T08:00:00+08:00', '7.9', 'mmol/L'),
    report('r2', '2026-06-01T08:00:00+08:00', '126', 'mg/dL'),
    report('r4', '2026-10-01T08:00:00+08:00', '9.9', 'mmol/L', 'cancelled'),
  ];
  assert.deepEqual(trendOf(reports, { code: '1558-6', unit: 'mmol/L' }).map((p) => [p.reportId, p.value]), [['r1', 7.9], ['r3', 6.4]]);
  assert.deepEqual(trendOf(reports, { code: '1558-6', unit: 'mg/dL' }).map((p) => p.reportId), ['r2']);
  assert.deepEqual(trendOf(reports, { code: 'x' }), [], 'no numbers, no trend');
});
