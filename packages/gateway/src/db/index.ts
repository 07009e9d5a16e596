import type { Db, Migration } from '@ihkit/adapters';
import { openPglite } from './pglite.js';
import { openPostgres, type PostgresOptions } from './postgres.js';

export { openPglite, openPostgres, type PostgresOptions };
export { DatabaseUnavailable, isDatabaseUnavailable } from './unavailable.js';

/** A PostgreSQL server when `databaseUrl` is given, else embedded PGlite in `dataDir` (in memory without one). */
export function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

/** Any number, the same in every gateway, so that gateways sharing a server take turns migrating. */
const MIGRATION_LOCK = 4_857_201;

/**
 * Applies the migrations not yet applied, in name order (plain code-unit order), each in its
 * own transaction together with its row in `schema_migrations`. Gateways starting at once on
 * one server take turns through a transaction-scoped advisory lock, so each migration runs
 * exactly once. A failing migration rolls back, leaves no trace and rejects; the ones before it
 * stay applied. Returns the names applied by this call.
 *
 * A migration's SQL may hold several statements but must not contain its own BEGIN/COMMIT.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`Two migrations are named ${m.name}`);
    names.add(m.name);
  }
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Created only when missing, so that a role that may not create tables can check an applied schema.
    const exists = await tx.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
    if (!exists.rows[0]?.t) await tx.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const applied: string[] = [];
  for (const m of [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
      if (seen.rows.length) return false;
      try {
        await tx.query(m.sql);
      } catch (error) {
        if ((error as { code?: string }).code !== '42501') throw error;
        throw new Error(`migration ${m.name} needs the database's owner (${(error as Error).message}): apply migrations as the owner — set IHKIT_MIGRATION_DATABASE_URL, or run \`ihkit-gateway migrate\` with it (docs/gateway.md#database-roles)`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      return true;
    });
    if (ran) applied.push(m.name);
  }
  return applied;
}
