import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AdapterError, createDemoHis, demoAccounts, demoMigrations, seedDemo, type Db, type HisAdapter } from '@ihkit/adapters';
import { addDays, isValidResidentId, localDate, residentIdCheckChar } from '@ihkit/core';
import { migrate } from '../../gateway/src/db/index.js';
import { databases } from '../../gateway/test/helpers/databases.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-23T00:00:00Z'); // 08:00 on a Monday in the hospital

async function hospital(open: () => Promise<Db>, now = NOW) {
  const db = await open();
  await migrate(db, demoMigrations);
  await seedDemo(db, now);
  return { db, his: createDemoHis(db, { now: () => now }) };
}

/** Extra HIS patients (valid resident IDs), for booking by many people at once. */
async function addPatients(db: Db, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const first17 = `350102199001${String(1 + (i % 28)).padStart(2, '0')}${String(100 + i).padStart(3, '0')}`;
    const id = `pat_t${randomBytes(5).toString('hex')}`;
    await db.query('INSERT INTO demo_patients (id, name, gender, birth_date, id_number) VALUES ($1,$2,$3,$4,$5)', [id, `测试${i}`, 'male', '1990-01-01', first17 + residentIdCheckChar(first17)]);
    ids.push(id);
  }
  return ids;
}

/** The first future slot with exactly `capacity` places. */
async function slotWithCapacity(his: HisAdapter, capacity: number) {
  const today = localDate(NOW, TZ);
  const slots = await his.listSlots({ from: addDays(today, 1), to: addDays(today, 13) });
  const slot = slots.find((s) => s.capacity === capacity && s.available === capacity);
  assert.ok(slot, `a slot with ${capacity} places`);
  return slot;
}

const code = (c: string) => (e: unknown) => e instanceof AdapterError && e.code === c;

for (const database of databases) {
  describe(`demo hospital on ${database.name}`, () => {
    test('is seeded with departments, doctors, two weeks of slots and patients with history', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const deps = await his.listDepartments();
      const docs = await his.listDoctors();
      assert.ok(deps.length >= 6, `${deps.length} departments`);
      assert.ok(docs.length >= 20, `${docs.length} doctors`);
      for (const dep of deps) assert.ok(docs.some((d) => d.departmentId === dep.id), `${dep.nameEn} has doctors`);
      const today = localDate(NOW, TZ);
      const slots = await his.listSlots({ from: today, to: addDays(today, 13) });
      const days = new Set(slots.map((s) => s.start.slice(0, 10)));
      assert.equal(days.size, 14, 'slots on each of the 14 days');
      assert.ok(docs.every((d) => slots.some((s) => s.doctorId === d.id)), 'every doctor has slots');
      assert.match(slots[0]!.start, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/);
      assert.ok(slots.every((s, i) => i === 0 || slots[i - 1]!.start <= s.start), 'in start order');

      const holders = demoAccounts.filter((a) => a.role === 'patient');
      assert.equal(holders.length, 5);
      for (const a of holders) {
        assert.ok(a.family.length >= 1, `${a.username} has family`);
        const me = await his.findPatient({ patientId: a.patientId! });
        assert.ok(me && isValidResidentId(me.idNumber), `${a.username}'s resident ID is valid`);
        const history = await his.listEncounters(a.patientId!);
        assert.ok(history.length >= 1 && history[0]!.diagnoses.length >= 1, `${a.username} has a diagnosed visit`);
        assert.equal((await his.findPatient({ idNumber: me.idNumber }))?.id, me.id);
      }
    });

    test('seeding again changes nothing, and a later day tops up slots without losing bookings', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await slotWithCapacity(his, 1);
      const apt = await his.book({ slotId: slot.id, patientId: 'pat_q7m2k9', idempotencyKey: 'k-reseed' });
      assert.deepEqual(await seedDemo(db, NOW), { slotsAdded: 0 });
      const later = new Date(NOW.getTime() + 3 * 86_400_000);
      const { slotsAdded } = await seedDemo(db, later);
      assert.ok(slotsAdded > 0, 'new days were opened');
      const to = addDays(localDate(later, TZ), 13);
      const newest = await his.listSlots({ from: to, to });
      assert.ok(newest.length > 0 || ['6', '7'].includes(String(new Date(`${to}T00:00:00Z`).getUTCDay())), 'the last day of the new window has slots');
      assert.equal((await his.getAppointment(apt.id))?.status, 'booked');
      assert.equal((await his.getSlot(slot.id))?.available, 0);
    });

    test('50 patients booking one single-place slot at once: exactly one gets it, 49 hear SLOT_TAKEN', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await slotWithCapacity(his, 1);
      const people = await addPatients(db, 50);
      const results = await Promise.allSettled(people.map((patientId, i) => his.book({ slotId: slot.id, patientId, idempotencyKey: `k-race-${i}` })));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const taken = results.filter((r) => r.status === 'rejected' && code('SLOT_TAKEN')(r.reason));
      assert.equal(ok.length, 1);
      assert.equal(taken.length, 49);
      assert.equal((await his.getSlot(slot.id))?.available, 0);
      const { rows } = await db.query("SELECT count(*) AS n FROM demo_appointments WHERE slot_id = $1 AND status = 'booked'", [slot.id]);
      assert.deepEqual(rows, [{ n: 1 }]);
    });

    test('a slot with three places takes exactly three of ten', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await slotWithCapacity(his, 3);
      const people = await addPatients(db, 10);
      const results = await Promise.allSettled(people.map((patientId, i) => his.book({ slotId: slot.id, patientId, idempotencyKey: `k-three-${i}` })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    });

    test('the same Idempotency-Key returns the first appointment, even when retries race', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await slotWithCapacity(his, 3);
      const req = { slotId: slot.id, patientId: 'pat_h8d2r5', idempotencyKey: 'k-same' };
      const all = await Promise.all(Array.from({ length: 8 }, () => his.book(req)));
      assert.equal(new Set(all.map((a) => a.id)).size, 1);
      assert.equal((await his.book(req)).id, all[0]!.id);
      assert.equal((await his.getSlot(slot.id))?.available, 2, 'one place taken, not eight');
      await assert.rejects(his.book({ ...req, patientId: 'pat_m1z6y3' }), code('IDEMPOTENCY_KEY_REUSED'));
    });

    test('one appointment per patient, doctor and day; unknown and past slots are refused', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const today = localDate(NOW, TZ);
      const slots = await his.listSlots({ from: addDays(today, 1), to: addDays(today, 13) });
      const first = slots.find((s) => s.available > 0)!;
      const sameDay = slots.find((s) => s.id !== first.id && s.doctorId === first.doctorId && s.start.slice(0, 10) === first.start.slice(0, 10) && s.available > 0)!;
      await his.book({ slotId: first.id, patientId: 'pat_k4c9f7', idempotencyKey: 'k-a' });
      await assert.rejects(his.book({ slotId: sameDay.id, patientId: 'pat_k4c9f7', idempotencyKey: 'k-b' }), code('ALREADY_BOOKED'));
      await his.book({ slotId: sameDay.id, patientId: 'pat_s2g7l8', idempotencyKey: 'k-c' }); // the spouse may
      await assert.rejects(his.book({ slotId: 'slot_nope', patientId: 'pat_k4c9f7', idempotencyKey: 'k-d' }), code('SLOT_NOT_FOUND'));
      const past = (await his.listSlots({ from: today, to: today })).find((s) => Date.parse(s.start) <= NOW.getTime());
      if (past) await assert.rejects(his.book({ slotId: past.id, patientId: 'pat_k4c9f7', idempotencyKey: 'k-e' }), code('SLOT_IN_PAST'));
    });

    test('cancelling frees the place exactly once and is idempotent', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await slotWithCapacity(his, 2);
      const apt = await his.book({ slotId: slot.id, patientId: 'pat_v6p1j4', idempotencyKey: 'k-cancel' });
      assert.equal((await his.getSlot(slot.id))?.available, 1);
      const results = await Promise.all([his.cancel(apt.id, 'plans changed'), his.cancel(apt.id), his.cancel(apt.id)]);
      assert.ok(results.every((a) => a.status === 'cancelled' && a.cancelledAt));
      assert.equal((await his.getSlot(slot.id))?.available, 2, 'freed once, not three times');
      await assert.rejects(his.cancel('apt_nope'), code('NOT_FOUND'));
      const mine = await his.listAppointments({ patientIds: ['pat_v6p1j4'] });
      assert.deepEqual(mine.map((a) => [a.id, a.status]), [[apt.id, 'cancelled']]);
      assert.deepEqual(await his.listAppointments({ patientIds: ['pat_v6p1j4'], status: 'booked' }), []);
    });
  });
}
