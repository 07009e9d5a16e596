import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addDays, localDate, type Slot } from '@ihkit/core';
import { AdapterError, APPOINTMENT_NUMBER_SYSTEM, createFhirHis, IDEMPOTENCY_KEY_SYSTEM, FHIR_EXTENSIONS, TRANSLATION_EXTENSION, type Fhir, type FhirHis } from '@ihkit/adapters';
import { hisConformance } from '@ihkit/adapters/conformance';
import { SLOT_DAYS, SLOT_TIMES, startFhirHospital, TZ, type FhirHospital } from './helpers/fhir-hospital.js';

const ZHANG_WEI_ID = '110105197803140133';
const LI_NA_CARD = 'C10000004';

const rejectsWith = (code: string) => (e: unknown) => {
  assert.ok(e instanceof AdapterError, `an AdapterError, not ${String(e)}`);
  assert.equal(e.code, code);
  return true;
};
const key = () => `u_test:${randomUUID()}`;

describe('FHIR HIS on a FHIR R4 server (Medplum in-memory)', () => {
  let h: FhirHospital;
  let his: FhirHis;
  before(async () => {
    h = await startFhirHospital();
    his = createFhirHis({ baseUrl: h.server.baseUrl, timeZone: TZ });
  });
  after(() => h.close());

  /** Patients made for booking tests, so that each test has people with no appointments. */
  async function newPatients(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { resource } = await h.client.create<Fhir.Patient>({ resourceType: 'Patient', name: [{ text: `测试${i}` }], gender: i % 2 ? 'male' : 'female', birthDate: '1990-01-01' });
      ids.push(resource.id!);
    }
    return ids;
  }
  /** A free future slot of a doctor no earlier test booked: by doctor and index into the range. */
  async function freeSlot(doctorId: string, index: number): Promise<Slot> {
    const slots = (await his.listSlots({ doctorId, from: addDays(h.today, 1), to: addDays(h.today, SLOT_DAYS) })).filter((s) => s.available === 1);
    assert.ok(slots[index], `free slot ${index} of ${doctorId}`);
    return slots[index]!;
  }

  test('maps HealthcareService to departments and Practitioner + PractitionerRole to doctors', async () => {
    assert.equal(his.name, 'fhir');
    assert.equal(his.timeZone, TZ);
    assert.deepEqual(await his.listDepartments(), [
      { id: 'cardiology', name: '心血管内科', nameEn: 'Cardiology', description: '高血压、冠心病、心律失常', descriptionEn: 'Hypertension, coronary disease, arrhythmia' },
      { id: 'endocrinology', name: '内分泌科', nameEn: 'Endocrinology', description: '糖尿病、甲状腺疾病', descriptionEn: 'Diabetes, thyroid disease' },
    ]);
    const doctors = await his.listDoctors();
    assert.deepEqual(doctors.map((d) => [d.id, d.name, d.departmentId, d.title, d.fee.amount, d.fee.currency]), [
      ['zhou-min', '周敏', 'cardiology', 'chief', 5000, 'CNY'], // title from the ihkit code system
      ['zheng-haitao', '郑海涛', 'cardiology', 'associate_chief', 3000, 'CNY'], // GB/T 8561 code 232; name from family + given
      ['sun-jiahe', '孙嘉禾', 'endocrinology', 'attending', 2000, 'CNY'], // from the text 主治医师
    ]);
    const zhou = doctors[0]!;
    assert.equal(zhou.nameEn, 'Zhou Min');
    assert.equal(zhou.specialty, '高血压、心力衰竭');
    assert.equal(zhou.specialtyEn, 'Hypertension, heart failure');
    assert.deepEqual((await his.listDoctors({ departmentId: 'endocrinology' })).map((d) => d.id), ['sun-jiahe']);
    assert.deepEqual(await his.listDoctors({ departmentId: 'nowhere' }), []);
  });

  test('lists Slots by local date with their doctor, department and fee, one place each', async () => {
    const from = addDays(h.today, 1);
    const to = addDays(h.today, 2);
    const slots = await his.listSlots({ from, to });
    // 3 doctors × 7 slots × 2 days, plus Zhou Min's busy-unavailable slot; not the entered-in-error one.
    assert.equal(slots.length, 3 * SLOT_TIMES.length * 2 + 1);
    for (const s of slots) {
      assert.match(s.start, /\+08:00$/);
      assert.ok([from, to].includes(localDate(new Date(s.start), TZ)));
      assert.equal(Date.parse(s.end) - Date.parse(s.start), 30 * 60_000);
    }
    const unavailable = slots.filter((s) => s.capacity === 0);
    assert.equal(unavailable.length, 1);
    assert.equal(unavailable[0]!.available, 0);
    const first = slots.find((s) => s.doctorId === 'zhou-min')!;
    assert.deepEqual({ ...first, id: 'x' }, { id: 'x', doctorId: 'zhou-min', departmentId: 'cardiology', start: `${from}T08:00:00+08:00`, end: `${from}T08:30:00+08:00`, capacity: 1, available: 1, fee: { amount: 5000, currency: 'CNY' } });
    // Schedule.actor naming only the Practitioner resolves through their role.
    assert.ok(slots.some((s) => s.doctorId === 'sun-jiahe' && s.departmentId === 'endocrinology' && s.fee.amount === 2000));

    const cardio = await his.listSlots({ from, to, departmentId: 'cardiology' });
    assert.equal(cardio.length, 2 * SLOT_TIMES.length * 2 + 1);
    assert.ok(cardio.every((s) => s.departmentId === 'cardiology'));
    const zheng = await his.listSlots({ from, to: from, doctorId: 'zheng-haitao' });
    assert.deepEqual(zheng.map((s) => s.start.slice(11, 16)), ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00']);
    assert.deepEqual(await his.listSlots({ from: addDays(h.today, 30), to: addDays(h.today, 31) }), []);

    assert.deepEqual(await his.getSlot(first.id), first);
    assert.equal(await his.getSlot('no-such-slot'), undefined);
    await assert.rejects(his.listSlots({ from: 'tomorrow', to }), rejectsWith('VALIDATION_FAILED'));
    await assert.rejects(his.listSlots({ from: to, to: from }), rejectsWith('VALIDATION_FAILED'));
  });

  test('books an Appointment and claims its Slot; the same key answers the same appointment', async () => {
    const [patient, other] = await newPatients(2);
    const slot = await freeSlot('zhou-min', 0);
    const k = key();
    const booked = await his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: k });
    assert.deepEqual({ ...booked, id: '', createdAt: '' }, {
      id: '', patientId: patient, slotId: slot.id, doctorId: 'zhou-min', departmentId: 'cardiology',
      start: slot.start, end: slot.end, status: 'booked', fee: { amount: 5000, currency: 'CNY' }, createdAt: '',
    });
    assert.ok(Math.abs(Date.parse(booked.createdAt) - Date.now()) < 60_000);
    assert.equal((await his.getSlot(slot.id))?.available, 0);

    // What the FHIR server holds.
    const appointment = await h.client.read<Fhir.FhirAppointment>('Appointment', booked.id);
    assert.equal(appointment?.status, 'booked');
    assert.deepEqual(appointment?.identifier, [{ system: IDEMPOTENCY_KEY_SYSTEM, value: k }]);
    assert.deepEqual(appointment?.slot, [{ reference: `Slot/${slot.id}` }]);
    assert.deepEqual(appointment?.participant?.map((p) => p.actor?.reference), [`Patient/${patient}`, 'Practitioner/zhou-min', 'PractitionerRole/zhou-min-cardiology', 'HealthcareService/cardiology']);
    const fhirSlot = await h.client.read<Fhir.FhirSlot>('Slot', slot.id);
    assert.equal(fhirSlot?.status, 'busy');
    assert.equal(fhirSlot?.extension?.find((e) => e.url === FHIR_EXTENSIONS.slotClaim)?.valueString, k);

    const again = await his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: k });
    assert.deepEqual(again, booked);
    await assert.rejects(his.book({ slotId: slot.id, patientId: other!, idempotencyKey: k }), rejectsWith('IDEMPOTENCY_KEY_REUSED'));
    await assert.rejects(his.book({ slotId: (await freeSlot('zhou-min', 3)).id, patientId: patient!, idempotencyKey: k }), rejectsWith('IDEMPOTENCY_KEY_REUSED'));
    await assert.rejects(his.book({ slotId: slot.id, patientId: other!, idempotencyKey: key() }), rejectsWith('SLOT_TAKEN'));
    const { resources } = await h.client.search<Fhir.FhirAppointment>('Appointment', { slot: `Slot/${slot.id}` });
    assert.equal(resources.length, 1, 'one Appointment for the slot');

    assert.deepEqual(await his.getAppointment(booked.id), booked);
    assert.equal(await his.getAppointment('no-such-appointment'), undefined);
  });

  test('reads the hospital\'s own number of an appointment from Appointment.identifier, and gives none when it has none', async () => {
    const [patient] = await newPatients(1);
    const booked = await his.book({ slotId: (await freeSlot('sun-jiahe', 0)).id, patientId: patient!, idempotencyKey: key() });
    assert.ok(!('number' in booked), 'no number the HIS did not give (never an id in its place)');
    // The hospital's system numbers the visit, as a HIS does when it registers it.
    const stored = (await h.client.read<Fhir.FhirAppointment>('Appointment', booked.id))!;
    await h.client.update({ ...stored, id: booked.id, identifier: [...(stored.identifier ?? []), { system: APPOINTMENT_NUMBER_SYSTEM, value: 'MZ20261124-0031' }] });
    assert.equal((await his.getAppointment(booked.id))?.number, 'MZ20261124-0031');
    assert.equal((await his.listAppointments({ patientIds: [patient!] }))[0]?.number, 'MZ20261124-0031');
    // A hospital that keeps them under its own system says which.
    const own = createFhirHis({ baseUrl: h.server.baseUrl, timeZone: TZ, appointmentNumberSystem: 'urn:oid:1.2.156.112604.1.2.3' });
    assert.equal((await own.getAppointment(booked.id))?.number, undefined);
    await h.client.update({ ...stored, id: booked.id, identifier: [...(stored.identifier ?? []), { system: 'urn:oid:1.2.156.112604.1.2.3', value: '0031' }] });
    assert.equal((await own.getAppointment(booked.id))?.number, '0031');
  });

  test('refuses a second appointment with the doctor that day, unknown slots and patients, and slots that began', async () => {
    const [patient] = await newPatients(1);
    const first = await freeSlot('zheng-haitao', 0);
    await his.book({ slotId: first.id, patientId: patient!, idempotencyKey: key() });
    const sameDay = (await his.listSlots({ doctorId: 'zheng-haitao', from: first.start.slice(0, 10), to: first.start.slice(0, 10) })).find((s) => s.available === 1)!;
    await assert.rejects(his.book({ slotId: sameDay.id, patientId: patient!, idempotencyKey: key() }), rejectsWith('ALREADY_BOOKED'));
    // Another doctor the same day, and the same doctor another day, are fine.
    const otherDoctor = (await his.listSlots({ doctorId: 'zhou-min', from: first.start.slice(0, 10), to: first.start.slice(0, 10) })).find((s) => s.available === 1)!;
    await his.book({ slotId: otherDoctor.id, patientId: patient!, idempotencyKey: key() });
    const nextDay = addDays(first.start.slice(0, 10), 1);
    const later = (await his.listSlots({ doctorId: 'zheng-haitao', from: nextDay, to: nextDay }))[0]!;
    await his.book({ slotId: later.id, patientId: patient!, idempotencyKey: key() });

    await assert.rejects(his.book({ slotId: 'no-such-slot', patientId: patient!, idempotencyKey: key() }), rejectsWith('SLOT_NOT_FOUND'));
    await assert.rejects(his.book({ slotId: (await freeSlot('sun-jiahe', 0)).id, patientId: 'no-such-patient', idempotencyKey: key() }), rejectsWith('PATIENT_NOT_FOUND'));
    const yesterday = await his.listSlots({ from: addDays(h.today, -1), to: addDays(h.today, -1) });
    assert.equal(yesterday.length, 1);
    await assert.rejects(his.book({ slotId: yesterday[0]!.id, patientId: patient!, idempotencyKey: key() }), rejectsWith('SLOT_IN_PAST'));
  });

  test('of many concurrent bookings of one slot exactly one wins; the others get SLOT_TAKEN', async () => {
    const patients = await newPatients(8);
    const slot = await freeSlot('sun-jiahe', 2);
    h.server.latencyMs = 20; // every request is in flight together: all read the slot before any claims it
    const since = h.server.requests.length;
    let results: PromiseSettledResult<unknown>[];
    try {
      results = await Promise.allSettled(patients.map((patientId) => his.book({ slotId: slot.id, patientId, idempotencyKey: key() })));
    } finally {
      h.server.latencyMs = 0;
    }
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1, 'one booking succeeds');
    for (const r of results.filter((x) => x.status === 'rejected')) rejectsWith('SLOT_TAKEN')((r as PromiseRejectedResult).reason);
    // The race was decided by the server's If-Match check, not by luck of timing.
    const puts = h.server.requests.slice(since).filter((r) => r.method === 'PUT' && r.url.endsWith(`/Slot/${slot.id}`));
    assert.ok(puts.every((r) => /^W\/"[^"]+"$/.test(String(r.headers['if-match']))), 'every claim carries If-Match');
    assert.equal(puts.filter((r) => r.status === 200).length, 1);
    assert.ok(puts.filter((r) => r.status === 412).length >= 1, `some claims lost on the version check (${puts.map((r) => r.status).join(',')})`);
    const { resources } = await h.client.search<Fhir.FhirAppointment>('Appointment', { slot: `Slot/${slot.id}` });
    assert.equal(resources.length, 1, 'one Appointment for the slot');
    assert.equal((await his.getSlot(slot.id))?.available, 0);
  });

  test('the same key sent concurrently makes one appointment', async () => {
    const [patient] = await newPatients(1);
    const slot = await freeSlot('sun-jiahe', 4);
    const k = key();
    h.server.latencyMs = 10;
    let results: Awaited<ReturnType<FhirHis['book']>>[];
    try {
      results = await Promise.all([1, 2, 3].map(() => his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: k })));
    } finally {
      h.server.latencyMs = 0;
    }
    assert.equal(new Set(results.map((a) => a.id)).size, 1);
    const { resources } = await h.client.search<Fhir.FhirAppointment>('Appointment', { slot: `Slot/${slot.id}` });
    assert.equal(resources.length, 1);
  });

  test('a booking whose Appointment was never written is finished by a retry with its key', async () => {
    const [patient] = await newPatients(1);
    const slot = await freeSlot('zhou-min', 6);
    const k = key();
    // As if the gateway died after claiming the slot: the Slot is busy with the key, no Appointment.
    const fhirSlot = (await h.client.read<Fhir.FhirSlot>('Slot', slot.id))!;
    await h.client.update({ ...fhirSlot, id: fhirSlot.id!, status: 'busy', extension: [{ url: FHIR_EXTENSIONS.slotClaim, valueString: k }] }, { ifMatch: fhirSlot.meta!.versionId! });
    await assert.rejects(his.book({ slotId: slot.id, patientId: (await newPatients(1))[0]!, idempotencyKey: key() }), rejectsWith('SLOT_TAKEN'));
    const booked = await his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: k });
    assert.equal(booked.slotId, slot.id);
    assert.equal((await his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: k })).id, booked.id);
  });

  test('cancels once: the Appointment is cancelled, the Slot freed exactly once, again answers the same', async () => {
    const [patient, other] = await newPatients(2);
    const slot = await freeSlot('zheng-haitao', 8);
    const booked = await his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: key() });
    const versionsBefore = await slotVersions(slot.id);
    const results = await Promise.all([1, 2, 3].map(() => his.cancel(booked.id, '行程有变')));
    for (const c of results) {
      assert.equal(c.status, 'cancelled');
      assert.ok(c.cancelledAt && c.cancelledAt.endsWith('+08:00'));
    }
    assert.equal(new Set(results.map((c) => c.cancelledAt)).size, 1, 'one cancellation');
    assert.equal(await slotVersions(slot.id), versionsBefore + 1, 'the slot was freed by one update');
    const fhirSlot = await h.client.read<Fhir.FhirSlot>('Slot', slot.id);
    assert.equal(fhirSlot?.status, 'free');
    assert.equal(fhirSlot?.extension, undefined, 'the claim is gone');
    const stored = await h.client.read<Fhir.FhirAppointment>('Appointment', booked.id);
    assert.equal(stored?.cancelationReason?.text, '行程有变');
    assert.deepEqual(await his.cancel(booked.id), results[0]);

    // The place can be booked again, by the same patient too (a cancelled appointment holds nothing).
    const rebooked = await his.book({ slotId: slot.id, patientId: patient!, idempotencyKey: key() });
    assert.equal(rebooked.status, 'booked');
    await assert.rejects(his.book({ slotId: slot.id, patientId: other!, idempotencyKey: key() }), rejectsWith('SLOT_TAKEN'));
    await assert.rejects(his.cancel('no-such-appointment'), rejectsWith('NOT_FOUND'));
  });

  async function slotVersions(slotId: string): Promise<number> {
    const res = await fetch(`${h.server.baseUrl}/Slot/${slotId}/_history`);
    return ((await res.json()) as Fhir.Bundle).entry?.length ?? 0;
  }

  test('lists a patient\'s appointments soonest first, by status', async () => {
    const [patient] = await newPatients(1);
    const late = await his.book({ slotId: (await freeSlot('sun-jiahe', 12)).id, patientId: patient!, idempotencyKey: key() });
    const early = await his.book({ slotId: (await freeSlot('zhou-min', 1)).id, patientId: patient!, idempotencyKey: key() });
    await his.cancel(late.id);
    const all = await his.listAppointments({ patientIds: [patient!] });
    assert.deepEqual(all.map((a) => [a.id, a.status]), [[early.id, 'booked'], [late.id, 'cancelled']]);
    assert.deepEqual((await his.listAppointments({ patientIds: [patient!], status: 'cancelled' })).map((a) => a.id), [late.id]);
    assert.deepEqual(await his.listAppointments({ patientIds: [] }), []);
    assert.deepEqual(await his.listAppointments({ patientIds: ['no-such-patient'] }), []);
  });

  test('finds patients by resident ID and card number without the number reaching a URL', async () => {
    const since = h.server.requests.length;
    const byId = await his.findPatient({ idNumber: ` ${ZHANG_WEI_ID} ` });
    assert.deepEqual(byId, { id: 'zhang-wei', name: '张伟', gender: 'male', birthDate: '1978-03-14', idNumber: ZHANG_WEI_ID, cardNo: 'C10000001', phone: '13800000001' });
    const byCard = await his.findPatient({ cardNo: LI_NA_CARD });
    assert.equal(byCard?.id, 'li-na');
    assert.equal(byCard?.gender, 'female');
    assert.equal(await his.findPatient({ idNumber: '11010519780314015X' }), undefined);
    assert.equal(await his.findPatient({ cardNo: 'C99999999' }), undefined);
    const lookups = h.server.requests.slice(since);
    assert.equal(lookups.length, 4);
    for (const r of lookups) {
      assert.equal(r.method, 'POST');
      assert.match(r.url, /\/Patient\/_search$/);
      for (const secret of [ZHANG_WEI_ID, LI_NA_CARD, '11010519780314015X', 'C99999999']) assert.ok(!decodeURIComponent(r.url).includes(secret));
    }
    // Gender and birth date missing from the Patient are read from the ID number.
    const wang = await his.findPatient({ patientId: 'wang-xiuying' });
    assert.deepEqual([wang?.name, wang?.gender, wang?.birthDate], ['王秀英', 'female', '1950-09-18']);
    assert.equal(await his.findPatient({ patientId: 'no-such-patient' }), undefined);
    assert.equal(await his.findPatient({ patientId: '../Slot' }), undefined);
  });

  test('lists visits with their ICD-10 diagnoses from Encounter + Condition, newest first', async () => {
    assert.deepEqual(await his.listEncounters('zhang-wei'), [
      // The doctor through a PractitionerRole, the diagnosis through Encounter.diagnosis; a refuted Condition left out.
      { id: 'zw-dm', patientId: 'zhang-wei', departmentId: 'endocrinology', doctorId: 'sun-jiahe', date: '2026-10-09', kind: 'outpatient', diagnoses: [{ code: 'E11.9', name: '2型糖尿病' }] },
      { id: 'zw-htn', patientId: 'zhang-wei', departmentId: 'cardiology', doctorId: 'zhou-min', date: '2026-06-16', kind: 'outpatient', diagnoses: [{ code: 'I10', name: '原发性高血压' }] },
    ]);
    const [wang] = await his.listEncounters('wang-xiuying');
    assert.equal(wang?.kind, 'inpatient');
    assert.deepEqual(wang?.diagnoses.map((d) => d.code), ['I25.1', 'I10']);
    assert.deepEqual(await his.listEncounters('li-na'), []);
  });

  test('searches Medications as drugs and maps strength, pack, price, stock and control', async () => {
    assert.deepEqual((await his.searchDrugs('氨氯', 10)).map((d) => d.id), ['amlodipine-5mg'], 'inactive Medications are not offered');
    assert.deepEqual((await his.searchDrugs('AMOX', 10)).map((d) => d.id), ['amoxicillin-250mg']);
    assert.deepEqual((await his.searchDrugs('YP0002', 10)).map((d) => d.id), ['metformin-500mg'], 'by the hospital drug code');
    assert.deepEqual((await his.searchDrugs('metformin', 10)).map((d) => d.id), ['metformin-500mg'], 'by the ingredient');
    assert.equal((await his.searchDrugs('片', 2)).length, 2);
    assert.deepEqual(await his.searchDrugs('  ', 10), []);

    const [amlodipine] = await his.getDrugs(['amlodipine-5mg']);
    assert.deepEqual(amlodipine, {
      id: 'amlodipine-5mg', name: '苯磺酸氨氯地平片', nameEn: 'Amlodipine Besylate Tablets', ingredient: 'amlodipine', strength: '5 mg', form: 'tablet', route: 'oral',
      packSize: 28, packUnit: 'box', price: { amount: 1260, currency: 'CNY' }, stock: 240, control: 'none', doseUnit: 'mg', unitDose: 5,
      adultDose: { min: 2.5, max: 10, maxDaily: 10 }, classes: ['ccb'],
    });
    const byId = new Map((await his.getDrugs(['ibuprofen-suspension', 'tramadol-sr', 'amoxicillin-250mg', 'no-such-drug'])).map((d) => [d.id, d]));
    assert.equal(byId.size, 3);
    const ibuprofen = byId.get('ibuprofen-suspension')!;
    assert.deepEqual([ibuprofen.strength, ibuprofen.doseUnit, ibuprofen.unitDose, ibuprofen.form, ibuprofen.route, ibuprofen.packSize, ibuprofen.packUnit, ibuprofen.minAgeYears], ['100 mg/5 ml', 'mg', 20, 'suspension', 'oral', 100, 'bottle', 0.5]);
    assert.equal(byId.get('tramadol-sr')!.control, 'psychotropic_2');
    assert.deepEqual(byId.get('amoxicillin-250mg')!.allergyGroups, ['penicillin']);
    assert.deepEqual(byId.get('amoxicillin-250mg')!.childDosePerKg, { min: 20, max: 30, maxDaily: 90 });
    assert.deepEqual(await his.listInteractions([...byId.values()]), [], 'no interaction source configured');
  });

  test('reports interactions from the configured list, by drug id or class', async () => {
    const withTable = createFhirHis({ baseUrl: h.server.baseUrl, interactions: [
      { a: 'nsaid', b: 'opioid', severity: 'moderate', note: '镇静及胃肠道不良反应增加' },
      { a: 'amlodipine-5mg', b: 'metformin-500mg', severity: 'moderate', note: '—' },
    ] });
    const drugs = await withTable.getDrugs(['ibuprofen-suspension', 'tramadol-sr', 'amlodipine-5mg']);
    assert.deepEqual((await withTable.listInteractions(drugs)).map((i) => [i.a, i.b]), [['nsaid', 'opioid']]);
  });

  test('lists active AllergyIntolerances with their groups', async () => {
    assert.deepEqual(await his.listAllergies('zhang-wei'), [{ group: 'penicillin', name: '青霉素', nameEn: 'Penicillin', reaction: '皮疹' }]);
    assert.deepEqual(await his.listAllergies('li-na'), [{ group: 'nsaid', name: '非甾体抗炎药', reaction: '血管性水肿' }]);
    assert.deepEqual(await his.listAllergies('wang-xiuying'), []);
  });

  test('gives the catalog\'s Traditional Chinese translations (zh-TW, zh-Hant) beside the text, for readers of zh-TW', async () => {
    const tr = (lang: string, content: string) => ({ url: TRANSLATION_EXTENSION, extension: [{ url: 'lang', valueCode: lang }, { url: 'content', valueString: content }] });
    await h.client.update<Fhir.HealthcareService>({ resourceType: 'HealthcareService', id: 'dermatology', active: true, name: '皮肤科', _name: { extension: [tr('en', 'Dermatology'), tr('zh-TW', '皮膚科')] }, comment: '湿疹、痤疮', _comment: { extension: [tr('zh-Hant', '濕疹、痤瘡')] } });
    await h.client.update<Fhir.Practitioner>({ resourceType: 'Practitioner', id: 'peng-yuxin', name: [{ text: '彭雨欣' }] });
    await h.client.update<Fhir.PractitionerRole>({
      resourceType: 'PractitionerRole', id: 'peng-yuxin-dermatology', active: true, practitioner: { reference: 'Practitioner/peng-yuxin' }, healthcareService: [{ reference: 'HealthcareService/dermatology' }],
      specialty: [{ text: '湿疹、特应性皮炎', _text: { extension: [tr('zh-HK', '濕疹、特應性皮炎')] } }],
    });
    const dermatology = (await his.listDepartments()).find((d) => d.id === 'dermatology');
    assert.deepEqual(dermatology, { id: 'dermatology', name: '皮肤科', nameEn: 'Dermatology', description: '湿疹、痤疮', zhHant: { name: '皮膚科', description: '濕疹、痤瘡' } });
    const [peng] = await his.listDoctors({ departmentId: 'dermatology' });
    assert.equal(peng?.name, '彭雨欣');
    assert.deepEqual(peng?.zhHant, { specialty: '濕疹、特應性皮炎' });
    assert.equal((await his.listDepartments()).find((d) => d.id === 'cardiology')?.zhHant, undefined, 'none where the HIS has none');
  });
});

hisConformance('FHIR R4 (Medplum in-memory)', async () => {
  const hospital = await startFhirHospital();
  const adapter = createFhirHis({ baseUrl: hospital.server.baseUrl, interactions: [{ a: 'nsaid', b: 'opioid', severity: 'moderate', note: '镇静与胃肠道反应增加' }] });
  return {
    adapter,
    fixture: {
      patientIds: ['li-na', 'wang-xiuying'],
      from: addDays(hospital.today, 1),
      to: addDays(hospital.today, SLOT_DAYS),
      drugSearch: '氨氯',
      interactingDrugIds: ['ibuprofen-suspension', 'tramadol-sr'],
      notApplicable: {
        'appointment-numbers': 'FHIR R4 Appointment has no registration number createFhirHis reads',
        guardians: 'createFhirHis does not read guardians (RelatedPerson) yet: every child\'s family link waits for the desk',
      },
    },
    teardown: () => hospital.close(),
  };
});
