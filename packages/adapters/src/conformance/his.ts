import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { drugControlOf, encounterKindOf, isOfflineVisit, localDate, prescribableOnline, practitionerStanding, type Practitioner } from '@ihkit/core';
import type { HisAdapter } from '../his.js';
import { assertUnique, isDateTime, rejectsWithCode, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

export interface HisFixture {
  /** Two patients the HIS knows, with no appointments in the date range. */
  patientIds: [string, string];
  /** A date range (YYYY-MM-DD, inclusive, hospital time) with free slots. */
  from: string;
  to: string;
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

/**
 * Registers node:test tests that check a HisAdapter against the contract in his.ts: the
 * catalog, slots, booking (idempotent, never over capacity), cancelling (idempotent), patients
 * and their visit history, practitioners and who may practise online, and that what the HIS
 * does not record (a drug's control class, a visit's kind) is never read as the unsafe answer.
 * The booking tests book and cancel real appointments in the range.
 */
export function hisConformance(name: string, setup: () => Promise<Subject<HisAdapter, HisFixture>>): void {
  describe(`HisAdapter conformance: ${name}`, () => {
    const subject = useSubject(setup);
    const slots = async () => {
      const { adapter, fixture } = subject();
      return adapter.listSlots({ from: fixture.from, to: fixture.to });
    };
    const freeSlot = async (skip: Set<string> = new Set()) => {
      const slot = (await slots()).find((s) => s.available > 0 && !skip.has(s.id) && Date.parse(s.start) > Date.now());
      assert.ok(slot, 'the fixture range should hold free slots in the future');
      return slot;
    };

    test('lists departments and the doctors in each', async () => {
      const { adapter } = subject();
      const departments = await adapter.listDepartments();
      assert.ok(departments.length > 0, 'no departments');
      assertUnique(departments.map((d) => d.id), 'department');
      const doctors = await adapter.listDoctors();
      assert.ok(doctors.length > 0, 'no doctors');
      assertUnique(doctors.map((d) => d.id), 'doctor');
      const known = new Set(departments.map((d) => d.id));
      for (const d of doctors) {
        assert.ok(d.name, `doctor ${d.id} needs a name`);
        assert.ok(known.has(d.departmentId), `doctor ${d.id} is in department ${d.departmentId}, which listDepartments does not list`);
      }
      const dept = doctors[0]!.departmentId;
      const inDept = await adapter.listDoctors({ departmentId: dept });
      assert.ok(inDept.length > 0 && inDept.every((d) => d.departmentId === dept), `listDoctors({ departmentId: ${dept} }) must list only that department's doctors`);
    });

    test('lists slots within the dates asked, each readable by its id', async () => {
      const { adapter, fixture } = subject();
      const list = await slots();
      assert.ok(list.length > 0, `no slots from ${fixture.from} to ${fixture.to}`);
      assertUnique(list.map((s) => s.id), 'slot');
      for (const s of list) {
        assert.ok(isDateTime(s.start) && isDateTime(s.end) && Date.parse(s.start) < Date.parse(s.end), `slot ${s.id}: start and end must be date-times, start first`);
        const day = localDate(new Date(s.start), adapter.timeZone);
        assert.ok(day >= fixture.from && day <= fixture.to, `slot ${s.id} is on ${day}, outside ${fixture.from}…${fixture.to}`);
        assert.ok(s.available >= 0 && s.available <= s.capacity, `slot ${s.id}: available ${s.available} must be within 0…capacity ${s.capacity}`);
      }
      const one = await adapter.getSlot(list[0]!.id);
      assert.equal(one?.id, list[0]!.id);
      assert.equal(await adapter.getSlot(UNKNOWN_ID), undefined);
    });

    test('books a slot once per Idempotency-Key and cancels it once', async () => {
      const { adapter, fixture } = subject();
      const [a, b] = fixture.patientIds;
      const slot = await freeSlot();
      const key = `conformance:${randomUUID()}`;
      const booked = await adapter.book({ slotId: slot.id, patientId: a, idempotencyKey: key });
      assert.equal(booked.status, 'booked');
      assert.equal(booked.slotId, slot.id);
      assert.equal(booked.patientId, a);
      assert.equal(booked.doctorId, slot.doctorId);

      const again = await adapter.book({ slotId: slot.id, patientId: a, idempotencyKey: key });
      assert.equal(again.id, booked.id, 'the same Idempotency-Key must return the first appointment');
      await rejectsWithCode(() => adapter.book({ slotId: slot.id, patientId: b, idempotencyKey: key }), 'IDEMPOTENCY_KEY_REUSED', 'the same key for another patient');
      assert.equal((await adapter.getSlot(slot.id))?.available, slot.available - 1, 'booking takes exactly one place');

      assert.equal((await adapter.getAppointment(booked.id))?.id, booked.id);
      const listed = await adapter.listAppointments({ patientIds: [a] });
      assert.ok(listed.some((x) => x.id === booked.id), 'listAppointments lists the new appointment');

      const cancelled = await adapter.cancel(booked.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal((await adapter.cancel(booked.id)).status, 'cancelled', 'cancelling twice answers the cancelled appointment');
      assert.equal((await adapter.getSlot(slot.id))?.available, slot.available, 'cancelling frees the place exactly once');
    });

    test('gives each appointment the hospital\'s own number, when it gives one: readable, its own, the same on every read', async (t) => {
      const { adapter, fixture } = subject();
      const [a, b] = fixture.patientIds;
      const first = await freeSlot();
      const booked = [await adapter.book({ slotId: first.id, patientId: a, idempotencyKey: `conformance:${randomUUID()}` })];
      t.after(async () => {
        for (const x of booked) await adapter.cancel(x.id);
      });
      booked.push(await adapter.book({ slotId: (await freeSlot(new Set([first.id]))).id, patientId: b, idempotencyKey: `conformance:${randomUUID()}` }));
      if (booked.every((x) => x.number === undefined)) return t.skip('this HIS gives appointments no number of its own (none is shown)');
      for (const x of booked) {
        assert.ok(typeof x.number === 'string' && x.number.trim() !== '', `appointment ${x.id}: a number is non-empty text, or absent`);
        assert.notEqual(x.number, x.id, `appointment ${x.id}: the number is the hospital's, not the appointment's id`);
        assert.equal((await adapter.getAppointment(x.id))?.number, x.number, `getAppointment answers appointment ${x.id} with the number it was booked with`);
        assert.equal((await adapter.listAppointments({ patientIds: [x.patientId] })).find((y) => y.id === x.id)?.number, x.number, `listAppointments keeps appointment ${x.id}'s number`);
      }
      assert.notEqual(booked[0]!.number, booked[1]!.number, 'two appointments do not share a number');
      assert.equal((await adapter.cancel(booked[0]!.id)).number, booked[0]!.number, 'a cancelled appointment keeps its number');
    });

    test('never gives a last place to two patients booking at once', async (t) => {
      const { adapter, fixture } = subject();
      const last = (await slots()).find((s) => s.available === 1 && Date.parse(s.start) > Date.now());
      if (!last) return t.skip('no slot with exactly one place left in the range');
      const results = await Promise.allSettled(fixture.patientIds.map((patientId) => adapter.book({ slotId: last.id, patientId, idempotencyKey: `conformance:${randomUUID()}` })));
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, `exactly one booking of the last place succeeds, got ${won.length}`);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal((lost.reason as { code?: string }).code, 'SLOT_TAKEN');
      await adapter.cancel((won[0] as PromiseFulfilledResult<Awaited<ReturnType<HisAdapter['book']>>>).value.id);
    });

    test('refuses an unknown slot with SLOT_NOT_FOUND', async () => {
      const { adapter, fixture } = subject();
      await rejectsWithCode(() => adapter.book({ slotId: UNKNOWN_ID, patientId: fixture.patientIds[0], idempotencyKey: `conformance:${randomUUID()}` }), 'SLOT_NOT_FOUND', 'booking an unknown slot');
    });

    test('reads doctors\' practitioner records: a licence, departments, the permission\'s dates as calendar days', async () => {
      const { adapter } = subject();
      const departments = new Set((await adapter.listDepartments()).map((d) => d.id));
      for (const d of (await adapter.listDoctors()).slice(0, 5)) {
        const p = await adapter.getPractitioner(d.id);
        if (!p) continue; // the HIS may hold no record for a doctor: they then cannot practise online
        assertPractitionerShape(p, d.id, departments);
        assert.equal(p.kind, 'doctor', `listed doctor ${d.id} is a doctor in their practitioner record`);
      }
      assert.equal(await adapter.getPractitioner(UNKNOWN_ID), undefined, 'an unknown practitioner is undefined, not an error');
    });

    test('tells a doctor permitted to practise online from one who is not, and knows the pharmacist', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.practitioners) return t.skip('no practitioners in the fixture');
      const { permittedDoctorId, notPermittedDoctorId, pharmacistId } = fixture.practitioners;
      const departments = new Set((await adapter.listDepartments()).map((d) => d.id));
      const today = localDate(new Date(), adapter.timeZone);
      const permitted = await adapter.getPractitioner(permittedDoctorId);
      assert.ok(permitted, `permitted doctor ${permittedDoctorId}: no practitioner record`);
      assertPractitionerShape(permitted, permittedDoctorId, departments);
      assert.equal(practitionerStanding(permitted, 'doctor', today), 'permitted', `doctor ${permittedDoctorId} should be permitted today: a licence number, kind doctor and an internet-practice permission holding today`);
      const not = await adapter.getPractitioner(notPermittedDoctorId);
      if (not) assertPractitionerShape(not, notPermittedDoctorId, departments);
      assert.notEqual(practitionerStanding(not, 'doctor', today), 'permitted', `doctor ${notPermittedDoctorId} holds no internet-practice permission today, yet the record reads as permitted`);
      if (!pharmacistId) return;
      const pharmacist = await adapter.getPractitioner(pharmacistId);
      assert.ok(pharmacist, `pharmacist ${pharmacistId}: no practitioner record`);
      assertPractitionerShape(pharmacist, pharmacistId, departments);
      assert.equal(practitionerStanding(pharmacist, 'pharmacist', today), 'permitted', `pharmacist ${pharmacistId} should read as a pharmacist with a licence number and a qualification holding today`);
      assert.notEqual(practitionerStanding(pharmacist, 'doctor', today), 'permitted', 'a pharmacist is not a doctor');
    });

    test('a drug the HIS records no control class for is not offered as prescribable online', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.uncodedDrugId) return t.skip('no drug without a control class in the fixture');
      const [drug] = await adapter.getDrugs([fixture.uncodedDrugId]);
      if (!drug) return; // left out altogether: also safe
      assert.equal(drugControlOf(drug.control), drug.control, `drug ${drug.id}: control must be one of the contract's classes, or unknown`);
      assert.ok(!prescribableOnline(drug.control), `drug ${drug.id} has no control class at the HIS but came back as '${drug.control}': answer 'unknown' (it counts as controlled)`);
    });

    test('a visit whose kind the HIS does not record does not count as an offline visit', async (t) => {
      const { adapter, fixture } = subject();
      const patients = [...fixture.patientIds, ...(fixture.visitOfNoKind ? [fixture.visitOfNoKind.patientId] : [])];
      for (const patientId of patients) {
        for (const e of await adapter.listEncounters(patientId)) assert.equal(encounterKindOf(e.kind), e.kind, `encounter ${e.id}: kind must be outpatient, inpatient, online or unknown, not ${String(e.kind)}`);
      }
      if (!fixture.visitOfNoKind) return t.skip('no visit without a kind in the fixture');
      const { patientId, encounterId } = fixture.visitOfNoKind;
      const visit = (await adapter.listEncounters(patientId)).find((e) => e.id === encounterId);
      if (!visit) return; // left out altogether: also safe
      assert.ok(!isOfflineVisit(visit.kind), `encounter ${encounterId} has no kind at the HIS but came back as '${visit.kind}': answer 'unknown' (its diagnoses may not be followed up online)`);
    });

    test('finds patients by id and their visits with diagnoses', async () => {
      const { adapter, fixture } = subject();
      const [a] = fixture.patientIds;
      const p = await adapter.findPatient({ patientId: a });
      assert.equal(p?.id, a);
      assert.ok(p.name && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) && (p.gender === 'male' || p.gender === 'female'), 'a patient needs a name, a birth date and a gender');
      assert.equal(await adapter.findPatient({ patientId: UNKNOWN_ID }), undefined);
      for (const e of await adapter.listEncounters(a)) {
        assert.equal(e.patientId, a);
        assert.ok(Array.isArray(e.diagnoses) && e.diagnoses.every((d) => d.code && d.name), `encounter ${e.id}: diagnoses need an ICD-10 code and a name`);
      }
    });
  });
}


