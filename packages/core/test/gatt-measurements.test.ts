/**
 * The GATT measurements of home meters, read from byte vectors laid out as the Bluetooth SIG's
 * Blood Pressure, Glucose and Weight Scale service specifications give them (flags first,
 * little-endian, IEEE 11073 SFLOAT / FLOAT), as a meter's notifications carry them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBloodPressure, parseGlucose, parseGlucoseContext, parseWeight, readFloat, readSfloat } from '@ihkit/core';

const bytes = (hex: string) => {
  const b = Uint8Array.from(hex.trim().split(/\s+/).map((h) => parseInt(h, 16)));
  return new DataView(b.buffer);
};
const local = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => new Date(y, mo - 1, d, h, mi, s);

test('SFLOAT: signed exponent and mantissa, rounded to its digits; the special values are no number', () => {
  assert.equal(readSfloat(bytes('79 00'), 0), 121);
  assert.equal(readSfloat(bytes('48 F0'), 0), 7.2, '72 × 10⁻¹');
  assert.equal(readSfloat(bytes('E0 FF'), 0), -3.2, 'a negative mantissa');
  assert.equal(readSfloat(bytes('0C 20'), 0), 1200, 'a positive exponent');
  assert.equal(readSfloat(bytes('6A B0'), 0), 0.00106, '106 × 10⁻⁵');
  for (const special of ['FF 07', '00 08', 'FE 07', '02 08', '01 08']) assert.equal(readSfloat(bytes(special), 0), undefined, special);
});

test('FLOAT: 8-bit exponent over a 24-bit mantissa; the special values are no number', () => {
  assert.equal(readFloat(bytes('6C 01 00 FF'), 0), 36.4);
  assert.equal(readFloat(bytes('E7 FF FF FF'), 0), -2.5);
  assert.equal(readFloat(bytes('05 00 00 02'), 0), 500);
  for (const special of ['FF FF 7F 00', '00 00 80 00', 'FE FF 7F 00', '02 00 80 00']) assert.equal(readFloat(bytes(special), 0), undefined, special);
});

test('Blood Pressure Measurement 0x2A35: mmHg with time stamp, pulse, user and status', () => {
  // flags 0x1E; 121/78 mmHg, MAP 92; 2026-12-07 08:30:15; pulse 67; user 1; status 0.
  assert.deepEqual(parseBloodPressure(bytes('1E 79 00 4E 00 5C 00 EA 07 0C 07 08 1E 0F 43 00 01 00 00')), {
    systolic: 121, diastolic: 78, meanArterial: 92, takenAt: local(2026, 12, 7, 8, 30, 15), pulse: 67, userId: 1, status: 0,
  });
  // Irregular pulse flagged (status bit 2), pulse only.
  assert.deepEqual(parseBloodPressure(bytes('14 A8 00 68 00 7C 00 58 00 04 00')), { systolic: 168, diastolic: 104, meanArterial: 124, pulse: 88, status: 4 });
});

test('Blood Pressure Measurement in kPa is converted to mmHg; an unknown mean pressure is left out', () => {
  // flags 0x01 (kPa); 16.0 and 10.6 kPa; MAP NaN.
  assert.deepEqual(parseBloodPressure(bytes('01 A0 F0 6A F0 FF 07')), { systolic: 120, diastolic: 80 });
});

test('Glucose Measurement 0x2A18: kg/L to mmol/L, time offset added; mol/L; unknown date', () => {
  // flags 0x03; record 5; 2026-12-07 07:10:00 + 5 min; 106 mg/dL (0.00106 kg/L); capillary blood from a finger.
  assert.deepEqual(parseGlucose(bytes('03 05 00 EA 07 0C 07 07 0A 00 05 00 6A B0 11')), {
    sequence: 5, takenAt: local(2026, 12, 7, 7, 15), glucose: 5.9, sampleType: 1, sampleLocation: 1,
  });
  // flags 0x06 (mol/L); record 6; no date; 7.8 mmol/L (0.0078 mol/L); sensor status follows (flags 0x0E).
  assert.deepEqual(parseGlucose(bytes('0E 06 00 00 00 00 00 00 00 00 4E C0 11 00 01')), { sequence: 6, glucose: 7.8, sampleType: 1, sampleLocation: 1, status: 0x100 });
  // No concentration (a record of something else).
  assert.deepEqual(parseGlucose(bytes('00 07 00 EA 07 0C 07 07 0A 00')), { sequence: 7, takenAt: local(2026, 12, 7, 7, 10) });
});

test('Glucose Measurement Context 0x2A34: the meal, after a carbohydrate field and extended flags', () => {
  assert.deepEqual(parseGlucoseContext(bytes('02 05 00 03')), { sequence: 5, meal: 'fasting' });
  assert.deepEqual(parseGlucoseContext(bytes('03 05 00 01 32 00 02')), { sequence: 5, meal: 'postprandial' });
  assert.deepEqual(parseGlucoseContext(bytes('82 09 00 00 01')), { sequence: 9, meal: 'preprandial' });
  assert.deepEqual(parseGlucoseContext(bytes('00 05 00')), { sequence: 5 });
});

test('Weight Measurement 0x2A9D: SI with time stamp, user, BMI and height; pounds; a failed measurement', () => {
  // flags 0x0E; 70.5 kg (14100 × 0.005); 2026-12-07 07:00; user 1; BMI 23.0; 1.750 m.
  assert.deepEqual(parseWeight(bytes('0E 14 37 EA 07 0C 07 07 00 00 01 E6 00 D6 06')), { weight: 70.5, takenAt: local(2026, 12, 7, 7, 0), userId: 1, bmi: 23, height: 1.75 });
  // flags 0x01 (imperial): 155.40 lb.
  assert.deepEqual(parseWeight(bytes('01 B4 3C')), { weight: 70.49 });
  assert.deepEqual(parseWeight(bytes('00 FF FF')), {});
});
