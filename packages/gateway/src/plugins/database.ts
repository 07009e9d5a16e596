/**
 * The gateway's database: the one given, or one opened from the configuration (and closed
 * with the gateway, last of all); migrated, as its owner when IHKIT_MIGRATION_DATABASE_URL is
 * set, and seeded with the demo hospital when it is on.
 */
import type { FastifyInstance } from 'fastify';
import { seedDemo, seedDemoLab, type Db } from '@ihkit/adapters';
import type { GatewayConfig } from '../config.js';
import { migrate, openDb } from '../db/index.js';
import { currentRole, migrateAsOwner } from '../db/roles.js';
import { migrationsOf } from '../migrations/index.js';
import { closesWith } from './on-close.js';

export interface DatabaseOptions {
  /** A database to use; the caller closes it. */
  db?: Db;
  config: Pick<GatewayConfig, 'databaseUrl' | 'dataDir' | 'migrationDatabaseUrl'>;
  /** With the demo hospital's tables and data. */
  demo: boolean;
  /** With the demo hospital's tables (also when the demo itself is off). */
  demoTables: boolean;
  now: () => Date;
}

export async function openDatabase(app: FastifyInstance, options: DatabaseOptions): Promise<Db> {
  const { config } = options;
  const db = options.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await closesWith(app, 'database', async () => {
    if (!options.db) await db.close();
  });
  const migrations = migrationsOf(options.demoTables);
  if (config.migrationDatabaseUrl) {
    if (db.driver !== 'postgres') throw new Error('ihkit gateway: IHKIT_MIGRATION_DATABASE_URL is for a PostgreSQL server (DATABASE_URL); PGlite has one role');
    await migrateAsOwner(config.migrationDatabaseUrl, migrations, await currentRole(db));
  } else {
    await migrate(db, migrations);
  }
  if (options.demo) {
    await seedDemo(db, options.now());
    await seedDemoLab(db, options.now());
  }
  return db;
}
