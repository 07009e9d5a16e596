import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Db } from '@ihkit/adapters';
import { checksum, isDatabaseUnavailable, migrate, openDb, openPglite, openPostgres } from '../src/db/index.js';
import { createPostgresDatabase, databases, testServerUrl } from './helpers/databases.js';

/** One row of every type whose JS form the drivers must agree on, and that form. */
const TYPES_SQL = `SELECT 42::int8 AS i8, count(*) AS cnt, ARRAY[1, NULL, 3]::int8[] AS i8s, 7::int4 AS i4, 1.5::float8 AS f8,
  1.50::numeric AS num, '2026-11-23T08:30:00+08:00'::timestamptz AS tstz, ARRAY['2026-11-23T08:30:00+08:00'::timestamptz] AS tstzs,
  '2026-11-23 08:30:00'::timestamp AS ts, '2026-11-23'::date AS d, ARRAY['2026-11-23'::date, '2026-02-28'::date] AS ds,
  '1 day 02:00:00'::interval AS iv, '08:30'::time AS t, '{"a":[1]}'::jsonb AS jb, '{"b":2}'::json AS j, true AS b, 'x'::text AS s,
  NULL::int8 AS nothing FROM (VALUES (1), (2)) AS v(x)`;
const TYPES_EXPECTED = {
  i8: 42, cnt: 2, i8s: [1, null, 3], i4: 7, f8: 1.5, num: '1.50',
  tstz: new Date('2026-11-23T00:30:00Z'), tstzs: [new Date('2026-11-23T00:30:00Z')],
  ts: new Date('2026-11-23T08:30:00Z'), d: '2026-11-23', ds: ['2026-11-23', '2026-02-28'],
  iv: '1 day 02:00:00', t: '08:30:00', jb: { a: [1] }, j: { b: 2 }, b: true, s: 'x', nothing: null,
};

for (const database of databases) {
  describe(`db on ${database.name}`, () => {
    const open = async (t: { after(fn: () => Promise<void>): void }): Promise<Db> => {
      const db = await database.open();
      t.after(() => db.close());
      return db;
    };

    test('returns the documented JS types, with and without parameters, inside and outside a transaction', async (t) => {
      const db = await open(t);
      assert.equal(db.driver, database.name);
      assert.deepEqual((await db.query(TYPES_SQL)).rows, [TYPES_EXPECTED]);
      assert.deepEqual((await db.query(`${TYPES_SQL} WHERE x = $1 OR $1 = 0`, [0])).rows, [TYPES_EXPECTED]);
      assert.deepEqual(await db.transaction(async (tx) => (await tx.query(TYPES_SQL)).rows), [TYPES_EXPECTED]);
      // Parameters go in as JS values too: a Date, a calendar date string, a number.
      await db.query('CREATE TABLE typed (id bigserial PRIMARY KEY, at timestamptz NOT NULL, day date NOT NULL, n int8 NOT NULL)');
      const { rows } = await db.query('INSERT INTO typed (at, day, n) VALUES ($1, $2, $3) RETURNING *', [new Date('2026-01-02T03:04:05.678Z'), '2026-01-02', 9_007_199_254_740_991]);
      assert.deepEqual(rows, [{ id: 1, at: new Date('2026-01-02T03:04:05.678Z'), day: '2026-01-02', n: 9_007_199_254_740_991 }]);
    });

    test('an int8 too large for a JS number is refused rather than rounded, and the database stays usable', async (t) => {
      const db = await open(t);
      await assert.rejects(db.query('SELECT 9007199254740993::int8 AS big'), /does not fit a JS number/);
      assert.deepEqual((await db.query('SELECT 9007199254740993::int8::text AS big')).rows, [{ big: '9007199254740993' }]);
    });

    test('a text of several statements runs them all and returns the rows of the last', async (t) => {
      const db = await open(t);
      const { rows } = await db.query('CREATE TABLE multi (v int); INSERT INTO multi VALUES (1), (2); SELECT sum(v) AS total FROM multi');
      assert.deepEqual(rows, [{ total: 3 }]);
    });

    test('a transaction commits when its function resolves and leaves nothing when it throws or a statement fails', async (t) => {
      const db = await open(t);
      await db.query('CREATE TABLE t (v int PRIMARY KEY)');
      assert.equal(await db.transaction(async (tx) => { await tx.query('INSERT INTO t VALUES (1)'); return 'done'; }), 'done');
      await assert.rejects(db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (2)');
        throw new Error('boom');
      }), /boom/);
      await assert.rejects(db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (3)');
        await tx.query('INSERT INTO t VALUES (1)'); // duplicate key
      }), (e: { code?: string }) => e.code === '23505');
      assert.deepEqual((await db.query('SELECT v FROM t ORDER BY v')).rows, [{ v: 1 }]);
    });

    test('concurrent transactions and plain queries do not interleave: rolled-back work vanishes, the rest all lands', async (t) => {
      const db = await open(t);
      await db.query('CREATE TABLE c (id int PRIMARY KEY, n int NOT NULL)');
      await db.query('CREATE TABLE log (what text NOT NULL)');
      await db.query('INSERT INTO c VALUES (1, 0)');
      const work: Array<Promise<unknown>> = [];
      for (let i = 0; i < 40; i++) {
        work.push(db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('UPDATE c SET n = n + 1 WHERE id = 1 RETURNING n');
          await tx.query('INSERT INTO log VALUES ($1)', [`tx ${i}`]);
          await sleep(1); // let everything else run meanwhile
          const again = await tx.query<{ n: number }>('SELECT n FROM c WHERE id = 1');
          assert.equal(again.rows[0]!.n, rows[0]!.n, 'a transaction sees its own value, unchanged by others');
          if (i % 4 === 0) throw new Error('roll back');
        }).catch((e: Error) => assert.equal(e.message, 'roll back')));
        work.push(db.query('INSERT INTO log VALUES ($1)', [`plain ${i}`]));
      }
      await Promise.all(work);
      assert.deepEqual((await db.query('SELECT n FROM c')).rows, [{ n: 30 }]);
      const logged = (await db.query<{ what: string }>('SELECT what FROM log')).rows.map((r) => r.what);
      assert.equal(logged.filter((w) => w.startsWith('plain')).length, 40, 'no plain query was swallowed by a rolled-back transaction');
      assert.deepEqual(logged.filter((w) => w.startsWith('tx')).sort(), Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 !== 0).map((i) => `tx ${i}`).sort());
    });

    test('using db instead of tx inside a transaction fails at once instead of hanging, and a finished tx is refused', async (t) => {
      const db = await open(t);
      await assert.rejects(db.transaction(() => db.query('SELECT 1')), /use the `tx`/);
      await assert.rejects(db.transaction(() => db.transaction(async () => 1)), /use the `tx`/);
      let leaked: { query(sql: string): Promise<unknown> } | undefined;
      await db.transaction(async (tx) => { leaked = tx; });
      await assert.rejects(leaked!.query('SELECT 1'), /already ended/);
      assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    });

    test('migrations apply once, in name order, and a failing one leaves no trace', async (t) => {
      const db = await open(t);
      const ms = [
        { name: '002_b', sql: 'INSERT INTO m (v) VALUES (2);' },
        { name: '001_a', sql: 'CREATE TABLE m (v int); INSERT INTO m (v) VALUES (1);' },
      ];
      assert.deepEqual(await migrate(db, ms), ['001_a', '002_b']);
      assert.deepEqual(await migrate(db, ms), []);
      await assert.rejects(migrate(db, [...ms, { name: '003_bad', sql: 'INSERT INTO m (v) VALUES (3); SELECT * FROM no_such_table;' }]), /no_such_table/);
      assert.deepEqual((await db.query('SELECT v FROM m ORDER BY v')).rows, [{ v: 1 }, { v: 2 }]);
      const recorded = (await db.query<{ name: string; applied_at: unknown }>('SELECT name, applied_at FROM schema_migrations ORDER BY name')).rows;
      assert.deepEqual(recorded.map((r) => r.name), ['001_a', '002_b']);
      assert.ok(recorded.every((r) => r.applied_at instanceof Date));
      await assert.rejects(migrate(db, [ms[0]!, ms[0]!]), /Two migrations are named 002_b/);
    });

    test('an applied migration whose SQL was edited stops the start, naming it; one applied before checksums were kept is recorded, not refused', async (t) => {
      const db = await open(t);
      const ms = [{ name: '001_a', sql: 'CREATE TABLE m (v int);' }, { name: '002_b', sql: 'INSERT INTO m (v) VALUES (2);' }];
      await migrate(db, ms);
      const edited = [ms[0]!, { name: '002_b', sql: 'INSERT INTO m (v) VALUES (20);' }];
      await assert.rejects(migrate(db, edited), /migration 002_b was changed after it was applied .*append-only/);
      assert.deepEqual((await db.query('SELECT v FROM m')).rows, [{ v: 2 }], 'nothing ran');
      // A database from before checksums: its rows have none; the next migrate records them and later edits are caught.
      await db.query('UPDATE schema_migrations SET checksum = NULL');
      assert.deepEqual(await migrate(db, ms), []);
      const sums = (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows;
      assert.deepEqual(sums, ms.map((m) => ({ name: m.name, checksum: checksum(m.sql) })));
      await assert.rejects(migrate(db, edited), /002_b was changed/);
    });

    test('a database migrated before schema_migrations had a checksum column gains it', async (t) => {
      const db = await open(t);
      await db.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_migrations (name) VALUES (\'001_a\'); CREATE TABLE m (v int);');
      assert.deepEqual(await migrate(db, [{ name: '001_a', sql: 'CREATE TABLE m (v int);' }, { name: '002_b', sql: 'INSERT INTO m (v) VALUES (2);' }]), ['002_b']);
      assert.equal((await db.query<{ c: string }>(`SELECT checksum AS c FROM schema_migrations WHERE name = '001_a'`)).rows[0]!.c, checksum('CREATE TABLE m (v int);'));
    });

    test('migrators running at once apply each migration exactly once', async (t) => {
      const db = await open(t);
      const ms = [
        { name: '001', sql: 'CREATE TABLE once (v int); INSERT INTO once VALUES (1);' },
        { name: '002', sql: 'INSERT INTO once VALUES (2);' },
      ];
      const results = await Promise.all(Array.from({ length: 4 }, () => migrate(db, ms)));
      assert.deepEqual(results.flat().sort(), ['001', '002']);
      assert.deepEqual((await db.query('SELECT v FROM once ORDER BY v')).rows, [{ v: 1 }, { v: 2 }]);
    });
  });
}

describe('db on a PostgreSQL server only', () => {
  test('two gateways (separate pools) migrating one database at once apply each migration once', async (t) => {
    const created = await createPostgresDatabase();
    t.after(() => created.drop());
    const [a, b] = await Promise.all([openPostgres(created.url), openPostgres(created.url)]);
    t.after(async () => { await a.close(); await b.close(); });
    // pg_sleep keeps the first migration running long enough for the other gateway to arrive.
    const ms = [
      { name: '001', sql: 'SELECT pg_sleep(0.2); CREATE TABLE once (v int); INSERT INTO once VALUES (1);' },
      { name: '002', sql: 'INSERT INTO once VALUES (2);' },
    ];
    const [fromA, fromB] = await Promise.all([migrate(a, ms), migrate(b, ms)]);
    assert.deepEqual([...fromA, ...fromB].sort(), ['001', '002']);
    assert.deepEqual((await a.query('SELECT v FROM once ORDER BY v')).rows, [{ v: 1 }, { v: 2 }]);
  });

  test('connections killed by the server (as in a restart) do not crash the process; later queries reconnect', async (t) => {
    const created = await createPostgresDatabase();
    t.after(() => created.drop());
    const lost: Error[] = [];
    const db = await openPostgres(created.url, { max: 3, onConnectionError: (e) => lost.push(e) });
    t.after(() => db.close());
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    t.after(() => { process.off('uncaughtException', onUncaught); });
    const killAll = () => {
      const admin = new pg.Client({ connectionString: testServerUrl() });
      return admin.connect()
        .then(() => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [created.name]))
        .finally(() => admin.end());
    };

    await Promise.all([db.query('SELECT 1'), db.query('SELECT 2'), db.query('SELECT 3')]); // three idle connections
    await killAll();
    await sleep(100);
    assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }], 'idle connections killed: the next query reconnects');

    // Killed in the middle of a transaction: the transaction rejects as DATABASE_UNAVAILABLE, nothing is committed.
    await db.query('CREATE TABLE kept (v int)');
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query('INSERT INTO kept VALUES (1)');
      await killAll();
      await tx.query('SELECT pg_sleep(0.05)');
    }), isDatabaseUnavailable);
    // A refused statement is not that.
    await assert.rejects(db.query('SELECT * FROM no_such_table'), (e: unknown) => !isDatabaseUnavailable(e) && (e as { code?: string }).code === '42P01');
    assert.deepEqual((await db.query('SELECT count(*) AS n FROM kept')).rows, [{ n: 0 }]);
    assert.deepEqual(await db.transaction(async (tx) => (await tx.query('SELECT 2 AS two')).rows), [{ two: 2 }]);
    await sleep(50);
    assert.deepEqual(uncaught, []);
    assert.ok(lost.length >= 1, 'lost connections are reported');
  });

  test('a wrong address fails when opening, not on the first request', async () => {
    await assert.rejects(openPostgres('postgres://nobody:nothing@127.0.0.1:1/none'), (e: { code?: string }) => e.code === 'ECONNREFUSED');
  });

  test('openDb picks the server when given a URL', async (t) => {
    const created = await createPostgresDatabase();
    t.after(() => created.drop());
    const db = await openDb({ databaseUrl: created.url, dataDir: '/nonexistent/ignored' });
    t.after(() => db.close());
    assert.equal(db.driver, 'postgres');
    assert.deepEqual((await db.query('SELECT current_database() AS name')).rows, [{ name: created.name }]);
  });
});

describe('embedded PGlite', () => {
  test('keeps its data in its directory across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ihkit-pglite-'));
    try {
      const first = await openDb({ dataDir: join(dir, 'nested', 'data') });
      assert.equal(first.driver, 'pglite');
      await first.query('CREATE TABLE kept (v text)');
      await first.query('INSERT INTO kept VALUES ($1)', ['still here']);
      await first.close();
      const second = await openPglite(join(dir, 'nested', 'data'));
      assert.deepEqual((await second.query('SELECT v FROM kept')).rows, [{ v: 'still here' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a directory it lives in memory: a second one starts empty', async () => {
    const a = await openDb({});
    await a.query('CREATE TABLE only_here (v int)');
    const b = await openPglite();
    assert.deepEqual((await b.query("SELECT to_regclass('only_here') AS t")).rows, [{ t: null }]);
    await a.close();
    await b.close();
  });
});
