// The database's own speed, measured in the same run on the same server as the gateway's
// benches: pgbench (PostgreSQL's own load tool, from the same Debian package) inserting single
// rows into a table with a unique index — what one booking is at least — at the concurrencies
// the booking bench uses. Every booking figure is printed as a share of it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDatabase } from './gateway-process.mjs';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10);

// One transaction per insert (autocommit), as durable as the gateway's commits: the server the
// bench starts has fsync and synchronous_commit on.
const SCRIPT = `\\set slot random(1, 1000000000)
INSERT INTO places (slot_id, patient_id) VALUES (:slot, :client_id) ON CONFLICT DO NOTHING;
`;

/** pgbench's transactions per second (without the initial connection time), from its report. */
export function parseTps(report) {
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(report);
  if (!m) throw new Error(`pgbench printed no tps:\n${report}`);
  return Number(m[1]);
}

/**
 * Single-row inserts per second at each of `concurrencies` (clients), each run `SECONDS` long on
 * a fresh table in a fresh database on `postgresUrl`'s server: `Map<clients, inserts/s>`.
 */
export async function pgbenchInserts(postgresUrl, concurrencies) {
  const db = await freshDatabase(postgresUrl, `ihkit_bench_pgbench_${process.pid}`);
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-pgbench-'));
  const script = join(dir, 'insert.sql');
  writeFileSync(script, SCRIPT);
  const rates = new Map();
  try {
    const { default: pg } = await import('pg');
    for (const clients of concurrencies) {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query('DROP TABLE IF EXISTS places; CREATE TABLE places (id bigserial PRIMARY KEY, slot_id bigint NOT NULL, patient_id int NOT NULL, booked_at timestamptz NOT NULL DEFAULT now(), UNIQUE (slot_id, patient_id))');
      await c.end();
      const threads = Math.min(clients, 2);
      const { stdout } = await run('pgbench', ['-n', '-c', String(clients), '-j', String(threads), '-T', String(SECONDS), '-f', script, db.url], { maxBuffer: 1 << 20 });
      rates.set(clients, parseTps(stdout));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
  return rates;
}

/** A rate as a share of pgbench's at the same concurrency, for the printout. */
export const ofPgbench = (perSecond, pgbench) => `${((perSecond / pgbench) * 100).toFixed(1)}% of pgbench's ${pgbench.toFixed(0)} inserts/s`;
