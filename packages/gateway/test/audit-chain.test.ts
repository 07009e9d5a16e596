/**
 * The audit log as hash chains (gw_015_audit_chain, gw_033_audit_chains, audit-chain.ts): the
 * database fills in each row's chain, place and hashes, concurrent transactions spread over the
 * chains — each unbroken, a transaction's rows in one — a call's row commits with its change or
 * not at all, and `ihkit-gateway audit verify` names the first row that was changed, removed or
 * cut off by hand.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Queryable } from '@ihkit/adapters';
import { chainText, verifyAuditChain, type ChainRow, type ChainVerdict } from '../src/audit-chain.js';
import { jobEntry, writeAudit } from '../src/audit.js';
import { runCommand } from '../src/commands.js';
import { openDb } from '../src/db/index.js';
import { acceptedConsult, DOCTOR, get, post, say } from './helpers/consults.js';
import { createPostgresDatabase } from './helpers/databases.js';
import { databases, demoPatient, login, startGateway, type TestGateway } from './helpers/gateway.js';

/** Runs `fn` in a transaction with the database's triggers off (as a superuser could), then rolls everything back. */
async function tampered<T>(gw: TestGateway, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  let result: T | undefined;
  const undo = new Error('undo');
  await gw.db
    .transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      result = await fn(tx);
      throw undo;
    })
    .catch((e: unknown) => {
      if (e !== undo) throw e;
    });
  return result as T;
}

const broken = (v: ChainVerdict) => (v.ok ? undefined : v.broken);
// The tests tamper with chain 0, which every transaction takes while no other holds it.
const seqOf = async (q: Queryable, nth: 'first' | 'middle' | 'last') => {
  const { rows } = await q.query<{ lo: number; hi: number }>('SELECT min(seq)::int AS lo, max(seq)::int AS hi FROM audit_log WHERE chain = 0');
  const { lo, hi } = rows[0]!;
  return nth === 'first' ? lo : nth === 'last' ? hi : Math.floor((lo + hi) / 2);
};
const idAt = async (q: Queryable, seq: number) => (await q.query<{ id: number }>('SELECT id FROM audit_log WHERE chain = 0 AND seq = $1', [seq])).rows[0]!.id;

for (const database of databases) {
  describe(`audit chain (${database.name})`, () => {
    let gw: TestGateway;
    let zhang: string;
    let doctor: string;

    before(async () => {
      gw = await startGateway(database, { demo: true });
      zhang = await login(gw, demoPatient().username, demoPatient().password);
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const consult = await acceptedConsult(gw, zhang, doctor);
      assert.equal((await say(gw, zhang, consult.id, '头晕好些了')).statusCode, 201);
      assert.equal((await get(gw, doctor, `/consults/${consult.id}/messages?after=0`)).statusCode, 200);
    });
    after(() => gw?.close());

    test('every row follows the one before it in its chain, in seq order without gaps, and the database fills the chain in whatever the INSERT says', async () => {
      const count = Number((await gw.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);
      assert.ok(count > 10, `the calls left rows: ${count}`);
      const verdict = await gw.verifyAudit();
      assert.ok(verdict.ok, JSON.stringify(verdict));
      assert.equal(verdict.rows, count);
      const heads = (await gw.db.query<{ chain: number; seq: number; hash: Uint8Array }>('SELECT chain, seq::int AS seq, hash FROM audit_chain WHERE seq > 0 ORDER BY chain')).rows;
      assert.deepEqual(verdict.heads, heads.map((h) => ({ chain: h.chain, seq: h.seq, hash: Buffer.from(h.hash).toString('hex') })));
      assert.equal((await gw.db.query('SELECT chain FROM audit_chain')).rows.length, 16);

      // A writer cannot choose its chain, its place, its time or its hashes.
      const head0 = heads.find((h) => h.chain === 0)!;
      await gw.db.query(
        `INSERT INTO audit_log (actor_id, actor_role, action, outcome, at, chain, seq, prev_hash, hash) VALUES ('usr_x', 'patient', 'forged', 'ok', '2001-01-01', 9, 1, '\\x00', '\\x00')`);
      const forged = (await gw.db.query<{ chain: number; seq: number; at: Date }>(`SELECT chain, seq::int AS seq, at FROM audit_log WHERE action = 'forged'`)).rows[0]!;
      assert.deepEqual([forged.chain, forged.seq], [0, head0.seq + 1]);
      assert.ok(forged.at.getUTCFullYear() > 2001);
      assert.ok((await gw.verifyAudit()).ok);
    });

    test('the text the verifier hashes is the one the database hashed (ihkit_audit_text), for every row', async () => {
      const { rows } = await gw.db.query<ChainRow & { db_text: string }>(
        `SELECT id, seq::int AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_utc, actor_id, actor_role, action, patient_id,
                resource_type, resource_id, outcome, request_id, prev_hash, hash,
                ihkit_audit_text(seq, at, actor_id, actor_role, action, patient_id, resource_type, resource_id, outcome, request_id) AS db_text
           FROM audit_log ORDER BY seq`);
      for (const r of rows) assert.equal(chainText(r), r.db_text);
      // Names and text with multi-byte characters, a | and a : are told apart by their lengths.
      assert.notEqual(chainText({ ...rows[0]!, actor_id: 'a|1:b', actor_role: null }), chainText({ ...rows[0]!, actor_id: 'a', actor_role: '1:b' }));
    });

    test('concurrent transactions spread over the chains, each unbroken, a transaction\'s rows together in one; a rolled-back one gives its places back', async () => {
      const headsBefore = new Map((await gw.db.query<{ chain: number; seq: number }>('SELECT chain, seq::int AS seq FROM audit_chain')).rows.map((h) => [h.chain, h.seq]));
      const writes = Array.from({ length: 24 }, (_, i) =>
        gw.db.transaction(async (tx) => {
          await writeAudit(tx, jobEntry('chainTest', { resourceType: 'test', resourceId: String(i), patientIds: [`pat_${i}`, `pat_${i + 1}`] }, 'run_chain'));
          // A second INSERT of the same transaction joins the chain its first row took.
          await writeAudit(tx, jobEntry('chainTest', { resourceType: 'test', resourceId: String(i), patientIds: [`pat_${i + 2}`] }, 'run_chain'));
          // Held open a moment, so that on a server the transactions overlap.
          await tx.query('SELECT pg_sleep(0.02)');
          if (i % 6 === 5) throw new Error('rolled back');
        }).catch((e: Error) => assert.equal(e.message, 'rolled back')),
      );
      await Promise.all(writes);
      const { rows } = await gw.db.query<{ chain: number; seq: number; resource_id: string }>(`SELECT chain, seq::int AS seq, resource_id FROM audit_log WHERE action = 'chainTest' ORDER BY chain, seq`);
      assert.equal(rows.length, 20 * 3);
      const chainsOf = new Map<string, Set<number>>();
      for (const r of rows) chainsOf.set(r.resource_id, (chainsOf.get(r.resource_id) ?? new Set()).add(r.chain));
      for (const [id, chains] of chainsOf) assert.equal(chains.size, 1, `transaction ${id}'s rows are in one chain`);
      // In each chain, the test's rows take the places right after the head they found, without gaps.
      const byChain = new Map<number, typeof rows>();
      for (const r of rows) byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), r]);
      for (const [chain, inChain] of byChain) {
        assert.deepEqual(inChain.map((r) => r.seq), inChain.map((_, i) => headsBefore.get(chain)! + 1 + i), `chain ${chain}`);
      }
      if (database.name === 'postgres') assert.ok(byChain.size > 1, `overlapping transactions took several chains: ${[...byChain.keys()].join(', ')}`);
      assert.ok((await gw.verifyAudit()).ok);
    });

    test('a change and its audit row commit together: when the row cannot be written, the change is not made', async () => {
      const consult = await acceptedConsult(gw, zhang, doctor);
      const messagesOf = async () => Number((await gw.db.query<{ n: string }>('SELECT count(*) AS n FROM consult_messages WHERE consult_id = $1', [consult.id])).rows[0]!.n);
      const before = await messagesOf();
      // The audit log refuses this one call's row (a stand-in for any failure at the audit write).
      await gw.db.query(`CREATE FUNCTION test_refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit row refused'; END $$`);
      await gw.db.query(`CREATE TRIGGER test_refuse_row BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'sendConsultMessage') EXECUTE FUNCTION test_refuse_row()`);
      try {
        const res = await say(gw, zhang, consult.id, '这条不会留下');
        assert.equal(res.statusCode, 500);
      } finally {
        await gw.db.query('DROP TRIGGER test_refuse_row ON audit_log');
        await gw.db.query('DROP FUNCTION test_refuse_row()');
      }
      assert.equal(await messagesOf(), before, 'the message was not stored without its audit row');
      // And when it can, the row is the change's: written in its transaction, it names the message.
      const sent = await say(gw, zhang, consult.id, '这条会留下');
      assert.equal(sent.statusCode, 201);
      const rows = (await gw.db.query<{ resource_id: string; outcome: string }>(
        `SELECT resource_id, outcome FROM audit_log WHERE action = 'sendConsultMessage' AND request_id = $1`, [sent.headers['x-request-id']])).rows;
      assert.deepEqual(rows, [{ resource_id: sent.json().id, outcome: 'ok' }], 'one row, not one in the transaction and another after it');
      assert.ok((await gw.verifyAudit()).ok);
    });

    test('a write outside a transaction in an audited call is refused (it would commit without its row)', async () => {
      const res = await post(gw, zhang, '/consults/con_nope/read', { seq: 1 });
      assert.equal(res.statusCode, 404, 'the call itself goes through its transaction');
      const { auditedDb } = await import('../src/audited-db.js');
      const db = auditedDb(gw.db, () => jobEntry('x', { resourceType: 'test', patientIds: [] }, 'run'), 'testCall');
      await assert.rejects(db.query(`UPDATE consults SET patient_read_seq = 0 WHERE false`), /testCall: a change outside services\.db\.transaction\(\) would commit without its audit row/);
      await assert.rejects(db.query(`WITH x AS (DELETE FROM consults WHERE false RETURNING 1) SELECT 1`), /would commit without its audit row/);
      assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    });

    test('a row changed by hand is found and named: its contents no longer give its hash', async () => {
      const seq = await seqOf(gw.db, 'middle');
      const found = await tampered(gw, async (tx) => {
        await tx.query(`UPDATE audit_log SET patient_id = 'pat_someone_else' WHERE chain = 0 AND seq = $1`, [seq]);
        return verifyAuditChain(tx, { batch: 7 });
      });
      assert.deepEqual(broken(found), { chain: 0, seq, id: await idAt(gw.db, seq), reason: 'its contents do not give its hash: it was changed after it was written' });
      assert.equal(found.rows, seq - 1);
    });

    test('a row removed from the middle, from the end, or the first one, is found and named', async () => {
      const middle = await seqOf(gw.db, 'middle');
      const inMiddle = await tampered(gw, async (tx) => {
        await tx.query('DELETE FROM audit_log WHERE chain = 0 AND seq = $1', [middle]);
        return verifyAuditChain(tx);
      });
      assert.equal(broken(inMiddle)?.seq, middle);
      assert.match(broken(inMiddle)!.reason, new RegExp(`^missing: the chain goes from seq ${middle - 1} to seq ${middle + 1}`));

      const last = await seqOf(gw.db, 'last');
      const atEnd = await tampered(gw, async (tx) => {
        await tx.query('DELETE FROM audit_log WHERE chain = 0 AND seq >= $1', [last - 2]);
        return verifyAuditChain(tx);
      });
      assert.equal(broken(atEnd)?.seq, last - 2);
      assert.match(broken(atEnd)!.reason, /rows at the end were removed/);

      const first = await tampered(gw, async (tx) => {
        await tx.query('DELETE FROM audit_log WHERE chain = 0 AND seq = 1');
        return verifyAuditChain(tx);
      });
      assert.equal(broken(first)?.seq, 1);
    });

    test('a chain rewritten after a changed row verifies alone, but not against a head recorded before (--anchor)', async () => {
      const verdict = (await gw.verifyAudit()) as Extract<ChainVerdict, { ok: true }>;
      const anchor = verdict.heads.find((h) => h.chain === 0);
      assert.ok(verdict.ok && anchor);
      const seq = await seqOf(gw.db, 'middle');
      const [alone, anchored] = await tampered(gw, async (tx) => {
        await tx.query(`UPDATE audit_log SET outcome = 'denied' WHERE chain = 0 AND seq = $1`, [seq]);
        // Whoever could switch the triggers off could recompute every hash after it, and the head.
        await tx.query(`DO $$
          DECLARE r record; prev bytea;
          BEGIN
            SELECT hash INTO prev FROM audit_log WHERE chain = 0 AND seq = ${seq - 1};
            FOR r IN SELECT * FROM audit_log WHERE chain = 0 AND seq >= ${seq} ORDER BY seq LOOP
              prev := sha256(prev || convert_to(ihkit_audit_text(r.seq, r.at, r.actor_id, r.actor_role, r.action, r.patient_id, r.resource_type, r.resource_id, r.outcome, r.request_id), 'UTF8'));
              UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE chain = 0 AND seq = r.seq - 1), hash = prev WHERE chain = 0 AND seq = r.seq;
            END LOOP;
            UPDATE audit_chain SET hash = prev WHERE chain = 0;
          END $$`);
        return [await verifyAuditChain(tx), await verifyAuditChain(tx, { anchors: [anchor] })];
      });
      assert.ok(alone.ok, 'a consistent rewrite verifies on its own');
      assert.deepEqual([broken(anchored)?.chain, broken(anchored)?.seq], [0, anchor.seq]);
      assert.match(broken(anchored)!.reason, /its hash is not the anchor's/);
    });
  });
}

/** The command, on a database of its own (a PGlite directory, a database on the server). */
for (const driver of ['pglite', 'postgres'] as const) {
  test(`ihkit-gateway audit verify prints the first broken row and exits 1 (${driver})`, async (t) => {
    let env: NodeJS.ProcessEnv;
    let cleanup: () => Promise<void>;
    if (driver === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'ihkit-chain-'));
      env = { IHKIT_DATA_DIR: dir, IHKIT_DEMO: '0' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const created = await createPostgresDatabase();
      env = { DATABASE_URL: created.url, IHKIT_DEMO: '0' };
      cleanup = created.drop;
    }
    t.after(() => cleanup());
    const lines: string[] = [];
    const run = (...args: string[]) => runCommand(args, env, (l) => lines.push(l));

    assert.equal(await run('migrate'), 0);
    assert.match(lines.at(-1)!, /^applied gw_001.*gw_015_audit_chain, gw_016_retention, gw_017_regulator_events/);
    assert.equal(await run('audit', 'verify'), 0);
    assert.equal(lines.at(-1), 'audit chain intact: no rows yet');

    const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.IHKIT_DATA_DIR! });
    try {
      for (let i = 0; i < 5; i++) await writeAudit(db, jobEntry('chainTest', { resourceType: 'test', resourceId: String(i), patientIds: [`pat_${i}`] }, 'run_cli'));
    } finally {
      await db.close();
    }
    assert.equal(await run('audit', 'verify'), 0);
    const intact = /^audit chain intact: 5 rows; heads \(chain:seq:sha256\) (0:5:([0-9a-f]{64}))$/.exec(lines.at(-1)!);
    assert.ok(intact, lines.at(-1));
    assert.equal(await run('audit', 'verify', '--anchor', intact[1]!), 0);
    // A head printed before the chains (<seq>:<sha256>) is chain 0's.
    assert.equal(await run('audit', 'verify', '--anchor', `5:${intact[2]}`), 0);
    assert.equal(await run('audit', 'verify', '--anchor', `0:4:${intact[2]}`), 1);
    assert.match(lines.at(-1)!, /^audit chain 0 broken at seq 4 .*its hash is not the anchor's/);

    const db2 = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.IHKIT_DATA_DIR! });
    try {
      await db2.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(`UPDATE audit_log SET resource_id = '99' WHERE chain = 0 AND seq = 3`);
      });
    } finally {
      await db2.close();
    }
    assert.equal(await run('audit', 'verify'), 1);
    assert.match(lines.at(-1)!, /^audit chain 0 broken at seq 3 \(audit_log id \d+\): its contents do not give its hash: it was changed after it was written; 2 rows before it verify$/);
    assert.equal(await run('audit', 'verify', '--anchor', 'nonsense'), 2);
    assert.match(lines.at(-1)!, /--anchor is <chain>:<seq>:<sha256 in hex>/);
  });
}
