import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { localDate, type Appointment, type Drug, type Slot } from '@ihkit/core';
import type { HisAdapter } from '../his.js';
import { assertUnique, cannotRun, describeCall, isDateTime, must, rejectsWithCode, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

/** The checks a fixture may declare not applicable to its HIS, with the reason. */
export type HisCheck = 'appointment-numbers' | 'already-booked' | 'last-place-race' | 'interactions' | 'card-number-lookup' | 'guardians';

export interface HisFixture {
  /** At least two patients the HIS knows, with no appointments in the date range. */
  patientIds: readonly [string, string, ...string[]];
  /** A date range (YYYY-MM-DD, inclusive, hospital time) with free slots in the future. */
  from: string;
  to: string;
  /** Text that searchDrugs finds at least one drug for: a drug's name, English name or ingredient. */
  drugSearch: string;
  /** Two drug ids between which the HIS records an interaction (by the drugs' ids or classes). */
  interactingDrugIds?: readonly [string, string];
  /**
   * Gives `count` more patients the HIS knows, with no appointments in the range (a test HIS can
   * create them). The race checks ask for RACERS; without this hook they race `patientIds`.
   */
  patients?: (count: number) => Promise<string[]>;
  /** Checks that do not apply to this HIS, and why (a check that cannot run fails otherwise). */
  notApplicable?: Partial<Record<HisCheck, string>>;
  /** With `listGuardians`: a child the HIS records a guardian for, and that guardian (both patients it knows). */
  guardian?: { childId: string; guardianId: string };
}

/** Patients booking a slot's last place at once, when the fixture can give that many. */
export const RACERS = 20;
/** Retries of one booking racing with one Idempotency-Key. */
const RETRIES = 5;
const CONTROLS = new Set(['none', 'narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor']);

/**
 * Registers node:test tests that check a HisAdapter against the contract in his.ts: the
 * catalog, slots, booking (idempotent, never over capacity, one per doctor and day), cancelling
 * (idempotent), patients by each lookup, their visit history and allergies, and the drug
 * catalog with its interactions. The booking tests book and cancel real appointments in the
 * range. A failure names the adapter call, its arguments and what the contract expects of it.
 */
export function hisConformance(name: string, setup: () => Promise<Subject<HisAdapter, HisFixture>>): void {
  describe(`HisAdapter conformance: ${name}`, () => {
    const subject = useSubject(setup);
    const slots = async () => {
      const { adapter, fixture } = subject();
      return must('must list the slots of the fixture\'s range', () => adapter.listSlots({ from: fixture.from, to: fixture.to }));
    };
    const future = (s: Slot) => Date.parse(s.start) > Date.now();
    const freeSlot = async (skip: Set<string> = new Set()) => {
      const slot = (await slots()).find((s) => s.available > 0 && !skip.has(s.id) && future(s));
      assert.ok(slot, `listSlots({ from: '${subject().fixture.from}', to: '${subject().fixture.to}' }) should hold free slots in the future (fixture from/to)`);
      return slot;
    };
    const key = () => `conformance:${randomUUID()}`;
    const booking = (slotId: string, patientId: string, idempotencyKey = key()) => ({ slotId, patientId, idempotencyKey });
    /** Books, and cancels again after the test whatever it finds: a failed check leaves nothing booked for the next. */
    const book = async (t: TestContext, request: ReturnType<typeof booking>) => {
      const booked = await must('must book the free slot', () => subject().adapter.book(request));
      cleanUp(t, [booked.id]);
      return booked;
    };
    const cleanUp = (t: TestContext, ids: readonly string[]) => t.after(async () => {
      for (const id of ids) await subject().adapter.cancel(id).catch(() => undefined);
    });

    test('lists departments and the doctors in each', async () => {
      const { adapter } = subject();
      const departments = await must('must list the departments', () => adapter.listDepartments());
      assert.ok(departments.length > 0, 'listDepartments() answered none');
      assertUnique(departments.map((d) => d.id), 'department');
      const doctors = await must('must list every doctor', () => adapter.listDoctors());
      assert.ok(doctors.length > 0, 'listDoctors() answered none');
      assertUnique(doctors.map((d) => d.id), 'doctor');
      const known = new Set(departments.map((d) => d.id));
      for (const d of doctors) {
        assert.ok(d.name, `listDoctors(): doctor ${d.id} needs a name`);
        assert.ok(known.has(d.departmentId), `listDoctors(): doctor ${d.id} is in department ${d.departmentId}, which listDepartments() does not list`);
        assert.ok(Number.isInteger(d.fee.amount) && d.fee.amount >= 0, `listDoctors(): doctor ${d.id}'s fee.amount must be a whole number of minor units (fen), got ${d.fee.amount}`);
      }
      const dept = doctors[0]!.departmentId;
      const inDept = await adapter.listDoctors({ departmentId: dept });
      assert.ok(inDept.length > 0 && inDept.every((d) => d.departmentId === dept), `listDoctors({ departmentId: '${dept}' }) must list only that department's doctors, and at least one`);
    });

    test('lists slots within the dates asked, each readable by its id', async () => {
      const { adapter, fixture } = subject();
      const list = await slots();
      assert.ok(list.length > 0, `listSlots({ from: '${fixture.from}', to: '${fixture.to}' }) answered no slots`);
      assertUnique(list.map((s) => s.id), 'slot');
      for (const s of list) {
        assert.ok(isDateTime(s.start) && isDateTime(s.end) && Date.parse(s.start) < Date.parse(s.end), `listSlots(): slot ${s.id}'s start and end must be ISO 8601 date-times with an offset, start first; got ${s.start} … ${s.end}`);
        const day = localDate(new Date(s.start), adapter.timeZone);
        assert.ok(day >= fixture.from && day <= fixture.to, `listSlots(): slot ${s.id} is on ${day} in ${adapter.timeZone}, outside ${fixture.from}…${fixture.to}`);
        assert.ok(s.available >= 0 && s.available <= s.capacity, `listSlots(): slot ${s.id}'s available ${s.available} must be within 0…capacity ${s.capacity}`);
      }
      const one = await must('must answer the slot listSlots listed', () => adapter.getSlot(list[0]!.id));
      assert.equal(one?.id, list[0]!.id, `${describeCall('getSlot', [list[0]!.id])} must answer that slot`);
      assert.equal(await must('must answer undefined', () => adapter.getSlot(UNKNOWN_ID)), undefined, `${describeCall('getSlot', [UNKNOWN_ID])} must answer undefined`);
    });

    test('books a slot once per Idempotency-Key and cancels it once', async (t) => {
      const { adapter, fixture } = subject();
      const [a, b] = fixture.patientIds;
      const slot = await freeSlot();
      const request = booking(slot.id, a);
      const booked = await book(t, request);
      const call = describeCall('book', [request]);
      assert.equal(booked.status, 'booked', `${call} must answer an appointment with status 'booked'`);
      assert.equal(booked.slotId, slot.id, `${call} must answer the slot's id as slotId`);
      assert.equal(booked.patientId, a, `${call} must answer the patient's id as patientId`);
      assert.equal(booked.doctorId, slot.doctorId, `${call} must answer the slot's doctor`);

      const again = await must('(the same Idempotency-Key again) must answer the first appointment', () => adapter.book(request));
      cleanUp(t, [again.id]);
      assert.equal(again.id, booked.id, `${call}, repeated, must answer the first appointment (${booked.id}), not ${again.id}`);
      const other = booking(slot.id, b, request.idempotencyKey);
      await rejectsWithCode(() => adapter.book(other), 'IDEMPOTENCY_KEY_REUSED', `${describeCall('book', [other])} (the same key for another patient)`);
      assert.equal((await adapter.getSlot(slot.id))?.available, slot.available - 1, `after ${call}, getSlot('${slot.id}').available must be one less (${slot.available - 1})`);

      assert.equal((await must('must answer the appointment', () => adapter.getAppointment(booked.id)))?.id, booked.id, `getAppointment('${booked.id}') must answer the appointment just booked`);
      const listed = await must('must list the patient\'s appointments', () => adapter.listAppointments({ patientIds: [a] }));
      assert.ok(listed.some((x) => x.id === booked.id), `listAppointments({ patientIds: ['${a}'] }) must list the new appointment ${booked.id}`);

      const cancelled = await must('must cancel the appointment', () => adapter.cancel(booked.id));
      assert.equal(cancelled.status, 'cancelled', `cancel('${booked.id}') must answer status 'cancelled'`);
      const twice = await must('(a second time) must answer the cancelled appointment unchanged', () => adapter.cancel(booked.id));
      assert.equal(twice.status, 'cancelled', `cancel('${booked.id}') a second time must answer the cancelled appointment`);
      assert.equal((await adapter.getSlot(slot.id))?.available, slot.available, `after cancelling twice, getSlot('${slot.id}').available must be back at ${slot.available}: the place is freed exactly once`);
    });

    test('books once when retries with one Idempotency-Key race', async (t) => {
      const { adapter, fixture } = subject();
      const slot = await freeSlot();
      const request = booking(slot.id, fixture.patientIds[0]);
      const results = await Promise.allSettled(Array.from({ length: RETRIES }, () => adapter.book(request)));
      const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
      const ids = [...new Set(answered.map((x) => x.id))];
      for (const id of ids) await must('must cancel the appointment', () => adapter.cancel(id));
      cleanUp(t, ids);
      assert.deepEqual(failed.map((e) => e.message), [], `${RETRIES} × ${describeCall('book', [request])} at once must each answer the same appointment`);
      assert.equal(ids.length, 1, `${RETRIES} racing retries of ${describeCall('book', [request])} must answer one appointment, got ${ids.join(', ')}`);
      assert.equal((await adapter.getSlot(slot.id))?.available, slot.available, `after cancelling it, getSlot('${slot.id}').available must be back at ${slot.available}: the retries took one place`);
    });

    test('refuses a second appointment with the same doctor on the same day (ALREADY_BOOKED)', async (t) => {
      const { adapter, fixture } = subject();
      const list = (await slots()).filter((s) => s.available > 0 && future(s));
      const day = (s: Slot) => `${s.doctorId} ${localDate(new Date(s.start), adapter.timeZone)}`;
      const first = list.find((s) => list.some((o) => o.id !== s.id && day(o) === day(s)));
      if (!first) return cannotRun(t, fixture.notApplicable, 'already-booked', 'no doctor has two free slots on one day in the fixture range');
      const second = list.find((o) => o.id !== first.id && day(o) === day(first))!;
      await book(t, booking(first.id, fixture.patientIds[1]));
      const request = booking(second.id, fixture.patientIds[1]);
      await rejectsWithCode(() => adapter.book(request), 'ALREADY_BOOKED', `${describeCall('book', [request])} (the patient already holds ${first.id}, same doctor, same day)`);
    });

    test('gives each appointment the hospital\'s own number, when it gives one: readable, its own, the same on every read', async (t) => {
      const { adapter, fixture } = subject();
      const [a, b] = fixture.patientIds;
      const first = await freeSlot();
      const booked: Appointment[] = [await book(t, booking(first.id, a))];
      booked.push(await book(t, booking((await freeSlot(new Set([first.id]))).id, b)));
      if (booked.every((x) => x.number === undefined)) return cannotRun(t, fixture.notApplicable, 'appointment-numbers', 'book() answered appointments without a number of the hospital\'s own');
      for (const x of booked) {
        assert.ok(typeof x.number === 'string' && x.number.trim() !== '', `book(): appointment ${x.id}'s number must be non-empty text, or absent`);
        assert.notEqual(x.number, x.id, `book(): appointment ${x.id}'s number must be the hospital's, not the appointment's id`);
        assert.equal((await adapter.getAppointment(x.id))?.number, x.number, `getAppointment('${x.id}') must answer the number it was booked with (${x.number})`);
        assert.equal((await adapter.listAppointments({ patientIds: [x.patientId] })).find((y) => y.id === x.id)?.number, x.number, `listAppointments({ patientIds: ['${x.patientId}'] }) must keep appointment ${x.id}'s number`);
      }
      assert.notEqual(booked[0]!.number, booked[1]!.number, 'two appointments must not share a number');
      assert.equal((await adapter.cancel(booked[0]!.id)).number, booked[0]!.number, `cancel('${booked[0]!.id}') must keep the appointment's number`);
    });

    test(`never gives a last place to two of many patients booking at once`, async (t) => {
      const { adapter, fixture } = subject();
      const last = (await slots()).find((s) => s.available === 1 && future(s));
      if (!last) return cannotRun(t, fixture.notApplicable, 'last-place-race', 'listSlots() answered no future slot with exactly one place left in the fixture range');
      const racers = fixture.patients ? await fixture.patients(RACERS) : [...fixture.patientIds];
      const results = await Promise.allSettled(racers.map((patientId) => adapter.book(booking(last.id, patientId))));
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      cleanUp(t, won.map((x) => x.id));
      assert.equal(won.length, 1, `${racers.length} patients calling book({ slotId: '${last.id}', … }) at once for its last place: exactly one must succeed, ${won.length} did`);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'SLOT_TAKEN', `the others must throw AdapterError('SLOT_TAKEN'); ${(r.reason as Error).message}`);
      }
    });

    test('refuses an unknown slot with SLOT_NOT_FOUND', async () => {
      const { adapter, fixture } = subject();
      const request = booking(UNKNOWN_ID, fixture.patientIds[0]);
      await rejectsWithCode(() => adapter.book(request), 'SLOT_NOT_FOUND', describeCall('book', [request]));
    });

    test('finds patients by id, ID number and card number, and their visits with diagnoses', async (t) => {
      const { adapter, fixture } = subject();
      const [a] = fixture.patientIds;
      const p = await must('must answer the fixture\'s patient', () => adapter.findPatient({ patientId: a }));
      assert.equal(p?.id, a, `findPatient({ patientId: '${a}' }) must answer that patient`);
      assert.ok(p.name && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) && (p.gender === 'male' || p.gender === 'female'), `findPatient({ patientId: '${a}' }): a patient needs a name, a birthDate (YYYY-MM-DD) and a gender ('male' or 'female')`);
      assert.equal(await must('must answer undefined', () => adapter.findPatient({ patientId: UNKNOWN_ID })), undefined, `findPatient({ patientId: '<unknown id>' }) must answer undefined`);
      assert.equal((await must('must answer the same patient', () => adapter.findPatient({ idNumber: p.idNumber })))?.id, a, `findPatient({ idNumber: <patient ${a}'s> }) must answer patient ${a}`);
      if (p.cardNo) {
        assert.equal((await must('must answer the same patient', () => adapter.findPatient({ cardNo: p.cardNo! })))?.id, a, `findPatient({ cardNo: <patient ${a}'s> }) must answer patient ${a}`);
        assert.equal(await must('must answer undefined', () => adapter.findPatient({ cardNo: UNKNOWN_ID })), undefined, `findPatient({ cardNo: '<unknown id>' }) must answer undefined`);
      } else {
        cannotRun(t, fixture.notApplicable, 'card-number-lookup', `findPatient({ patientId: '${a}' }) answered no cardNo, so lookup by card number cannot be checked`);
      }
      for (const e of await must('must list the patient\'s visits', () => adapter.listEncounters(a))) {
        assert.equal(e.patientId, a, `listEncounters('${a}') answered encounter ${e.id} of another patient`);
        assert.ok(Array.isArray(e.diagnoses) && e.diagnoses.every((d) => d.code && d.name), `listEncounters('${a}'): encounter ${e.id}'s diagnoses need an ICD-10 code and a name`);
      }
      for (const x of await must('must list the patient\'s allergies', () => adapter.listAllergies(a))) {
        assert.ok(x.group && x.name, `listAllergies('${a}'): an allergy needs a group (matched against drugs' allergyGroups) and a name`);
      }
    });

    test('searches the drug catalog and reads drugs by id', async () => {
      const { adapter, fixture } = subject();
      const found = await must('must search the catalog', () => adapter.searchDrugs(fixture.drugSearch, 3));
      const search = describeCall('searchDrugs', [fixture.drugSearch, 3]);
      assert.ok(found.length > 0, `${search} found nothing (fixture drugSearch)`);
      assert.ok(found.length <= 3, `${search} must answer at most 3 drugs, got ${found.length}`);
      for (const d of found) assertDrug(d, search);
      const [d] = found as [Drug];
      const read = await must('must answer the drugs that exist', () => adapter.getDrugs([d.id, UNKNOWN_ID]));
      assert.deepEqual(read.map((x) => x.id), [d.id], `getDrugs(['${d.id}', '<unknown id>']) must answer exactly drug ${d.id}`);
      assertDrug(read[0]!, `getDrugs(['${d.id}'])`);
      assert.deepEqual(await must('must answer []', () => adapter.getDrugs([])), [], 'getDrugs([]) must answer []');
    });

    test('lists the interactions among drugs', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.interactingDrugIds) return cannotRun(t, fixture.notApplicable, 'interactions', 'the fixture names no interactingDrugIds');
      const drugs = await adapter.getDrugs([...fixture.interactingDrugIds]);
      assert.equal(drugs.length, 2, `getDrugs(${JSON.stringify(fixture.interactingDrugIds)}) must answer both drugs (fixture interactingDrugIds)`);
      const call = describeCall('listInteractions', [drugs]);
      const found = await must('must answer the interactions among these drugs', () => adapter.listInteractions(drugs));
      assert.ok(found.length > 0, `${call} answered none for the fixture's interacting pair`);
      const names = new Set(drugs.flatMap((d) => [d.id, ...(d.classes ?? [])]));
      for (const x of found) {
        assert.ok(names.has(x.a) && names.has(x.b), `${call}: interaction ${x.a} × ${x.b} must name the drugs asked about, by id or class`);
        assert.ok(x.severity === 'major' || x.severity === 'moderate', `${call}: severity must be 'major' or 'moderate', got ${String(x.severity)}`);
        assert.ok(x.note, `${call}: interaction ${x.a} × ${x.b} needs a note for doctor and pharmacist`);
      }
      const alone = await must('must answer the interactions of one drug', () => adapter.listInteractions([drugs[0]!]));
      const own = new Set([drugs[0]!.id, ...(drugs[0]!.classes ?? [])]);
      assert.ok(alone.every((x) => own.has(x.a) && own.has(x.b)), `listInteractions([${drugs[0]!.id}]) must not answer interactions with drugs not asked about`);
    });

    test('lists the guardians on file for a child, as patients it knows; none for an unknown patient', async (t) => {
      const { adapter, fixture } = subject();
      if (!adapter.listGuardians) return cannotRun(t, fixture.notApplicable, 'guardians', 'the adapter has no listGuardians (optional: without it every child\'s family link waits for hospital staff to see the guardian in person)');
      if (!fixture.guardian) return cannotRun(t, fixture.notApplicable, 'guardians', 'the fixture names no guardian (a child and a guardian the HIS has on file)');
      const guardians = await adapter.listGuardians(fixture.guardian.childId);
      assert.ok(guardians.some((g) => g.patientId === fixture.guardian!.guardianId), `listGuardians(${fixture.guardian.childId}) must list ${fixture.guardian.guardianId}`);
      for (const g of guardians) {
        assert.ok(g.relation === 'parent' || g.relation === 'appointed', `guardian ${g.patientId}: relation is parent or appointed`);
        assert.equal((await adapter.findPatient({ patientId: g.patientId }))?.id, g.patientId, `guardian ${g.patientId} is a patient the HIS knows`);
      }
      assert.deepEqual(await adapter.listGuardians(UNKNOWN_ID), []);
      // A guardian is no one's guardian because a child is theirs: the relation is one way.
      assert.ok(!(await adapter.listGuardians(fixture.guardian.guardianId)).some((g) => g.patientId === fixture.guardian!.childId), 'the child is not listed as the guardian\'s guardian');
    });
  });
}

function assertDrug(d: Drug, call: string): void {
  const what = `${call}: drug ${d.id}`;
  assert.ok(d.id && d.name, `${what} needs an id and a name`);
  assert.ok(CONTROLS.has(d.control), `${what}'s control must be one of ${[...CONTROLS].join(', ')}; got ${String(d.control)} (an unknown class must be reported as controlled)`);
  assert.ok(Number.isInteger(d.price.amount) && d.price.amount >= 0 && /^[A-Z]{3}$/.test(d.price.currency), `${what}'s price must be whole minor units (fen) and an ISO currency, got ${JSON.stringify(d.price)}`);
  assert.ok(Number.isInteger(d.packSize) && d.packSize >= 1, `${what}'s packSize must be a whole number ≥ 1`);
  assert.ok(Number.isInteger(d.stock) && d.stock >= 0, `${what}'s stock must be whole packs ≥ 0`);
  assert.ok(d.unitDose > 0 && d.doseUnit, `${what} needs a doseUnit and a unitDose > 0`);
}
