import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, isValidResidentId, maskResidentId, parseResidentId, residentIdCheckChar } from '@ihkit/core';

test('the GB 11643 reference numbers pass, with birth date and sex derived', () => {
  const a = parseResidentId('11010519491231002X');
  assert.deepEqual(a, { ok: true, value: { number: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', regionCode: '110105' } });
  const b = parseResidentId('440524188001010014');
  assert.deepEqual(b, { ok: true, value: { number: '440524188001010014', birthDate: '1880-01-01', gender: 'male', regionCode: '440524' } });
});

test('a lower-case x and surrounding spaces are accepted and normalized', () => {
  const r = parseResidentId(' 11010519491231002x ');
  assert.equal(r.ok && r.value.number, '11010519491231002X');
});

test('each kind of bad number is named', () => {
  assert.deepEqual(parseResidentId('1101051949123100'), { ok: false, problem: 'LENGTH' });
  assert.deepEqual(parseResidentId('11010519491231002Y'), { ok: false, problem: 'CHARACTERS' });
  assert.deepEqual(parseResidentId('110105194913310021'), { ok: false, problem: 'BIRTH_DATE' }); // month 13
  assert.deepEqual(parseResidentId('110105190002290023'), { ok: false, problem: 'BIRTH_DATE' }); // 1900 was no leap year
  assert.deepEqual(parseResidentId('110105194912310021'), { ok: false, problem: 'CHECK_DIGIT' });
});

test('a birth date after today is refused', () => {
  const first17 = '11010520300101001';
  assert.equal(isValidResidentId(first17 + residentIdCheckChar(first17), new Date('2026-11-22T00:00:00Z')), false);
});

test('every single-digit change is caught by the check character', () => {
  const good = '440524188001010014';
  for (let i = 0; i < 17; i++) {
    const d = Number(good[i]);
    const changed = good.slice(0, i) + String((d + 1) % 10) + good.slice(i + 1);
    const r = parseResidentId(changed);
    assert.ok(!r.ok, `changing position ${i} must be caught, got ${JSON.stringify(r)}`);
  }
});

test('masking keeps only the region prefix and the last two characters', () => {
  assert.equal(maskResidentId('11010519491231002X'), '1101************2X');
});

test('age is counted in whole years up to the birthday', () => {
  assert.equal(ageOn('2020-06-15', new Date('2026-06-14T12:00:00Z')), 5);
  assert.equal(ageOn('2020-06-15', new Date('2026-06-15T12:00:00Z')), 6);
});
