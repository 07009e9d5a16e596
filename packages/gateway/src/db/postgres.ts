import pg from 'pg';
import type { Db, Queryable } from '@ihkit/adapters';

// int8 as JS number, as with PGlite; timestamptz stays a JS Date on both drivers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

/**
 * A PostgreSQL server through a node-postgres pool. A server restart does not crash the
 * process: idle connections that die are dropped from the pool and later queries reconnect.
 */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {
    // An idle client lost its connection (server restart); the pool discards it.
  });
  await pool.query('SELECT 1'); // fail fast on a wrong URL
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query(sql, params) {
      const r = await c.query(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
  });
  return {
    driver: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
