import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { localDate } from '@ihkit/core';
import type { HisAdapter } from '../his.js';
import { assertUnique, isDateTime, rejectsWithCode, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

export interface HisFixture {
  /** Two patients the HIS knows, with no appointments in the date range. */
  patientIds: [string, string];
  /** A date range (YYYY-MM-DD, inclusive, hospital time) with free slots. */
  from: string;
  to: string;
  /** With `listGuardians`: a child the HIS records a guardian for, and that guardian (both patients it knows). */
  guardian?: { childId: string; guardianId: string };
}

/**
 * Registers node:test tests that check a HisAdapter against the contract in his.ts: the
 * catalog, slots, booking (idempotent, never over capacity), cancelling (idempotent), patients
 * and their visit history. The booking tests book and cancel real appointments in the range.
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

    test('lists the guardians on file for a child, as patients it knows; none for an unknown patient', async (t) => {
      const { adapter, fixture } = subject();
      if (!adapter.listGuardians) return t.skip('no listGuardians: every child\'s link waits for staff to see the guardian in person');
      assert.ok(fixture.guardian, 'an adapter with listGuardians needs fixture.guardian: a child and a guardian on file');
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


