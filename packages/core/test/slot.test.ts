import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, localDate, slotState } from '@ihkit/core';

const now = new Date('2026-11-22T08:00:00+08:00');

test('a slot is past once it has started, else full or available by its places', () => {
  assert.equal(slotState({ start: '2026-11-22T08:00:00+08:00', available: 1 }, now), 'past');
  assert.equal(slotState({ start: '2026-11-22T08:30:00+08:00', available: 0 }, now), 'full');
  assert.equal(slotState({ start: '2026-11-22T08:30:00+08:00', available: 2 }, now), 'available');
});

test('calendar dates follow the hospital time zone, not the machine', () => {
  const lateUtc = new Date('2026-11-22T17:30:00Z'); // 01:30 on the 23rd in Shanghai
  assert.equal(localDate(lateUtc, 'Asia/Shanghai'), '2026-11-23');
  assert.equal(localDate(lateUtc, 'UTC'), '2026-11-22');
});

test('adding days crosses months and leap days', () => {
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-11-22', 13), '2026-12-05');
});
