/**
 * Follow-up plans are medical records (gw_027_care_retention): the database refuses to delete a
 * plan, its readings, alerts or earlier versions while the plan runs, for 15 years after it
 * ended, and while its patient is on legal hold; readings and versions are kept as written, an
 * alert is acknowledged once, an ended plan changes no more. The purge job removes an ended
 * plan past its date with all of it, with its audit row.
 *
 * The database's clock cannot be moved: a plan is made old by moving its end back with the
 * database's rules off, as only a superuser could.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts, type Queryable } from '@ihkit/adapters';
import type { CarePlan, CareReading } from '@ihkit/core';
import { placeHold } from '../src/records/holds.js';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { ok, post } from './helpers/consults.js';

const NURSE = demoAccounts.find((a) => a.role === 'nurse')!;
const account = (username: string) => demoAccounts.find((a) => a.username === username)!;
const ZHANG = account('zhangwei');
const WANGFANG = account('wangfang');
const MOTHER = ZHANG.family.find((f) => f.relation === 'parent')!.patientId;
const HUSBAND = WANGFANG.family.find((f) => f.relation === 'spouse')!.patientId;
const TABLES = ['care_plans', 'care_readings', 'care_alerts', 'care_plan_versions'] as const;

const count = async (q: Queryable, sql: string, params: unknown[] = []) => Number((await q.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]!.n);
const refused = (code: string, pattern: RegExp) => (e: Error & { code?: string }) => {
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  return true;
};

for (const database of databases) {
  describe(`retention of follow-up plans (${database.name})`, () => {
    let gw: TestGateway;
    let nurse: string;
    const key = () => ({ 'idempotency-key': newKey() });

    /** A hypertension plan of `patientId` with a reading in target and a high one (an alert, acknowledged), changed once and ended. */
    async function endedPlan(patientToken: string, patientId: string): Promise<CarePlan> {
      const plan = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId, templateId: 'hypertension' }, key()), 201);
      const bp = (systolic: number, diastolic: number) => ({ kind: 'blood-pressure', systolic, diastolic, takenAt: gw.clock.now().toISOString(), source: 'manual' });
      ok(await post(gw, patientToken, `/care/plans/${plan.id}/readings`, bp(128, 80), key()), 201);
      const high = ok<CareReading>(await post(gw, patientToken, `/care/plans/${plan.id}/readings`, bp(176, 104), key()), 201);
      ok(await post(gw, nurse, `/care/alerts/${high.alertId}/acknowledge`));
      ok(await post(gw, nurse, `/care/plans/${plan.id}/changes`, { version: 1, revisitEveryDays: 30 }));
      return ok<CarePlan>(await post(gw, nurse, `/care/plans/${plan.id}/end`, { reason: 'transferred' }));
    }

    /** Moves the plan's end `years` back. */
    const makeOld = (planId: string, years: number) => gw.db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query('UPDATE care_plans SET ended_at = ended_at - $2::interval WHERE id = $1', [planId, `${years} years`]);
    });

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      nurse = await login(gw, NURSE.username, NURSE.password);
    });
    after(() => gw?.close());

    test('a running plan and all of it cannot be deleted or rewritten; an ended one neither, nor changed', async () => {
      const zhang = await login(gw, ZHANG.username, ZHANG.password);
      const running = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: ZHANG.patientId!, templateId: 'type-2-diabetes' }, key()), 201);
      const reading = ok<CareReading>(await post(gw, zhang, `/care/plans/${running.id}/readings`, { kind: 'blood-pressure', systolic: 182, diastolic: 110, takenAt: gw.clock.now().toISOString(), source: 'manual' }, key()), 201);
      await assert.rejects(gw.db.query('DELETE FROM care_readings WHERE id = $1', [reading.id]), refused('IH001', /care_readings .* DELETE refused/));
      await assert.rejects(gw.db.query('DELETE FROM care_alerts WHERE id = $1', [reading.alertId]), refused('IH001', /care_alerts .* DELETE refused/));
      await assert.rejects(gw.db.query('DELETE FROM care_plans WHERE id = $1', [running.id]), refused('IH001', /care_plans .* DELETE refused/));
      await assert.rejects(gw.db.query('UPDATE care_readings SET systolic = 130 WHERE id = $1', [reading.id]), /append-only/);
      await assert.rejects(gw.db.query('UPDATE care_plans SET thresholds = $2 WHERE id = $1', [running.id, '[]']), refused('IH002', /changes only by a new version/));
      await assert.rejects(gw.db.query('UPDATE care_plans SET patient_id = $2 WHERE id = $1', [running.id, MOTHER]), refused('IH002', /changes only by a new version/));
      ok(await post(gw, nurse, `/care/alerts/${reading.alertId}/acknowledge`));
      await assert.rejects(gw.db.query('UPDATE care_alerts SET acknowledged_at = now() WHERE id = $1', [reading.alertId]), refused('IH002', /acknowledged once/));
      for (const t of TABLES) await assert.rejects(gw.db.query(`TRUNCATE ${t} CASCADE`), /TRUNCATE refused/, t);

      const ended = await endedPlan(zhang, ZHANG.patientId!);
      await assert.rejects(gw.db.query('UPDATE care_plans SET ended_at = NULL WHERE id = $1', [ended.id]), refused('IH002', /an ended one not at all/));
      await assert.rejects(gw.db.query('DELETE FROM care_plan_versions WHERE plan_id = $1', [ended.id]), refused('IH001', /DELETE refused/), 'kept 15 years from its end');
      await assert.rejects(gw.db.query('UPDATE care_plan_versions SET revisit_every_days = 1 WHERE plan_id = $1', [ended.id]), /append-only/);
      assert.equal(await gw.purgeRecords().then((r) => r.carePlans), 0, 'nothing past its date');
    });

    test('the purge removes an ended plan past its retention with all of it, and keeps one on legal hold', async () => {
      const mother = await endedPlan(await login(gw, ZHANG.username, ZHANG.password), MOTHER);
      const husband = await endedPlan(await login(gw, WANGFANG.username, WANGFANG.password), HUSBAND);
      await makeOld(mother.id, 16);
      await makeOld(husband.id, 16);
      await placeHold(gw.db, HUSBAND, 'court order 2026-31');
      const before = await count(gw.db, 'care_plans');

      const result = await gw.purgeRecords();
      assert.deepEqual(result, { consults: 0, chatMedia: 0, labReports: 0, carePlans: 1, kept: 0 });
      for (const [t, col] of [['care_plans', 'id'], ['care_readings', 'plan_id'], ['care_alerts', 'plan_id'], ['care_plan_versions', 'plan_id']] as const) {
        assert.equal(await count(gw.db, `${t} WHERE ${col} = $1`, [mother.id]), 0, `${t} of the old plan`);
        assert.ok(await count(gw.db, `${t} WHERE ${col} = $1`, [husband.id]) > 0, `${t} of the held plan`);
      }
      assert.equal(await count(gw.db, 'care_plans'), before - 1);
      const rows = (await gw.db.query<{ actor_role: string; resource_type: string; resource_id: string; patient_id: string }>(
        `SELECT actor_role, resource_type, resource_id, patient_id FROM audit_log WHERE action = 'purgeRecords' ORDER BY id`)).rows;
      assert.deepEqual(rows, [{ actor_role: 'system', resource_type: 'care_plan', resource_id: mother.id, patient_id: MOTHER }]);
      await assert.rejects(gw.db.query('DELETE FROM care_readings WHERE plan_id = $1', [husband.id]), /DELETE refused/, 'on legal hold');
      assert.ok((await gw.verifyAudit()).ok);
    });
  });
}
