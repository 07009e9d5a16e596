import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { drugControlOf, encounterKindOf, isOfflineVisit, localDate, prescribableOnline, practitionerStanding, type Appointment, type Drug, type Practitioner, type Slot } from '@ihkit/core';
import type { HisAdapter } from '../his.js';
import { assertUnique, cannotRun, describeCall, isDateTime, must, rejectsWithCode, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

/** The checks a fixture may declare not applicable to its HIS, with the reason. */
export type HisCheck = 'appointment-numbers' | 'already-booked' | 'last-place-race' | 'interactions' | 'card-number-lookup' | 'guardians' | 'practitioners' | 'uncoded-drug' | 'visit-of-no-kind';

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
  /**
   * Practitioners of the test system: a doctor the hospital permits to practise online today
   * (a licence number and the internet-practice permission), a doctor it does not (no
   * permission, or one that has ended), and a pharmacist with the qualification to review.
   */
  practitioners?: { permittedDoctorId: string; notPermittedDoctorId: string; pharmacistId?: string };
  /** A drug the HIS records no control class for: it must not come back as prescribable online. */
  uncodedDrugId?: string;
  /** A visit of `patientId`, with a diagnosis, whose kind the HIS does not record: it must not count as an offline visit. */
  visitOfNoKind?: { patientId: string; encounterId: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What every practitioner record must look like, whatever it says. */
function assertPractitionerShape(p: Practitioner, id: string, departments: ReadonlySet<string>): void {
  assert.equal(p.id, id, `getPractitioner(${id}) answers practitioner ${p.id}`);
  assert.ok(p.kind === 'doctor' || p.kind === 'pharmacist', `practitioner ${id}: kind is doctor or pharmacist, not ${String(p.kind)}`);
  assert.ok(p.name?.trim(), `practitioner ${id} needs a name`);
  assert.ok(p.licenceNumber === undefined || (typeof p.licenceNumber === 'string' && p.licenceNumber.trim() !== '' && p.licenceNumber.length <= 64), `practitioner ${id}: a licence number is non-empty text of at most 64 characters, or absent`);
  assert.ok(Array.isArray(p.departmentIds) && p.departmentIds.every((d) => departments.has(d)), `practitioner ${id}: departmentIds must be departments listDepartments lists`);
  for (const key of ['from', 'until'] as const) {
    const value = p.permission?.[key];
    assert.ok(value === undefined || DATE.test(value), `practitioner ${id}: permission.${key} is a calendar date (YYYY-MM-DD), not ${String(value)}; leave the permission out when the HIS's dates cannot be read`);
  }
}

/** Patients booking a slot's last place at once, when the fixture can give that many. */
export const RACERS = 20;
/** Retries of one booking racing with one Idempotency-Key. */
const RETRIES = 5;
const CONTROLS = new Set(['none', 'narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor', 'unknown']);

/**
 * Registers node:test tests that check a HisAdapter against the contract in his.ts: the
 * catalog, slots, booking (idempotent, never over capacity, one per doctor and day), cancelling
 * (idempotent), rescheduling (atomic, idempotent), patients by each lookup, their visit history and allergies, the drug catalog
 * with its interactions, practitioners and who may practise online, and that what the HIS does
 * not record (a drug's control class, a visit's kind) is never read as the unsafe answer. The
 * booking tests book and cancel real appointments in the range. A failure names the adapter
 * call, its arguments and what the contract expects of it.
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

    test('reschedules an appointment in one step: the new place taken and the old one freed together, once', async (t) => {
      const { adapter, fixture } = subject();
      const from = await freeSlot();
      const to = await freeSlot(new Set([from.id]));
      const booked = await book(t, booking(from.id, fixture.patientIds[0]));
      const call = describeCall('reschedule', [booked.id, to.id]);
      const moved = await must('must move the appointment to the free slot', () => adapter.reschedule(booked.id, to.id));
      assert.equal(moved.id, booked.id, `${call} must keep the appointment's id`);
      assert.equal(moved.status, 'booked', `${call} must answer status 'booked'`);
      assert.equal(moved.slotId, to.id, `${call} must answer the new slot's id as slotId`);
      assert.equal(moved.doctorId, to.doctorId, `${call} must answer the new slot's doctor`);
      assert.equal(moved.start, to.start, `${call} must answer the new slot's start`);
      assert.equal((await adapter.getSlot(to.id))?.available, to.available - 1, `after ${call}, getSlot('${to.id}').available must be one less (${to.available - 1})`);
      assert.equal((await adapter.getSlot(from.id))?.available, from.available, `after ${call}, getSlot('${from.id}').available must be back at ${from.available}: the old place is freed`);
      assert.equal((await adapter.getAppointment(booked.id))?.slotId, to.id, `getAppointment('${booked.id}') must answer the new slot after ${call}`);
      const again = await must('(the same move again) must answer the appointment unchanged', () => adapter.reschedule(booked.id, to.id));
      assert.equal(again.slotId, to.id, `${call}, repeated, must answer the appointment in ${to.id}`);
      assert.equal((await adapter.getSlot(to.id))?.available, to.available - 1, `${call}, repeated, must take no second place`);
      assert.equal((await adapter.getSlot(from.id))?.available, from.available, `${call}, repeated, must free nothing more`);
      await rejectsWithCode(() => adapter.reschedule(booked.id, UNKNOWN_ID), 'SLOT_NOT_FOUND', describeCall('reschedule', [booked.id, UNKNOWN_ID]));
      await rejectsWithCode(() => adapter.reschedule(UNKNOWN_ID, from.id), 'NOT_FOUND', describeCall('reschedule', [UNKNOWN_ID, from.id]));
      await must('must cancel the appointment', () => adapter.cancel(booked.id));
      assert.equal((await adapter.getSlot(to.id))?.available, to.available, `cancelling a rescheduled appointment must free its new slot ('${to.id}')`);
      await rejectsWithCode(() => adapter.reschedule(booked.id, from.id), 'INVALID_STATE', `${describeCall('reschedule', [booked.id, from.id])} (a cancelled appointment)`);
      assert.equal((await adapter.getSlot(from.id))?.available, from.available, `a refused reschedule must take no place`);
    });

    test('reschedules into a full slot never: SLOT_TAKEN, and the appointment keeps its place', async (t) => {
      const { adapter, fixture } = subject();
      const last = (await slots()).find((s) => s.available === 1 && future(s));
      if (!last) return cannotRun(t, fixture.notApplicable, 'reschedule-full', 'listSlots() answered no future slot with exactly one place left in the fixture range');
      const from = await freeSlot(new Set([last.id]));
      const [a, b] = fixture.patientIds;
      await book(t, booking(last.id, b));
      const mine = await book(t, booking(from.id, a));
      await rejectsWithCode(() => adapter.reschedule(mine.id, last.id), 'SLOT_TAKEN', `${describeCall('reschedule', [mine.id, last.id])} (its last place is taken)`);
      assert.equal((await adapter.getAppointment(mine.id))?.slotId, from.id, 'a refused reschedule must leave the appointment where it was');
      assert.equal((await adapter.getSlot(from.id))?.available, from.available - 1, `a refused reschedule must keep the old place taken ('${from.id}')`);
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

    test('reads doctors\' practitioner records: a licence, departments, the permission\'s dates as calendar days', async () => {
      const { adapter } = subject();
      const departments = new Set((await must('must list the departments', () => adapter.listDepartments())).map((d) => d.id));
      for (const d of (await must('must list every doctor', () => adapter.listDoctors())).slice(0, 5)) {
        const p = await must('must answer the doctor\'s practitioner record, or undefined', () => adapter.getPractitioner(d.id));
        if (!p) continue; // the HIS may hold no record for a doctor: they then cannot practise online
        assertPractitionerShape(p, d.id, departments);
        assert.equal(p.kind, 'doctor', `getPractitioner('${d.id}'): a doctor listDoctors() lists must be kind 'doctor', got '${String(p.kind)}'`);
      }
      assert.equal(await must('must answer undefined', () => adapter.getPractitioner(UNKNOWN_ID)), undefined, `getPractitioner('<unknown id>') must answer undefined`);
    });

    test('tells a doctor permitted to practise online from one who is not, and knows the pharmacist', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.practitioners) return cannotRun(t, fixture.notApplicable, 'practitioners', 'the fixture names no practitioners (a permitted doctor, one not permitted, a pharmacist)');
      const { permittedDoctorId, notPermittedDoctorId, pharmacistId } = fixture.practitioners;
      const departments = new Set((await adapter.listDepartments()).map((d) => d.id));
      const today = localDate(new Date(), adapter.timeZone);
      const permitted = await must('must answer the permitted doctor\'s record', () => adapter.getPractitioner(permittedDoctorId));
      assert.ok(permitted, `getPractitioner('${permittedDoctorId}') must answer the record of the fixture's permitted doctor, not undefined`);
      assertPractitionerShape(permitted, permittedDoctorId, departments);
      assert.equal(practitionerStanding(permitted, 'doctor', today), 'permitted', `getPractitioner('${permittedDoctorId}') must read as permitted today: kind 'doctor', a licenceNumber and a permission holding ${today}`);
      const not = await must('must answer the record of the doctor not permitted, or undefined', () => adapter.getPractitioner(notPermittedDoctorId));
      if (not) assertPractitionerShape(not, notPermittedDoctorId, departments);
      assert.notEqual(practitionerStanding(not, 'doctor', today), 'permitted', `getPractitioner('${notPermittedDoctorId}'): the doctor holds no internet-practice permission today, yet the record reads as permitted (leave permission out, or give the dates it held)`);
      if (!pharmacistId) return;
      const pharmacist = await must('must answer the pharmacist\'s record', () => adapter.getPractitioner(pharmacistId));
      assert.ok(pharmacist, `getPractitioner('${pharmacistId}') must answer the record of the fixture's pharmacist, not undefined`);
      assertPractitionerShape(pharmacist, pharmacistId, departments);
      assert.equal(practitionerStanding(pharmacist, 'pharmacist', today), 'permitted', `getPractitioner('${pharmacistId}') must read as a pharmacist permitted today: kind 'pharmacist', a licenceNumber and a qualification holding ${today}`);
      assert.notEqual(practitionerStanding(pharmacist, 'doctor', today), 'permitted', `getPractitioner('${pharmacistId}'): a pharmacist must not read as a doctor`);
    });

    test('a drug the HIS records no control class for is not offered as prescribable online', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.uncodedDrugId) return cannotRun(t, fixture.notApplicable, 'uncoded-drug', 'the fixture names no uncodedDrugId (a drug the HIS records no control class for)');
      const [drug] = await must('must answer the drug, or leave it out', () => adapter.getDrugs([fixture.uncodedDrugId!]));
      if (!drug) return; // left out altogether: also safe
      const call = `getDrugs(['${drug.id}'])`;
      assert.equal(drugControlOf(drug.control), drug.control, `${call}: control must be one of the contract's classes or 'unknown', got ${String(drug.control)}`);
      assert.ok(!prescribableOnline(drug.control), `${call}: the drug has no control class at the HIS but came back as '${drug.control}': answer 'unknown' (it counts as controlled)`);
    });

    test('a visit whose kind the HIS does not record does not count as an offline visit', async (t) => {
      const { adapter, fixture } = subject();
      const patients = [...fixture.patientIds, ...(fixture.visitOfNoKind ? [fixture.visitOfNoKind.patientId] : [])];
      for (const patientId of patients) {
        for (const e of await must('must list the patient\'s visits', () => adapter.listEncounters(patientId))) {
          assert.equal(encounterKindOf(e.kind), e.kind, `listEncounters('${patientId}'): encounter ${e.id}'s kind must be outpatient, inpatient, online or unknown, got ${String(e.kind)}`);
        }
      }
      if (!fixture.visitOfNoKind) return cannotRun(t, fixture.notApplicable, 'visit-of-no-kind', 'the fixture names no visitOfNoKind (a visit with a diagnosis whose kind the HIS does not record)');
      const { patientId, encounterId } = fixture.visitOfNoKind;
      const visit = (await adapter.listEncounters(patientId)).find((e) => e.id === encounterId);
      if (!visit) return; // left out altogether: also safe
      assert.ok(!isOfflineVisit(visit.kind), `listEncounters('${patientId}'): encounter ${encounterId} has no kind at the HIS but came back as '${visit.kind}': answer 'unknown' (its diagnoses may not be followed up online)`);
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

    test('records a remote-consultation opinion once by its id, and refuses an unknown patient', async (t) => {
      const { adapter, fixture } = subject();
      if (!adapter.recordConsultationOpinion) return void t.skip('the adapter has no recordConsultationOpinion (optional: opinions then stay in the gateway)');
      const opinion = {
        id: `rc_conformance_${randomUUID()}`, patientId: fixture.patientIds[0], requestingDoctorId: 'conformance-doctor', consultingOrganization: '会诊中心',
        expert: { name: '会诊专家', licenceNumber: '110000000000001' }, question: '请会诊', opinion: '建议复查', signedAt: new Date().toISOString(),
        signature: { algorithm: 'ECDSA-SHA256', value: 'c2lnbmF0dXJl', certificate: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----' },
      };
      const first = await must('must record an opinion for a patient it knows', () => adapter.recordConsultationOpinion!(opinion));
      assert.ok(typeof first.ref === 'string' && first.ref.trim() !== '', 'recordConsultationOpinion answers the HIS\'s reference');
      const again = await must('must answer a retry of the same opinion', () => adapter.recordConsultationOpinion!(opinion));
      assert.equal(again.ref, first.ref, 'the same opinion id again is the same record (a retry), not a second one');
      await rejectsWithCode(() => adapter.recordConsultationOpinion!({ ...opinion, id: `rc_conformance_${randomUUID()}`, patientId: UNKNOWN_ID }), 'NOT_FOUND', 'recordConsultationOpinion for an unknown patient');
    });
  });
}

function assertDrug(d: Drug, call: string): void {
  const what = `${call}: drug ${d.id}`;
  assert.ok(d.id && d.name, `${what} needs an id and a name`);
  assert.ok(CONTROLS.has(d.control), `${what}'s control must be one of ${[...CONTROLS].join(', ')}; got ${String(d.control)} (a class the HIS does not record, or one ihkit does not know, is 'unknown': controlled)`);
  assert.ok(Number.isInteger(d.price.amount) && d.price.amount >= 0 && /^[A-Z]{3}$/.test(d.price.currency), `${what}'s price must be whole minor units (fen) and an ISO currency, got ${JSON.stringify(d.price)}`);
  assert.ok(Number.isInteger(d.packSize) && d.packSize >= 1, `${what}'s packSize must be a whole number ≥ 1`);
  assert.ok(Number.isInteger(d.stock) && d.stock >= 0, `${what}'s stock must be whole packs ≥ 0`);
  assert.ok(d.unitDose > 0 && d.doseUnit, `${what} needs a doseUnit and a unitDose > 0`);
}
