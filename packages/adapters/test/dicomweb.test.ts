import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createDicomWebPacs, isAdapterError, type ImagingStudy, type PacsAdapter, type RenderedImage } from '@ihkit/adapters';
import { pacsConformance } from '@ihkit/adapters/conformance';
// A real Orthanc with its DICOMweb plugin on loopback, and DICOM files made by dcmtk's img2dcm.
import { startOrthanc } from '../../../scripts/orthanc.mjs';
import { makeStudy } from '../../../scripts/dicom-samples.mjs';
import { dicomDateTime } from '../src/dicomweb/dicom-json.js';

type Orthanc = Awaited<ReturnType<typeof startOrthanc>>;
type Made = Awaited<ReturnType<typeof makeStudy>>;

const A = 'pat_dwA1';
const B = 'pat_dwB2';
/** A's id in another case: an archive that matched loosely must not mix them up. */
const A_OTHER_CASE = 'PAT_DWA1';
const SIZE = 128; // the test images' side, in pixels

/** Width and height from a PNG's IHDR (after checking the signature). */
function pngSize(image: RenderedImage): { width: number; height: number } {
  const b = Buffer.from(image.bytes);
  assert.equal(image.contentType, 'image/png');
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  assert.equal(b.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;

/** Makes the files and stores them in Orthanc; the time spent, for the report. */
async function store(orthanc: Orthanc, made: Made[]): Promise<string> {
  const files = made.flatMap((m) => m.files);
  const t0 = performance.now();
  for (const f of files) assert.equal((await orthanc.upload(f)).Status, 'Success');
  return `${files.length} instances uploaded in ${ms(t0)} (${((performance.now() - t0) / files.length).toFixed(1)} ms each)`;
}

describe('DICOMweb PACS adapter against Orthanc', () => {
  let orthanc: Orthanc;
  let pacs: PacsAdapter;
  let a: Made;
  let b: Made;
  let other: Made;
  const timings: string[] = [];

  before(async () => {
    let t0 = performance.now();
    orthanc = await startOrthanc();
    timings.push(`Orthanc started in ${ms(t0)}`);
    t0 = performance.now();
    [a, b, other] = await Promise.all([
      makeStudy({ patientId: A, patientName: '张^伟', size: SIZE, studies: [
        { description: '胸部正位片', modality: 'CR', date: '2026-01-05T08:15', accession: 'ACC1001', series: [{ description: '后前位', slices: 1 }] },
        { description: '上腹部 CT 平扫+增强', modality: 'CT', date: '2026-03-01T09:30', accession: 'ACC1002', series: [{ description: '平扫', slices: 5 }, { description: '增强', slices: 3 }] },
      ] }),
      makeStudy({ patientId: B, patientName: '王^秀英', size: SIZE, studies: [
        { description: '右膝关节 MR', modality: 'MR', date: '2026-02-10T16:45:30', series: [{ description: '矢状位 PD', slices: 4 }] },
      ] }),
      makeStudy({ patientId: A_OTHER_CASE, size: SIZE, studies: [{ description: 'CT head', modality: 'CT', date: '2026-04-01', series: [{ description: 'axial', slices: 1 }] }] }),
    ]);
    timings.push(`DICOM files made in ${ms(t0)}`);
    timings.push(await store(orthanc, [a, b, other]));
    pacs = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl, timeZone: 'Asia/Shanghai' });
  });

  after(async () => {
    await orthanc?.stop();
    for (const m of [a, b, other]) if (m) rmSync(m.dir, { recursive: true, force: true });
  });

  test('lists only the patient\'s studies, newest first, with their series and instances in order', async (t) => {
    for (const line of timings) t.diagnostic(line);
    const t0 = performance.now();
    const list = await pacs.listStudies(A);
    t.diagnostic(`QIDO listStudies (2 studies, 3 series, 9 instances): ${ms(t0)}`);
    const [ct, cr] = a.studies.slice().reverse();
    assert.deepEqual(list, [
      {
        id: ct!.uid, patientId: A, description: '上腹部 CT 平扫+增强', modalities: ['CT'], startedAt: '2026-03-01T09:30:00+08:00', accession: 'ACC1002',
        series: [
          { id: ct!.series[0]!.uid, number: 1, modality: 'CT', description: '平扫', instances: ct!.series[0]!.instances.map((i) => ({ id: i.uid, number: i.number, frames: 1 })) },
          { id: ct!.series[1]!.uid, number: 2, modality: 'CT', description: '增强', instances: ct!.series[1]!.instances.map((i) => ({ id: i.uid, number: i.number, frames: 1 })) },
        ],
      },
      {
        id: cr!.uid, patientId: A, description: '胸部正位片', modalities: ['CR'], startedAt: '2026-01-05T08:15:00+08:00', accession: 'ACC1001',
        series: [{ id: cr!.series[0]!.uid, number: 1, modality: 'CR', description: '后前位', instances: [{ id: cr!.series[0]!.instances[0]!.uid, number: 1, frames: 1 }] }],
      },
    ]);
    assert.deepEqual(list[0]!.series[0]!.instances.map((i) => i.number), [1, 2, 3, 4, 5]);

    const mine = await pacs.listStudies(B);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.patientId, B);
    assert.equal(mine[0]!.startedAt, '2026-02-10T16:45:30+08:00');
    assert.equal(mine[0]!.accession, undefined, 'an empty accession number is left out');
    assert.deepEqual(mine[0]!.series.map((s) => s.instances.length), [4]);
    assert.deepEqual((await pacs.listStudies(A_OTHER_CASE)).map((s) => s.id), [other.studies[0]!.uid]);
  });

  test('knows nothing of an unknown patient, and reads no patient id as a pattern', async () => {
    assert.deepEqual(await pacs.listStudies('pat_nobody'), []);
    assert.deepEqual(await pacs.listStudies('*'), []);
    assert.deepEqual(await pacs.listStudies('pat_dw*'), []);
    assert.deepEqual(await pacs.listStudies(`${A},${B}`), []);
  });

  test('reads one study by its UID, carrying the PatientID it was stored with', async () => {
    const [listed] = await pacs.listStudies(A);
    assert.deepEqual(await pacs.getStudy(listed!.id), listed);
    const mr = await pacs.getStudy(b.studies[0]!.uid);
    assert.equal(mr?.patientId, B);
    assert.equal(await pacs.getStudy('1.2.826.0.1.3680043.10.9999.1'), undefined);
    assert.equal(await pacs.getStudy('not-a-uid'), undefined);
    assert.equal(await pacs.getStudy('../studies'), undefined);
  });

  test('thumbnails are small PNGs of the series\' middle instance; each series has its own', async (t) => {
    const ct = a.studies[1]!;
    const fresh = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl }); // nothing remembered: asks for the instances itself
    const t0 = performance.now();
    const one = await fresh.thumbnail(ct.uid, ct.series[0]!.uid);
    t.diagnostic(`thumbnail without a listing first (QIDO + rendered): ${ms(t0)}`);
    assert.deepEqual(pngSize(one), { width: 96, height: 96 });
    const two = await pacs.thumbnail(ct.uid, ct.series[1]!.uid);
    assert.deepEqual(pngSize(two), { width: 96, height: 96 });
    assert.notDeepEqual(one.bytes, two.bytes);
    // the middle instance (3rd of 5) rendered at thumbnail size is the thumbnail
    const small = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl, thumbnailSize: 48 });
    assert.deepEqual(pngSize(await small.thumbnail(ct.uid, ct.series[0]!.uid)), { width: 48, height: 48 });
    const jpeg = await createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl, format: 'image/jpeg' }).thumbnail(ct.uid, ct.series[0]!.uid);
    assert.equal(jpeg.contentType, 'image/jpeg');
    assert.deepEqual([...jpeg.bytes.subarray(0, 2)], [0xff, 0xd8]);
  });

  test('renders every slice of a series, full size, each one different', async (t) => {
    const ct = a.studies[1]!;
    const series = ct.series[0]!;
    const seen = new Set<string>();
    const times: number[] = [];
    for (const instance of series.instances) {
      const t0 = performance.now();
      const frame = await pacs.renderFrame(ct.uid, series.uid, instance.uid, 1);
      times.push(performance.now() - t0);
      assert.deepEqual(pngSize(frame), { width: SIZE, height: SIZE });
      seen.add(Buffer.from(frame.bytes).toString('base64'));
    }
    assert.equal(seen.size, series.instances.length, 'every slice should look different');
    t.diagnostic(`renderFrame ${SIZE}×${SIZE} PNG: ${times.map((x) => x.toFixed(1)).join(', ')} ms`);
    // a fresh adapter first asks QIDO-RS how many frames the instance has
    const fresh = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl });
    const t0 = performance.now();
    pngSize(await fresh.renderFrame(ct.uid, series.uid, series.instances[2]!.uid, 1));
    t.diagnostic(`renderFrame with its frame-count check (QIDO + rendered): ${ms(t0)}`);
  });

  test('NOT_FOUND for a picture that does not exist, or exists under another study or series', async () => {
    const ct = a.studies[1]!;
    const [plain, contrast] = ct.series;
    const instance = plain!.instances[0]!.uid;
    const fresh = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl });
    const notFound = async (run: () => Promise<unknown>, what: string) =>
      assert.rejects(run, (e: unknown) => isAdapterError(e) && e.code === 'NOT_FOUND', what);
    for (const adapter of [pacs, fresh]) {
      await notFound(() => adapter.renderFrame(ct.uid, plain!.uid, instance, 2), 'frame 2 of a one-frame instance');
      await notFound(() => adapter.renderFrame(ct.uid, plain!.uid, instance, 0), 'frame 0');
      await notFound(() => adapter.renderFrame(ct.uid, plain!.uid, '1.2.3.4.5', 1), 'an unknown instance');
      await notFound(() => adapter.renderFrame(ct.uid, contrast!.uid, instance, 1), 'an instance of another series');
      await notFound(() => adapter.renderFrame(b.studies[0]!.uid, plain!.uid, instance, 1), 'a series of another patient\'s study');
      await notFound(() => adapter.renderFrame(ct.uid, plain!.uid, '../../x', 1), 'not a UID');
      await notFound(() => adapter.thumbnail(ct.uid, '1.2.3.4.5'), 'the thumbnail of an unknown series');
      await notFound(() => adapter.thumbnail(b.studies[0]!.uid, plain!.uid), 'the thumbnail of a series under another study');
    }
  });

  test('once Orthanc is down, every call rejects with an error that is not an AdapterError', async () => {
    const ct = a.studies[1]!;
    const series = ct.series[0]!;
    await orthanc.stop();
    const unavailable = (e: unknown) => e instanceof Error && !isAdapterError(e);
    await assert.rejects(pacs.listStudies(A), unavailable);
    await assert.rejects(pacs.getStudy(ct.uid), unavailable);
    await assert.rejects(pacs.thumbnail(ct.uid, series.uid), unavailable);
    await assert.rejects(pacs.renderFrame(ct.uid, series.uid, series.instances[0]!.uid, 1), unavailable);
  });
});

describe('DICOMweb PACS adapter against a PACS that misbehaves', () => {
  const fake = (respond: (url: URL, headers: Headers) => Response | Promise<Response>) =>
    (async (input: RequestInfo | URL, init?: RequestInit) => respond(new URL(String(input)), new Headers(init?.headers))) as typeof fetch;

  test('sends the integrator\'s headers, asked for on every request', async () => {
    let calls = 0;
    const seen: Array<string | null> = [];
    const pacs = createDicomWebPacs({
      baseUrl: 'http://pacs.test/dicom-web/',
      headers: async () => ({ authorization: `Bearer token-${++calls}` }),
      fetch: fake((url, headers) => {
        seen.push(headers.get('authorization'));
        assert.equal(url.pathname, '/dicom-web/studies');
        assert.equal(headers.get('accept'), 'application/dicom+json');
        return new Response(null, { status: 204 });
      }),
    });
    assert.deepEqual(await pacs.listStudies('p1'), []);
    assert.deepEqual(await pacs.listStudies('p2'), []);
    assert.deepEqual(seen, ['Bearer token-1', 'Bearer token-2']);
  });

  test('a server error, a body that is not DICOM JSON, a picture that is neither PNG nor JPEG, a timeout: not AdapterErrors', async () => {
    const unavailable = (e: unknown) => e instanceof Error && !isAdapterError(e);
    await assert.rejects(createDicomWebPacs({ baseUrl: 'http://pacs.test', fetch: fake(() => new Response('oops', { status: 500 })) }).listStudies('p1'), unavailable);
    await assert.rejects(createDicomWebPacs({ baseUrl: 'http://pacs.test', fetch: fake(() => Response.json({ error: 'x' })) }).listStudies('p1'), unavailable);
    const gif = createDicomWebPacs({
      baseUrl: 'http://pacs.test',
      fetch: fake((url) => (url.pathname.endsWith('/rendered')
        ? new Response('GIF89a', { headers: { 'content-type': 'image/gif' } })
        : Response.json([{ '00080018': { vr: 'UI', Value: ['1.2.3'] } }]))),
    });
    await assert.rejects(gif.thumbnail('1.2', '1.2.1'), unavailable);
    const slow = createDicomWebPacs({
      baseUrl: 'http://pacs.test',
      timeoutMs: 50,
      fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch,
    });
    // AbortSignal.timeout's timer does not keep node alive, and the fake has no socket that would
    const alive = setTimeout(() => {}, 5_000);
    try {
      await assert.rejects(slow.listStudies('p1'), unavailable);
    } finally {
      clearTimeout(alive);
    }
  });

  test('reads IS values given as text, NumberOfFrames, and an explicit time zone offset', async () => {
    const pacs = createDicomWebPacs({
      baseUrl: 'http://pacs.test',
      fetch: fake((url) => {
        const path = url.pathname;
        if (path === '/studies') {
          return Response.json([{
            '0020000D': { vr: 'UI', Value: ['1.2.9'] }, '00100020': { vr: 'LO', Value: ['p1'] },
            '00080020': { vr: 'DA', Value: ['20260102'] }, '00080030': { vr: 'TM', Value: ['2315'] }, '00080201': { vr: 'SH', Value: ['-0500'] },
          }]);
        }
        if (path === '/studies/1.2.9/series') return Response.json([{ '0020000E': { vr: 'UI', Value: ['1.2.9.1'] }, '00080060': { vr: 'CS', Value: ['US'] }, '00200011': { vr: 'IS', Value: ['7'] } }]);
        if (path === '/studies/1.2.9/series/1.2.9.1/instances') {
          return Response.json([
            { '00080018': { vr: 'UI', Value: ['1.2.9.1.2'] }, '00200013': { vr: 'IS', Value: ['2'] }, '00280008': { vr: 'IS', Value: ['30'] } },
            { '00080018': { vr: 'UI', Value: ['1.2.9.1.1'] }, '00200013': { vr: 'IS', Value: [1] } },
          ]);
        }
        if (path.endsWith('/frames/30/rendered')) return new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), { headers: { 'content-type': 'image/jpeg' } });
        return new Response(null, { status: 404 });
      }),
    });
    const [study] = await pacs.listStudies('p1');
    assert.deepEqual(study, {
      id: '1.2.9', patientId: 'p1', modalities: ['US'], startedAt: '2026-01-02T23:15:00-05:00',
      series: [{ id: '1.2.9.1', number: 7, modality: 'US', instances: [{ id: '1.2.9.1.1', number: 1, frames: 1 }, { id: '1.2.9.1.2', number: 2, frames: 30 }] }],
    });
    assert.equal((await pacs.renderFrame('1.2.9', '1.2.9.1', '1.2.9.1.2', 30)).contentType, 'image/jpeg');
    await assert.rejects(pacs.renderFrame('1.2.9', '1.2.9.1', '1.2.9.1.2', 31), (e: unknown) => isAdapterError(e) && e.code === 'NOT_FOUND');
  });
});

describe('DICOM dates and times', () => {
  test('local wall-clock time in the hospital\'s zone unless the data set gives an offset', () => {
    assert.equal(dicomDateTime('20260301', '093000.123456', undefined, 'Asia/Shanghai'), '2026-03-01T09:30:00+08:00');
    assert.equal(dicomDateTime('20260301', '0930', undefined, 'Asia/Shanghai'), '2026-03-01T09:30:00+08:00');
    assert.equal(dicomDateTime('20260301', '09', undefined, 'Asia/Shanghai'), '2026-03-01T09:00:00+08:00');
    assert.equal(dicomDateTime('20260301', '09:30:15', undefined, 'Asia/Shanghai'), '2026-03-01T09:30:15+08:00');
    assert.equal(dicomDateTime('20260301', undefined, undefined, 'Asia/Shanghai'), '2026-03-01T00:00:00+08:00');
    assert.equal(dicomDateTime('2026.03.01', '1200', undefined, 'Europe/Berlin'), '2026-03-01T12:00:00+01:00');
    assert.equal(dicomDateTime('20260701', '1200', undefined, 'Europe/Berlin'), '2026-07-01T12:00:00+02:00');
    assert.equal(dicomDateTime('20260301', '0930', '+0530', 'Asia/Shanghai'), '2026-03-01T09:30:00+05:30');
    assert.equal(dicomDateTime(undefined, '0930', undefined, 'Asia/Shanghai'), undefined);
    assert.equal(dicomDateTime('20261301', '0930', undefined, 'Asia/Shanghai'), undefined);
  });
});

pacsConformance('DICOMweb (Orthanc)', async () => {
  const orthanc = await startOrthanc();
  const made = await makeStudy({ patientId: 'pat_conf1', studies: [
    { description: 'CT', modality: 'CT', date: '2026-05-02T10:00', series: [{ description: 'axial', slices: 3 }, { description: 'coronal', slices: 2 }] },
    { description: 'DX', modality: 'DX', date: '2025-12-24T11:00', series: [{ description: 'AP', slices: 1 }] },
  ] });
  try {
    await store(orthanc, [made]);
  } catch (e) {
    await orthanc.stop();
    throw e;
  }
  return {
    adapter: createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl }),
    fixture: { patientId: 'pat_conf1' },
    teardown: async () => {
      await orthanc.stop();
      rmSync(made.dir, { recursive: true, force: true });
    },
  };
});
