/**
 * The supervision outbox (gw_017_regulator_events, regulator/outbox.ts): every step of a consult
 * is reported in order, the relay calls the platform with no transaction open, a report that
 * keeps failing is dead until an admin retries it (GET /regulator-reports, POST …/retry), and
 * every try leaves an audit row of the gateway's own (actor `system`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandboxRegulator, type RegulatorReport, type SandboxRegulator } from '@ihkit/adapters';
import type { Consult } from '@ihkit/core';
import { retryDelayMs } from '../src/outbox.js';
import { DEAD_AFTER } from '../src/regulator/outbox.js';
import { upsertUser } from '../src/users.js';
import { acceptedConsult, DOCTOR, get, ok, post, say } from './helpers/consults.js';
import { databases, demoPatient, login, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';

interface ReportView {
  id: string;
  kind: string;
  event: string;
  subjectId: string;
  subjectVersion: number;
  occurredAt: string;
  state: 'waiting' | 'dead' | 'acknowledged';
  attempts: number;
  lastError?: string;
  deadAt?: string;
  nextAttemptAt?: string;
}

for (const database of databases) {
  describe(`supervision reports (${database.name})`, () => {
    let gw: TestGateway;
    let sandbox: SandboxRegulator;
    /** Run inside each submit, while the relay waits for the platform's answer. */
    let during: ((report: RegulatorReport) => Promise<void>) | undefined;
    let zhang: string;
    let doctor: string;
    let admin: string;
    const reports = async (state: string) => ok<{ items: ReportView[] }>(await get(gw, admin, `/regulator-reports?state=${state}`)).items;

    before(async () => {
      sandbox = createSandboxRegulator();
      const regulator = { ...sandbox, submit: async (r: RegulatorReport) => {
        await during?.(r);
        return sandbox.submit.call(sandbox, r);
      } };
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, regulator });
      zhang = await login(gw, demoPatient().username, demoPatient().password);
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const adminId = await upsertUser(gw.db, { username: 'records.admin', role: 'admin', displayName: 'Admin' });
      admin = await sessionToken(adminId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 365 * 86_400_000) });
    });
    after(() => gw?.close());

    test('a consult\'s steps are reported in order; the platform is called with no transaction open', async () => {
      // While the relay waits for the platform, the report's row is free to change and the database to answer.
      const seen: string[] = [];
      during = async (r) => {
        const touched = gw.db.transaction((tx) => tx.query('UPDATE regulator_outbox SET last_error = last_error WHERE id = $1', [r.reportId]));
        await Promise.race([touched, new Promise((_, reject) => setTimeout(() => reject(new Error('the relay holds the report locked across the call')), 5000))]);
        seen.push(`${r.kind} ${r.event}`);
      };
      try {
        const consult = await acceptedConsult(gw, zhang, doctor);
        ok(await say(gw, doctor, consult.id, '请继续按时服药。'), 201);
        ok(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '血压偏高', diagnosis: '原发性高血压', advice: '继续服药' }));
        assert.deepEqual(await gw.relayReports(), { acked: 3, failed: 0 });
        assert.deepEqual(seen, ['consult created', 'consult accepted', 'consult completed']);
        const referred = await acceptedConsult(gw, zhang, doctor);
        ok(await post(gw, doctor, `/consults/${referred.id}/refer`, { reason: '需要面诊检查' }));
        assert.deepEqual(await gw.relayReports(), { acked: 3, failed: 0 });
        assert.deepEqual(seen.slice(3), ['consult created', 'consult accepted', 'consult referred']);
        assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 0 }, 'each once');
      } finally {
        during = undefined;
      }
    });

    test('a report that keeps failing is dead until an admin retries it; the subject\'s later reports wait behind it', async () => {
      sandbox.down = true;
      const paid = ok<Consult>(await get(gw, zhang, `/consults/${(await acceptedConsult(gw, zhang, doctor)).id}`));
      // 'created' fails; 'accepted' waits for it.
      for (let attempt = 1; attempt <= DEAD_AFTER; attempt++) {
        assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 1 }, `try ${attempt}`);
        assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 0 }, 'not again before its time');
        gw.clock.set(gw.clock.ms + retryDelayMs(attempt) + 1000);
      }
      const dead = (await reports('dead')).filter((r) => r.subjectId === paid.id);
      assert.equal(dead.length, 1);
      const { id: _id, occurredAt, deadAt, ...rest } = dead[0]!;
      assert.deepEqual(rest, { kind: 'consult', event: 'created', subjectId: paid.id, subjectVersion: 1, state: 'dead', attempts: DEAD_AFTER, lastError: 'Error' });
      assert.ok(Date.parse(deadAt!) > Date.parse(occurredAt));
      assert.ok(!(await reports('waiting')).some((r) => r.id === dead[0]!.id));
      assert.ok(gw.logs.text.includes('a supervision report failed too often: dead until an admin retries it'));
      // Dead: not tried again, however long one waits — and the platform back does not change that.
      sandbox.down = false;
      gw.clock.set(gw.clock.ms + 7 * 86_400_000);
      assert.deepEqual(await gw.relayReports(), { acked: 0, failed: 0 });
      assert.ok((await reports('waiting')).some((r) => r.subjectId === paid.id && r.event === 'accepted'), 'the accepted report waits behind the dead one');

      // Every try left a row of its own.
      const tries = await gw.db.query<{ outcome: string; actor_role: string; patient_id: string }>(
        `SELECT outcome, actor_role, patient_id FROM audit_log WHERE action = 'reportToRegulator' AND resource_id = $1`, [dead[0]!.id]);
      assert.equal(tries.rows.length, DEAD_AFTER);
      assert.ok(tries.rows.every((r) => r.outcome === 'error' && r.actor_role === 'system' && r.patient_id === demoPatient().patientId));

      // The admin retries: it waits again with a fresh count, and goes (with the one behind it) at the next relay.
      const retried = ok<ReportView>(await post(gw, admin, `/regulator-reports/${dead[0]!.id}/retry`));
      assert.equal(retried.state, 'waiting');
      assert.equal(retried.attempts, 0);
      assert.ok(retried.nextAttemptAt);
      assert.deepEqual(await gw.relayReports(), { acked: 2, failed: 0 });
      const done = (await reports('acknowledged')).filter((r) => r.subjectId === paid.id).map((r) => `${r.event} ${r.state} ${r.attempts}`).sort();
      assert.deepEqual(done, ['accepted acknowledged 1', 'created acknowledged 1']);
      const retryRow = await gw.db.query<{ actor_role: string; outcome: string }>(`SELECT actor_role, outcome FROM audit_log WHERE action = 'retryRegulatorReport' AND resource_id = $1`, [dead[0]!.id]);
      assert.deepEqual(retryRow.rows, [{ actor_role: 'admin', outcome: 'ok' }]);

      // An acknowledged report is not sent again; an unknown one is not found; the list is the admins'.
      const again = await post(gw, admin, `/regulator-reports/${dead[0]!.id}/retry`);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'INVALID_STATE');
      assert.equal((await post(gw, admin, '/regulator-reports/rpt_nothing/retry')).statusCode, 404);
      zhang = await login(gw, demoPatient().username, demoPatient().password); // the week waited out their sessions
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      assert.equal((await get(gw, zhang, '/regulator-reports?state=dead')).statusCode, 403);
      assert.equal((await post(gw, doctor, `/regulator-reports/${dead[0]!.id}/retry`)).statusCode, 403);
    });

    test('what the admins see is ids and state, never what a report carries', async () => {
      const all = [...(await reports('acknowledged')), ...(await reports('waiting')), ...(await reports('dead'))];
      assert.ok(all.length > 0);
      const text = JSON.stringify(all);
      assert.ok(!/血压|原发性高血压|张伟|payload|complaint/.test(text), text);
      for (const r of all) assert.deepEqual(Object.keys(r).filter((k) => !['id', 'kind', 'event', 'subjectId', 'subjectVersion', 'occurredAt', 'state', 'attempts', 'nextAttemptAt', 'lastError', 'deadAt', 'acknowledgedAt'].includes(k)), []);
    });
  });
}
