/**
 * The databases every gateway and adapter test runs on: embedded PGlite (in memory) and a
 * real PostgreSQL server (IHKIT_TEST_DATABASE_URL, which `npm test` sets after starting one).
 * Each open() gives a fresh, empty database; closing a server database drops it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '@ihkit/adapters';
import { openPglite, openPostgres } from '../../src/db/index.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const databases: TestDatabase[] = [
  { name: 'pglite', open: () => openPglite() },
  {
    name: 'postgres',
    async open() {
      const url = process.env.IHKIT_TEST_DATABASE_URL;
      if (!url) throw new Error('IHKIT_TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts a PostgreSQL server, or point it at one');
      const name = `ihkit_t_${randomBytes(6).toString('hex')}`;
      await admin(url, (c) => c.query(`CREATE DATABASE ${name}`));
      const u = new URL(url);
      u.pathname = `/${name}`;
      const db = await openPostgres(u.href);
      return {
        ...db,
        async close() {
          await db.close();
          await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        },
      };
    },
  },
];
