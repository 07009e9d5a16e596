import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from '@ihkit/adapters';

/**
 * Embedded PostgreSQL (PGlite) — the default store. Data is kept in `dataDir` across restarts;
 * without one the database lives in memory (tests). PGlite is a single connection: it runs
 * one statement at a time, and a transaction holds it until it ends, so concurrent callers
 * queue rather than interleave.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({
    dataDir,
    // int8 as JS number (counts, serials stay far below 2^53), like the postgres driver.
    parsers: { [types.INT8]: (v: string) => Number(v) },
  });
  // Without parameters a text may hold several statements (migrations): exec runs them all
  // and the rows of the last one are returned, as node-postgres's simple protocol does.
  const asQueryable = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query(sql, params) {
      if (!params?.length) {
        const results = await q.exec(sql);
        return { rows: (results.at(-1)?.rows ?? []) as never[] };
      }
      const r = await q.query(sql, params as unknown[]);
      return { rows: r.rows as never[] };
    },
  });
  return {
    driver: 'pglite',
    ...asQueryable(pg),
    transaction: (fn) => pg.transaction((tx) => fn(asQueryable(tx))),
    close: () => pg.close(),
  };
}
