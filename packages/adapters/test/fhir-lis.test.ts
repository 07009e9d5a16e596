import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LabReport } from '@ihkit/core';
import { createFhirLis, isCritical, isFhirError, type Fhir, type FhirClient, type FhirLis } from '@ihkit/adapters';
import { lisConformance } from '@ihkit/adapters/conformance';
import { startFhirHospital, transact, type FhirHospital } from './helpers/fhir-hospital.js';

const V3 = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** A new potassium report with a critical value, sent as one transaction (urn:uuid references). */
async function criticalPotassium(client: FhirClient, patientId: string, value = 2.4): Promise<void> {
  const obs = `urn:uuid:${randomUUID()}`;
  const now = new Date().toISOString();
  await transact(client, {
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      { fullUrl: obs, request: { method: 'POST', url: 'Observation' }, resource: {
        resourceType: 'Observation', status: 'final', subject: { reference: `Patient/${patientId}` },
        code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma' }], text: '钾' },
        valueQuantity: { value, unit: 'mmol/L' }, referenceRange: [{ low: { value: 3.5 }, high: { value: 5.3 } }],
        interpretation: [{ coding: [{ system: V3, code: 'LL' }] }],
      } as Fhir.Observation },
      { request: { method: 'POST', url: 'DiagnosticReport' }, resource: {
        resourceType: 'DiagnosticReport', status: 'final', code: { text: '急诊电解质', coding: [{ system: 'http://loinc.org', code: '24326-1', display: 'Electrolytes panel' }] },
        subject: { reference: `Patient/${patientId}` }, basedOn: [{ reference: 'ServiceRequest/sr-zw-3' }],
        effectiveDateTime: now, issued: now, result: [{ reference: obs }],
      } as Fhir.DiagnosticReport },
    ],
  });
}

/** Resolves with the first report `fn` accepts, or rejects after `ms`. */
function waitFor(seen: LabReport[], accept: (r: LabReport) => boolean, ms = 5000): Promise<LabReport> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      const found = seen.find(accept);
      if (found) {
        clearInterval(check);
        resolve(found);
      } else if (Date.now() - started > ms) {
        clearInterval(check);
        reject(new Error(`no matching report within ${ms} ms (saw ${seen.length})`));
      }
    }, 20);
  });
}

describe('FHIR LIS on a FHIR R4 server (Medplum in-memory)', () => {
  let h: FhirHospital;
  let lis: FhirLis;
  before(async () => {
    h = await startFhirHospital();
    lis = createFhirLis({ baseUrl: h.server.baseUrl, pollMs: 100 });
  });
  after(() => h.close());

  test('lists a patient\'s reports newest first, with titles, doctor, specimen and times', async () => {
    const reports = await lis.listReports('zhang-wei');
    assert.deepEqual(reports.map((r) => [r.id, r.issuedAt]), [
      ['zw-bmp', '2026-11-10T09:30:00+08:00'],
      ['zw-glu-2', '2026-09-25T10:15:00+08:00'],
      ['zw-glu-1', '2026-08-20T11:02:00+08:00'],
    ]);
    const [bmp, glu2, glu1] = reports;
    assert.deepEqual({ ...bmp!, observations: [] }, {
      id: 'zw-bmp', patientId: 'zhang-wei', title: '电解质及血糖', titleEn: 'Basic metabolic panel', status: 'final', specimen: '血清',
      orderingDoctorId: 'zhou-min', collectedAt: '2026-11-10T08:05:00+08:00', issuedAt: '2026-11-10T09:30:00+08:00', observations: [],
    });
    // The ordering doctor through ServiceRequest.requester: a Practitioner, or a PractitionerRole's practitioner.
    assert.equal(glu2!.orderingDoctorId, 'sun-jiahe');
    assert.equal(glu1!.orderingDoctorId, 'sun-jiahe');
    assert.deepEqual(bmp!.observations, [
      { code: '2823-3', name: '钾', nameEn: 'Potassium [Moles/volume] in Serum or Plasma', value: '6.8', numeric: 6.8, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH' },
      { code: '2951-2', name: '钠', nameEn: 'Sodium [Moles/volume] in Serum or Plasma', value: '140', numeric: 140, unit: 'mmol/L', referenceRange: { low: 137, high: 147 }, interpretation: 'N' },
      // No interpretation sent: above its range reads H (never critical).
      { code: '2345-7', name: '葡萄糖', nameEn: 'Glucose [Moles/volume] in Serum or Plasma', value: '6.5', numeric: 6.5, unit: 'mmol/L', referenceRange: { low: 3.9, high: 6.1 }, interpretation: 'H' },
    ]);
    assert.ok(bmp!.observations.some(isCritical));
    // Glucose in all three reports: a trend.
    assert.deepEqual(reports.map((r) => r.observations.find((o) => o.code === '2345-7')?.numeric), [6.5, 7.4, 6.8]);
  });

  test('maps string, coded and comparator values, v2 and v3 flags, amended status and a Specimen resource', async () => {
    const [cbc] = await lis.listReports('li-na');
    assert.equal(cbc?.status, 'corrected');
    assert.equal(cbc?.specimen, '静脉血');
    assert.equal(cbc?.titleEn, 'CBC panel - Blood by Automated count');
    assert.deepEqual(cbc?.observations, [
      { code: '6690-2', name: '白细胞计数', nameEn: 'Leukocytes [#/volume] in Blood', value: '6.2', numeric: 6.2, referenceRange: { low: 3.5, high: 9.5, text: '3.5–9.5 ×10^9/L' }, interpretation: 'N' },
      { code: '5196-1', name: '乙肝表面抗原', nameEn: 'Hepatitis B virus surface Ag', value: '阳性', interpretation: 'A', note: '建议复查' },
      { code: '1988-5', name: 'C反应蛋白', nameEn: 'C reactive protein', value: '<0.5', unit: 'mg/L', referenceRange: { high: 10 } },
    ]);
  });

  test('reads a report with its results in a fixed number of requests, however many results', async () => {
    const since = h.server.requests.length;
    await lis.listReports('zhang-wei');
    const made = h.server.requests.slice(since);
    // The report search (asking for _include), then one _id search per referenced type the server did not include.
    assert.match(made[0]!.url, /DiagnosticReport\?.*_include=DiagnosticReport%3Aresult/);
    assert.equal(made.filter((r) => r.url.includes('/Observation')).length, 1);
    assert.ok(made.length <= 4, made.map((r) => r.url).join('\n'));

    const one = await lis.getReport('zw-bmp');
    assert.deepEqual(one, (await lis.listReports('zhang-wei'))[0]);
    assert.equal(await lis.getReport('no-such-report'), undefined);
    assert.deepEqual(await lis.listReports('no-such-patient'), []);
  });

  test('watch delivers new and changed reports once, and stops when asked', async () => {
    const seen: LabReport[] = [];
    const errors: unknown[] = [];
    const watcher = createFhirLis({ baseUrl: h.server.baseUrl, pollMs: 100, onError: (e) => errors.push(e) });
    // Two reports stamped in the same millisecond just before watching: neither is new.
    const stamp = new Date().toISOString();
    for (const id of ['same-ms-1', 'same-ms-2']) {
      await h.client.create<Fhir.DiagnosticReport>({ resourceType: 'DiagnosticReport', meta: { lastUpdated: stamp }, status: 'final', code: { text: `同毫秒${id}` }, subject: { reference: 'Patient/li-na' }, issued: stamp });
    }
    const stop = await watcher.watch!((r) => seen.push(r));
    try {
      await new Promise((r) => setTimeout(r, 250));
      assert.equal(seen.length, 0, 'reports that were there before are not delivered');

      await criticalPotassium(h.client, 'zhang-wei');
      const critical = await waitFor(seen, (r) => r.observations.some(isCritical));
      const criticalId = critical.id;
      assert.deepEqual([critical.patientId, critical.orderingDoctorId, critical.observations[0]?.interpretation], ['zhang-wei', 'zhou-min', 'LL']);

      // A corrected report is delivered again, as changed.
      const stored = (await h.client.read<Fhir.DiagnosticReport>('DiagnosticReport', 'zw-glu-1'))!;
      await h.client.update({ ...stored, id: stored.id!, status: 'corrected' });
      await waitFor(seen, (r) => r.id === 'zw-glu-1' && r.status === 'corrected');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(seen.filter((r) => r.id === criticalId).length, 1, 'delivered once');
      assert.equal(seen.length, 2);
      assert.deepEqual(errors, []);
    } finally {
      stop();
    }
    await new Promise((r) => setTimeout(r, 150)); // a poll in flight when stopped may finish
    const since = h.server.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.server.requests.length, since, 'no polling after unsubscribing');
  });

  test('watch reports a failing server or watcher through onError and keeps polling', async () => {
    const errors: unknown[] = [];
    const seen: LabReport[] = [];
    const watcher = createFhirLis({ baseUrl: h.server.baseUrl, pollMs: 50, timeoutMs: 2000, onError: (e) => errors.push(e) });
    let calls = 0;
    const stop = await watcher.watch!((r) => {
      calls++;
      if (calls === 1) throw new Error('a watcher that fails');
      seen.push(r);
    });
    try {
      await criticalPotassium(h.client, 'li-na', 2.1);
      await criticalPotassium(h.client, 'li-na', 2.2);
      await waitFor(seen, (r) => r.patientId === 'li-na');
      assert.ok(errors.some((e) => (e as Error).message === 'a watcher that fails'));

      // A server that answers only errors (here: 404 for a wrong base URL): each poll is reported, the timer survives.
      const broken = createFhirLis({ baseUrl: h.server.baseUrl.replace(/\/fhir\/R4$/, '/nowhere'), pollMs: 50, onError: (e) => errors.push(e) });
      const before = errors.length;
      const stopBroken = await broken.watch!(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      stopBroken();
      const failures = errors.slice(before);
      assert.ok(failures.length >= 3, `the start and each failed poll are reported (${failures.length})`);
      assert.ok(failures.every((e) => isFhirError(e) && e.status === 404));
    } finally {
      stop();
    }
  });
});

lisConformance('FHIR R4 (Medplum in-memory)', async () => {
  const hospital = await startFhirHospital();
  const adapter = createFhirLis({ baseUrl: hospital.server.baseUrl, pollMs: 200 });
  return {
    adapter,
    fixture: { patientId: 'zhang-wei', repeatedCode: '2345-7', criticalReportId: 'zw-bmp', arrive: () => criticalPotassium(hospital.client, 'zhang-wei') },
    teardown: () => hospital.close(),
  };
});
