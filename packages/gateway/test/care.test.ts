/**
 * Chronic-disease follow-up: a nurse puts a patient on a plan from a template; the patient's
 * accounts record home readings; a reading beyond the plan's alert limits reaches the nurse's
 * desk live, once, with its trend; missed readings show as tasks and bring reminders through
 * the notification outbox. Only the patient's accounts and the plan's care team see the plan.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts } from '@ihkit/adapters';
import type { CareAlert, CarePlan, CarePlanTemplate, CareReading } from '@ihkit/core';
import { databases, login, newKey, otherDemoPatient, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, OTHER_DOCTOR, post } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';
import { upsertUser } from '../src/users.js';
import { sessionToken } from './helpers/gateway.js';

const NURSE = demoAccounts.find((a) => a.role === 'nurse')!;
const ZHANG = demoAccounts.find((a) => a.username === 'zhangwei')!;
const MOTHER = ZHANG.family.find((f) => f.relation === 'parent')!.patientId;
const ZHOU = demoAccounts.find((a) => a.username === DOCTOR.username)!;

for (const database of databases) {
  describe(`chronic-disease follow-up (${database.name})`, () => {
    let gw: TestGateway;
    let nurse: string;
    let patient: string;
    let plan: CarePlan;
    const live = connections();
    const key = () => ({ 'idempotency-key': newKey() });
    const bp = (systolic: number, diastolic: number, at = gw.clock.now(), pulse?: number) => ({ kind: 'blood-pressure', systolic, diastolic, ...(pulse ? { pulse } : {}), takenAt: at.toISOString(), source: 'manual' });

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      nurse = await login(gw, NURSE.username, NURSE.password);
      patient = await login(gw, ZHANG.username, ZHANG.password);
    });
    after(async () => {
      live.closeAll();
      await gw.close();
    });

    test('the nurse role signs in and sees the templates; a patient does not', async () => {
      const me = ok<{ role: string; displayName: string }>(await get(gw, nurse, '/me'));
      assert.equal(me.role, 'nurse');
      const templates = ok<{ items: CarePlanTemplate[] }>(await get(gw, nurse, '/care/templates')).items;
      assert.deepEqual(templates.map((t) => t.id), ['hypertension', 'type-2-diabetes']);
      const htn = templates[0]!;
      assert.deepEqual(htn.measures.find((m) => m.kind === 'blood-pressure'), { kind: 'blood-pressure', everyDays: 1 });
      assert.equal(htn.thresholds.find((t) => t.metric === 'systolic')!.alertHigh, 160);
      assert.equal((await get(gw, patient, '/care/templates')).statusCode, 403);
    });

    test('a nurse puts a patient on a plan once; a retry answers the same plan', async () => {
      const k = newKey();
      plan = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: MOTHER, templateId: 'hypertension', doctorId: ZHOU.doctorId }, { 'idempotency-key': k }), 201);
      assert.equal(plan.doctorId, ZHOU.doctorId);
      assert.equal(plan.patientId, MOTHER);
      assert.equal(plan.managedBy, NURSE.displayName);
      assert.ok(plan.patientName, 'the care team sees the name');
      assert.equal(plan.openAlerts, 0);
      assert.deepEqual(plan.tasks.map((t) => [t.kind, t.due, t.missedSince ?? null]), [['blood-pressure', true, null], ['weight', true, null]]);
      const again = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: MOTHER, templateId: 'hypertension' }, { 'idempotency-key': k }), 201);
      assert.equal(again.id, plan.id);
      const twice = await post(gw, nurse, '/care/plans', { patientId: MOTHER, templateId: 'hypertension' }, key());
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().code, 'INVALID_STATE');
      assert.equal((await post(gw, nurse, '/care/plans', { patientId: 'pat_nobody', templateId: 'hypertension' }, key())).statusCode, 404);
      assert.equal((await post(gw, nurse, '/care/plans', { patientId: MOTHER, templateId: 'type-2-diabetes', doctorId: 'doc_nobody' }, key())).statusCode, 404);
      assert.equal((await post(gw, nurse, '/care/plans', { patientId: MOTHER, templateId: 'asthma' }, key())).statusCode, 400);
    });

    test('the patient’s family account sees the plan; other accounts and other staff do not', async () => {
      const mine = ok<{ items: CarePlan[] }>(await get(gw, patient, '/care/plans')).items;
      assert.deepEqual(mine.map((p) => p.id), [plan.id]);
      assert.equal(mine[0]!.patientName, undefined, 'no name lookup for the patient’s own list');
      const other = otherDemoPatient();
      const otherToken = await login(gw, other.username, other.password);
      assert.deepEqual(ok<{ items: CarePlan[] }>(await get(gw, otherToken, '/care/plans')).items, []);
      assert.equal((await get(gw, otherToken, `/care/plans/${plan.id}`)).statusCode, 404);
      assert.equal((await get(gw, otherToken, `/care/plans/${plan.id}/readings`)).statusCode, 404);
      assert.equal((await post(gw, otherToken, `/care/plans/${plan.id}/readings`, bp(150, 90), key())).statusCode, 404);
      const doctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      assert.equal((await get(gw, doctor, `/care/plans/${plan.id}`)).statusCode, 404, 'a doctor outside the care team');
      assert.deepEqual(ok<{ items: CarePlan[] }>(await get(gw, doctor, '/care/plans')).items, []);
      const zhou = await login(gw, DOCTOR.username, DOCTOR.password);
      assert.equal(ok<CarePlan>(await get(gw, zhou, `/care/plans/${plan.id}`)).id, plan.id, 'the plan’s doctor');
      assert.deepEqual(ok<{ items: CarePlan[] }>(await get(gw, zhou, '/care/plans')).items.map((p) => p.id), [plan.id]);
      const otherNurse = await sessionToken(await upsertUser(gw.db, { username: 'rn.other', role: 'nurse', displayName: '另一护士' }), { db: gw.db });
      assert.equal((await get(gw, otherNurse, `/care/plans/${plan.id}`)).statusCode, 404, 'another nurse');
      assert.equal((await post(gw, nurse, `/care/plans/${plan.id}/readings`, bp(120, 80), key())).statusCode, 403, 'readings are the patient’s to record');
    });

    test('readings are checked for what their kind needs and when they were taken', async () => {
      const bad = async (body: object, why: string) => assert.equal((await post(gw, patient, `/care/plans/${plan.id}/readings`, body, key())).statusCode, 400, why);
      await bad({ kind: 'blood-pressure', systolic: 120, takenAt: gw.clock.now().toISOString(), source: 'manual' }, 'no diastolic');
      await bad({ ...bp(120, 80), glucose: 5 }, 'a glucose in a blood pressure');
      await bad(bp(80, 120), 'diastolic above systolic');
      await bad({ kind: 'glucose', glucose: 5.5, takenAt: gw.clock.now().toISOString(), source: 'manual' }, 'a glucose without its meal');
      await bad(bp(120, 80, new Date(gw.clock.now().getTime() + 3_600_000)), 'in the future');
      await bad(bp(120, 80, new Date(gw.clock.now().getTime() - 31 * 86_400_000)), 'too long ago');
      await bad({ ...bp(120, 80), systolic: 400 }, 'not a blood pressure');
    });

    test('a reading in target raises nothing; a high one reaches the nurse live, once, with its trend', async () => {
      const url = await listen(gw);
      const told: Array<string | undefined> = [];
      const conn = live.connect(url, nurse);
      conn.onCareAlert((id) => told.push(id));
      const patientConn = live.connect(url, patient);
      const patientTold: unknown[] = [];
      patientConn.onCareAlert((id) => patientTold.push(id));
      await eventually(() => assert.equal(conn.state === 'open' && patientConn.state === 'open', true, 'connected'));
      await new Promise((r) => setTimeout(r, 150));

      const day = 86_400_000;
      const normal = ok<CareReading>(await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(128, 82, new Date(gw.clock.now().getTime() - 2 * day), 72), key()), 201);
      assert.deepEqual(normal.breaches, []);
      assert.equal(normal.alertId, undefined);
      const above = ok<CareReading>(await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(146, 88, new Date(gw.clock.now().getTime() - day)), key()), 201);
      assert.deepEqual(above.breaches, [{ metric: 'systolic', value: 146, bound: 140, direction: 'high', level: 'target' }], 'outside the target only');
      assert.equal(above.alertId, undefined);

      const k = newKey();
      const high = ok<CareReading>(await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(172, 104, gw.clock.now(), 96), { 'idempotency-key': k }), 201);
      assert.deepEqual(high.breaches.map((b) => [b.metric, b.level, b.direction, b.bound]), [['systolic', 'alert', 'high', 160], ['diastolic', 'alert', 'high', 100]]);
      assert.ok(high.alertId);
      await eventually(() => assert.deepEqual(told.filter(Boolean), [high.alertId], 'the nurse was told of the alert'));
      const retry = ok<CareReading>(await post(gw, patient, `/care/plans/${plan.id}/readings`, bp(172, 104, gw.clock.now(), 96), { 'idempotency-key': k }), 201);
      assert.equal(retry.id, high.id, 'a retry is the same reading');
      assert.equal(retry.alertId, high.alertId);

      const alerts = ok<{ items: CareAlert[] }>(await get(gw, nurse, '/care/alerts?status=open')).items;
      assert.equal(alerts.length, 1, 'raised once');
      const alert = alerts[0]!;
      assert.equal(alert.id, high.alertId);
      assert.equal(alert.patientId, MOTHER);
      assert.ok(alert.patientName);
      assert.equal(alert.templateId, 'hypertension');
      assert.deepEqual(alert.trend.map((r) => r.systolic), [128, 146, 172], 'the trend, oldest first');
      assert.equal(alert.reading!.id, high.id);

      const worklist = ok<{ items: CarePlan[] }>(await get(gw, nurse, '/care/plans')).items;
      assert.equal(worklist[0]!.openAlerts, 1);
      assert.equal(worklist[0]!.tasks.find((t) => t.kind === 'blood-pressure')!.due, false, 'today’s reading is in');

      const acked = ok<CareAlert>(await post(gw, nurse, `/care/alerts/${alert.id}/acknowledge`));
      assert.equal(acked.acknowledgedBy, NURSE.displayName);
      const again = ok<CareAlert>(await post(gw, nurse, `/care/alerts/${alert.id}/acknowledge`));
      assert.equal(again.acknowledgedAt, acked.acknowledgedAt, 'acknowledged once');
      assert.equal(ok<{ items: CareAlert[] }>(await get(gw, nurse, '/care/alerts?status=open')).items.length, 0);
      const zhou = await login(gw, DOCTOR.username, DOCTOR.password);
      assert.deepEqual(ok<{ items: CareAlert[] }>(await get(gw, zhou, '/care/alerts')).items.map((a) => a.id), [alert.id], 'the plan’s doctor sees it too');
      const doctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      assert.equal((await post(gw, doctor, `/care/alerts/${alert.id}/acknowledge`)).statusCode, 404, 'not the doctor’s plan');
      assert.deepEqual(ok<{ items: CareAlert[] }>(await get(gw, doctor, '/care/alerts')).items, []);
      assert.deepEqual(patientTold.filter(Boolean), [], 'the patient’s connection is told nothing of alerts');

      const readings = ok<{ items: CareReading[] }>(await get(gw, patient, `/care/plans/${plan.id}/readings`)).items;
      assert.deepEqual(readings.map((r) => r.systolic), [172, 146, 128], 'newest first');
      const { rows } = await gw.db.query<{ action: string; patient_id: string }>("SELECT action, patient_id FROM audit_log WHERE action IN ('recordCareReading', 'acknowledgeCareAlert') AND outcome = 'ok'");
      assert.ok(rows.some((r) => r.action === 'recordCareReading' && r.patient_id === MOTHER), 'readings are in the audit trail');
      assert.ok(!/systolic|"value":172|hypertension/.test(gw.logs.text), 'no readings in the logs');
    });

    test('missed readings show on the worklist and bring one reminder a day; a revisit is announced', async () => {
      const start = gw.clock.now();
      const dm = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: ZHANG.patientId!, templateId: 'type-2-diabetes' }, key()), 201);
      gw.clock.set(start.getTime() + 3 * 86_400_000);
      const seen = ok<CarePlan>(await get(gw, await login(gw, NURSE.username, NURSE.password), `/care/plans/${dm.id}`));
      const fasting = seen.tasks.find((t) => t.kind === 'glucose' && t.meal === 'fasting')!;
      assert.ok(fasting.due && fasting.missedSince, 'the daily fasting glucose is missed');
      assert.equal(seen.tasks.find((t) => t.meal === 'after-meal')!.missedSince, undefined, 'the weekly one is due, not missed');
      assert.ok(await gw.sweepCareReminders() >= 1);
      assert.equal(await gw.sweepCareReminders(), 0, 'once a day');
      await eventually(async () => {
        await gw.relayNotifications();
        assert.ok(gw.sandboxNotifications!.inbox(ZHANG.patientId!).length > 0, 'sent');
      });
      const inbox = gw.sandboxNotifications!.inbox(ZHANG.patientId!);
      assert.ok(inbox.some((m) => m.template === 'care-readings-due' && m.params.readings!.includes('空腹血糖')), 'the patient is reminded of the missed reading');
      // Near the revisit (every 90 days): reminded once.
      gw.clock.set(start.getTime() + 88 * 86_400_000);
      assert.equal(await gw.sweepCareReminders(), 4, 'for both plans: the revisit, and the readings still missed');
      await gw.sweepCareReminders();
      await eventually(async () => {
        await gw.relayNotifications();
        assert.equal(gw.sandboxNotifications!.inbox(ZHANG.patientId!).filter((m) => m.template === 'care-revisit-due').length, 1, 'the revisit, once');
      });
      gw.clock.set(start.getTime());
    });
  });
}
