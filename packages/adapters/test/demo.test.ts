import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AdapterError, addDemoPatients, BOOKING_WINDOW_DAYS, bookingViolations, createDemoHis, demoAccounts, demoMigrations, FEE_BY_TITLE, seedDemo, type Db, type DemoHis } from '@ihkit/adapters';
import { addDays, ageOn, localDate, parseResidentId, practitionerStanding, type Slot } from '@ihkit/core';
import { migrate } from '../../gateway/src/db/index.js';
import { databases } from '../../gateway/test/helpers/databases.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 at the hospital
const TODAY = localDate(NOW, TZ); // 2026-11-23
const DAY_MS = 86_400_000;

async function hospital(open: () => Promise<Db>, now = NOW): Promise<{ db: Db; his: DemoHis }> {
  const db = await open();
  try {
    await migrate(db, demoMigrations);
    await seedDemo(db, now);
  } catch (e) {
    await db.close();
    throw e;
  }
  return { db, his: createDemoHis(db, { now: () => now }) };
}

/** Opens the pool's connections beforehand, so that racing requests really run at the same time. */
async function warm(db: Db): Promise<void> {
  await Promise.all(Array.from({ length: 10 }, () => db.query('SELECT pg_sleep(0.02)')));
}

/** A future slot with `capacity` places, all free. */
async function freeSlot(his: DemoHis, capacity: number, skip = 0): Promise<Slot> {
  const slots = await his.listSlots({ from: addDays(TODAY, 1), to: addDays(TODAY, 13) });
  const slot = slots.filter((s) => s.capacity === capacity && s.available === capacity)[skip];
  assert.ok(slot, `a free slot with ${capacity} places`);
  return slot;
}

const rejectsWith = (code: string) => (e: unknown) => {
  assert.ok(e instanceof AdapterError, `an AdapterError, not ${String(e)}`);
  assert.equal(e.code, code);
  return true;
};
const [holder, otherHolder] = demoAccounts.filter((a) => a.role === 'patient') as Array<(typeof demoAccounts)[number] & { patientId: string }>;
const localTime = (iso: string) => iso.slice(11, 16);

for (const database of databases) {
  describe(`demo hospital on ${database.name}`, () => {
    test('seeds departments and doctors with English names, titles and fees by title', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      assert.equal(his.name, 'demo');
      assert.equal(his.timeZone, TZ);
      assert.deepEqual(his.hospital, { name: '城东人民医院', nameEn: 'Chengdong People’s Hospital' }); // the example portal's hospital
      const deps = await his.listDepartments();
      assert.ok(deps.length >= 6, `${deps.length} departments`);
      assert.deepEqual(deps.filter((d) => ['心血管内科', '呼吸内科', '内分泌科', '儿科', '皮肤科', '消化内科'].includes(d.name)).length, 6);
      for (const d of deps) {
        assert.match(d.id, /^dep_[a-z2-9]{8}$/);
        assert.ok(d.nameEn && d.description && d.descriptionEn, `${d.nameEn} is described in both languages`);
      }
      const docs = await his.listDoctors();
      assert.ok(docs.length >= 20, `${docs.length} doctors`);
      assert.equal(new Set(docs.map((d) => d.id)).size, docs.length);
      assert.deepEqual(new Set(docs.map((d) => d.title)), new Set(['chief', 'associate_chief', 'attending', 'resident']));
      for (const d of docs) {
        assert.match(d.id, /^doc_[a-z2-9]{8}$/);
        assert.match(d.nameEn!, /^[A-Z][a-z]+ [A-Z][a-z]+$/, 'pinyin name');
        assert.ok(d.specialty && d.specialtyEn);
        assert.deepEqual(d.fee, { amount: FEE_BY_TITLE[d.title], currency: 'CNY' });
      }
      assert.deepEqual(FEE_BY_TITLE, { chief: 5000, associate_chief: 3000, attending: 2000, resident: 1000 });
      for (const dep of deps) {
        const mine = await his.listDoctors({ departmentId: dep.id });
        assert.ok(mine.length >= 2 && mine.every((d) => d.departmentId === dep.id), `${dep.nameEn} lists its own doctors`);
      }
    });

    test('opens two weeks of 30-minute clinic slots for every doctor, in the hospital time zone', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const docs = await his.listDoctors();
      const last = addDays(TODAY, BOOKING_WINDOW_DAYS - 1);
      assert.equal(last, '2026-12-06');
      const slots = await his.listSlots({ from: TODAY, to: last });
      assert.deepEqual(await his.listSlots({ from: addDays(TODAY, -1), to: addDays(TODAY, -1) }), [], 'nothing before today');
      assert.deepEqual(await his.listSlots({ from: addDays(last, 1), to: addDays(last, 7) }), [], 'nothing after the window');
      assert.deepEqual(new Set(slots.map((s) => s.start.slice(0, 10))).size, 14, 'slots on each of the 14 days, weekends included');
      assert.equal(new Set(slots.map((s) => s.id)).size, slots.length, 'slot ids are unique');
      assert.ok(slots.every((s, i) => i === 0 || slots[i - 1]!.start <= s.start), 'in start order');
      for (const d of docs) {
        const own = slots.filter((s) => s.doctorId === d.id);
        assert.ok(own.some((s) => s.start < addDays(TODAY, 7)) && own.some((s) => s.start >= addDays(TODAY, 7)), `${d.nameEn} has slots in both weeks`);
        assert.ok(own.every((s) => s.departmentId === d.departmentId && s.fee.amount === d.fee.amount && s.fee.currency === 'CNY'));
      }
      for (const s of slots) {
        assert.match(s.id, /^slot_[a-z2-9]{12}$/);
        assert.match(s.start, /^\d{4}-\d{2}-\d{2}T\d{2}:[03]0:00\+08:00$/);
        assert.equal(Date.parse(s.end) - Date.parse(s.start), 30 * 60_000);
        const [from, to] = [localTime(s.start), localTime(s.end)];
        assert.ok((from >= '08:00' && to <= '11:30') || (from >= '14:00' && to <= '17:00'), `${from}–${to} is in clinic hours`);
        assert.ok(s.capacity >= 1 && s.capacity <= 3);
        assert.equal(s.available, s.capacity);
      }
      assert.deepEqual(new Set(slots.map((s) => s.capacity)), new Set([1, 2, 3]));
      const weekend = slots.filter((s) => [0, 6].includes(new Date(`${s.start.slice(0, 10)}T00:00:00Z`).getUTCDay()));
      assert.ok(weekend.length > 0 && weekend.every((s) => localTime(s.start) < '12:00'), 'some weekend morning clinics');
      const oneDoctor = await his.listSlots({ from: TODAY, to: last, doctorId: docs[0]!.id });
      assert.deepEqual(oneDoctor.map((s) => s.id), slots.filter((s) => s.doctorId === docs[0]!.id).map((s) => s.id));
      const oneDep = await his.listSlots({ from: TODAY, to: TODAY, departmentId: docs[0]!.departmentId });
      assert.ok(oneDep.every((s) => s.departmentId === docs[0]!.departmentId));
      assert.deepEqual(await his.getSlot(slots[5]!.id), slots[5]);
      assert.equal(await his.getSlot('slot_nope'), undefined);
      await assert.rejects(his.listSlots({ from: last, to: TODAY }), rejectsWith('VALIDATION_FAILED'));
      await assert.rejects(his.listSlots({ from: 'today', to: last }), rejectsWith('VALIDATION_FAILED'));
    });

    test('seeds patients with valid resident IDs, families that are HIS patients, and diagnosed visits', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const { rows } = await db.query<{ id: string }>('SELECT id FROM demo_patients ORDER BY id');
      assert.ok(rows.length >= 8, `${rows.length} HIS patients`);
      const all = await Promise.all(rows.map((r) => his.findPatient({ patientId: r.id })));
      assert.equal(new Set(all.map((p) => p!.idNumber)).size, all.length, 'ID numbers are unique');
      for (const p of all) {
        assert.ok(p);
        assert.match(p.id, /^pat_[a-z2-9]{8}$/);
        const parsed = parseResidentId(p.idNumber, NOW);
        assert.ok(parsed.ok, `patient ${p.id} has a valid resident ID`);
        assert.equal(parsed.value.birthDate, p.birthDate, 'the ID carries the birth date');
        assert.equal(parsed.value.gender, p.gender, 'the ID carries the gender');
        assert.match(p.phone!, /^1\d{10}$/);
        assert.ok(p.cardNo);
        assert.deepEqual(await his.findPatient({ idNumber: p.idNumber.toLowerCase() }), p);
        assert.deepEqual(await his.findPatient({ cardNo: p.cardNo }), p);
      }
      assert.equal(await his.findPatient({ idNumber: '110105197001010000' }), undefined);
      assert.equal(await his.findPatient({ cardNo: 'C0' }), undefined);
      assert.equal(await his.findPatient({ patientId: 'pat_nope' }), undefined);

      const patientAccounts = demoAccounts.filter((a) => a.role === 'patient');
      assert.equal(patientAccounts.length, 5);
      const family: Array<{ age: number; relation: string }> = [];
      const codes = new Set<string>();
      for (const a of patientAccounts) {
        assert.equal(a.password, 'demo');
        assert.ok(a.family.length >= 1, `${a.username} manages family`);
        for (const id of [a.patientId!, ...a.family.map((f) => f.patientId)]) {
          const visits = await his.listEncounters(id);
          assert.ok(visits.length >= 1, 'everyone in a family has a diagnosed visit');
          assert.ok(visits.every((v, i) => v.patientId === id && v.date < TODAY && v.diagnoses.length >= 1 && (i === 0 || visits[i - 1]!.date >= v.date)), 'newest first');
          for (const v of visits) for (const dx of v.diagnoses) codes.add(dx.code);
        }
        for (const f of a.family) {
          const p = await his.findPatient({ patientId: f.patientId });
          assert.ok(p, 'a family member is an HIS patient');
          family.push({ age: ageOn(p.birthDate, NOW), relation: f.relation });
        }
      }
      assert.ok(family.some((f) => f.relation === 'child' && f.age === 5), 'a child of 5');
      assert.ok(family.some((f) => f.relation === 'child' && f.age === 9), 'a child of 9');
      assert.ok(family.some((f) => f.relation === 'parent' && f.age >= 65), 'an elderly parent');
      for (const code of ['I10', 'E11.9', 'J45.9', 'K29.5', 'L20.9']) assert.ok(codes.has(code), `a diagnosis ${code}`);
      const visit = (await his.listEncounters(holder!.patientId))[0]!;
      assert.ok((await his.listDoctors({ departmentId: visit.departmentId })).some((d) => d.id === visit.doctorId), 'visits name a real doctor of their department');
      assert.deepEqual(await his.listEncounters('pat_nope'), []);

      const docIds = new Set((await his.listDoctors()).map((d) => d.id));
      const doctorAccounts = demoAccounts.filter((a) => a.role === 'doctor');
      assert.ok(doctorAccounts.length >= 2);
      assert.ok(doctorAccounts.every((a) => docIds.has(a.doctorId!)), 'every demo doctor account is a doctor of the HIS');
      assert.equal(demoAccounts.filter((a) => a.role === 'pharmacist').length, 1);
      assert.equal(new Set(demoAccounts.map((a) => a.username)).size, demoAccounts.length);
    });

    test('holds every doctor\'s licence and the pharmacist\'s qualification; one doctor practises at the hospital only', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const deps = new Set((await his.listDepartments()).map((d) => d.id));
      const licences = new Set<string>();
      for (const d of await his.listDoctors()) {
        const p = await his.getPractitioner(d.id);
        assert.ok(p, `${d.nameEn} has a practitioner record`);
        assert.deepEqual([p.id, p.kind, p.name, p.category, p.departmentIds], [d.id, 'doctor', d.name, 'clinical', [d.departmentId]]);
        assert.match(p.licenceNumber!, /^\d{15}$/, 'a 15-digit 执业证书编码');
        licences.add(p.licenceNumber!);
        assert.ok(p.title?.endsWith('医师') && p.scope?.[0]?.endsWith('专业'));
        assert.ok(p.departmentIds.every((id) => deps.has(id)));
      }
      assert.equal(licences.size, (await his.listDoctors()).length, 'licence numbers are unique');
      const standing = async (username: string) => {
        const a = demoAccounts.find((x) => x.username === username)!;
        return practitionerStanding(await his.getPractitioner((a.doctorId ?? a.pharmacistId)!), a.role === 'pharmacist' ? 'pharmacist' : 'doctor', TODAY);
      };
      assert.deepEqual(await Promise.all(['dr.zhou', 'dr.huang', 'dr.tang', 'ph.sun', 'dr.qian'].map(standing)), ['permitted', 'permitted', 'permitted', 'permitted', 'no_permission']);
      const qian = demoAccounts.find((x) => x.username === 'dr.qian')!;
      assert.equal((await his.getPractitioner(qian.doctorId!))?.permission, undefined, '钱晓东 has no internet-practice permission');
      const sun = await his.getPractitioner(demoAccounts.find((x) => x.username === 'ph.sun')!.pharmacistId!);
      assert.deepEqual([sun?.kind, sun?.name, sun?.category, sun?.title], ['pharmacist', '孙悦', 'pharmacy', '主管药师']);
      assert.equal(await his.getPractitioner('doc_nope'), undefined);
      // A caller changing the record it got changes nothing at the HIS.
      sun!.permission = undefined;
      assert.ok((await his.getPractitioner(sun!.id))?.permission);
    });

    test('seeding is deterministic: another database seeded at the same moment has the same ids and people', async (t) => {
      const a = await hospital(database.open);
      t.after(() => a.db.close());
      const b = await hospital(database.open);
      t.after(() => b.db.close());
      const window = { from: TODAY, to: addDays(TODAY, 13) };
      assert.deepEqual(await b.his.listSlots(window), await a.his.listSlots(window));
      assert.deepEqual(await b.his.listDoctors(), await a.his.listDoctors());
      const people = 'SELECT id, name, birth_date, id_number, card_no FROM demo_patients ORDER BY id';
      assert.deepEqual((await b.db.query(people)).rows, (await a.db.query(people)).rows);
    });

    test('seeding again the same day changes nothing and keeps bookings', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 1);
      const apt = await his.book({ slotId: slot.id, patientId: holder!.patientId, idempotencyKey: 'k-reseed' });
      const counts = "SELECT (SELECT count(*) FROM demo_departments) AS deps, (SELECT count(*) FROM demo_doctors) AS docs, (SELECT count(*) FROM demo_patients) AS pats, (SELECT count(*) FROM demo_encounters) AS encs, (SELECT count(*) FROM demo_slots) AS slots";
      const before = (await db.query(counts)).rows;
      assert.deepEqual(await seedDemo(db, NOW), { slotsAdded: 0 });
      assert.deepEqual(await seedDemo(db, new Date(NOW.getTime() + 3_600_000)), { slotsAdded: 0 }, 'an hour later too');
      assert.deepEqual((await db.query(counts)).rows, before);
      assert.deepEqual(await his.getAppointment(apt.id), apt);
      assert.equal((await his.getSlot(slot.id))?.available, 0);
    });

    test('demo data from another layout is refused with a clear message, not a constraint error', async (t) => {
      const { db } = await hospital(database.open);
      t.after(() => db.close());
      await db.query("INSERT INTO demo_departments (id, sort, name) VALUES ('dep_card', 99, '旧数据')");
      await assert.rejects(seedDemo(db, NOW), /older ihkit layout/);
    });

    test('a start on a later day opens the new days like the same weekday before, keeping slots and bookings', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 2);
      const apt = await his.book({ slotId: slot.id, patientId: holder!.patientId, idempotencyKey: 'k-later' });
      const byDay = async (day: string) => (await his.listSlots({ from: day, to: day })).map((s) => [s.doctorId, localTime(s.start), s.capacity].join(' ')).sort();

      const tomorrow = new Date(NOW.getTime() + DAY_MS);
      const newDay = addDays(TODAY, 14);
      assert.deepEqual(await his.listSlots({ from: newDay, to: newDay }), [], 'not open before the restart');
      const { slotsAdded } = await seedDemo(db, tomorrow);
      const opened = await byDay(newDay);
      assert.ok(opened.length > 0);
      assert.equal(slotsAdded, opened.length, 'only the new day was added');
      assert.deepEqual(opened, await byDay(addDays(newDay, -7)), 'the new day looks like the same weekday a week before');

      const { slotsAdded: threeMore } = await seedDemo(db, new Date(NOW.getTime() + 4 * DAY_MS));
      const added = [15, 16, 17].map((d) => addDays(TODAY, d));
      const openedLater = await Promise.all(added.map(byDay));
      assert.equal(threeMore, openedLater.flat().length);
      for (const [i, day] of added.entries()) assert.deepEqual(openedLater[i], await byDay(addDays(day, -7)));

      assert.deepEqual(await his.getAppointment(apt.id), apt, 'the booking is untouched');
      assert.equal((await his.getSlot(slot.id))?.available, 1);
      assert.ok((await his.listSlots({ from: TODAY, to: TODAY })).length > 0, 'past days keep their slots');
    });

    test('50 patients booking one single-place slot at once: exactly one gets it, 49 hear SLOT_TAKEN', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 1);
      const people = await addDemoPatients(db, 50);
      await warm(db);
      const results = await Promise.allSettled(people.map((patientId, i) => his.book({ slotId: slot.id, patientId, idempotencyKey: `k-race-${i}` })));
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      assert.equal(won.length, 1);
      assert.equal(lost.length, 49);
      for (const e of lost) rejectsWith('SLOT_TAKEN')(e);
      assert.equal(won[0]!.slotId, slot.id);
      assert.equal((await his.getSlot(slot.id))?.available, 0);
      const { rows } = await db.query("SELECT patient_id FROM demo_appointments WHERE slot_id = $1 AND status = 'booked'", [slot.id]);
      assert.deepEqual(rows, [{ patient_id: won[0]!.patientId }]);
    });

    test('a slot with three places takes exactly three of ten at once', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 3);
      const people = await addDemoPatients(db, 10);
      await warm(db);
      const results = await Promise.allSettled(people.map((patientId, i) => his.book({ slotId: slot.id, patientId, idempotencyKey: `k-three-${i}` })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
      for (const r of results) if (r.status === 'rejected') rejectsWith('SLOT_TAKEN')(r.reason);
      assert.equal((await his.getSlot(slot.id))?.available, 0);
    });

    test('calls of addDemoPatients on one database add different patients each time', async (t) => {
      const { db } = await hospital(database.open);
      t.after(() => db.close());
      const first = await addDemoPatients(db, 2);
      const second = await addDemoPatients(db, 2);
      const all = [...first, ...second];
      assert.equal(new Set(all).size, 4);
      const { rows } = await db.query<{ n: number }>('SELECT count(DISTINCT id_number)::int AS n FROM demo_patients WHERE id = ANY($1)', [all]);
      assert.equal(rows[0]!.n, 4);
    });

    test('bookingViolations finds nothing wrong after real bookings, and names each inconsistency put into the tables', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 3);
      const [a, b] = await addDemoPatients(db, 2);
      const answered = [];
      for (const [i, patientId] of [a!, b!].entries()) answered.push({ id: (await his.book({ slotId: slot.id, patientId, idempotencyKey: `k-v${i}` })).id, slotId: slot.id, patientId });
      assert.deepEqual(await bookingViolations(db, [slot.id], answered), []);

      // One place fewer; an appointment of the first patient's slipped in uncounted and unanswered; a 201 with nothing behind it.
      await db.query('UPDATE demo_slots SET capacity = 2 WHERE id = $1', [slot.id]);
      await db.query(`INSERT INTO demo_appointments (id, slot_id, patient_id, doctor_id, local_date, idempotency_key, created_at, number)
        SELECT 'apt_extra', slot_id, patient_id, 'another_doctor', local_date, 'k-extra', created_at, 'GH-extra' FROM demo_appointments WHERE id = $1`, [answered[0]!.id]);
      assert.deepEqual(await bookingViolations(db, [slot.id], [...answered, { id: 'apt_ghost', slotId: slot.id, patientId: b! }]), [
        `slot ${slot.id} holds 3 appointments for 2 places`,
        `slot ${slot.id} counts 2 places taken but holds 3 appointments`,
        `patient ${a} holds 2 appointments`,
        'appointment apt_ghost was answered 201 but is not stored',
        'appointment apt_extra is stored but was never answered 201',
      ]);
    });

    test('an appointment has exactly the contract fields, with the hospital offset and the fee', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 1);
      const apt = await his.book({ slotId: slot.id, patientId: holder!.patientId, idempotencyKey: 'k-shape' });
      assert.match(apt.id, /^apt_[a-z2-9]{16}$/);
      assert.deepEqual(apt, {
        id: apt.id, patientId: holder!.patientId, slotId: slot.id, doctorId: slot.doctorId, departmentId: slot.departmentId,
        start: slot.start, end: slot.end, status: 'booked', fee: slot.fee, createdAt: '2026-11-23T10:00:00+08:00',
        number: `GH${slot.start.slice(0, 10).replaceAll('-', '')}-0001`,
      });
      assert.deepEqual(Object.keys(slot).sort(), ['available', 'capacity', 'departmentId', 'doctorId', 'end', 'fee', 'id', 'start']);
      assert.deepEqual(await his.getAppointment(apt.id), apt);
      assert.equal(await his.getAppointment('apt_nope'), undefined);
    });

    test('numbers appointments per visit date in the order booked, each its own also when booked at once, and keeps the number through reads and cancelling', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 3);
      const day = slot.start.slice(0, 10).replaceAll('-', '');
      const patients = await addDemoPatients(db, 6, 'numbered');
      const first = await his.book({ slotId: slot.id, patientId: patients[0]!, idempotencyKey: 'k-n0' });
      assert.equal(first.number, `GH${day}-0001`);
      assert.equal((await his.book({ slotId: slot.id, patientId: patients[0]!, idempotencyKey: 'k-n0' })).number, first.number, 'a retry keeps its number');
      // Refused bookings give their number back: the next one made is -0002.
      await assert.rejects(his.book({ slotId: slot.id, patientId: patients[0]!, idempotencyKey: 'k-n0-again' }), rejectsWith('ALREADY_BOOKED'));
      await warm(db);
      const racing = await Promise.all(patients.slice(1, 5).map((patientId, i) => his.book({ slotId: slot.id, patientId, idempotencyKey: `k-n${i + 1}` }).catch(() => undefined)));
      const numbers = racing.flatMap((a) => (a ? [a.number] : []));
      assert.equal(numbers.length, 2, 'two places were left');
      assert.deepEqual(numbers.sort(), [`GH${day}-0002`, `GH${day}-0003`]);
      const cancelled = await his.cancel(first.id);
      assert.equal(cancelled.number, first.number);
      assert.equal((await his.listAppointments({ patientIds: [patients[0]!] }))[0]!.number, first.number);
      // Another visit date starts its own count.
      const other = (await his.listSlots({ from: addDays(TODAY, 1), to: addDays(TODAY, 13) })).find((s) => s.start.slice(0, 10) !== slot.start.slice(0, 10) && s.available > 0)!;
      assert.equal((await his.book({ slotId: other.id, patientId: patients[5]!, idempotencyKey: 'k-other-day' })).number, `GH${other.start.slice(0, 10).replaceAll('-', '')}-0001`);
    });

    test('numbering, added to a demo hospital that already holds appointments, numbers them in the order they were made and counts on from there', async (t) => {
      const db = await database.open();
      t.after(() => db.close());
      // The demo tables of a hospital from before numbering, and the guardians' (today's seed fills them too);
      // the booking function of demo_004 names the numbers' table, so it comes after.
      await migrate(db, demoMigrations.filter((m) => m.name === 'demo_001_schema' || m.name === 'demo_003_guardians'));
      await seedDemo(db, NOW);
      const slots = (await db.query<{ id: string; doctor_id: string; local_date: string }>('SELECT id, doctor_id, local_date FROM demo_slots WHERE local_date = $1 ORDER BY start_at LIMIT 2', [addDays(TODAY, 1)])).rows;
      for (const [i, s] of slots.entries()) {
        await db.query(`INSERT INTO demo_appointments (id, slot_id, patient_id, doctor_id, local_date, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [`apt_old${i}`, s.id, holder!.patientId, s.doctor_id, s.local_date, `k-old${i}`, new Date(NOW.getTime() - (2 - i) * 60_000)]);
      }
      await migrate(db, demoMigrations);
      const his = createDemoHis(db, { now: () => NOW });
      const day = addDays(TODAY, 1).replaceAll('-', '');
      assert.equal((await his.getAppointment('apt_old0'))?.number, `GH${day}-0001`);
      assert.equal((await his.getAppointment('apt_old1'))?.number, `GH${day}-0002`);
      const next = (await his.listSlots({ from: addDays(TODAY, 1), to: addDays(TODAY, 1) })).find((s) => s.available > 0 && !slots.some((x) => x.id === s.id))!;
      assert.equal((await his.book({ slotId: next.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-after' })).number, `GH${day}-0003`);
    });

    test('the same idempotency key returns the first appointment, also when retries race for the last place', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const roomy = await freeSlot(his, 3);
      const req = { slotId: roomy.id, patientId: holder!.patientId, idempotencyKey: 'k-same' };
      const first = await his.book(req);
      assert.deepEqual(await his.book(req), first, 'a retry later');
      assert.equal((await his.getSlot(roomy.id))?.available, 2);

      const last = await freeSlot(his, 1);
      const racing = { slotId: last.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-race-same' };
      await warm(db);
      const all = await Promise.all(Array.from({ length: 8 }, () => his.book(racing)));
      assert.equal(new Set(all.map((a) => a.id)).size, 1, 'eight racing retries, one appointment');
      assert.deepEqual(all[0], all[7]);
      assert.equal((await his.getSlot(last.id))?.available, 0);

      const tight = await freeSlot(his, 3, 1);
      const racingRoomy = { slotId: tight.id, patientId: otherHolder!.family[0]!.patientId, idempotencyKey: 'k-race-roomy' };
      await warm(db);
      const again = await Promise.all(Array.from({ length: 8 }, () => his.book(racingRoomy)));
      assert.equal(new Set(again.map((a) => a.id)).size, 1);
      assert.equal((await his.getSlot(tight.id))?.available, 2, 'one place taken, not eight');
    });

    test('an idempotency key reused for another patient or slot is refused and takes no place', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slot = await freeSlot(his, 3);
      const other = await freeSlot(his, 2);
      await his.book({ slotId: slot.id, patientId: holder!.patientId, idempotencyKey: 'k-reuse' });
      await assert.rejects(his.book({ slotId: slot.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-reuse' }), rejectsWith('IDEMPOTENCY_KEY_REUSED'));
      await assert.rejects(his.book({ slotId: other.id, patientId: holder!.patientId, idempotencyKey: 'k-reuse' }), rejectsWith('IDEMPOTENCY_KEY_REUSED'));
      assert.equal((await his.getSlot(slot.id))?.available, 2);
      assert.equal((await his.getSlot(other.id))?.available, 2);
    });

    test('one appointment per patient, doctor and day, also when both are asked for at once', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const slots = await his.listSlots({ from: addDays(TODAY, 1), to: addDays(TODAY, 13) });
      const sameDoctorDay = (s: Slot) => slots.filter((x) => x.doctorId === s.doctorId && x.start.slice(0, 10) === s.start.slice(0, 10));
      const [a, b, c] = sameDoctorDay(slots[0]!);
      assert.ok(a && b && c, 'three slots of one doctor on one day');
      const me = holder!.patientId;
      await his.book({ slotId: a.id, patientId: me, idempotencyKey: 'k-a' });
      await assert.rejects(his.book({ slotId: b.id, patientId: me, idempotencyKey: 'k-b' }), rejectsWith('ALREADY_BOOKED'));
      assert.equal((await his.getSlot(b.id))?.available, b.capacity, 'the refused booking took no place');
      await his.book({ slotId: b.id, patientId: holder!.family[0]!.patientId, idempotencyKey: 'k-child' }); // a family member may
      const elsewhere = slots.find((x) => x.doctorId !== a.doctorId && x.start.slice(0, 10) === a.start.slice(0, 10))!;
      await his.book({ slotId: elsewhere.id, patientId: me, idempotencyKey: 'k-other-doctor' }); // another doctor that day

      const [d, e] = sameDoctorDay(slots.find((s) => s.start.slice(0, 10) !== a.start.slice(0, 10))!);
      assert.ok(d && e);
      await warm(db);
      const results = await Promise.allSettled([
        his.book({ slotId: d.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-d' }),
        his.book({ slotId: e.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-e' }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') rejectsWith('ALREADY_BOOKED')(r.reason);
      const booked = await his.listAppointments({ patientIds: [otherHolder!.patientId], status: 'booked' });
      assert.equal(booked.length, 1);
      assert.equal((await his.getSlot(d.id))!.available + (await his.getSlot(e.id))!.available, d.capacity + e.capacity - 1, 'one place taken in all');

      await his.cancel(booked[0]!.id);
      const retry = booked[0]!.slotId === d.id ? e : d;
      assert.equal((await his.book({ slotId: retry.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-after-cancel' })).status, 'booked', 'after cancelling, the day is free again');
    });

    test('unknown slots, unknown patients and slots that have begun are refused', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const me = holder!.patientId;
      await assert.rejects(his.book({ slotId: 'slot_nope', patientId: me, idempotencyKey: 'k-1' }), rejectsWith('SLOT_NOT_FOUND'));
      const slot = await freeSlot(his, 2);
      await assert.rejects(his.book({ slotId: slot.id, patientId: 'pat_nope', idempotencyKey: 'k-2' }), rejectsWith('PATIENT_NOT_FOUND'));
      const today = await his.listSlots({ from: TODAY, to: TODAY });
      const begun = today.filter((s) => Date.parse(s.start) <= NOW.getTime());
      const ahead = today.filter((s) => Date.parse(s.start) > NOW.getTime());
      assert.ok(begun.length > 0 && ahead.length > 0, 'today has slots before and after 10:00');
      await assert.rejects(his.book({ slotId: begun.at(-1)!.id, patientId: me, idempotencyKey: 'k-3' }), rejectsWith('SLOT_IN_PAST'));
      assert.equal((await his.getSlot(begun.at(-1)!.id))?.available, begun.at(-1)!.capacity);
      assert.equal((await his.book({ slotId: ahead[0]!.id, patientId: me, idempotencyKey: 'k-4' })).status, 'booked', 'later today is fine');
      assert.deepEqual((await db.query('SELECT count(*) AS n FROM demo_appointments')).rows, [{ n: 1 }]);
    });

    test('cancelling frees the place exactly once, is idempotent, and lists stay soonest first', async (t) => {
      const { db, his } = await hospital(database.open);
      t.after(() => db.close());
      const me = holder!.patientId;
      const slot = await freeSlot(his, 1);
      const apt = await his.book({ slotId: slot.id, patientId: me, idempotencyKey: 'k-cancel' });
      assert.equal((await his.getSlot(slot.id))?.available, 0);
      const results = await Promise.all([his.cancel(apt.id, 'plans changed'), his.cancel(apt.id), his.cancel(apt.id)]);
      for (const r of results) assert.deepEqual(r, { ...apt, status: 'cancelled', cancelledAt: '2026-11-23T10:00:00+08:00' });
      assert.deepEqual(await his.cancel(apt.id), results[0], 'cancelling again returns it unchanged');
      assert.equal((await his.getSlot(slot.id))?.available, 1, 'freed once, not three times');
      await assert.rejects(his.cancel('apt_nope'), rejectsWith('NOT_FOUND'));
      const next = await his.book({ slotId: slot.id, patientId: otherHolder!.patientId, idempotencyKey: 'k-next' });
      assert.equal(next.status, 'booked', 'the freed place can be booked by someone else');
      assert.equal((await his.getSlot(slot.id))?.available, 0);

      const later = (await his.listSlots({ from: addDays(TODAY, 8), to: addDays(TODAY, 13) })).find((s) => s.available > 0)!;
      const sooner = (await his.listSlots({ from: addDays(TODAY, 2), to: addDays(TODAY, 4) })).find((s) => s.available > 0)!;
      const child = holder!.family[0]!.patientId;
      const b1 = await his.book({ slotId: later.id, patientId: me, idempotencyKey: 'k-l1' });
      const b2 = await his.book({ slotId: sooner.id, patientId: child, idempotencyKey: 'k-l2' });
      const mine = await his.listAppointments({ patientIds: [me, child] });
      assert.deepEqual(mine.map((a) => a.id), [apt, b2, b1].sort((x, y) => Date.parse(x.start) - Date.parse(y.start)).map((a) => a.id));
      assert.deepEqual((await his.listAppointments({ patientIds: [me, child], status: 'booked' })).map((a) => a.id), [b2.id, b1.id]);
      assert.deepEqual((await his.listAppointments({ patientIds: [me], status: 'cancelled' })).map((a) => a.id), [apt.id]);
      assert.deepEqual(await his.listAppointments({ patientIds: [] }), []);
    });
  });
}
