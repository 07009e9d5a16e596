/**
 * The care desk finds a patient to put on a plan by the start of the name, the last digits of
 * the ID number or phone, or a whole ID number — in the body, never in a URL or a log — and sees
 * enough to tell them apart (birth year, last four of ID and phone) and their running plans.
 * Rate-limited per account; audited with the patients answered; staff of the care team only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts } from '@ihkit/adapters';
import type { CarePatientMatch, CarePlan } from '@ihkit/core';
import { rateLimitsOff } from '../src/rate-limit.js';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, ok, post } from './helpers/consults.js';

const NURSE = demoAccounts.find((a) => a.role === 'nurse')!;
const ZHANG = demoAccounts.find((a) => a.username === 'zhangwei')!;

for (const database of databases) {
  describe(`the care desk's patient search (${database.name})`, () => {
    let gw: TestGateway;
    let nurse: string;
    /** The demo HIS's patient of that name. */
    const patient = async (name: string) => (await gw.db.query<{ id: string; birthDate: string; idNumber: string; phone: string }>(
      'SELECT id, birth_date AS "birthDate", id_number AS "idNumber", phone FROM demo_patients WHERE name = $1', [name])).rows[0]!;
    const search = async (q: string, token = nurse) => ok<{ items: CarePatientMatch[] }>(await post(gw, token, '/care/patient-search', { q })).items;

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, rateLimits: { ...rateLimitsOff(), 'search.user': { limit: 12, windowSeconds: 60 } } });
      nurse = await login(gw, NURSE.username, NURSE.password);
    });
    after(() => gw?.close());

    test('by the start of a name, the last digits of a phone or ID number, or a whole ID number; masked, with running plans', async () => {
      const wang = await patient('王秀英');
      const plan = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: wang.id, templateId: 'hypertension' }, { 'idempotency-key': newKey() }), 201);
      const byName = await search('王秀');
      assert.ok(byName.length >= 1 && byName.every((m) => m.name.startsWith('王秀')), 'names that start so');
      const found = byName.find((m) => m.patientId === wang.id)!;
      assert.deepEqual(found, {
        patientId: wang.id, name: '王秀英', gender: 'female', birthYear: Number(wang.birthDate.slice(0, 4)),
        idNumberTail: wang.idNumber.slice(-4), phoneTail: wang.phone.slice(-4), plans: [{ id: plan.id, templateId: 'hypertension' }],
      });
      assert.ok((await search(wang.phone.slice(-6))).some((m) => m.patientId === wang.id), 'the phone’s last digits');
      assert.ok((await search(wang.idNumber.slice(-5))).some((m) => m.patientId === wang.id), 'the ID number’s last digits');
      assert.deepEqual((await search(wang.idNumber)).map((m) => m.patientId), [wang.id], 'a whole ID number');
      const zhang = await search(' 张伟 ');
      assert.ok(zhang.some((m) => m.patientId === ZHANG.patientId && m.plans.length === 0), 'no plans yet');
      assert.ok(!zhang.some((m) => m.name === '张小明'), 'the start of the name, not its first character');
      const zhou = await login(gw, DOCTOR.username, DOCTOR.password);
      assert.ok((await search('王秀', zhou)).some((m) => m.patientId === wang.id), 'a doctor too');
    });

    test('refuses what is neither a name nor digits, a patient, and floods; keeps the text out of URLs and logs, and audits the patients answered', async () => {
      const wang = await patient('王秀英');
      for (const q of ['王', '12', '123', '12%', '_x', '1380000000112345']) assert.equal((await post(gw, nurse, '/care/patient-search', { q })).statusCode, 400, q);
      assert.deepEqual(await search('不存在的人'), []);
      const zhang = await login(gw, ZHANG.username, ZHANG.password);
      assert.equal((await post(gw, zhang, '/care/patient-search', { q: '王秀' })).statusCode, 403);
      assert.ok(!gw.logs.text.includes('王秀'), 'no search text in the logs');
      const { rows } = await gw.db.query<{ patient_id: string }>("SELECT patient_id FROM audit_log WHERE action = 'searchCarePatients' AND outcome = 'ok'");
      assert.ok(rows.some((r) => r.patient_id === wang.id), 'the patients answered are in the audit trail');
      let limited = 0;
      for (let i = 0; i < 14; i++) if ((await post(gw, nurse, '/care/patient-search', { q: '陈建' })).statusCode === 429) limited++;
      assert.ok(limited > 0, 'rate-limited per account');
    });
  });
}
