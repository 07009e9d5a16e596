/**
 * The database roles on a PostgreSQL server (docs/gateway.md#database-roles). The owner runs
 * the migrations and owns every table, trigger and function. The gateway runs as a role of its
 * own that owns nothing — so it can neither switch a trigger off nor drop one — and may read
 * and write the tables it works with, but only add rows to audit_log, only read legal_holds and
 * schema_migrations, and neither read nor write the chain's head or the patients' last visits
 * (the database's own triggers keep those). The rules on retained records hold for it as they
 * do for the owner. PGlite has one role: there the triggers hold, the privileges do not.
 */
import type { Db, Migration, Queryable } from '@ihkit/adapters';
import pg from 'pg';
import { migrate } from './index.js';
import { openPostgres } from './postgres.js';

/** Tables the gateway's role gets less on than read and write, and what it gets. */
export const RESTRICTED_TABLES: Readonly<Record<string, readonly ('SELECT' | 'INSERT')[]>> = {
  audit_log: ['INSERT'],
  audit_chain: [],
  retention_patients: [],
  legal_holds: ['SELECT'],
  schema_migrations: ['SELECT'],
};

const ident = (name: string) => pg.escapeIdentifier(name);

/**
 * Grants `role` what the gateway needs on the tables `owner` (connected as their owner) has made:
 * read and write on every table of the schema but the restricted ones, and what RESTRICTED_TABLES
 * says on those. Run after every migration, so a new table is granted too; idempotent.
 */
export async function grantGatewayRole(owner: Queryable, role: string): Promise<void> {
  const { rows } = await owner.query<{ me: string; schema: string }>('SELECT current_user AS me, current_schema() AS schema');
  const { me, schema } = rows[0]!;
  if (me === role) throw new Error(`ihkit: the gateway's database role (${role}) is the owner's: give the gateway a role of its own (docs/gateway.md#database-roles)`);
  const to = ident(role);
  const s = ident(schema);
  const restricted = Object.keys(RESTRICTED_TABLES).map(ident).join(', ');
  await owner.query(`GRANT USAGE ON SCHEMA ${s} TO ${to}`);
  await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${to}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${to}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${to}`);
  await owner.query(`REVOKE ALL ON ${restricted} FROM ${to}`);
  for (const [table, privileges] of Object.entries(RESTRICTED_TABLES)) {
    if (privileges.length) await owner.query(`GRANT ${privileges.join(', ')} ON ${ident(table)} TO ${to}`);
  }
}

/** The role a connection runs as. */
export async function currentRole(q: Queryable): Promise<string> {
  return (await q.query<{ role: string }>('SELECT current_user AS role')).rows[0]!.role;
}

/**
 * Applies the migrations as the owner (`ownerUrl`, a connection of its own, closed after) and
 * grants `role` — the gateway's — what it needs. Returns the names applied.
 */
export async function migrateAsOwner(ownerUrl: string, migrations: readonly Migration[], role: string | undefined): Promise<string[]> {
  const owner = await openPostgres(ownerUrl, { max: 1 });
  try {
    const applied = await migrate(owner, migrations);
    if (role) await grantGatewayRole(owner, role);
    return applied;
  } finally {
    await owner.close();
  }
}

/**
 * What the running role could do to the audit log that it should not (empty on a server set up
 * as documented; PGlite has one role and is not asked).
 */
export async function auditLogExposure(db: Db): Promise<string[]> {
  if (db.driver !== 'postgres') return [];
  const { rows } = await db.query<{ superuser: boolean; owner: boolean; update: boolean; delete: boolean; truncate: boolean }>(
    `SELECT r.rolsuper AS superuser, pg_get_userbyid(c.relowner) = current_user AS owner,
            has_table_privilege('audit_log', 'UPDATE') AS update, has_table_privilege('audit_log', 'DELETE') AS delete,
            has_table_privilege('audit_log', 'TRUNCATE') AS truncate
       FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit_log'::regclass`,
  );
  const r = rows[0];
  if (!r) return [];
  return [
    ...(r.superuser ? ['is a superuser'] : []),
    ...(r.owner ? ['owns audit_log (and can switch its triggers off)'] : []),
    ...(['update', 'delete', 'truncate'] as const).filter((p) => r[p]).map((p) => `may ${p.toUpperCase()} it`),
  ];
}
