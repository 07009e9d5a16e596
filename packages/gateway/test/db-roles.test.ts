/**
 * The database roles on a PostgreSQL server (db/roles.ts, docs/gateway.md#database-roles): the
 * owner migrates and owns everything; the gateway runs as a role that may only add rows to
 * audit_log, cannot switch a trigger off, and meets the retention rules like anyone else. The
 * test makes both roles on the test server (and drops them after).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { demoAccounts, type Db } from '@ihkit/adapters';
import { runCommand } from '../src/commands.js';
import { migrate, openPostgres } from '../src/db/index.js';
import { auditLogExposure, currentRole } from '../src/db/roles.js';
import { acceptedConsult, DOCTOR, ok, post, say } from './helpers/consults.js';
import { createPostgresDatabase, testServerUrl } from './helpers/databases.js';
import { login, startGateway, type TestGateway } from './helpers/gateway.js';

async function asSuperuser(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const as = (url: string, role: string, password: string) => {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.href;
};

/** The SQLSTATE a statement fails with. */
async function refusal(db: Db, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await db.query(sql, params);
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).message;
  }
  return 'allowed';
}

describe('database roles (postgres)', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `ihkit_t_owner_${suffix}`;
  const gatewayRole = `ihkit_t_gw_${suffix}`;
  const password = randomBytes(9).toString('base64url');
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let ownerUrl: string;
  let gatewayUrl: string;
  let gw: TestGateway;
  let consultId: string;
  const lines: string[] = [];
  const command = (...args: string[]) => runCommand(args, { DATABASE_URL: gatewayUrl, IHKIT_MIGRATION_DATABASE_URL: ownerUrl, IHKIT_DEMO: '1' }, (l) => lines.push(l));

  before(async () => {
    const server = testServerUrl();
    await asSuperuser(server, `CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
    await asSuperuser(server, `CREATE ROLE ${gatewayRole} LOGIN PASSWORD '${password}'`);
    database = await createPostgresDatabase(server);
    // As docs/gateway.md#database-roles sets it up: the owner owns the database and its schema.
    await asSuperuser(server, `ALTER DATABASE ${database.name} OWNER TO ${owner}`);
    await asSuperuser(database.url, `ALTER SCHEMA public OWNER TO ${owner}`);
    ownerUrl = as(database.url, owner, password);
    gatewayUrl = as(database.url, gatewayRole, password);
    gw = await startGateway({ open: () => openPostgres(gatewayUrl) }, { demo: true, sweepIntervalMs: 0, migrationDatabaseUrl: ownerUrl });
    const zhang = await login(gw, 'zhangwei', 'demo');
    const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
    const consult = await acceptedConsult(gw, zhang, doctor);
    ok(await say(gw, doctor, consult.id, '请继续按时服药。'), 201);
    ok(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '血压偏高', diagnosis: '原发性高血压', advice: '继续服药' }));
    consultId = consult.id;
  });

  after(async () => {
    await gw?.close();
    await database?.drop();
    const server = testServerUrl();
    await asSuperuser(server, `DROP ROLE IF EXISTS ${gatewayRole}`);
    await asSuperuser(server, `DROP ROLE IF EXISTS ${owner}`);
  });

  test('the gateway runs as its own role, migrated by the owner, and sees nothing it could do to the audit log', async () => {
    assert.equal(await currentRole(gw.db), gatewayRole);
    assert.deepEqual(await auditLogExposure(gw.db), []);
    assert.ok(!gw.logs.text.includes('could change or switch off the audit log'));
    const tables = await gw.db.query<{ owner: string }>(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`);
    assert.deepEqual(tables.rows.map((r) => r.owner), [owner]);
  });

  test('the gateway\'s role may add audit rows, and nothing else: not read, change, remove or switch off the chain', async () => {
    assert.equal(await refusal(gw.db, `INSERT INTO audit_log (actor_role, action, outcome) VALUES ('system', 'roleTest', 'ok')`), 'allowed');
    for (const sql of [
      'SELECT * FROM audit_log',
      `UPDATE audit_log SET outcome = 'ok'`,
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain',
      'DROP TRIGGER audit_log_no_update_delete ON audit_log',
      'SELECT * FROM audit_chain',
      `UPDATE audit_chain SET seq = 0`,
      'SET session_replication_role = replica',
      `INSERT INTO legal_holds (patient_id, reference) VALUES ('pat_x', 'x')`,
      `UPDATE legal_holds SET released_at = now()`,
      `UPDATE retention_patients SET last_visit_at = '2000-01-01'`,
      'ALTER TABLE consults DISABLE TRIGGER consults_keep_retained',
      'CREATE TABLE sneaky (x int)',
    ]) {
      assert.equal(await refusal(gw.db, sql), '42501', sql);
    }
  });

  test('as the gateway\'s role, a retained consult cannot be deleted nor its record changed', async () => {
    assert.equal(await refusal(gw.db, 'DELETE FROM consults WHERE id = $1', [consultId]), 'IH001');
    assert.equal(await refusal(gw.db, 'DELETE FROM consult_messages WHERE consult_id = $1', [consultId]), 'IH001');
    assert.equal(await refusal(gw.db, `UPDATE consults SET record = record || '{"diagnosis":"x"}' WHERE id = $1`, [consultId]), 'IH002');
    assert.equal(await refusal(gw.db, `UPDATE consults SET retain_until = now() WHERE id = $1`, [consultId]), 'IH002');
    assert.equal(await refusal(gw.db, 'TRUNCATE consult_messages'), '42501');
  });

  test('a migration run as the gateway\'s role is refused, saying to run it as the owner', async () => {
    await assert.rejects(migrate(gw.db, [{ name: 'zz_test_table', sql: 'CREATE TABLE zz_test (x int)' }]),
      /migration zz_test_table needs the database's owner .*IHKIT_MIGRATION_DATABASE_URL/);
  });

  test('the commands run as the owner: migrate grants the gateway\'s role, audit verify walks the chain, records hold / purge / release', async () => {
    assert.equal(await command('migrate'), 0);
    assert.deepEqual(lines.splice(0), ['no migrations to apply', `granted ${gatewayRole} the gateway's privileges`]);
    assert.deepEqual(await auditLogExposure(gw.db), [], 'granting again gives no more');

    assert.equal(await command('audit', 'verify'), 0);
    assert.match(lines.pop()!, /^audit chain intact: \d+ rows; heads \(chain:seq:sha256\)( \d+:\d+:[0-9a-f]{64})+$/);

    const patient = demoAccounts.find((a) => a.username === 'zhangwei')!.patientId!;
    assert.equal(await command('records', 'hold', patient, '--reference', 'case-2026-3', '--by', 'officer_3'), 0);
    const holdId = /^legal hold (\d+) placed on patient /.exec(lines.pop()!)?.[1];
    assert.ok(holdId);
    assert.equal(await command('records', 'purge'), 0);
    assert.equal(lines.pop(), 'purged 0 consults, the chat and media of 0 more, 0 lab reports, 0 follow-up plans; 0 kept (still retained)');
    assert.equal(await command('records', 'release', holdId), 0);
    assert.equal(await command('records', 'release', holdId), 1);
    assert.equal(lines.pop(), `no legal hold ${holdId} in force`);
    assert.equal(await command('records', 'hold', patient), 2, 'a hold needs its reference');
    assert.match(lines.pop()!, /^usage: /);

    assert.equal(await command('audit', 'verify'), 0);
    assert.match(lines.pop()!, /^audit chain intact/);
  });

  test('the start-up check names what the owner’s role could do to the audit log (a gateway run as the owner is warned)', async () => {
    const ownerDb = await openPostgres(ownerUrl);
    try {
      assert.deepEqual(await auditLogExposure(ownerDb), ['owns audit_log (and can switch its triggers off)', 'may UPDATE it', 'may DELETE it', 'may TRUNCATE it']);
    } finally {
      await ownerDb.close();
    }
  });
});
