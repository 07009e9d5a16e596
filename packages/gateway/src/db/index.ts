import type { Db, Migration } from '@ihkit/adapters';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export { openPglite, openPostgres };

/** A PostgreSQL server when `databaseUrl` is given, else embedded PGlite in `dataDir`. */
export function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

/** Any number; the same on every gateway, so that they take turns migrating. */
const MIGRATION_LOCK = 4_857_201;

/**
 * Applies the migrations not yet applied, in name order, each in its own transaction. Two
 * gateways starting at once on one server take turns through an advisory lock, so each
 * migration runs exactly once.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())').catch(async (e: unknown) => {
    // Two servers creating the table at the same moment: one wins, the other sees it exists.
    if (!(await db.query("SELECT to_regclass('schema_migrations') AS t")).rows[0]?.t) throw e;
  });
  const applied: string[] = [];
  for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
      if (seen.rows.length) return false;
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
