/**
 * Questionnaires in follow-up: a plan from a template asks for PHQ-9 (and GAD-7 for diabetes)
 * every four weeks; the patient's answers are checked against the questionnaire, scored by the
 * gateway, kept and audited; PHQ-9 item 9 answered, or a score at the plan's limit, reaches the
 * nurse's desk live; the care team adds and removes questionnaires; a due one brings a reminder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts } from '@ihkit/adapters';
import { PHQ_9, GAD_7, type CareAlert, type CarePlan, type CareQuestionnaireResponse, type Questionnaire } from '@ihkit/core';
import { databases, login, newKey, otherDemoPatient, startGateway, type TestGateway } from './helpers/gateway.js';
import { get, ok, post } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';

const NURSE = demoAccounts.find((a) => a.role === 'nurse')!;
const ZHANG = demoAccounts.find((a) => a.username === 'zhangwei')!;
const DAY = 86_400_000;

/** A response choosing the option scoring points[i] for item i. */
const answers = (q: Questionnaire, points: number[]) => ({
  questionnaire: q.id,
  item: q.item.map((it, i) => ({ linkId: it.linkId, answer: [{ valueCoding: { code: it.answerOption!.find((o) => o.score === points[i])!.valueCoding.code } }] })),
});

for (const database of databases) {
  describe(`follow-up questionnaires (${database.name})`, () => {
    let gw: TestGateway;
    let nurse: string;
    let patient: string;
    let plan: CarePlan;
    const live = connections();
    const key = () => ({ 'idempotency-key': newKey() });
    /** Moves the clock (sessions expire meanwhile: both sign in again). */
    const at = async (t: number) => {
      gw.clock.set(t);
      nurse = await login(gw, NURSE.username, NURSE.password);
      patient = await login(gw, ZHANG.username, ZHANG.password);
    };
    const submit = (body: object, headers = key(), token = patient, planId = plan.id) => post(gw, token, `/care/plans/${planId}/questionnaire-responses`, body, headers);

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      nurse = await login(gw, NURSE.username, NURSE.password);
      patient = await login(gw, ZHANG.username, ZHANG.password);
      plan = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: ZHANG.patientId!, templateId: 'hypertension' }, key()), 201);
    });
    after(async () => {
      live.closeAll();
      await gw.close();
    });

    test('a plan from a template asks for its questionnaires, due from the first day', async () => {
      assert.deepEqual(plan.questionnaires, [{ questionnaireId: 'phq-9', everyDays: 28, alertAtScore: 15 }]);
      assert.deepEqual(plan.questionnaireTasks, [{ questionnaireId: 'phq-9', everyDays: 28, due: true, scores: [] }]);
      const dm = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: ZHANG.patientId!, templateId: 'type-2-diabetes' }, key()), 201);
      assert.deepEqual(dm.questionnaires!.map((q) => q.questionnaireId), ['phq-9', 'gad-7']);
      ok(await post(gw, nurse, `/care/plans/${dm.id}/end`, { reason: 'other' }));
    });

    test('answers that do not answer the questionnaire, or one the plan does not ask for, are refused', async () => {
      const short = answers(PHQ_9, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
      short.item.pop();
      const missing = await submit(short);
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().code, 'QUESTIONNAIRE_INVALID');
      assert.deepEqual(missing.json().errors, [{ pointer: '/body/item', message: 'item 9 is not answered' }]);
      const wrong = answers(PHQ_9, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
      wrong.item[2]!.answer = [{ valueCoding: { code: 'LA6572-7' } }];
      assert.deepEqual((await submit(wrong)).json().errors, [{ pointer: '/body/item/2/answer', message: 'LA6572-7 is not an option of item 3' }]);
      const withScore = await submit({ ...answers(PHQ_9, [0, 0, 0, 0, 0, 0, 0, 0, 0]), score: 0 });
      assert.equal(withScore.statusCode, 400, 'a score from the client is no part of a response');
      const gad = await submit(answers(GAD_7, [0, 0, 0, 0, 0, 0, 0]));
      assert.equal(gad.statusCode, 409);
      assert.equal(gad.json().code, 'QUESTIONNAIRE_NOT_DUE', 'the hypertension plan asks for PHQ-9 only');
      assert.equal((await submit(answers(PHQ_9, [0, 0, 0, 0, 0, 0, 0, 0, 0]), key(), nurse)).statusCode, 403, 'the care team does not answer for the patient');
      const other = otherDemoPatient();
      assert.equal((await submit(answers(PHQ_9, [0, 0, 0, 0, 0, 0, 0, 0, 0]), key(), await login(gw, other.username, other.password))).statusCode, 404);
      const { rows } = await gw.db.query('SELECT id FROM care_questionnaire_responses');
      assert.deepEqual(rows, [], 'nothing refused was kept');
    });

    test('PHQ-9 with item 9 answered is scored by the gateway, kept, audited, and reaches the nurse live', async () => {
      const url = await listen(gw);
      const told: Array<string | undefined> = [];
      const conn = live.connect(url, nurse);
      conn.onCareAlert((id) => told.push(id));
      await eventually(() => assert.equal(conn.state, 'open'));
      await new Promise((r) => setTimeout(r, 150));

      const k = { 'idempotency-key': newKey() };
      const sent = ok<CareQuestionnaireResponse>(await submit(answers(PHQ_9, [1, 1, 0, 1, 0, 0, 0, 0, 1]), k), 201);
      assert.equal(sent.score, 4);
      assert.equal(sent.band, 'minimal');
      assert.deepEqual(sent.flags, ['self-harm']);
      assert.equal(sent.status, 'completed');
      assert.ok(sent.alertId, 'item 9 alerts whatever the total');
      await eventually(() => assert.deepEqual(told.filter(Boolean), [sent.alertId], 'the nurse was told'));
      const retry = ok<CareQuestionnaireResponse>(await submit(answers(PHQ_9, [1, 1, 0, 1, 0, 0, 0, 0, 1]), k), 201);
      assert.equal(retry.id, sent.id, 'a retry is the same response');
      const again = await submit(answers(PHQ_9, [0, 0, 0, 0, 0, 0, 0, 0, 0]));
      assert.equal(again.json().code, 'QUESTIONNAIRE_NOT_DUE', 'answered for this period');

      const alerts = ok<{ items: CareAlert[] }>(await get(gw, nurse, '/care/alerts?status=open')).items;
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.response!.id, sent.id);
      assert.equal(alerts[0]!.reading, undefined);
      assert.deepEqual(alerts[0]!.trend, []);
      const seen = ok<CarePlan>(await get(gw, nurse, `/care/plans/${plan.id}`));
      assert.deepEqual(seen.questionnaireTasks!.map((t) => [t.due, t.scores]), [[false, [4]]]);
      assert.equal(seen.openAlerts, 1);
      const listed = ok<{ items: CareQuestionnaireResponse[] }>(await get(gw, nurse, `/care/plans/${plan.id}/questionnaire-responses`)).items;
      assert.deepEqual(listed.map((r) => [r.id, r.score, r.alertId]), [[sent.id, 4, sent.alertId]]);
      assert.equal(ok<{ items: CareQuestionnaireResponse[] }>(await get(gw, patient, `/care/plans/${plan.id}/questionnaire-responses`)).items.length, 1);

      const { rows } = await gw.db.query<{ action: string; patient_id: string; resource_id: string }>(
        "SELECT action, patient_id, resource_id FROM audit_log WHERE action IN ('submitCareQuestionnaireResponse', 'listCareQuestionnaireResponses') AND outcome = 'ok'");
      assert.ok(rows.some((r) => r.action === 'submitCareQuestionnaireResponse' && r.patient_id === ZHANG.patientId && r.resource_id === sent.id), 'the answers are in the audit trail');
      assert.ok(rows.some((r) => r.action === 'listCareQuestionnaireResponses' && r.patient_id === ZHANG.patientId));
      assert.ok(!/LA6569-3|self-harm|phq/i.test(gw.logs.text), 'no answers in the logs');
    });

    test('four weeks on it is due again; a score at the plan’s limit alerts, one below it does not', async () => {
      const start = gw.clock.now();
      await at(start.getTime() + 28 * DAY);
      const below = ok<CareQuestionnaireResponse>(await submit(answers(PHQ_9, [2, 2, 2, 2, 2, 2, 2, 0, 0])), 201);
      assert.deepEqual([below.score, below.band, below.flags, below.alertId], [14, 'moderate', [], undefined]);
      await at(start.getTime() + 56 * DAY);
      const limit = ok<CareQuestionnaireResponse>(await submit(answers(PHQ_9, [3, 2, 2, 2, 2, 2, 2, 0, 0])), 201);
      assert.deepEqual([limit.score, limit.band], [15, 'moderately-severe']);
      assert.ok(limit.alertId, '15 is the plan’s limit');
      const seen = ok<CarePlan>(await get(gw, patient, `/care/plans/${plan.id}`));
      assert.deepEqual(seen.questionnaireTasks![0]!.scores, [4, 14, 15], 'the trend, oldest first');
      await at(start.getTime());
    });

    test('the care team adds GAD-7 and removes PHQ-9; the change is kept with the plan’s version', async () => {
      const current = ok<CarePlan>(await get(gw, nurse, `/care/plans/${plan.id}`));
      const twice = await post(gw, nurse, `/care/plans/${plan.id}/changes`, { version: current.version, questionnaires: [{ questionnaireId: 'gad-7', everyDays: 28 }, { questionnaireId: 'gad-7', everyDays: 14 }] });
      assert.equal(twice.statusCode, 400, 'each questionnaire once');
      const changed = ok<CarePlan>(await post(gw, nurse, `/care/plans/${plan.id}/changes`, { version: current.version, questionnaires: [{ questionnaireId: 'gad-7', everyDays: 14, alertAtScore: 10 }] }));
      assert.deepEqual(changed.questionnaireTasks!.map((t) => [t.questionnaireId, t.due]), [['gad-7', true]]);
      assert.equal((await submit(answers(PHQ_9, [0, 0, 0, 0, 0, 0, 0, 0, 0]))).json().code, 'QUESTIONNAIRE_NOT_DUE', 'PHQ-9 is asked for no more');
      const gad = ok<CareQuestionnaireResponse>(await submit(answers(GAD_7, [2, 2, 2, 2, 1, 1, 0])), 201);
      assert.deepEqual([gad.score, gad.band, !!gad.alertId], [10, 'moderate', true], 'at the new limit of 10');
      const { rows } = await gw.db.query<{ questionnaires: unknown[] }>('SELECT questionnaires FROM care_plan_versions WHERE plan_id = $1 ORDER BY version', [plan.id]);
      assert.deepEqual(rows.map((r) => r.questionnaires.length), [1], 'the version replaced kept its PHQ-9');
    });

    test('a due questionnaire brings one reminder, which names no scale', async () => {
      const start = gw.clock.now();
      await at(start.getTime() + 20 * DAY);
      const sent = await gw.sweepCareReminders();
      assert.ok(sent >= 1);
      await gw.sweepCareReminders();
      await eventually(async () => {
        await gw.relayNotifications();
        const due = gw.sandboxNotifications!.inbox(ZHANG.patientId!).filter((m) => m.template === 'care-questionnaires-due');
        assert.equal(due.length, 1, 'once for the period');
        assert.deepEqual(due[0]!.params, {});
      });
      await at(start.getTime());
    });

    test('an ended plan takes no more answers', async () => {
      ok(await post(gw, nurse, `/care/plans/${plan.id}/end`, { reason: 'goal-met' }));
      const late = await submit(answers(GAD_7, [0, 0, 0, 0, 0, 0, 0]));
      assert.equal(late.json().code, 'CARE_PLAN_ENDED');
    });
  });
}
