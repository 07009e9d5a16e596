/**
 * Deliveries over the realtime socket are audited per delivery (realtime/delivery-audit.ts):
 * each consult message and each notice naming a patient's record that reaches a user leaves a
 * row — who received what, by id, never the text — written in groups before the frames go
 * out, and the audit chain still verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Consult, ConsultMessage } from '@ihkit/core';
import type { Queryable } from '@ihkit/adapters';
import { writeAuditRows, type AuditRow as NewAuditRow } from '../src/audit.js';
import { DeliveryAudit } from '../src/realtime/delivery-audit.js';
import { migrate } from '../src/db/index.js';
import { migrationsOf } from '../src/migrations/index.js';
import { connections, eventually, listen } from './helpers/live.js';
import { databases, login, startGateway, type AuditRow, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, ok, post, say } from './helpers/consults.js';

const TEXT = '请把最近一周的血压记录发给我';

for (const database of databases) {
  describe(`realtime deliveries are audited (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    let zhang: string;
    let doctor: string;
    let consult: Consult;
    const live = connections();

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      url = await listen(gw);
      zhang = await login(gw, 'zhangwei', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      consult = await acceptedConsult(gw, zhang, doctor);
    });
    after(async () => {
      live.closeAll();
      await gw?.close();
    });

    test('each message delivered leaves a row naming the receiver, the patient and the message, and no text', async () => {
      const got: ConsultMessage[] = [];
      const conn = live.connect(url, zhang);
      conn.subscribe(consult.id, 0, { message: (m) => got.push(m) });
      await eventually(() => assert.ok(got.some((m) => m.event === 'accepted'), JSON.stringify(got)));
      const sent = await Promise.all([1, 2, 3, 4, 5].map((i) => say(gw, doctor, consult.id, `${TEXT} ${i}`).then((r) => ok<ConsultMessage>(r, 201))));
      await eventually(() => assert.ok(sent.every((s) => got.some((m) => m.id === s.id)), JSON.stringify([sent.map((s) => s.id), got.map((m) => m.id)])));

      const rows = (await gw.db.query<AuditRow>(`SELECT * FROM audit_log WHERE action = 'deliverConsultMessage' ORDER BY id`)).rows;
      const patientUser = rows[0]!.actor_id;
      assert.equal(rows.length, got.length, 'one row per message delivered');
      assert.deepEqual(rows.map((r) => r.resource_id).sort(), got.map((m) => m.id).sort());
      for (const r of rows) {
        assert.equal(r.actor_id, patientUser);
        assert.equal(r.actor_role, 'patient');
        assert.equal(r.patient_id, consult.patient.id);
        assert.equal(r.resource_type, 'consult_message');
        assert.equal(r.outcome, 'ok');
      }
      assert.ok(!JSON.stringify(rows).includes(TEXT), 'no message text in the audit log');
      assert.ok((await gw.verifyAudit()).ok, 'the chain verifies');
    });

    test('a notice naming a patient\'s record delivered to a watching patient leaves its row', async () => {
      const conn = live.connect(url, zhang);
      const consults: Array<string | undefined> = [];
      conn.onConsults((id) => consults.push(id));
      await eventually(() => assert.equal(conn.state, 'open'));
      await new Promise((r) => setTimeout(r, 300)); // the watch frame reaches the gateway
      ok(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '头晕', diagnosis: '高血压', advice: '按时服药' }));
      await eventually(() => assert.ok(consults.includes(consult.id), JSON.stringify(consults)), 10_000);
      const rows = (await gw.db.query<AuditRow>(`SELECT * FROM audit_log WHERE action = 'deliverConsultNotice' AND resource_id = $1`, [consult.id])).rows;
      assert.equal(rows.length, consults.filter((c) => c === consult.id).length, 'one row per notice delivered');
      assert.equal(rows[0]!.patient_id, consult.patient.id);
      assert.equal(rows[0]!.actor_role, 'patient');
      assert.equal(rows[0]!.resource_type, 'consult');
      assert.ok((await gw.verifyAudit()).ok);
    });
  });

  describe(`delivery audit groups its rows (${database.name})`, () => {
    const row = (i: number): NewAuditRow => ({ actorId: `usr_${i}`, actorRole: 'patient', action: 'deliverConsultMessage', patientId: 'pat_1', resourceType: 'consult_message', resourceId: `msg_${i}`, outcome: 'ok', requestId: 'req_1' });

    test('deliveries asked for together go in one INSERT, in order, and the chain verifies', async () => {
      const db = await database.open();
      try {
        await migrate(db, migrationsOf(false));
        const audit = new DeliveryAudit(db);
        const done: number[] = [];
        await Promise.all(Array.from({ length: 100 }, (_, i) => audit.record([row(i)]).then(() => done.push(i))));
        assert.equal(audit.flushes, 1, 'one INSERT for 100 deliveries asked for at once');
        const ids = (await db.query<{ resource_id: string }>('SELECT resource_id FROM audit_log ORDER BY id')).rows.map((r) => r.resource_id);
        assert.deepEqual(ids, Array.from({ length: 100 }, (_, i) => `msg_${i}`));
        // While one INSERT is on its way (held here until `open`), what is asked meanwhile waits for the next.
        let open!: () => void;
        const gate = new Promise<void>((r) => (open = r));
        const held = new DeliveryAudit({ query: async (text: string, values?: unknown[]) => { await gate; return db.query(text, values); } } as Queryable);
        const first = held.record([row(100)]);
        await new Promise((r) => setImmediate(r));
        const meanwhile = [101, 102, 103].map((i) => held.record([row(i)]));
        open();
        await Promise.all([first, ...meanwhile]);
        assert.equal(held.flushes, 2, 'the first INSERT, then one for the three asked meanwhile');
        // Connections that each deliver again as soon as their last is written: none is left waiting.
        let n = 200;
        await Promise.all(Array.from({ length: 20 }, async () => {
          for (let k = 0; k < 10; k++) await audit.record([row(n++)]);
        }));
        assert.equal((await db.query('SELECT 1 FROM audit_log')).rows.length, 304);
        const { verifyAuditChain } = await import('../src/audit-chain.js');
        assert.ok((await verifyAuditChain(db)).ok);
      } finally {
        await db.close();
      }
    });

    test('a group whose rows cannot be written is refused: nothing is sent', async () => {
      const db = await database.open();
      try {
        // No audit_log table: the INSERT fails.
        const audit = new DeliveryAudit(db);
        await assert.rejects(audit.record([row(1)]));
        await migrate(db, migrationsOf(false));
        await audit.record([row(2)]);
        await writeAuditRows(db, []);
        assert.equal((await db.query('SELECT 1 FROM audit_log')).rows.length, 1);
      } finally {
        await db.close();
      }
    });
  });
}
