import { createHash } from 'node:crypto';
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
 * Migrations are append-only: each applied one's SHA-256 is kept, and a migration whose SQL
 * changed after it was applied stops the start with an error naming it (it would otherwise be
 * skipped silently, leaving the database different from what the code says). Rows applied
 * before checksums were kept take the current SQL's checksum the first time the owner migrates.
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
    if (!exists.rows[0]?.t) await tx.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum text)');
    const column = await tx.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'schema_migrations' AND column_name = 'checksum' AND table_schema = current_schema()`);
    if (!column.rows.length) await asOwner('schema_migrations.checksum', () => tx.query('ALTER TABLE schema_migrations ADD COLUMN checksum text'));
  });
  const applied: string[] = [];
  for (const m of [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const sum = checksum(m.sql);
      const seen = await tx.query<{ checksum: string | null }>('SELECT checksum FROM schema_migrations WHERE name = $1', [m.name]);
      const stored = seen.rows[0];
      if (stored) {
        if (stored.checksum === null) {
          // Applied before checksums were kept: the owner records it now (the gateway's role may only read the table).
          await tx.query(`UPDATE schema_migrations SET checksum = $2 WHERE name = $1 AND has_table_privilege('schema_migrations', 'UPDATE')`, [m.name, sum]);
        } else if (stored.checksum !== sum) {
          throw new Error(`migration ${m.name} was changed after it was applied (its SQL's SHA-256 was ${stored.checksum.slice(0, 12)}…, is ${sum.slice(0, 12)}…): migrations are append-only — restore it and add a new migration for the change`);
        }
        return false;
      }
      await asOwner(`migration ${m.name}`, () => tx.query(m.sql));
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, sum]);
      return true;
    });
    if (ran) applied.push(m.name);
  }
  return applied;
}

/** The SHA-256 of a migration's SQL, hex. */
export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Runs `fn`; a permission error becomes one that says to migrate as the database's owner. */
async function asOwner<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    throw new Error(`${what} needs the database's owner (${(error as Error).message}): apply migrations as the owner — set IHKIT_MIGRATION_DATABASE_URL, or run \`ihkit-gateway migrate\` with it (docs/gateway.md#database-roles)`, { cause: error });
  }
}
