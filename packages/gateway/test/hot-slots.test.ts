import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bookingViolations, setSlotCapacity, type BookingAnswer } from '@ihkit/adapters';
import { API, bookableSlots, crowd, databases, demoPatient, login, newKey, startGateway } from './helpers/gateway.js';

/** Three hot slots with these places, and this many patients rushing each of them at once. */
const PLACES = [1, 4, 10];
const PER_SLOT = 20;

for (const database of databases) {
  describe(`hot slots over HTTP (${database.name})`, () => {
    test(`${PLACES.length * PER_SLOT} patients released at once on ${PLACES.length} slots: each slot fills to its places exactly, everyone else SLOT_TAKEN`, async () => {
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      try {
        const token = await login(gw, demoPatient().username, demoPatient().password);
        const slots = (await bookableSlots(gw, token)).slice(0, PLACES.length);
        for (const [i, slot] of slots.entries()) await setSlotCapacity(gw.db, slot.id, PLACES[i]!);
        const people = await crowd(gw, PLACES.length * PER_SLOT);
        const base = await gw.app.listen({ port: 0, host: '127.0.0.1' });

        // Everyone waits for the same moment (the 7 a.m. release), then books.
        let release!: () => void;
        const sevenAm = new Promise<void>((r) => (release = r));
        const answers = people.map(async ({ patientId, token }, i) => {
          const slotId = slots[i % slots.length]!.id;
          await sevenAm;
          const res = await fetch(`${base}${API}/appointments`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': newKey() },
            body: JSON.stringify({ slotId, patientId }),
          });
          return { slotId, patientId, status: res.status, body: (await res.json()) as { code?: string; id?: string } };
        });
        release();
        const results = await Promise.all(answers);

        const odd = results.filter((r) => r.status !== 201 && !(r.status === 409 && r.body.code === 'SLOT_TAKEN'));
        assert.deepEqual(odd, [], 'every answer is a booking or SLOT_TAKEN');
        for (const [i, slot] of slots.entries()) {
          const mine = results.filter((r) => r.slotId === slot.id);
          assert.equal(mine.filter((r) => r.status === 201).length, PLACES[i], `slot ${i} booked to its places`);
          assert.equal((await gw.his.getSlot(slot.id))!.available, 0);
        }
        // Each 201 stored, for the slot and patient asked for; nothing stored that was not answered.
        const created: BookingAnswer[] = results.filter((r) => r.status === 201).map((r) => ({ id: r.body.id!, slotId: r.slotId, patientId: r.patientId }));
        assert.deepEqual(await bookingViolations(gw.db, slots.map((s) => s.id), created), []);

        const booked = PLACES.reduce((a, b) => a + b, 0);
        const { rows } = await gw.db.query<{ outcome: string; n: number }>("SELECT outcome, count(*)::int AS n FROM audit_log WHERE action = 'bookAppointment' GROUP BY outcome ORDER BY outcome");
        assert.deepEqual(rows, [{ outcome: 'error', n: people.length - booked }, { outcome: 'ok', n: booked }]);
      } finally {
        await gw.close();
      }
    });
  });
}
