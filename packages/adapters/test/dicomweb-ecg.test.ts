import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createDicomWebPacs, isAdapterError, withImagingReports, type PacsAdapter } from '@ihkit/adapters';
import { ECG_LEADS, type EcgWaveform } from '@ihkit/core';
// A real Orthanc with its DICOMweb plugin on loopback, and ECGs made by dcmtk's dump2dcm.
import { startOrthanc } from '../../../scripts/orthanc.mjs';
import { makeEcg } from '../../../scripts/ecg-samples.mjs';
import { RHYTHMS } from '../../../scripts/ecg-synth.mjs';
import { readEcgWaveform } from '../src/dicomweb/ecg-waveform.js';
import { multipartBoundary, multipartParts } from '../src/dicomweb/multipart-related.js';

type Orthanc = Awaited<ReturnType<typeof startOrthanc>>;
type Made = Awaited<ReturnType<typeof makeEcg>>;

const lead = (w: EcgWaveform, name: string) => {
  const found = w.leads.find((l) => l.name === name);
  assert.ok(found, `lead ${name}`);
  return found.samples;
};

describe('12-lead ECGs read from Orthanc (WADO-RS, dicom-parser)', () => {
  let orthanc: Orthanc;
  let pacs: PacsAdapter;
  const made = new Map<string, Made>();
  const read = new Map<string, EcgWaveform>();

  before(async () => {
    orthanc = await startOrthanc();
    // the AF record names its leads with SCPECG codes, as older carts do; the others with MDC codes
    for (const rhythm of RHYTHMS) {
      const ecg = await makeEcg({ rhythm, patientId: `pat_ecg_${rhythm}`, patientName: '赵^心', codes: rhythm === 'afib' ? 'SCPECG' : 'MDC', recorded: '2026-05-01T08:30:15' });
      made.set(rhythm, ecg);
      assert.equal((await orthanc.upload(ecg.file)).Status, 'Success');
    }
    pacs = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl, timeZone: 'Asia/Shanghai' });
    for (const [rhythm, m] of made) {
      const t0 = performance.now();
      read.set(rhythm, await pacs.ecgWaveform!(m.study, m.series, m.instance));
      console.log(`${rhythm}: retrieved and parsed in ${(performance.now() - t0).toFixed(1)} ms`);
    }
  });

  after(async () => {
    await orthanc?.stop();
    for (const m of made.values()) rmSync(m.dir, { recursive: true, force: true });
  });

  for (const rhythm of RHYTHMS) {
    test(`${rhythm}: twelve leads named, 10 s at 500 Hz, the sensitivity applied`, () => {
      const w = read.get(rhythm)!;
      const { ecg } = made.get(rhythm)!;
      assert.deepEqual(w.leads.map((l) => l.name), [...ECG_LEADS]);
      assert.equal(w.samplingFrequency, 500);
      assert.equal(w.sampleCount, 5000);
      assert.equal(w.durationMs, 10_000);
      for (const l of w.leads) {
        assert.equal(l.samples.length, 5000, l.name);
        // µV = count × 2.5 µV (Channel Sensitivity, correction factor 1, baseline 0), sample by sample
        const counts = ecg.leads[l.name as keyof typeof ecg.leads];
        assert.ok(l.samples.every((uv, i) => uv === counts[i]! * 2.5), `${l.name}: every sample is its count × 2.5 µV`);
      }
      // not all zeros: an R wave of at least 0.5 mV in II
      assert.ok(Math.max(...lead(w, 'II')) > 500);
      assert.deepEqual(w.filter, { lowHz: 0.05, highHz: 150, notchHz: 50 });
      assert.equal(w.acquiredAt, '2026-05-01T08:30:15+08:00');
      assert.equal(w.device, 'ihkit synthetic ECG ihkit ECG model 1');
      assert.ok(!JSON.stringify({ ...w, leads: [] }).includes('赵'), 'nothing names the patient');
    });

    test(`${rhythm}: Einthoven's and Goldberger's equations hold within rounding`, () => {
      const w = read.get(rhythm)!;
      const [I, II, III, aVR, aVL, aVF] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'].map((n) => lead(w, n));
      const half = 2.5 / 2; // half a count
      for (let i = 0; i < w.sampleCount; i++) {
        assert.equal(III![i], II![i]! - I![i]!, `III = II − I at ${i}`);
        assert.ok(Math.abs(aVR![i]! + (I![i]! + II![i]!) / 2) <= half, `aVR = −(I + II)/2 at ${i}`);
        assert.ok(Math.abs(aVL![i]! - (I![i]! - II![i]! / 2)) <= half, `aVL = I − II/2 at ${i}`);
        assert.ok(Math.abs(aVF![i]! - (II![i]! - I![i]! / 2)) <= half, `aVF = II − I/2 at ${i}`);
      }
    });
  }

  test('the rhythms differ as they should: AF irregular, STEMI with ST up in V2 and down in III, long QT', () => {
    const rr = (rhythm: string) => {
      const peaks = made.get(rhythm)!.ecg.rPeaks;
      return peaks.slice(1).map((p, i) => (p - peaks[i]!) * 2);
    };
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    assert.ok(spread(rr('afib')) > 150, `AF RR spread ${spread(rr('afib'))} ms`);
    assert.ok(spread(rr('sinus')) < 100, `sinus RR spread ${spread(rr('sinus'))} ms`);
    // ST level 80 ms after the J point (QRS onset + 90 ms = R centre + 50 ms), against the PR baseline (R centre − 70 ms)
    const st = (rhythm: string, name: string) => {
      const w = read.get(rhythm)!;
      const s = lead(w, name);
      const peaks = made.get(rhythm)!.ecg.rPeaks.filter((p) => p > 50 && p < w.sampleCount - 100);
      const levels = peaks.map((p) => s[p + 65]! - s[p - 35]!);
      return levels.reduce((a, b) => a + b, 0) / levels.length;
    };
    for (const v of ['V1', 'V2', 'V3', 'V4']) assert.ok(st('stemi', v) > 100, `STEMI: ST up in ${v}: ${st('stemi', v).toFixed(0)} µV`);
    for (const v of ['III', 'aVF']) assert.ok(st('stemi', v) < -50, `STEMI: reciprocal ST depression in ${v}: ${st('stemi', v).toFixed(0)} µV`);
    assert.ok(Math.abs(st('sinus', 'V2')) < 100, `sinus: ST in V2 near the baseline: ${st('sinus', 'V2').toFixed(0)} µV`);
    assert.ok(made.get('longqt')!.ecg.qt > 0.5, 'long QT: QTc over 500 ms');
  });

  test('the file itself reads the same without the PACS; another instance or a made-up one is NOT_FOUND', async () => {
    const m = made.get('sinus')!;
    const direct = readEcgWaveform(readFileSync(m.file), 'Asia/Shanghai');
    assert.deepEqual(direct, read.get('sinus'));
    const other = made.get('stemi')!;
    const notFound = (e: unknown) => isAdapterError(e) && e.code === 'NOT_FOUND';
    // an instance paired with another study's ids
    await assert.rejects(pacs.ecgWaveform!(m.study, m.series, other.instance), notFound);
    await assert.rejects(pacs.ecgWaveform!(m.study, m.series, '1.2.3.4'), notFound);
    await assert.rejects(pacs.ecgWaveform!(m.study, m.series, 'not a uid'), notFound);
    // reports from the RIS wrapped around the PACS: its ECGs are still there
    const wrapped = withImagingReports(pacs, async () => undefined);
    assert.deepEqual(await wrapped.ecgWaveform!(m.study, m.series, m.instance), read.get('sinus'));
  });

  test('multipart/related: the boundary quoted or not, the parts without their headers', () => {
    assert.equal(multipartBoundary('multipart/related; type="application/dicom"; boundary="a b"'), 'a b');
    assert.equal(multipartBoundary('multipart/related;boundary=xyz;type=application/dicom'), 'xyz');
    assert.equal(multipartBoundary('application/dicom'), undefined);
    const body = new TextEncoder().encode('--xyz\r\nContent-Type: application/dicom\r\n\r\nAB\r\n--xyz\r\n\r\nC\r\n--xyz--\r\n');
    assert.deepEqual(multipartParts(body, 'xyz').map((p) => new TextDecoder().decode(p)), ['AB', 'C']);
  });
});
