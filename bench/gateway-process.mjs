// The real gateway for benchmarks: its CLI in a process of its own, on the demo hospital.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/gateway/dist/cli.js', import.meta.url));
/** The benches' gateways' session secret (IHKIT_JWT_SECRET). */
export const BENCH_JWT_SECRET = 'bench-secret-0123456789abcdef0123';

/**
 * Starts a gateway with `env` on top of the bench defaults; resolves once /health answers. The
 * rate limits are off: a bench books hundreds of times as a few users from one address.
 */
export async function startGateway(env) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  // BENCH_CPU_PROFILE=<dir>: each gateway writes a V8 CPU profile there when it stops (open it in
  // Chrome's DevTools, Performance panel), for docs/performance.md.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, cli], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', IHKIT_DEMO: '1', IHKIT_LOG_LEVEL: 'warn', IHKIT_JWT_SECRET: BENCH_JWT_SECRET, IHKIT_PAYMENT_SANDBOX_SECRET: 'bench-sandbox-secret', IHKIT_RATE_LIMITS: 'off', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error('gateway exited');
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > 60_000) throw new Error('gateway did not start in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, startupMs: Date.now() - t0, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** A fresh database on a PostgreSQL server: its URL and drop(). */
export async function freshDatabase(serverUrl, name) {
  const { default: pg } = await import('pg');
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh database for one run on `driver` ('pglite' in a temp directory, or 'postgres' on
 * `serverUrl`): the gateway's `env`, `open()` for SQL of the bench's own ({ query, close };
 * PGlite's only while no gateway has the directory open) and `drop()`.
 */
export async function benchDatabase(driver, serverUrl, name) {
  if (driver === 'postgres') {
    const db = await freshDatabase(serverUrl, name);
    const open = async () => {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      return { query: (sql, params) => c.query(sql, params), close: () => c.end() };
    };
    return { env: { DATABASE_URL: db.url }, open, drop: db.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-bench-pglite-'));
  const open = async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const p = await PGlite.create({ dataDir: dir });
    return { query: (sql, params) => p.query(sql, params), close: () => p.close() };
  };
  return { env: { IHKIT_DATA_DIR: dir }, open, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs a bench on its own (`node bench/<file>.mjs`, not through bench/run.mjs): starts a
 * PostgreSQL server beside the embedded database, prints `title`, runs `bench({ postgresUrl })`,
 * stops the server.
 */
export async function runAlone(title, bench) {
  const { ensureSystem } = await import('../scripts/system.mjs');
  const { startPostgres } = await import('../scripts/postgres.mjs');
  ensureSystem(['postgresql']);
  const pg = await startPostgres({ durable: true });
  try {
    console.log(title);
    await bench({ postgresUrl: pg.url });
  } finally {
    pg.stop();
  }
}
