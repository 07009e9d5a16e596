/**
 * The care team changes a running plan (readings and how often, targets and alert limits, the
 * revisit interval) and ends it; the patient's view follows at once. Each change is made on the
 * version the caller read, and the version it replaced is kept; an ended plan is changed and
 * added to no more, and leaves the worklist and the patient's list.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts } from '@ihkit/adapters';
import type { CareAlert, CarePlan, CareReading, CareThreshold } from '@ihkit/core';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { get, ok, OTHER_DOCTOR, post } from './helpers/consults.js';

const NURSE = demoAccounts.find((a) => a.role === 'nurse')!;
const ZHANG = demoAccounts.find((a) => a.username === 'zhangwei')!;

for (const database of databases) {
  describe(`changing and ending follow-up plans (${database.name})`, () => {
    let gw: TestGateway;
    let nurse: string;
    let patient: string;
    let plan: CarePlan;
    const key = () => ({ 'idempotency-key': newKey() });
    const bp = (systolic: number, diastolic: number) => ({ kind: 'blood-pressure', systolic, diastolic, takenAt: gw.clock.now().toISOString(), source: 'manual' });
    const systolic = (t: CareThreshold[]) => t.find((x) => x.metric === 'systolic')!;

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      nurse = await login(gw, NURSE.username, NURSE.password);
      patient = await login(gw, ZHANG.username, ZHANG.password);
      plan = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: ZHANG.patientId!, templateId: 'hypertension' }, key()), 201);
      assert.equal(plan.version, 1);
      assert.equal(plan.status, 'active');
    });
    after(() => gw?.close());

    test('the care team tightens the targets and the frequency; the patient’s plan and readings follow, the old version is kept', async () => {
      const first = ok<CareReading>(await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(152, 88), key()), 201);
      assert.equal(first.alertId, undefined, '152 is outside the target, below the alert limit of 160');
      const thresholds = plan.thresholds.map((t) => (t.metric === 'systolic' ? { ...t, targetHigh: 130, alertHigh: 150 } : t));
      const changed = ok<CarePlan>(await post(gw, nurse, `/care/plans/${plan.id}/changes`, {
        version: 1, thresholds, measures: [{ kind: 'blood-pressure', everyDays: 2 }, { kind: 'weight', everyDays: 7 }], revisitEveryDays: 30,
      }));
      assert.equal(changed.version, 2);
      assert.ok(changed.changedAt);
      assert.equal(systolic(changed.thresholds).alertHigh, 150);
      assert.equal(changed.revisitEveryDays, 30);

      const seen = ok<CarePlan>(await get(gw, patient, `/care/plans/${plan.id}`));
      assert.equal(systolic(seen.thresholds).targetHigh, 130, 'the patient sees the new target');
      assert.equal(seen.tasks.find((t) => t.kind === 'blood-pressure')!.everyDays, 2);
      assert.equal(ok<{ items: CarePlan[] }>(await get(gw, patient, '/care/plans')).items.find((p) => p.id === plan.id)!.version, 2);
      const second = ok<CareReading>(await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(152, 88), key()), 201);
      assert.ok(second.alertId, 'the same value alerts under the new limit');
      assert.deepEqual(second.breaches.find((b) => b.metric === 'systolic'), { metric: 'systolic', value: 152, bound: 150, direction: 'high', level: 'alert' });

      const { rows } = await gw.db.query<{ version: number; thresholds: CareThreshold[]; revisit_every_days: number }>('SELECT version, thresholds, revisit_every_days FROM care_plan_versions WHERE plan_id = $1', [plan.id]);
      assert.deepEqual(rows.map((r) => [r.version, systolic(r.thresholds).alertHigh, r.revisit_every_days]), [[1, 160, 90]], 'the version replaced, as it was');
      const audit = await gw.db.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'changeCarePlan' AND outcome = 'ok' AND patient_id = $1 AND resource_id = $2", [ZHANG.patientId, plan.id]);
      assert.equal(Number(audit.rows[0]!.n), 1, 'the change is in the audit trail');
      plan = changed;
    });

    test('a change on an old version, or one that does not hold together, is refused', async () => {
      const stale = await post(gw, nurse, `/care/plans/${plan.id}/changes`, { version: 1, revisitEveryDays: 60 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().code, 'CARE_PLAN_CHANGED');
      const bad = async (body: object, why: string) => {
        const res = await post(gw, nurse, `/care/plans/${plan.id}/changes`, { version: 2, ...body });
        assert.equal(res.statusCode, 400, `${why}: ${res.body}`);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
      };
      await bad({ thresholds: [{ metric: 'systolic', unit: 'mmHg', targetHigh: 170, alertHigh: 160 }] }, 'a target beyond the alert limit');
      await bad({ thresholds: [{ metric: 'systolic', unit: 'mmol/L', targetHigh: 140 }] }, 'the wrong unit');
      await bad({ thresholds: [{ metric: 'pulse', unit: '/min', targetHigh: 100 }, { metric: 'pulse', unit: '/min', targetHigh: 90 }] }, 'a metric twice');
      await bad({ measures: [{ kind: 'glucose', everyDays: 1 }] }, 'a glucose without its meal');
      await bad({ measures: [{ kind: 'weight', everyDays: 7 }, { kind: 'weight', everyDays: 1 }] }, 'a measure twice');
      await bad({}, 'nothing to change');
      await bad({ revisitEveryDays: 30, note: 'x' }, 'an unknown field');
      assert.equal((await post(gw, patient, `/care/plans/${plan.id}/changes`, { version: 2, revisitEveryDays: 60 })).statusCode, 403, 'a patient');
      const doctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      assert.equal((await post(gw, doctor, `/care/plans/${plan.id}/changes`, { version: 2, revisitEveryDays: 60 })).statusCode, 404, 'not their plan');
      assert.equal((await post(gw, doctor, `/care/plans/${plan.id}/end`, { reason: 'other' })).statusCode, 404, 'not their plan');
      assert.equal(ok<CarePlan>(await get(gw, nurse, `/care/plans/${plan.id}`)).version, 2, 'unchanged');
    });

    test('an ended plan leaves the worklist and the patient’s list, takes no readings or changes, and can be followed by a new one', async () => {
      assert.equal((await post(gw, nurse, `/care/plans/${plan.id}/end`, { reason: 'finished' })).statusCode, 400, 'an unknown reason');
      const ended = ok<CarePlan>(await post(gw, nurse, `/care/plans/${plan.id}/end`, { reason: 'goal-met' }));
      assert.equal(ended.status, 'ended');
      assert.equal(ended.endReason, 'goal-met');
      assert.deepEqual(ended.tasks, [], 'nothing more to do');
      const again = ok<CarePlan>(await post(gw, nurse, `/care/plans/${plan.id}/end`, { reason: 'other' }));
      assert.equal(again.endedAt, ended.endedAt, 'ended once');
      assert.equal(again.endReason, 'goal-met');

      assert.ok(!ok<{ items: CarePlan[] }>(await get(gw, patient, '/care/plans')).items.some((p) => p.id === plan.id), 'off the patient’s list');
      assert.equal(ok<CarePlan>(await get(gw, patient, `/care/plans/${plan.id}`)).status, 'ended', 'the patient sees it ended');
      assert.ok(!ok<{ items: CarePlan[] }>(await get(gw, nurse, '/care/plans')).items.some((p) => p.id === plan.id), 'off the worklist');
      assert.deepEqual(ok<{ items: CareAlert[] }>(await get(gw, nurse, '/care/alerts?status=open')).items.filter((a) => a.planId === plan.id), [], 'its alerts leave the desk');
      const reading = await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(120, 80), key());
      assert.equal(reading.statusCode, 409);
      assert.equal(reading.json().code, 'CARE_PLAN_ENDED');
      const change = await post(gw, nurse, `/care/plans/${plan.id}/changes`, { version: 2, revisitEveryDays: 60 });
      assert.equal(change.json().code, 'CARE_PLAN_ENDED');
      assert.equal(ok<{ items: CareReading[] }>(await get(gw, patient, `/care/plans/${plan.id}/readings`)).items.length, 2, 'its readings stay in the record');
      const next = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: ZHANG.patientId!, templateId: 'hypertension' }, key()), 201);
      assert.notEqual(next.id, plan.id);
      const { rows } = await gw.db.query<{ ended_by: string; action: string }>("SELECT p.ended_by, a.action FROM care_plans p JOIN audit_log a ON a.resource_id = p.id AND a.action = 'endCarePlan' AND a.outcome = 'ok' WHERE p.id = $1", [plan.id]);
      assert.ok(rows[0]?.ended_by, 'who ended it is kept, and the audit trail has it');
    });
  });
}
