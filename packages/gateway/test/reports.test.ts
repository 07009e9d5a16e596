import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStoredLis, demoAccounts, insertNewReports, sendMllp, type LabReport, type LisAdapter } from '@ihkit/adapters';
import type { CriticalAlert, ImagingStudy } from '@ihkit/core';
import { API, auth, databases, demoPatient, login, otherDemoPatient, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, OTHER_DOCTOR, get, ok, paidConsult, post } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';

const zhou = demoAccounts.find((a) => a.username === DOCTOR.username)!;

/** An ORU^R01 with one critical potassium for `patientId`, ordered by `doctorId`. */
function criticalOru(patientId: string, doctorId: string, order: string, potassium = '6.9'): string {
  const now = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return [
    `MSH|^~\\&|LIS|DEMO-HOSP|IHKIT|DEMO-HOSP|${now}||ORU^R01^ORU_R01|CTL-${order}|P|2.5.1|||||||||UNICODE UTF-8`,
    `PID|1||${patientId}^^^DEMO-HOSP^PI||测试^患者||19780101|M`,
    `ORC|RE|P-${order}|F-${order}|||||||||${doctorId}^周^敏`,
    `OBR|1|P-${order}|F-${order}|2823-3^电解质^LN|||${now}||||||||||${doctorId}^周^敏||||||${now}|||F`,
    `OBX|1|NM|2823-3^钾^LN||${potassium}|mmol/L|3.5-5.3|HH|||F`,
    `OBX|2|NM|2951-2^钠^LN||140|mmol/L|137-147|N|||F`,
  ].join('\r');
}

for (const database of databases) {
  describe(`reports (${database.name})`, () => {
    test('a patient reads their own and their family\'s lab reports, nobody else\'s', async () => {
      const gw = await startGateway(database, { demo: true });
      try {
        const me = demoPatient();
        const token = await login(gw, me.username, me.password);
        const own = ok<{ items: LabReport[] }>(await get(gw, token, `/patients/${me.patientId}/lab-reports`)).items;
        assert.ok(own.length >= 2, 'the demo patient has lab reports');
        assert.ok(own.every((r) => r.patientId === me.patientId));
        assert.deepEqual(own.map((r) => r.issuedAt), [...own.map((r) => r.issuedAt)].sort().reverse(), 'newest first');
        assert.ok(own.some((r) => r.observations.some((o) => o.interpretation === 'H')), 'abnormal results are flagged');
        const one = ok<LabReport>(await get(gw, token, `/lab-reports/${own[0]!.id}`));
        assert.equal(one.id, own[0]!.id);

        const other = otherDemoPatient();
        const refused = await get(gw, token, `/patients/${other.patientId}/lab-reports`);
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.json().code, 'FORBIDDEN');
        const otherToken = await login(gw, other.username, other.password);
        assert.equal((await get(gw, otherToken, `/lab-reports/${own[0]!.id}`)).statusCode, 404, 'another account cannot read the report by its id');

        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        assert.equal((await get(gw, doctor, `/patients/${me.patientId}/lab-reports`)).statusCode, 403, 'a doctor who does not treat the patient is refused');
        await paidConsult(gw, token, me.patientId, 'E11.9', zhou.doctorId);
        assert.equal((await get(gw, doctor, `/patients/${me.patientId}/lab-reports`)).statusCode, 200, 'the doctor of a paid consult may read them');

        const { rows } = await gw.db.query<{ outcome: string; patient_id: string }>("SELECT outcome, patient_id FROM audit_log WHERE action = 'listLabReports' ORDER BY id");
        assert.deepEqual(rows.map((r) => r.outcome), ['ok', 'denied', 'denied', 'ok']);
      } finally {
        await gw.close();
      }
    });

    test('imaging studies, thumbnails and frames go only to those who may see them', async () => {
      const gw = await startGateway(database, { demo: true });
      try {
        const me = demoAccounts.find((a) => a.username === 'zhangwei')!;
        const token = await login(gw, me.username, me.password);
        const studies = ok<{ items: ImagingStudy[] }>(await get(gw, token, `/patients/${me.patientId}/imaging-studies`)).items;
        assert.ok(studies.length >= 1, 'the demo patient has imaging studies');
        const study = ok<ImagingStudy>(await get(gw, token, `/imaging-studies/${studies[0]!.id}`));
        // The radiologist's report comes with the study, listed and read by id.
        assert.equal(study.description, '上腹部 CT 平扫+增强');
        assert.equal(study.report?.status, 'final');
        assert.match(study.report!.findings!, /肝右叶 S6 段/);
        assert.match(study.report!.impression!, /^1\. 脂肪肝（轻度）。\n2\. /);
        assert.deepEqual(studies[0]!.report, study.report);
        const mother = me.family.find((f) => f.relation === 'parent')!.patientId;
        const [knee] = ok<{ items: ImagingStudy[] }>(await get(gw, token, `/patients/${mother}/imaging-studies`)).items;
        assert.deepEqual([knee!.report?.status, knee!.report?.verifier], ['preliminary', undefined], 'a preliminary report, not yet verified');
        const series = study.series[0]!;
        const thumb = await get(gw, token, `/imaging-studies/${study.id}/series/${series.id}/thumbnail`);
        assert.equal(thumb.statusCode, 200);
        assert.match(String(thumb.headers['content-type']), /^image\/(png|jpeg)/);
        assert.equal(thumb.headers['cache-control'], 'no-store', 'a patient\'s pictures are not kept by caches');
        const instance = series.instances[0]!;
        const frame = await get(gw, token, `/imaging-studies/${study.id}/series/${series.id}/instances/${instance.id}/frames/1`);
        assert.equal(frame.statusCode, 200);
        assert.ok(frame.rawPayload.length > 100, 'a picture');
        const past = await get(gw, token, `/imaging-studies/${study.id}/series/${series.id}/instances/${instance.id}/frames/${instance.frames + 1}`);
        assert.equal(past.statusCode, 404);

        const other = otherDemoPatient();
        const otherToken = await login(gw, other.username, other.password);
        for (const path of [`/imaging-studies/${study.id}`, `/imaging-studies/${study.id}/series/${series.id}/thumbnail`, `/imaging-studies/${study.id}/series/${series.id}/instances/${instance.id}/frames/1`]) {
          assert.equal((await get(gw, otherToken, path)).statusCode, 404, `${path} is not another account's`);
        }
        assert.equal((await get(gw, otherToken, `/patients/${me.patientId}/imaging-studies`)).statusCode, 403);
      } finally {
        await gw.close();
      }
    });

    test('a critical result over HL7 v2 reaches the ordering doctor live, once, and who acknowledged it is kept', async () => {
      const gw = await startGateway(database, { demo: true, mllpPort: 0 });
      const live = connections();
      try {
        assert.ok(gw.mllp, 'the MLLP listener is up');
        const url = await listen(gw);
        const patient = demoAccounts.find((a) => a.username === 'zhangwei')!;
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const other = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
        const told: Array<string | undefined> = [];
        const conn = live.connect(url, doctor);
        conn.onCriticalAlert((id) => told.push(id));
        await eventually(() => assert.equal(conn.state, 'open', 'connected'));
        await new Promise((r) => setTimeout(r, 100)); // the queue watch reaches the gateway

        const ack = await sendMllp(gw.mllp.port, '127.0.0.1', criticalOru(patient.patientId!, zhou.doctorId!, '1001'));
        assert.match(ack, /MSA\|AA\|CTL-1001/);
        await eventually(() => assert.ok(told.some(Boolean), 'the doctor was told of the alert'), 5000);

        const alerts = ok<{ items: CriticalAlert[] }>(await get(gw, doctor, '/critical-alerts?status=open')).items;
        assert.equal(alerts.length, 1);
        const alert = alerts[0]!;
        assert.equal(alert.id, told.find(Boolean));
        assert.equal(alert.patientId, patient.patientId);
        assert.equal(alert.patientName, '张伟');
        assert.deepEqual(alert.observations.map((o) => [o.code, o.value, o.interpretation]), [['2823-3', '6.9', 'HH']]);
        assert.equal(ok<{ items: CriticalAlert[] }>(await get(gw, other, '/critical-alerts')).items.length, 0, 'another doctor sees none');
        const patientToken = await login(gw, patient.username, patient.password);
        assert.equal((await get(gw, patientToken, '/critical-alerts')).statusCode, 403, 'alerts are for doctors');
        assert.equal((await post(gw, patientToken, `/critical-alerts/${alert.id}/acknowledge`)).statusCode, 403);
        assert.equal((await post(gw, other, `/critical-alerts/${alert.id}/acknowledge`)).statusCode, 404, 'another doctor cannot acknowledge it');

        // The same message again (the LIS retried): no second alert.
        assert.match(await sendMllp(gw.mllp.port, '127.0.0.1', criticalOru(patient.patientId!, zhou.doctorId!, '1001')), /MSA\|AA/);
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(ok<{ items: CriticalAlert[] }>(await get(gw, doctor, '/critical-alerts')).items.length, 1);

        const acked = ok<CriticalAlert>(await post(gw, doctor, `/critical-alerts/${alert.id}/acknowledge`));
        assert.equal(acked.acknowledgedBy, '周敏');
        assert.equal(acked.patientName, '张伟');
        assert.ok(acked.acknowledgedAt);
        const again = ok<CriticalAlert>(await post(gw, doctor, `/critical-alerts/${alert.id}/acknowledge`));
        assert.equal(again.acknowledgedAt, acked.acknowledgedAt, 'acknowledging twice keeps the first time');
        assert.equal(ok<{ items: CriticalAlert[] }>(await get(gw, doctor, '/critical-alerts?status=open')).items.length, 0);
        const { rows } = await gw.db.query<{ actor_id: string; resource_id: string }>("SELECT actor_id, resource_id FROM audit_log WHERE action = 'acknowledgeCriticalAlert' AND outcome = 'ok'");
        assert.ok(rows.some((r) => r.resource_id === alert.id), 'the acknowledgement is in the audit log');

        // The doctor opens the report they ordered; the patient's other reports stay closed to them (no consult).
        assert.equal(ok<LabReport>(await get(gw, doctor, `/lab-reports/${alert.reportId}`)).id, alert.reportId);
        assert.equal((await get(gw, other, `/lab-reports/${alert.reportId}`)).statusCode, 404);
        assert.equal((await get(gw, doctor, `/patients/${patient.patientId}/lab-reports`)).statusCode, 403);
        // (Not the bare number: response times like 16.9 ms are in the logs.)
        assert.ok(!/张伟|钾|电解质|mmol/.test(gw.logs.text), 'no results or names in the logs');
      } finally {
        live.closeAll();
        await gw.close();
      }
    });

    test('a critical report stored without its alert (the gateway stopped in between) is raised by the sweep, once', async () => {
      const gw = await startGateway(database, { demo: true });
      try {
        const patient = demoAccounts.find((a) => a.username === 'zhangwei')!;
        const report: LabReport = {
          id: 'lab_missed_1', patientId: patient.patientId!, orderingDoctorId: zhou.doctorId!, title: '血气分析', status: 'final', issuedAt: gw.clock.now().toISOString(),
          observations: [{ code: '2524-7', name: '乳酸', value: '7.2', numeric: 7.2, unit: 'mmol/L', referenceRange: { low: 0.5, high: 2.2 }, interpretation: 'HH' }],
        };
        assert.equal(await insertNewReports(gw.db, [report], 'test'), 1); // stored, nobody told
        assert.equal(await gw.raiseMissedAlerts(), 1);
        assert.equal(await gw.raiseMissedAlerts(), 0, 'raised once');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const alerts = ok<{ items: CriticalAlert[] }>(await get(gw, doctor, '/critical-alerts')).items;
        assert.deepEqual(alerts.map((a) => a.reportId), ['lab_missed_1']);
      } finally {
        await gw.close();
      }
    });

    test('a failing LIS is LIS_UNAVAILABLE, then the breaker stops calling it until it cools down', async () => {
      let calls = 0;
      let failing = true;
      const lis = (db: Parameters<typeof createStoredLis>[0]): LisAdapter => {
        const stored = createStoredLis(db);
        return {
          name: 'flaky',
          listReports: (id) => (calls++, failing ? Promise.reject(new Error('ECONNRESET')) : stored.listReports(id)),
          getReport: (id) => stored.getReport(id),
        };
      };
      const gw: TestGateway = await startGateway(database, { demo: true, lis, adapterBreakerFailures: 2, adapterBreakerCooldownMs: 300 });
      try {
        const me = demoPatient();
        const token = await login(gw, me.username, me.password);
        const list = () => gw.app.inject({ method: 'GET', url: `${API}/patients/${me.patientId}/lab-reports`, headers: auth(token, { 'accept-language': 'en' }) });
        for (let i = 0; i < 3; i++) {
          const res = await list();
          assert.equal(res.statusCode, 503);
          assert.equal(res.json().code, 'LIS_UNAVAILABLE');
        }
        assert.equal(calls, 2, 'the third call did not reach the LIS');
        failing = false;
        assert.equal((await list()).statusCode, 503, 'still open');
        gw.clock.set(gw.clock.ms + 300); // the cool-down, on the gateway's clock
        assert.equal((await list()).statusCode, 200, 'one trial call after the cool-down, and it is back');
        assert.equal(calls, 3);
      } finally {
        await gw.close();
      }
    });
  });
}
