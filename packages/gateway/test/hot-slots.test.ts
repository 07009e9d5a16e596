import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bookingViolations, createSandboxPayments, setSlotCapacity, type BookingAnswer } from '@ihkit/adapters';
import type { Slot } from '@ihkit/core';
import { API, bookableSlots, crowd, databases, demoPatient, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';

/** Three hot slots with these places, and this many patients rushing each of them at once. */
const PLACES = [1, 4, 10];
const PER_SLOT = 20;
const HOLD_MINUTES = 15;

type Person = { patientId: string; token: string };
type Answer = { slotId: string; patientId: string; token: string; status: number; body: { code?: string; id?: string } };

/** The slots made hot (their places set), and a listening address. */
async function hotSlots(gw: TestGateway): Promise<{ slots: Slot[]; base: string }> {
  const token = await login(gw, demoPatient().username, demoPatient().password);
  const slots = (await bookableSlots(gw, token)).slice(0, PLACES.length);
  for (const [i, slot] of slots.entries()) await setSlotCapacity(gw.db, slot.id, PLACES[i]!);
  return { slots, base: await gw.app.listen({ port: 0, host: '127.0.0.1' }) };
}

/** Everyone waits for the same moment (the 7 a.m. release), then books; `alongside` runs at that moment too. */
async function rush(base: string, slots: Slot[], people: Person[], alongside: () => Promise<unknown> = async () => undefined): Promise<Answer[]> {
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
    return { slotId, patientId, token, status: res.status, body: (await res.json()) as { code?: string; id?: string } };
  });
  const side = sevenAm.then(alongside);
  release();
  const [results] = await Promise.all([Promise.all(answers), side]);
  const odd = results.filter((r) => r.status !== 201 && !(r.status === 409 && r.body.code === 'SLOT_TAKEN'));
  assert.deepEqual(odd, [], 'every answer is a booking or SLOT_TAKEN');
  return results;
}

const booked = (results: Answer[]): BookingAnswer[] => results.filter((r) => r.status === 201).map((r) => ({ id: r.body.id!, slotId: r.slotId, patientId: r.patientId }));

for (const database of databases) {
  describe(`hot slots over HTTP (${database.name})`, () => {
    test(`${PLACES.length * PER_SLOT} patients released at once on ${PLACES.length} slots: each slot fills to its places exactly, everyone else SLOT_TAKEN`, async () => {
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      try {
        const { slots, base } = await hotSlots(gw);
        const people = await crowd(gw, PLACES.length * PER_SLOT);
        const results = await rush(base, slots, people);
        for (const [i, slot] of slots.entries()) {
          const mine = results.filter((r) => r.slotId === slot.id);
          assert.equal(mine.filter((r) => r.status === 201).length, PLACES[i], `slot ${i} booked to its places`);
          assert.equal((await gw.his.getSlot(slot.id))!.available, 0);
        }
        // Each 201 stored, for the slot and patient asked for; nothing stored that was not answered.
        assert.deepEqual(await bookingViolations(gw.db, slots.map((s) => s.id), booked(results)), []);

        const total = PLACES.reduce((a, b) => a + b, 0);
        const { rows } = await gw.db.query<{ outcome: string; n: number }>("SELECT outcome, count(*)::int AS n FROM audit_log WHERE action = 'bookAppointment' GROUP BY outcome ORDER BY outcome");
        assert.deepEqual(rows, [{ outcome: 'error', n: people.length - total }, { outcome: 'ok', n: total }]);
      } finally {
        await gw.close();
      }
    });

    test('with registration fees: holds take places like bookings; the holds that lapse free theirs while a second crowd rushes, and no slot is ever overbooked', async () => {
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, bookingHoldMinutes: HOLD_MINUTES, payments: createSandboxPayments({ secret: 'hot-slots-sandbox' }) });
      try {
        const { slots, base } = await hotSlots(gw);
        const first = await rush(base, slots, await crowd(gw, PLACES.length * PER_SLOT));
        const held = first.filter((r) => r.status === 201);
        for (const [i, slot] of slots.entries()) {
          assert.equal(held.filter((r) => r.slotId === slot.id).length, PLACES[i], `slot ${i}: held to its places`);
          assert.equal((await gw.his.getSlot(slot.id))!.available, 0);
        }
        // Every other holder pays (in the sandbox); the others' holds lapse.
        const payers = held.filter((_, i) => i % 2 === 0);
        for (const p of payers) {
          const order = await fetch(`${base}${API}/appointments/${p.body.id}/payment`, { method: 'POST', headers: { authorization: `Bearer ${p.token}` } }).then((r) => r.json() as Promise<{ id: string }>);
          const paid = await fetch(`${base}${API}/payments/${order.id}/sandbox-pay`, { method: 'POST', headers: { authorization: `Bearer ${p.token}` } });
          assert.equal(paid.status, 200);
        }
        gw.clock.set(gw.clock.ms + HOLD_MINUTES * 60_000 + 1000);
        // The second crowd rushes while the sweep releases the lapsed holds.
        let lapsed: string[] = [];
        const second = await rush(base, slots, await crowd(gw, PLACES.length * PER_SLOT), async () => (lapsed = await gw.lapseHolds()));
        assert.equal(lapsed.length, held.length - payers.length);
        // What the sweep freed and the rush did not take is taken by a last one.
        const third = await rush(base, slots, await crowd(gw, PLACES.length * PER_SLOT));
        const answered = [...booked(first).filter((b) => !lapsed.includes(b.id)), ...booked(second), ...booked(third)];
        for (const [i, slot] of slots.entries()) {
          assert.equal(answered.filter((b) => b.slotId === slot.id).length, PLACES[i], `slot ${i}: exactly its places, paid holds and new bookings together`);
          assert.equal((await gw.his.getSlot(slot.id))!.available, 0);
        }
        assert.deepEqual(await bookingViolations(gw.db, slots.map((s) => s.id), answered), []);
      } finally {
        await gw.close();
      }
    });
  });
}
