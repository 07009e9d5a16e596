import pg from 'pg';
import type { Db, Queryable } from '@ihkit/adapters';
import { ARRAY_ELEMENTS, ELEMENT_PARSERS } from './type-parsers.js';
import { closedAfter, TransactionScope } from './transaction-scope.js';
import { reaching } from './unavailable.js';

export interface PostgresOptions {
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** Told when a connection is lost (e.g. the server restarted); never given query text or data. */
  onConnectionError?: (error: Error) => void;
}

// pg-types' array parser (its typings describe another version's API).
const arrayParser = pg.types.arrayParser as unknown as { create(text: string, parse: (entry: string) => unknown): { parse(): unknown[] } };

/** This pool's type parsers (see type-parsers.ts); node-postgres's global defaults stay untouched. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary');
    const element = ELEMENT_PARSERS[oid];
    if (element) return element;
    const arrayOf = ARRAY_ELEMENTS[oid];
    if (arrayOf !== undefined) {
      const parse = ELEMENT_PARSERS[arrayOf]!;
      return (text: string) => arrayParser.create(text, parse).parse();
    }
    return pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

/** Rows of the last statement: a text of several statements gives one result per statement. */
function lastRows(r: pg.QueryResult | pg.QueryResult[]): never[] {
  const last = Array.isArray(r) ? r.at(-1) : r;
  return (last?.rows ?? []) as never[];
}

/**
 * A PostgreSQL server through a node-postgres pool. Losing connections (a server restart, a
 * network cut) does not crash the process: the failed queries reject with DatabaseUnavailable,
 * broken connections leave the pool, and later queries open new ones.
 */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000, application_name: 'ihkit-gateway', types });
  const lost = (error: Error) => opts.onConnectionError?.(error);
  // An idle connection died; the pool has already dropped it.
  pool.on('error', lost);
  try {
    await pool.query('SELECT 1'); // fail fast on a wrong URL or an unreachable server
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const scope = new TransactionScope();
  return {
    driver: 'postgres',
    async query(sql, params) {
      scope.assertOutside('query');
      return { rows: lastRows(await reaching(pool.query(sql, params as unknown[] | undefined))) };
    },
    async transaction(fn) {
      scope.assertOutside('transaction');
      const client = await reaching(pool.connect());
      // A checked-out connection that dies emits 'error' on the client; unheard, that would
      // crash the process. The running query rejects with the same error.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
        lost(error);
      };
      client.on('error', onError);
      const state = { ended: false };
      const tx: Queryable = {
        async query(sql, params) {
          closedAfter(state);
          return { rows: lastRows(await reaching(client.query(sql, params as unknown[] | undefined))) };
        },
      };
      try {
        await reaching(client.query('BEGIN'));
        const result = await scope.run(() => fn(tx));
        // Lost during COMMIT, the outcome is unknown: a retry with the same Idempotency-Key finds out.
        await reaching(client.query('COMMIT'));
        return result;
      } catch (error) {
        if (!broken) await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw error;
      } finally {
        state.ended = true;
        client.off('error', onError);
        client.release(broken); // a broken connection is closed, not reused
      }
    },
    listen: (channel, fn, onReconnect) => listenOn(url, channel, fn, onReconnect, lost),
    close: () => pool.end(),
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). When it
 * is lost it is opened again, with a growing delay, and `onReconnect` is told.
 */
async function listenOn(url: string, channel: string, fn: (payload: string) => void, onReconnect: (() => void) | undefined, lost: (e: Error) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = 100;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'ihkit-gateway-listen', types });
    c.on('notification', (n) => {
      if (n.channel === channel) fn(n.payload ?? '');
    });
    c.on('error', (e) => {
      lost(e);
      retry(c);
    });
    c.on('end', () => retry(c));
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
    delay = 100;
  };
  const retry = (c: pg.Client) => {
    if (stopped || client !== c) return;
    client = undefined;
    c.end().catch(() => {});
    const again = () => {
      timer = undefined;
      if (stopped) return;
      open().then(
        () => onReconnect?.(),
        (e: Error) => {
          lost(e);
          delay = Math.min(delay * 2, 5_000);
          timer = setTimeout(again, delay);
        },
      );
    };
    timer = setTimeout(again, delay);
  };
  await open();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}
