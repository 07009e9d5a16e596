/**
 * The databases every gateway and adapter test runs on: embedded PGlite (in memory) and a
 * real PostgreSQL server (IHKIT_TEST_DATABASE_URL, which `npm test` sets after starting one).
 * Each open() gives a fresh, empty database; closing a server database also drops it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db } from '@ihkit/adapters';
import { openPglite, openPostgres } from '../../src/db/index.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

async function onServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The server the tests use; throws, saying how to get one, when none is configured. */
export function testServerUrl(): string {
  const url = process.env.IHKIT_TEST_DATABASE_URL;
  if (!url) {
    throw new Error('IHKIT_TEST_DATABASE_URL is not set: run the tests with `npm test` (it starts a PostgreSQL server), or set IHKIT_TEST_DATABASE_URL to a server where this user may CREATE DATABASE');
  }
  return url;
}

/** A new, empty database on the test server (or on `server`): its URL, and drop() to remove it. */
export async function createPostgresDatabase(server = testServerUrl()): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `ihkit_t_${randomBytes(6).toString('hex')}`;
  await onServer(server, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    drop: () => onServer(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export const databases: TestDatabase[] = [
  { name: 'pglite', open: () => openPglite() },
  {
    name: 'postgres',
    async open() {
      const created = await createPostgresDatabase();
      const db = await openPostgres(created.url).catch(async (e: unknown) => {
        await created.drop();
        throw e;
      });
      return {
        ...db,
        async close() {
          try {
            await db.close();
          } finally {
            await created.drop();
          }
        },
      };
    },
  },
];

/** A database that outlives a gateway: opened again by the next one (a restart). */
export interface Durable {
  open(): Promise<Db>;
  remove(): Promise<void>;
}

export const durables: Array<{ name: string; make(): Promise<Durable> }> = [
  {
    name: 'pglite',
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'ihkit-restart-'));
      return { open: () => openPglite(dir), remove: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async make() {
      const created = await createPostgresDatabase();
      return { open: () => openPostgres(created.url), remove: () => created.drop() };
    },
  },
];
