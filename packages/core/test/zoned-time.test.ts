/** The one set of time-zone helpers: local dates and times of a hospital's zone, and back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeekday, localDate, zonedInstant, zonedIso } from '@ihkit/core';

test('zonedIso writes the local time with the zone offset; zonedInstant reads it back', () => {
  const at = new Date('2026-11-23T00:30:00Z');
  assert.equal(zonedIso(at, 'Asia/Shanghai'), '2026-11-23T08:30:00+08:00');
  assert.equal(zonedIso(at, 'UTC'), '2026-11-23T00:30:00+00:00');
  assert.equal(zonedIso(at, 'America/St_Johns'), '2026-11-22T21:00:00-03:30');
  assert.equal(zonedInstant('2026-11-23', 8 * 60 + 30, 'Asia/Shanghai').toISOString(), at.toISOString());
});

test('across a daylight-saving change the local clock maps to the right instant on each side', () => {
  // New York: 2026-03-08 02:00 jumps to 03:00 (EST −5 → EDT −4).
  assert.equal(zonedInstant('2026-03-08', 60, 'America/New_York').toISOString(), '2026-03-08T06:00:00.000Z');
  assert.equal(zonedInstant('2026-03-08', 4 * 60, 'America/New_York').toISOString(), '2026-03-08T08:00:00.000Z');
  assert.equal(zonedIso(new Date('2026-03-08T08:00:00Z'), 'America/New_York'), '2026-03-08T04:00:00-04:00');
});

test('the local date follows the zone, not the machine, and weekdays are ISO', () => {
  const lateUtc = new Date('2026-11-22T18:00:00Z');
  assert.equal(localDate(lateUtc, 'Asia/Shanghai'), '2026-11-23');
  assert.equal(localDate(lateUtc, 'America/Los_Angeles'), '2026-11-22');
  assert.equal(isoWeekday('2026-11-23'), 1);
  assert.equal(isoWeekday('2026-11-29'), 7);
});
