import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdapterError, createStoredLis, demoAccounts, demoLabReports, isCritical, labStoreMigrations, seedDemoLab, type Db, type LabReport, type StoredLis,
} from '@ihkit/adapters';
import { localDate } from '@ihkit/core';
import { migrate, openPostgres } from '../../gateway/src/db/index.js';
import { createPostgresDatabase, databases } from '../../gateway/test/helpers/databases.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // 10:00 in Shanghai
const PATIENT_ID = 'pat_labtest1';

function report(overrides: Partial<LabReport> = {}): LabReport {
  return {
    id: 'lab_test0001',
    patientId: PATIENT_ID,
    title: '电解质',
    titleEn: 'Electrolytes',
    specimen: '血清',
    status: 'final',
    orderingDoctorId: 'doc_test1',
    collectedAt: '2026-11-20T07:40:00+08:00',
    issuedAt: '2026-11-20T10:15:00+08:00',
    observations: [
      { code: '2823-3', name: '钾', nameEn: 'Potassium', value: '4.2', numeric: 4.2, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3, text: '3.5-5.3' }, interpretation: 'N' },
    ],
    ...overrides,
  };
}

const critical = (r: LabReport): LabReport => ({
  ...r,
  observations: [{ ...r.observations[0]!, value: '6.9', numeric: 6.9, interpretation: 'HH' }],
});

async function store(open: () => Promise<Db>): Promise<{ db: Db; lis: StoredLis }> {
  const db = await open();
  await migrate(db, labStoreMigrations);
  return { db, lis: createStoredLis(db) };
}

/** Collects what a watcher delivers; `next(n)` waits until it has n reports (5 s at most). */
function collector() {
  const seen: LabReport[] = [];
  const waiters: Array<() => void> = [];
  return {
    seen,
    fn: (r: LabReport) => {
      seen.push(r);
      for (const w of waiters.splice(0)) w();
    },
    async next(n: number) {
      const deadline = Date.now() + 5000;
      while (seen.length < n) {
        if (Date.now() > deadline) throw new Error(`watch delivered ${seen.length} reports, expected ${n}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return seen;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

for (const database of databases) {
  describe(`stored LIS on ${database.name}`, () => {
    test('saves, reads back exactly, and lists newest first', async (t) => {
      const { db, lis } = await store(database.open);
      t.after(() => db.close());
      assert.equal(lis.name, 'stored');
      assert.deepEqual(await lis.save(report(), 'test'), { created: true, changed: true });
      assert.deepEqual(await lis.getReport('lab_test0001'), report());
      const { collectedAt: _c, titleEn: _t, specimen: _s, orderingDoctorId: _d, ...bare } = report();
      const older: LabReport = { ...bare, id: 'lab_test0002', issuedAt: '2026-10-01T09:00:00+08:00' };
      await lis.save(older, 'test');
      await lis.save(report({ id: 'lab_other', patientId: 'pat_someone_else' }), 'test');
      const list = await lis.listReports(PATIENT_ID);
      assert.deepEqual(list.map((r) => r.id), ['lab_test0001', 'lab_test0002']);
      assert.deepEqual(list[1], older, 'absent optional fields stay absent');
      assert.deepEqual(await lis.listReports('pat_unknown'), []);
      assert.equal(await lis.getReport('lab_unknown'), undefined);
      const { rows } = await db.query<{ source: string; critical: boolean }>('SELECT source, critical FROM lab_reports WHERE id = $1', ['lab_test0001']);
      assert.deepEqual(rows[0], { source: 'test', critical: false });
    });

    test('an identical re-send changes nothing; a correction replaces; an out-of-date version is ignored', async (t) => {
      const { db, lis } = await store(database.open);
      t.after(() => db.close());
      await lis.save(report(), 'test');
      assert.deepEqual(await lis.save(report(), 'test'), { created: false, changed: false });
      const corrected = critical(report({ status: 'corrected', issuedAt: '2026-11-20T11:00:00+08:00' }));
      assert.deepEqual(await lis.save(corrected, 'test'), { created: false, changed: true });
      assert.deepEqual(await lis.getReport('lab_test0001'), corrected);
      assert.deepEqual((await db.query('SELECT critical FROM lab_reports')).rows, [{ critical: true }]);
      assert.deepEqual(await lis.save(report(), 'test'), { created: false, changed: false }, 'the earlier version arriving late');
      assert.equal((await lis.getReport('lab_test0001'))!.status, 'corrected');
      // Same issue time, different content (a correction that kept OBR-22): replaces.
      const fixed = { ...corrected, observations: [{ ...corrected.observations[0]!, note: '已复核' }] };
      assert.deepEqual(await lis.save(fixed, 'test'), { created: false, changed: true });
    });

    test('refuses reports the contract does not allow', async (t) => {
      const { db, lis } = await store(database.open);
      t.after(() => db.close());
      for (const bad of [report({ id: 'lab with space' }), report({ patientId: '' }), report({ orderingDoctorId: 'doc/1' }), report({ issuedAt: 'yesterday' }), report({ title: '' })]) {
        await assert.rejects(lis.save(bad, 'test'), (e: unknown) => e instanceof AdapterError && e.code === 'VALIDATION_FAILED');
      }
      assert.deepEqual((await db.query('SELECT id FROM lab_reports')).rows, []);
    });

    test('watch delivers new and changed reports once committed, not unchanged ones, until stopped', async (t) => {
      const { db, lis } = await store(database.open);
      t.after(() => db.close());
      const c = collector();
      const stop = await lis.watch(c.fn);
      await lis.save(report(), 'test');
      const [first] = await c.next(1);
      assert.deepEqual(first, report());
      await lis.save(report(), 'test'); // unchanged: no notification
      await lis.save(critical(report({ status: 'corrected' })), 'test');
      const [, second] = await c.next(2);
      assert.equal(second!.status, 'corrected');
      assert.ok(second!.observations.some(isCritical));
      await settle();
      assert.equal(c.seen.length, 2, 'the identical re-send was not announced');
      stop();
      stop(); // twice is harmless
      await lis.save(report({ id: 'lab_after_stop' }), 'test');
      await settle();
      assert.equal(c.seen.length, 2, 'nothing after stop');
    });

    test('a throwing watcher does not stop the others', async (t) => {
      const { db, lis } = await store(database.open);
      t.after(() => db.close());
      const stopBad = await lis.watch(() => {
        throw new Error('watcher bug');
      });
      const c = collector();
      const stop = await lis.watch(c.fn);
      t.after(() => {
        stop();
        stopBad();
      });
      await lis.save(report(), 'test');
      await lis.save(report({ id: 'lab_test0003' }), 'test');
      await c.next(2);
    });

    test('the demo lab history: idempotent, realistic, bilingual, without announcements', async (t) => {
      const { db, lis } = await store(database.open);
      t.after(() => db.close());
      const c = collector();
      const stop = await lis.watch(c.fn);
      t.after(stop);
      const first = await seedDemoLab(db, NOW);
      assert.equal(first.reportsAdded, demoLabReports(NOW).length);
      assert.deepEqual(await seedDemoLab(db, new Date(NOW.getTime() + 3 * 86_400_000)), { reportsAdded: 0 }, 'a later restart adds nothing and moves nothing');
      await settle();
      assert.equal(c.seen.length, 0, 'seeding history raises no alerts');

      const zhangWei = demoAccounts.find((a) => a.username === 'zhangwei')!;
      const doctors = new Set(demoAccounts.filter((a) => a.role === 'doctor').map((a) => a.doctorId));
      const reports = await lis.listReports(zhangWei.patientId!);
      assert.ok(reports.length >= 10, `${reports.length} reports for 张伟`);
      const today = localDate(NOW, 'Asia/Shanghai');
      for (const r of reports) {
        assert.ok(r.titleEn && r.orderingDoctorId && r.collectedAt && r.issuedAt < `${today}T23:59`, r.id);
        assert.ok(doctors.has(r.orderingDoctorId), 'ordered by a doctor with an account');
        assert.ok(r.collectedAt < r.issuedAt);
        for (const o of r.observations) assert.ok(o.nameEn && o.unit && o.referenceRange?.text && o.numeric !== undefined && o.interpretation, `${r.title} ${o.name}`);
      }
      // Fasting glucose: four results over about nine months, falling, all high.
      const glucose = reports.flatMap((r) => r.observations.filter((o) => o.code === '1558-6').map((o) => ({ at: r.issuedAt, n: o.numeric!, flag: o.interpretation })));
      assert.equal(glucose.length, 4);
      const oldestFirst = [...glucose].reverse();
      assert.ok(oldestFirst.every((g, i) => i === 0 || g.n < oldestFirst[i - 1]!.n), 'a falling trend');
      assert.ok(glucose.every((g) => g.flag === 'H'));
      assert.ok(Date.parse(oldestFirst[3]!.at) - Date.parse(oldestFirst[0]!.at) > 200 * 86_400_000);
      const hba1c = reports.flatMap((r) => r.observations.filter((o) => o.code === '4548-4'));
      assert.equal(hba1c.length, 4);
      const cbc = reports.find((r) => r.title === '血常规')!;
      assert.deepEqual(cbc.observations.filter((o) => ['6690-2', '789-8', '718-7', '777-3'].includes(o.code)).map((o) => o.interpretation), ['N', 'N', 'N', 'N']);
      const lipids = reports.filter((r) => r.title === '血脂四项');
      assert.ok(lipids.some((r) => r.observations.some((o) => o.name.includes('低密度') && o.interpretation === 'H')));

      const mother = zhangWei.family.find((f) => f.relation === 'parent')!.patientId;
      const hers = await lis.listReports(mother);
      assert.ok(hers.some((r) => r.title === '肾功能' && r.observations.some((o) => o.code === '14682-9' && o.interpretation === 'H')));
      assert.ok(hers.some((r) => r.title === '电解质'));
      const child = zhangWei.family.find((f) => f.relation === 'child')!.patientId;
      assert.ok((await lis.listReports(child)).some((r) => r.title === '血常规'));
    });
  });
}

/** A fresh database with the lab store, and two connection pools on it (as two gateways have); all closed after the test. */
async function twoPools(t: TestContext) {
  const created = await createPostgresDatabase();
  t.after(() => created.drop());
  const a = await openPostgres(created.url);
  t.after(() => a.close());
  const b = await openPostgres(created.url);
  t.after(() => b.close());
  await migrate(a, labStoreMigrations);
  return { a, b };
}

describe('stored LIS across gateway processes (PostgreSQL server)', () => {
  test('a report saved through one connection pool reaches a watcher on another', async (t) => {
    const { a, b } = await twoPools(t);
    const writer = createStoredLis(a);
    const reader = createStoredLis(b);
    const c = collector();
    const stop = await reader.watch(c.fn);
    t.after(stop);
    await writer.save(critical(report()), 'test');
    const [got] = await c.next(1);
    assert.equal(got!.id, 'lab_test0001');
    assert.ok(got!.observations.some(isCritical));
  });

  test('after the listening connection is lost, reports saved meanwhile are caught up', async (t) => {
    const { a, b } = await twoPools(t);
    const writer = createStoredLis(a);
    const c = collector();
    const stop = await createStoredLis(b).watch(c.fn);
    t.after(stop);
    // Cut the watcher's LISTEN connection from the server side, then save while it is gone.
    await a.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ihkit-gateway-listen' AND datname = current_database()");
    await writer.save(report({ id: 'lab_while_away' }), 'test');
    const seen = await c.next(1);
    assert.equal(seen[0]!.id, 'lab_while_away');
  });
});
