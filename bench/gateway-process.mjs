// The real gateway for benchmarks: its CLI in a process of its own, on the demo hospital.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/gateway/dist/cli.js', import.meta.url));

/**
 * Starts a gateway with `env` on top of the bench defaults; resolves once /health answers. The
 * rate limits are off: a bench books hundreds of times as a few users from one address.
 */
export async function startGateway(env) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [cli], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', IHKIT_DEMO: '1', IHKIT_LOG_LEVEL: 'warn', IHKIT_JWT_SECRET: 'bench-secret-0123456789abcdef0123', IHKIT_PAYMENT_SANDBOX_SECRET: 'bench-sandbox-secret', IHKIT_RATE_LIMITS: 'off', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error('gateway exited');
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
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
