import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Appointment, Slot } from '@ihkit/core';
import { API, auth, book, bookableSlots, databases, demoPatient, login, newKey, otherDemoPatient, startGateway, type TestGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`booking (${database.name})`, () => {
    let gw: TestGateway;
    let token: string;
    let otherToken: string;
    let pool: Slot[];
    const me = demoPatient();
    const other = otherDemoPatient();

    /** A bookable slot of a doctor and day no other test used (ALREADY_BOOKED is per patient, doctor and day). */
    const takeSlot = (): Slot => {
      const slot = pool.shift();
      if (!slot) throw new Error('ran out of demo slots');
      return slot;
    };

    before(async () => {
      gw = await startGateway(database, { demo: true });
      token = await login(gw, me.username, me.password);
      otherToken = await login(gw, other.username, other.password);
      const seen = new Set<string>();
      pool = (await bookableSlots(gw, token)).filter((s) => {
        const k = `${s.doctorId}:${s.start.slice(0, 10)}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    });
    after(() => gw?.close());

    const getAppointment = (id: string, t = token) => gw.app.inject({ method: 'GET', url: `${API}/appointments/${id}`, headers: auth(t) });
    const cancel = (id: string, t = token) => gw.app.inject({ method: 'POST', url: `${API}/appointments/${id}/cancel`, headers: auth(t), payload: {} });

    test('book a slot for oneself: 201, then it can be read and is listed', async () => {
      const slot = takeSlot();
      const res = await book(gw, token, { slotId: slot.id, patientId: me.patientId });
      assert.equal(res.statusCode, 201, res.body);
      const a = res.json() as Appointment;
      assert.equal(a.slotId, slot.id);
      assert.equal(a.patientId, me.patientId);
      assert.equal(a.status, 'booked');
      assert.equal(a.start, slot.start);
      assert.equal(res.headers['cache-control'], 'no-store');

      // The hospital's registration number reaches the patient, the same on every read.
      assert.match(a.number ?? '', /^GH\d{8}-\d{4}$/);
      const read = await getAppointment(a.id);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().id, a.id);
      assert.equal(read.json().number, a.number);

      const list = await gw.app.inject({ method: 'GET', url: `${API}/appointments?status=booked`, headers: auth(token) });
      assert.equal(list.statusCode, 200);
      const items = list.json().items as Appointment[];
      assert.ok(items.some((x) => x.id === a.id));
      assert.ok(items.every((x) => x.status === 'booked'));
      const starts = items.map((x) => Date.parse(x.start));
      assert.deepEqual(starts, [...starts].sort((x, y) => x - y), 'soonest first');
    });

    test('booking for a family member works', async () => {
      const member = me.family[0];
      if (!member) return;
      const res = await book(gw, token, { slotId: takeSlot().id, patientId: member.patientId });
      assert.equal(res.statusCode, 201, res.body);
    });

    test('the same Idempotency-Key retried gives the same appointment, and only one', async () => {
      const slot = takeSlot();
      const key = newKey();
      const first = await book(gw, token, { slotId: slot.id, patientId: me.patientId }, key);
      const second = await book(gw, token, { slotId: slot.id, patientId: me.patientId }, key);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(second.statusCode, 201, second.body);
      assert.equal(second.json().id, first.json().id);
      const list = await gw.app.inject({ method: 'GET', url: `${API}/appointments`, headers: auth(token) });
      assert.equal((list.json().items as Appointment[]).filter((a) => a.slotId === slot.id).length, 1);
    });

    test('the same key with another slot is IDEMPOTENCY_KEY_REUSED', async () => {
      const key = newKey();
      const first = await book(gw, token, { slotId: takeSlot().id, patientId: me.patientId }, key);
      assert.equal(first.statusCode, 201, first.body);
      const reused = await book(gw, token, { slotId: takeSlot().id, patientId: me.patientId }, key);
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.json().code, 'IDEMPOTENCY_KEY_REUSED');
    });

    test("keys are scoped per user: another user's same key is a new booking", async () => {
      const key = newKey();
      const mine = await book(gw, token, { slotId: takeSlot().id, patientId: me.patientId }, key);
      const theirs = await book(gw, otherToken, { slotId: takeSlot().id, patientId: other.patientId }, key);
      assert.equal(mine.statusCode, 201, mine.body);
      assert.equal(theirs.statusCode, 201, theirs.body);
      assert.notEqual(mine.json().id, theirs.json().id);
    });

    test("booking for another user's patient is FORBIDDEN", async () => {
      const res = await book(gw, token, { slotId: takeSlot().id, patientId: other.patientId });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'FORBIDDEN');
    });

    test('an unknown slot is SLOT_NOT_FOUND', async () => {
      const res = await book(gw, token, { slotId: 'no_such_slot', patientId: me.patientId });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'SLOT_NOT_FOUND');
    });

    test("another user's appointment is NOT_FOUND (never FORBIDDEN), to read and to cancel", async () => {
      const theirs = await book(gw, otherToken, { slotId: takeSlot().id, patientId: other.patientId });
      assert.equal(theirs.statusCode, 201, theirs.body);
      const id = theirs.json().id as string;
      for (const res of [await getAppointment(id), await cancel(id), await getAppointment('no_such_appointment')]) {
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'NOT_FOUND');
      }
      assert.equal((await getAppointment(id, otherToken)).json().status, 'booked', 'still booked');
    });

    test('cancel is idempotent', async () => {
      const booked = await book(gw, token, { slotId: takeSlot().id, patientId: me.patientId });
      const id = booked.json().id as string;
      const first = await cancel(id);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().status, 'cancelled');
      const second = await gw.app.inject({ method: 'POST', url: `${API}/appointments/${id}/cancel`, headers: auth(token) });
      assert.equal(second.statusCode, 200, second.body);
      assert.deepEqual(second.json(), first.json());
    });

    test('cancelling within the cutoff before the start is CANCEL_TOO_LATE', async () => {
      const slot = takeSlot();
      const booked = await book(gw, token, { slotId: slot.id, patientId: me.patientId });
      assert.equal(booked.statusCode, 201, booked.body);
      const realNow = gw.clock.ms;
      try {
        gw.clock.set(Date.parse(slot.start) - 30 * 60_000);
        const later = await login(gw, me.username, me.password); // a session of that time
        const res = await cancel(booked.json().id, later);
        assert.equal(res.statusCode, 422);
        assert.equal(res.json().code, 'CANCEL_TOO_LATE');
        gw.clock.set(Date.parse(slot.start) - 61 * 60_000);
        assert.equal((await cancel(booked.json().id, later)).statusCode, 200, 'just outside the cutoff');
      } finally {
        gw.clock.set(realNow);
      }
    });

    test('a slot that has started is SLOT_IN_PAST', async () => {
      const slot = takeSlot();
      const realNow = gw.clock.ms;
      try {
        gw.clock.set(Date.parse(slot.start) + 60_000);
        const later = await login(gw, me.username, me.password);
        const res = await book(gw, later, { slotId: slot.id, patientId: me.patientId });
        assert.equal(res.statusCode, 422);
        assert.equal(res.json().code, 'SLOT_IN_PAST');
      } finally {
        gw.clock.set(realNow);
      }
    });

    test("listMyAppointments shows only the user's patients' appointments", async () => {
      const list = await gw.app.inject({ method: 'GET', url: `${API}/appointments`, headers: auth(token) });
      const mine = new Set([me.patientId, ...me.family.map((f) => f.patientId)]);
      assert.ok((list.json().items as Appointment[]).every((a) => mine.has(a.patientId)));
    });
  });
}
