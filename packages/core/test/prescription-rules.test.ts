import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPrescription, drugControlOf, packsNeeded, prescribableOnline, priceItems, type CheckContext, type ConsultItem, type Drug, type DrugControl, type PrescriptionDraftInput, type PrescriptionItemInput } from '@ihkit/core';

const drug = (id: string, extra: Partial<Drug> = {}): Drug => ({
  id,
  name: id,
  strength: '5 mg',
  form: 'tablet',
  route: 'oral',
  packSize: 28,
  packUnit: 'box',
  price: { amount: 2000, currency: 'CNY' },
  stock: 100,
  control: 'none',
  doseUnit: 'mg',
  unitDose: 5,
  adultDose: { min: 2.5, max: 10, maxDaily: 10 },
  ...extra,
});

const catalog: Drug[] = [
  ...['a', 'b', 'c', 'd', 'e', 'f'].map((x) => drug(`d-${x}`)),
  drug('amoxicillin', { allergyGroups: ['penicillin'], classes: ['antibiotic'], unitDose: 250, adultDose: { min: 250, max: 1000, maxDaily: 3000 }, childDosePerKg: { min: 10, max: 30, maxDaily: 90 } }),
  drug('warfarin', { classes: ['anticoagulant'] }),
  drug('ibuprofen', { classes: ['nsaid'], unitDose: 200, adultDose: { min: 200, max: 400, maxDaily: 1200 }, childDosePerKg: { min: 5, max: 10, maxDaily: 40 } }),
  drug('omeprazole', { classes: ['ppi'] }),
  drug('clopidogrel', { classes: ['antiplatelet'] }),
  drug('levofloxacin', { minAgeYears: 18 }),
  drug('scarce', { stock: 1 }),
  // Sold by the tablet: its packs follow its days exactly.
  drug('loose', { packSize: 1 }),
];

const context = (extra: Partial<CheckContext> = {}): CheckContext => ({
  drugs: new Map(catalog.map((d) => [d.id, d])),
  ageYears: 40,
  allergies: [],
  interactions: [
    { a: 'anticoagulant', b: 'nsaid', severity: 'major', note: '出血风险', noteEn: 'bleeding' },
    { a: 'clopidogrel', b: 'ppi', severity: 'moderate', note: 'less antiplatelet effect' },
  ],
  ...extra,
});

const item = (drugId: string, extra: Partial<PrescriptionItemInput> = {}): PrescriptionItemInput => ({ drugId, dose: 5, frequency: 'qd', days: 7, ...extra });
const codes = (draft: PrescriptionDraftInput, ctx = context()) => checkPrescription(draft, ctx).map((f) => `${f.level}:${f.code}`);
const errors = (draft: PrescriptionDraftInput, ctx = context()) => checkPrescription(draft, ctx).filter((f) => f.level === 'error').map((f) => f.code);

describe('prescription rules at their boundaries', () => {
  test('an ordinary prescription passes without findings', () => {
    assert.deepEqual(codes({ items: [item('d-a'), item('d-b', { frequency: 'bid', dose: 5 })] }), []);
  });

  test('at most 5 drugs: 5 pass, 6 are refused', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((x) => item(`d-${x}`));
    assert.deepEqual(errors({ items: five }), []);
    const six = [...five, item('d-f')];
    const finding = checkPrescription({ items: six }, context()).find((f) => f.code === 'TOO_MANY_DRUGS');
    assert.equal(finding?.level, 'error');
    assert.equal(finding?.limit, 5);
  });

  test('supply: 7 days pass and 8 are refused; urgent 3 and 4; chronic up to the hospital limit with a reason', () => {
    assert.deepEqual(errors({ items: [item('d-a', { days: 7 })] }), []);
    assert.deepEqual(errors({ items: [item('d-a', { days: 8 })] }), ['SUPPLY_TOO_LONG']);
    assert.deepEqual(errors({ urgent: true, items: [item('d-a', { days: 3 })] }), []);
    const urgent = checkPrescription({ urgent: true, items: [item('d-a', { days: 4 })] }, context());
    assert.deepEqual(urgent.map((f) => [f.code, f.limit, f.items]), [['SUPPLY_TOO_LONG', 3, [0]]]);

    const rules = { maxItems: 5, maxDays: 7, urgentMaxDays: 3, chronicMaxDays: 28, maxValidDays: 3 };
    assert.deepEqual(errors({ chronic: true, longSupplyReason: 'stable hypertension', items: [item('d-a', { days: 28 })] }, context({ rules })), []);
    assert.deepEqual(errors({ chronic: true, longSupplyReason: 'stable hypertension', items: [item('d-a', { days: 29 })] }, context({ rules })), ['SUPPLY_TOO_LONG']);
    assert.deepEqual(errors({ chronic: true, items: [item('d-a', { days: 8 })] }, context({ rules })), ['LONG_SUPPLY_REASON_REQUIRED']);
    assert.deepEqual(errors({ chronic: true, longSupplyReason: '   ', items: [item('d-a', { days: 8 })] }, context({ rules })), ['LONG_SUPPLY_REASON_REQUIRED']);
    assert.deepEqual(errors({ chronic: true, items: [item('d-a', { days: 7 })] }, context({ rules })), [], 'no reason needed within 7 days');
    // A hospital that allows 12 weeks.
    assert.deepEqual(errors({ chronic: true, longSupplyReason: 'stable', items: [item('d-a', { days: 84 })] }, context({ rules: { ...rules, chronicMaxDays: 84 } })), []);
  });

  test('a child under 6 needs the guardian present: age 5 refused without, age 6 not', () => {
    const draft = { weightKg: 20, items: [item('ibuprofen', { dose: 150, frequency: 'tid' as const, days: 3 })] };
    assert.deepEqual(errors(draft, context({ ageYears: 5 })), ['GUARDIAN_PRESENCE_REQUIRED']);
    assert.deepEqual(errors({ ...draft, guardianPresent: true }, context({ ageYears: 5 })), []);
    assert.deepEqual(errors(draft, context({ ageYears: 6 })), []);
  });

  test('children under 14 are dosed by weight, which is then required', () => {
    const draft = { items: [item('ibuprofen', { dose: 150, frequency: 'tid' as const, days: 3 })] };
    assert.deepEqual(errors(draft, context({ ageYears: 13 })), ['WEIGHT_REQUIRED']);
    assert.deepEqual(errors(draft, context({ ageYears: 14 })), []);
    // 20 kg: 5–10 mg/kg a dose is 100–200 mg, at most 40 mg/kg (800 mg) a day.
    assert.deepEqual(errors({ ...draft, weightKg: 20 }, context({ ageYears: 8 })), []);
    const high = checkPrescription({ weightKg: 20, items: [item('ibuprofen', { dose: 201, frequency: 'bid', days: 3 })] }, context({ ageYears: 8 }));
    assert.deepEqual(high.map((f) => [f.code, f.limit]), [['DOSE_TOO_HIGH', 200]]);
    assert.deepEqual(errors({ weightKg: 20, items: [item('ibuprofen', { dose: 200, frequency: 'qid', days: 3 })] }, context({ ageYears: 8 })), [], '800 mg a day is the limit');
    const daily = checkPrescription({ weightKg: 20, items: [item('ibuprofen', { dose: 200, frequency: 'qid', days: 3 })] }, context({ ageYears: 8, drugs: new Map([['ibuprofen', { ...catalog.find((d) => d.id === 'ibuprofen')!, childDosePerKg: { min: 5, max: 10, maxDaily: 30 } }]]) }));
    assert.deepEqual(daily.map((f) => [f.code, f.limit]), [['DAILY_DOSE_TOO_HIGH', 600]]);
  });

  test('adult doses: the maximum passes, above it is refused, below the minimum warns', () => {
    assert.deepEqual(codes({ items: [item('d-a', { dose: 10 })] }), []);
    assert.deepEqual(codes({ items: [item('d-a', { dose: 10.5 })] }), ['error:DOSE_TOO_HIGH', 'error:DAILY_DOSE_TOO_HIGH']);
    assert.deepEqual(codes({ items: [item('d-a', { dose: 1 })] }), ['warning:DOSE_TOO_LOW']);
    assert.deepEqual(codes({ items: [item('d-a', { dose: 10, frequency: 'bid' })] }), ['error:DAILY_DOSE_TOO_HIGH']);
  });

  test('every controlled class is refused online', () => {
    const classes: DrugControl[] = ['narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor'];
    for (const control of classes) {
      const drugs = new Map([['x', drug('x', { control })]]);
      const found = checkPrescription({ items: [item('x')] }, context({ drugs }));
      assert.deepEqual(found.map((f) => [f.code, f.note]), [['CONTROLLED_DRUG', control]], control);
    }
  });

  test('a drug whose control class the HIS left out, or gave as a code ihkit does not know, counts as controlled', () => {
    const { control: _, ...uncoded } = drug('uncoded');
    const drugs = new Map<string, Drug>([
      ['uncoded', uncoded as Drug],
      ['odd', drug('odd', { control: 'class-b' as DrugControl })],
      ['unknown', drug('unknown', { control: 'unknown' })],
      ['none', drug('none')],
    ]);
    for (const id of ['uncoded', 'odd', 'unknown']) {
      const found = checkPrescription({ items: [item(id)] }, context({ drugs }));
      assert.deepEqual(found.map((f) => [f.level, f.code, f.note]), [['error', 'CONTROLLED_DRUG', 'unknown']], id);
    }
    assert.deepEqual(checkPrescription({ items: [item('none')] }, context({ drugs })), []);
    assert.deepEqual([undefined, null, '', 'None', 'unknown', 'narcotic', 'none'].map(drugControlOf), ['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'narcotic', 'none']);
    assert.deepEqual([undefined, 'unknown', 'NONE', 'none'].map(prescribableOnline), [false, false, false, true]);
  });

  test('allergies by group, interactions by class or id, minimum age, duplicates, unknown drugs, stock', () => {
    const penicillin = [{ group: 'penicillin', name: '青霉素' }];
    assert.deepEqual(checkPrescription({ items: [item('amoxicillin', { dose: 500, frequency: 'tid' })] }, context({ allergies: penicillin })).map((f) => [f.code, f.note]), [['ALLERGY', 'penicillin']]);
    assert.deepEqual(codes({ items: [item('warfarin'), item('ibuprofen', { dose: 200 })] }), ['error:INTERACTION']);
    assert.deepEqual(checkPrescription({ items: [item('warfarin'), item('ibuprofen', { dose: 200 })] }, context())[0]?.items, [0, 1]);
    // The catalog's note, with its English where it has one.
    assert.deepEqual(checkPrescription({ items: [item('warfarin'), item('ibuprofen', { dose: 200 })] }, context())[0], { code: 'INTERACTION', level: 'error', items: [0, 1], note: '出血风险', noteEn: 'bleeding' });
    assert.equal('noteEn' in checkPrescription({ items: [item('omeprazole'), item('clopidogrel')] }, context())[0]!, false);
    assert.deepEqual(codes({ items: [item('omeprazole'), item('clopidogrel')] }), ['warning:INTERACTION']);
    assert.deepEqual(errors({ items: [item('levofloxacin')] }, context({ ageYears: 17 })), ['AGE_RESTRICTED']);
    assert.deepEqual(errors({ items: [item('levofloxacin')] }, context({ ageYears: 18 })), []);
    assert.deepEqual(errors({ items: [item('d-a'), item('d-a')] }), ['DUPLICATE_DRUG']);
    assert.deepEqual(errors({ items: [item('nope')] }), ['DRUG_NOT_FOUND']);
    // 5 mg qd for 7 days is 7 tablets: one box of 28; 30 days need two.
    assert.deepEqual(codes({ items: [item('scarce', { days: 7 })] }), []);
    assert.deepEqual(codes({ chronic: true, longSupplyReason: 'stable', items: [item('scarce', { days: 28, frequency: 'bid' })] }), ['warning:OUT_OF_STOCK']);
  });

  test('validity: 3 days pass, 4 are refused', () => {
    assert.deepEqual(errors({ validDays: 3, items: [item('d-a')] }), []);
    assert.deepEqual(errors({ validDays: 4, items: [item('d-a')] }), ['VALIDITY_TOO_LONG']);
  });

  test('quantities and prices come from the catalog', () => {
    assert.equal(packsNeeded({ dose: 5, frequency: 'qd', days: 28 }, { unitDose: 5, packSize: 28 }), 1);
    assert.equal(packsNeeded({ dose: 5, frequency: 'qd', days: 29 }, { unitDose: 5, packSize: 28 }), 2);
    assert.equal(packsNeeded({ dose: 2.5, frequency: 'bid', days: 7 }, { unitDose: 5, packSize: 28 }), 1);
    const { items, total } = priceItems({ items: [item('d-a', { days: 29 }), item('nope')] }, context().drugs);
    assert.deepEqual(items.map((i) => [i.drugId, i.quantity, i.amount.amount]), [['d-a', 2, 4000]]);
    assert.deepEqual(total, { amount: 4000, currency: 'CNY' });
  });
});

describe('the limits hold per consult, across its prescriptions', () => {
  /** An item as another prescription of the consult signed it. */
  const signed = (drugId: string, extra: Partial<ConsultItem> = {}): ConsultItem => {
    const it = { drugId, dose: 5, frequency: 'qd' as const, days: 7, ...extra };
    return { ...it, quantity: extra.quantity ?? packsNeeded(it, context().drugs.get(drugId)!) };
  };

  test('10 drugs split over two prescriptions: the second is refused beyond 5 drugs in the consult', () => {
    const first = ['a', 'b', 'c', 'd', 'e'].map((x) => signed(`d-${x}`));
    const second = { items: [item('d-f')] };
    assert.deepEqual(errors(second), [], 'alone it is fine');
    const found = checkPrescription(second, context({ consultItems: first }));
    assert.deepEqual(found.map((f) => [f.level, f.code, f.limit]), [['error', 'CONSULT_TOO_MANY_DRUGS', 5]]);
    // A drug the consult already has is not a sixth drug (its days and packs are what count then).
    assert.deepEqual(errors({ items: [item('d-a')] }, context({ consultItems: first })), ['CONSULT_SUPPLY_TOO_LONG', 'QUANTITY_EXCEEDS_SUPPLY']);
    // 4 drugs before and 1 new: 5 in the consult pass.
    assert.deepEqual(errors(second, context({ consultItems: first.slice(1) })), []);
  });

  test('a drug\'s days add up across the consult: 4 + 3 pass, 4 + 4 are refused; urgent 2 + 1 pass, 2 + 2 not', () => {
    assert.deepEqual(errors({ items: [item('loose', { days: 3 })] }, context({ consultItems: [signed('loose', { days: 4 })] })), []);
    const found = checkPrescription({ items: [item('d-b'), item('loose', { days: 4 })] }, context({ consultItems: [signed('loose', { days: 4 })] }));
    assert.deepEqual(found.map((f) => [f.code, f.items, f.limit]), [['CONSULT_SUPPLY_TOO_LONG', [1], 7]]);
    assert.deepEqual(errors({ urgent: true, items: [item('loose', { days: 1 })] }, context({ consultItems: [signed('loose', { days: 2 })] })), []);
    assert.deepEqual(errors({ urgent: true, items: [item('loose', { days: 2 })] }, context({ consultItems: [signed('loose', { days: 2 })] })), ['CONSULT_SUPPLY_TOO_LONG']);
    // Another drug's days are its own.
    assert.deepEqual(errors({ items: [item('d-a', { days: 7 })] }, context({ consultItems: [signed('d-b', { days: 7 })] })), []);
  });

  test('packs across the consult may exceed what the days need by less than one pack', () => {
    // 3 + 3 tablets of a 28-tablet box: one box holds both, a box each is one too many.
    const found = checkPrescription({ items: [item('d-a', { days: 3 })] }, context({ consultItems: [signed('d-a', { days: 3 })] }));
    assert.deepEqual(found.map((f) => [f.level, f.code, f.items, f.limit]), [['error', 'QUANTITY_EXCEEDS_SUPPLY', [0], 1]]);
    // A chronic 28 + 28 days need two boxes, and two boxes are what they get.
    const chronic = { chronic: true, longSupplyReason: 'stable', items: [item('d-a', { days: 28 })] };
    const rules = { maxItems: 5, maxDays: 7, urgentMaxDays: 3, chronicMaxDays: 56, maxValidDays: 3 };
    assert.deepEqual(errors(chronic, context({ rules, consultItems: [signed('d-a', { days: 28 })] })), []);
    // One box more than the need, signed before: refused.
    assert.deepEqual(errors(chronic, context({ rules, consultItems: [signed('d-a', { days: 28, quantity: 2 })] })), ['QUANTITY_EXCEEDS_SUPPLY']);
  });
});
