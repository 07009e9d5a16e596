import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allergiesByPatient, drugs, interactions, pickupPoints } from '../src/demo/drugs.js';
import { PATIENT } from '../src/demo/patients.js';

describe('demo drug catalog', () => {
  test('holds at least 60 drugs with unique ids', () => {
    assert.ok(drugs.length >= 60, `only ${drugs.length} drugs`);
    assert.equal(new Set(drugs.map((d) => d.id)).size, drugs.length);
    for (const d of drugs) assert.match(d.id, /^drug_[a-z2-9]{8}$/);
  });

  test('every dose range has min ≤ max ≤ maxDaily', () => {
    for (const d of drugs) {
      for (const [kind, range] of [['adult', d.adultDose], ['child', d.childDosePerKg]] as const) {
        if (!range) continue;
        assert.ok(range.min > 0 && range.min <= range.max && range.max <= range.maxDaily, `${d.name} ${kind} dose ${JSON.stringify(range)}`);
      }
      assert.ok(d.unitDose > 0 && d.packSize >= 1 && Number.isInteger(d.packSize), `${d.name} pack`);
      assert.ok(Number.isInteger(d.stock) && d.stock >= 0, `${d.name} stock`);
    }
  });

  test('every price is in CNY and above zero', () => {
    for (const d of drugs) {
      assert.equal(d.price.currency, 'CNY', d.name);
      assert.ok(Number.isInteger(d.price.amount) && d.price.amount > 0, `${d.name} price`);
    }
  });

  test('holds at least 6 controlled drugs; benzodiazepines are controlled', () => {
    const controlled = drugs.filter((d) => d.control !== 'none');
    assert.ok(controlled.length >= 6, `only ${controlled.length} controlled`);
    for (const d of drugs.filter((x) => x.classes?.includes('benzodiazepine'))) assert.notEqual(d.control, 'none', d.name);
  });

  test('some drugs have a paediatric dose, one is out of stock', () => {
    assert.ok(drugs.some((d) => d.childDosePerKg));
    assert.ok(drugs.some((d) => d.stock === 0));
  });

  test('every interaction names an existing drug id or a class some drug has', () => {
    assert.ok(interactions.length >= 12);
    const keys = new Set(drugs.flatMap((d) => [d.id, ...(d.classes ?? [])]));
    for (const i of interactions) {
      assert.ok(keys.has(i.a), `unknown ${i.a}`);
      assert.ok(keys.has(i.b), `unknown ${i.b}`);
      assert.notEqual(i.a, i.b);
      assert.ok(i.note && i.noteEn, `${i.a} + ${i.b} note`);
    }
  });

  test("patients' allergy groups match some drug's allergy groups", () => {
    const groups = new Set(drugs.flatMap((d) => d.allergyGroups ?? []));
    const patientIds = new Set<string>(Object.values(PATIENT));
    assert.ok(allergiesByPatient[PATIENT.zhangWei]?.some((a) => a.group === 'penicillin'));
    for (const [patientId, allergies] of Object.entries(allergiesByPatient)) {
      assert.ok(patientIds.has(patientId), `unknown patient ${patientId}`);
      for (const a of allergies) assert.ok(groups.has(a.group), `no drug in allergy group ${a.group}`);
    }
  });

  test('three pickup points with unique ids', () => {
    assert.equal(pickupPoints.length, 3);
    assert.equal(new Set(pickupPoints.map((p) => p.id)).size, 3);
    for (const p of pickupPoints) assert.ok(p.name && p.address && p.hours);
  });

  test('the hospital\'s own pharmacy is the portal\'s hospital\'s (城东人民医院), and every point reads in English too', () => {
    assert.equal(pickupPoints[0]!.name, '城东人民医院门诊药房');
    assert.equal(pickupPoints[0]!.nameEn, 'Chengdong People’s Hospital Outpatient Pharmacy');
    for (const p of pickupPoints) {
      assert.doesNotMatch(`${p.name} ${p.address}`, /示范|ihkit/, p.name);
      assert.ok(p.nameEn && p.addressEn && !/\p{Script=Han}/u.test(`${p.nameEn} ${p.addressEn}`), `${p.name} in English`);
    }
  });
});
