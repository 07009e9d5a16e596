import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encounterKindOf, isOfflineVisit, practitionerStanding, type Practitioner } from '@ihkit/core';

const doctor = (extra: Partial<Practitioner> = {}): Practitioner => ({
  id: 'doc_1', kind: 'doctor', name: '周敏', licenceNumber: '110440100012345', category: 'clinical', departmentIds: ['dep_1'],
  permission: { from: '2026-01-01', until: '2026-12-31' }, ...extra,
});

test('a doctor may practise online only with a licence and the permission holding that day', () => {
  assert.equal(practitionerStanding(doctor(), 'doctor', '2026-06-01'), 'permitted');
  assert.equal(practitionerStanding(doctor(), 'doctor', '2026-01-01'), 'permitted', 'from its first day');
  assert.equal(practitionerStanding(doctor(), 'doctor', '2026-12-31'), 'permitted', 'through its last day');
  assert.equal(practitionerStanding(doctor(), 'doctor', '2025-12-31'), 'not_yet_valid');
  assert.equal(practitionerStanding(doctor(), 'doctor', '2027-01-01'), 'expired');
  assert.equal(practitionerStanding(doctor({ permission: {} }), 'doctor', '2030-01-01'), 'permitted', 'granted without an end');
  assert.equal(practitionerStanding(doctor({ permission: undefined }), 'doctor', '2026-06-01'), 'no_permission');
  assert.equal(practitionerStanding(doctor({ permission: { until: '31/12/2026' } }), 'doctor', '2026-06-01'), 'no_permission', 'a date in another form says nothing');
  assert.equal(practitionerStanding(doctor({ licenceNumber: undefined }), 'doctor', '2026-06-01'), 'no_licence');
  assert.equal(practitionerStanding(doctor({ licenceNumber: '  ' }), 'doctor', '2026-06-01'), 'no_licence');
  assert.equal(practitionerStanding(undefined, 'doctor', '2026-06-01'), 'no_record');
});

test('a pharmacist reviews as a pharmacist; a doctor\'s record does not make one, nor the other way round', () => {
  const pharmacist = doctor({ kind: 'pharmacist', category: 'pharmacy' });
  assert.equal(practitionerStanding(pharmacist, 'pharmacist', '2026-06-01'), 'permitted');
  assert.equal(practitionerStanding(pharmacist, 'doctor', '2026-06-01'), 'wrong_kind');
  assert.equal(practitionerStanding(doctor(), 'pharmacist', '2026-06-01'), 'wrong_kind');
});

test('only a visit the HIS says was offline counts for a follow-up; one of no kind, or of a kind ihkit does not know, does not', () => {
  assert.deepEqual(['outpatient', 'inpatient', 'online', 'unknown', undefined, '', 'AMB', 'emergency'].map(encounterKindOf), ['outpatient', 'inpatient', 'online', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  assert.deepEqual(['outpatient', 'inpatient', 'online', 'unknown', undefined, 'AMB'].map(isOfflineVisit), [true, true, false, false, false, false]);
});
