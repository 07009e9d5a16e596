import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from '@ihkit/adapters';
import { ELEMENT_PARSERS } from './type-parsers.js';
import { closedAfter, TransactionScope } from './transaction-scope.js';

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'>;

/**
 * Embedded PostgreSQL (PGlite), the default store. Data is kept in `dataDir` across restarts
 * (one process at a time may open a directory); without one the database lives in memory.
 *
 * PGlite is a single connection. It runs one statement at a time, and a transaction holds the
 * connection until it ends: `db.query` calls made meanwhile wait for it, so they never run
 * inside someone else's transaction. Column types come back as described in type-parsers.ts.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ dataDir, parsers: { ...ELEMENT_PARSERS } });
  const scope = new TransactionScope();
  const run = async (q: PgliteQueryable, sql: string, params?: readonly unknown[]) => {
    // Without parameters a text may hold several statements (migrations): exec runs them all
    // and the rows of the last one are returned, as the postgres driver does.
    if (!params?.length) return { rows: ((await q.exec(sql)).at(-1)?.rows ?? []) as never[] };
    return { rows: (await q.query(sql, params as unknown[])).rows as never[] };
  };
  return {
    driver: 'pglite',
    async query(sql, params) {
      scope.assertOutside('query');
      return run(pg, sql, params);
    },
    async transaction(fn) {
      scope.assertOutside('transaction');
      return pg.transaction(async (tx) => {
        const state = { ended: false };
        const q: Queryable = {
          async query(sql, params) {
            closedAfter(state);
            return run(tx, sql, params);
          },
        };
        try {
          return await scope.run(() => fn(q));
        } finally {
          state.ended = true;
        }
      });
    },
    async listen(channel, fn) {
      // One process owns a PGlite directory, so every NOTIFY comes from here and none is missed.
      return pg.listen(channel, fn);
    },
    close: () => pg.close(),
  };
}
