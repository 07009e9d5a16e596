import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretationSeverity, isCriticalInterpretation, referenceRangeText, type Interpretation } from '@ihkit/core';

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
