import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createDicomWebPacs, isAdapterError, type PacsAdapter, type RenderedImage } from '@ihkit/adapters';
import { pacsConformance } from '@ihkit/adapters/conformance';
// A real Orthanc with its DICOMweb plugin on loopback, and DICOM files made by dcmtk's img2dcm.
import { startOrthanc } from '../../../scripts/orthanc.mjs';
import { makeStudy } from '../../../scripts/dicom-samples.mjs';
import { dicomDateTime, dicomDt, personName } from '../src/dicomweb/dicom-json.js';
import { currentReport, readSrReport } from '../src/dicomweb/sr-report.js';

type Orthanc = Awaited<ReturnType<typeof startOrthanc>>;
type Made = Awaited<ReturnType<typeof makeStudy>>;

const A = 'pat_dwA1';
const B = 'pat_dwB2';
/** A's id in another case: an archive that matched loosely must not mix them up. */
const A_OTHER_CASE = 'PAT_DWA1';
const SIZE = 128; // the test images' side, in pixels

/** The CT's report as the radiologist first wrote it and as she verified it, a little changed. */
const CT_FINDINGS = '肝实质密度弥漫性减低，CT 值约 42 HU。\n肝右叶 S6 段见一类圆形低密度影，直径约 1.2 cm，增强扫描未见强化。';
const CT_PRELIMINARY = { status: 'preliminary', findings: CT_FINDINGS, impression: '1. 脂肪肝。\n2. 肝右叶低密度影。', author: '王^强', written: '2026-03-01T11:00' };
const CT_FINAL = { ...CT_PRELIMINARY, status: 'final', impression: '1. 脂肪肝（轻度）。\n2. 肝右叶囊肿。', verifier: '李^明', verified: '2026-03-01T15:20' };
/** The MR's report, final, then amended the next day. */
const MR_FINAL = { status: 'final', findings: '内侧半月板后角见线样高信号。', impression: '右膝内侧半月板后角变性。', author: 'Chen^Siyuan', verifier: '孙^晓婷', written: '2026-02-10T18:00', verified: '2026-02-10T19:00' };
const MR_AMENDED = { ...MR_FINAL, status: 'amended', impression: '右膝内侧半月板后角撕裂（Ⅲ度信号）。', written: '2026-02-11T09:00', verified: '2026-02-11T09:30' };

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
        { description: '上腹部 CT 平扫+增强', modality: 'CT', date: '2026-03-01T09:30', accession: 'ACC1002', series: [{ description: '平扫', slices: 5 }, { description: '增强', slices: 3 }], reports: [CT_PRELIMINARY, CT_FINAL] },
      ] }),
      makeStudy({ patientId: B, patientName: '王^秀英', size: SIZE, studies: [
        { description: '右膝关节 MR', modality: 'MR', date: '2026-02-10T16:45:30', series: [{ description: '矢状位 PD', slices: 4 }], reports: [MR_FINAL, MR_AMENDED] },
      ] }),
      makeStudy({ patientId: A_OTHER_CASE, size: SIZE, studies: [{ description: 'CT head', modality: 'CT', date: '2026-04-01', series: [{ description: 'axial', slices: 1 }], reports: [{ status: 'preliminary', impression: 'No acute intracranial abnormality.', written: '2026-04-01T10:15' }] }] }),
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
    t.diagnostic(`QIDO listStudies (2 studies, 3 series, 9 instances, 2 reports): ${ms(t0)}`);
    const [ct, cr] = a.studies.slice().reverse();
    assert.deepEqual(list, [
      {
        id: ct!.uid, patientId: A, description: '上腹部 CT 平扫+增强', modalities: ['CT'], startedAt: '2026-03-01T09:30:00+08:00', accession: 'ACC1002',
        report: {
          status: 'final', findings: CT_FINDINGS, impression: '1. 脂肪肝（轻度）。\n2. 肝右叶囊肿。',
          issuedAt: '2026-03-01T15:20:00+08:00', reporter: '王强', verifier: '李明',
        },
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

  test('the report comes from the study\'s SR: verified over the draft, an amendment over what it replaced, a draft marked preliminary', async () => {
    const [mr] = await pacs.listStudies(B);
    assert.deepEqual(mr!.report, {
      status: 'amended', findings: MR_FINAL.findings, impression: '右膝内侧半月板后角撕裂（Ⅲ度信号）。',
      issuedAt: '2026-02-11T09:30:00+08:00', reporter: 'Siyuan Chen', verifier: '孙晓婷',
    });
    assert.deepEqual(mr!.modalities, ['MR'], 'the report\'s SR is not a modality of pictures');
    assert.deepEqual(mr!.series.map((s) => s.modality), ['MR'], 'nor a series to view');
    assert.deepEqual(await pacs.getStudy(mr!.id), mr);
    const [head] = await pacs.listStudies(A_OTHER_CASE);
    assert.deepEqual(head!.report, { status: 'preliminary', impression: 'No acute intracranial abnormality.', issuedAt: '2026-04-01T10:15:00+08:00' });
    const cr = await pacs.getStudy(a.studies[0]!.uid);
    assert.ok(cr && !('report' in cr), 'a study without an SR has no report (it is awaiting one)');
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
        if (path.endsWith('/frames/30/rendered')) return new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), { headers: { 'content-type': 'image/jpeg' } });
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

describe('DICOM SR reports', () => {
  const v = (vr: string, ...Value: unknown[]) => ({ vr, Value });
  const concept = (code: string, scheme = 'DCM') => v('SQ', { '00080100': v('SH', code), '00080102': v('SH', scheme) });
  const textItem = (code: string, value: string, scheme?: string) => ({ '0040A010': v('CS', 'CONTAINS'), '0040A040': v('CS', 'TEXT'), '0040A043': concept(code, scheme), '0040A160': v('UT', value) });
  /** A section container; `code` is DCM's unless it names its scheme ('LN:59776-5'). */
  const section = (code: string, ...items: object[]) => {
    const [scheme, value] = code.includes(':') ? code.split(':') as [string, string] : ['DCM', code];
    return { '0040A010': v('CS', 'CONTAINS'), '0040A040': v('CS', 'CONTAINER'), '0040A043': concept(value, scheme), '0040A730': v('SQ', ...items) };
  };
  const BASIC_TEXT = '1.2.840.10008.5.1.4.1.1.88.11';
  /** A verified report with findings and an impression, written 14:00 and verified 15:20 on 1 March. */
  const doc = (over: Record<string, unknown> = {}, content: object[] = [section('121070', textItem('121071', 'Finding one.')), section('121072', textItem('121073', 'Impression.'))]) => ({
    '00080016': v('UI', BASIC_TEXT), '00080018': v('UI', '1.2.3.1'),
    '00080023': v('DA', '20260301'), '00080033': v('TM', '140000'),
    '0040A491': v('CS', 'COMPLETE'), '0040A493': v('CS', 'VERIFIED'),
    '0040A073': v('SQ', { '0040A030': v('DT', '20260301152000'), '0040A075': v('PN', { Alphabetic: 'Li^Ming', Ideographic: '李^明' }) }),
    '0040A040': v('CS', 'CONTAINER'), '0040A043': concept('18748-4', 'LN'), '0040A730': v('SQ', ...content),
    ...over,
  });
  const read = (d: object) => readSrReport(d as never, 'Asia/Shanghai');
  const predecessor = (uid: string) => v('SQ', { '00081115': v('SQ', { '00081199': v('SQ', { '00081155': v('UI', uid) }) }) });

  test('status from the flags: COMPLETE and VERIFIED is final, with a predecessor amended, anything less preliminary', () => {
    assert.equal(read(doc())!.report.status, 'final');
    assert.equal(read(doc({ '0040A360': predecessor('1.2.3.0') }))!.report.status, 'amended');
    assert.equal(read(doc({ '0040A493': v('CS', 'UNVERIFIED') }))!.report.status, 'preliminary');
    assert.equal(read(doc({ '0040A491': v('CS', 'PARTIAL') }))!.report.status, 'preliminary');
    assert.equal(read(doc({ '0040A496': v('CS', 'PRELIMINARY') }))!.report.status, 'preliminary');
    assert.deepEqual(read(doc({ '0040A360': predecessor('1.2.3.0') }))!.replaces, ['1.2.3.0']);
  });

  test('findings and impression from their sections or their own codes, DICOM or LOINC; lines kept; other text left out', () => {
    const report = read(doc({}, [
      textItem('121060', 'History: not for the patient\'s report.'),
      section('121070', textItem('121071', '第一行。\r\n第二行。  '), textItem('999', 'More, under Findings.', '99LOCAL')),
      textItem('121077', 'A conclusion at the root.'),
      section('LN:59776-5', textItem('1', 'Procedure findings (LOINC).', '99LOCAL')),
    ]))!.report;
    assert.equal(report.findings, '第一行。\n第二行。\nMore, under Findings.\nProcedure findings (LOINC).');
    assert.equal(report.impression, 'A conclusion at the root.');
    assert.equal(read(doc({}, [section('121072', textItem('121073', 'Only an impression.'))]))!.report.findings, undefined);
    assert.equal(read(doc({}, [textItem('121060', 'History only.')])), undefined, 'no findings or impression: no report');
    assert.equal(read(doc({ '00080016': v('UI', '1.2.840.10008.5.1.4.1.1.88.67') })), undefined, 'a radiation dose SR is no report');
  });

  test('who and when: the verified time, else when written; the author from the observation context, the verifier only once verified', () => {
    const author = { '0040A010': v('CS', 'HAS OBS CONTEXT'), '0040A040': v('CS', 'PNAME'), '0040A043': concept('121008'), '0040A123': v('PN', { Alphabetic: 'Wang^Qiang' }) };
    const final = read(doc({}, [author, section('121072', textItem('121073', 'x'))]))!.report;
    assert.deepEqual([final.issuedAt, final.reporter, final.verifier], ['2026-03-01T15:20:00+08:00', 'Qiang Wang', '李明']);
    const draft = read(doc({ '0040A493': v('CS', 'UNVERIFIED'), '00080201': v('SH', '+0100') }))!.report;
    assert.deepEqual([draft.issuedAt, draft.reporter, draft.verifier], ['2026-03-01T14:00:00+01:00', undefined, undefined]);
    const byAuthorSequence = read(doc({ '0040A078': v('SQ', { '0040A084': v('CS', 'PSN'), '0040A123': v('PN', { Alphabetic: '赵^文博' }) }) }))!.report;
    assert.equal(byAuthorSequence.reporter, '赵文博');
    const noDate = read(doc({ '00080023': v('DA'), '00080033': v('TM'), '0040A493': v('CS', 'UNVERIFIED') }))!.report;
    assert.equal(noDate.issuedAt, undefined);
  });

  test('the current report: not replaced by another, the latest, verified before a draft of the same time', () => {
    const at = (id: string, status: 'preliminary' | 'final' | 'amended', issuedAt: string | undefined, replaces: string[] = []) => ({ id, replaces, report: { status, impression: id, ...(issuedAt ? { issuedAt } : {}) } });
    assert.equal(currentReport([]), undefined);
    assert.equal(currentReport([at('a', 'preliminary', '2026-03-01T10:00:00+08:00'), at('b', 'final', '2026-03-01T15:00:00+08:00')])!.impression, 'b');
    assert.equal(currentReport([at('b', 'final', '2026-03-02T10:00:00+08:00'), at('c', 'amended', '2026-03-01T10:00:00+08:00', ['b'])])!.impression, 'c', 'an amendment replaces its predecessor, whatever the clocks say');
    assert.equal(currentReport([at('a', 'preliminary', '2026-03-01T10:00:00+08:00'), at('b', 'final', '2026-03-01T10:00:00+08:00')])!.impression, 'b');
    assert.equal(currentReport([at('a', 'final', undefined), at('b', 'preliminary', '2026-03-01T10:00:00+08:00')])!.impression, 'b');
  });

  test('names for display: ideographic when given, else given name first; DT values with or without their offset', () => {
    assert.equal(personName({ x: v('PN', { Alphabetic: 'Li^Ming', Ideographic: '李^明' }) }, 'x'), '李明');
    assert.equal(personName({ x: v('PN', { Alphabetic: 'Smith^John^^Dr' }) }, 'x'), 'Dr John Smith');
    assert.equal(personName({ x: v('PN', { Alphabetic: '陈思远' }) }, 'x'), '陈思远');
    assert.equal(personName({ x: v('PN', { Alphabetic: '^^' }) }, 'x'), undefined);
    assert.equal(dicomDt('20260301152000', undefined, 'Asia/Shanghai'), '2026-03-01T15:20:00+08:00');
    assert.equal(dicomDt('20260301152000.123+0100', '+0800', 'Asia/Shanghai'), '2026-03-01T15:20:00+01:00');
    assert.equal(dicomDt('202603011520', '-0500', 'Asia/Shanghai'), '2026-03-01T15:20:00-05:00');
    assert.equal(dicomDt('2026', undefined, 'Asia/Shanghai'), undefined);
  });

  test('asks for the metadata of text SRs only, and a PACS failing on it is unavailable', async () => {
    const asked: string[] = [];
    let metadataFails = false;
    const study = { '0020000D': { vr: 'UI', Value: ['1.2.9'] }, '00100020': { vr: 'LO', Value: ['p1'] }, '00080061': { vr: 'CS', Value: ['CT', 'SR'] } };
    const fetchFn = (async (input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      asked.push(path);
      if (path === '/studies') return Response.json([study]);
      if (path === '/studies/1.2.9/series') {
        return Response.json([
          { '0020000E': v('UI', '1.2.9.1'), '00080060': v('CS', 'CT') },
          { '0020000E': v('UI', '1.2.9.2'), '00080060': v('CS', 'SR') },
          { '0020000E': v('UI', '1.2.9.3'), '00080060': v('CS', 'KO') },
        ]);
      }
      if (path === '/studies/1.2.9/series/1.2.9.1/instances') return Response.json([{ '00080018': v('UI', '1.2.9.1.1') }]);
      if (path === '/studies/1.2.9/series/1.2.9.2/instances') {
        return Response.json([
          { '00080018': v('UI', '1.2.9.2.1'), '00080016': v('UI', '1.2.840.10008.5.1.4.1.1.88.67') }, // a dose report
          { '00080018': v('UI', '1.2.9.2.2') }, // class not given: the metadata tells
        ]);
      }
      if (path === '/studies/1.2.9/series/1.2.9.2/instances/1.2.9.2.2/metadata') {
        return metadataFails ? new Response('', { status: 500 }) : Response.json([doc({ '00080018': v('UI', '1.2.9.2.2') })]);
      }
      return new Response(null, { status: 404 });
    }) as typeof fetch;
    const pacs = createDicomWebPacs({ baseUrl: 'http://pacs.test', fetch: fetchFn });
    const [one] = await pacs.listStudies('p1');
    assert.deepEqual(one!.report, { status: 'final', findings: 'Finding one.', impression: 'Impression.', issuedAt: '2026-03-01T15:20:00+08:00', verifier: '李明' });
    assert.deepEqual(one!.modalities, ['CT']);
    assert.deepEqual(one!.series.map((s) => s.id), ['1.2.9.1'], 'neither the SR nor the key-object series is a series of pictures');
    assert.ok(!asked.some((p) => p.includes('1.2.9.2.1/metadata')), 'the dose report\'s metadata is not fetched');
    assert.ok(!asked.some((p) => p.startsWith('/studies/1.2.9/series/1.2.9.3/')), 'nothing asked of the key-object series');
    metadataFails = true;
    await assert.rejects(pacs.listStudies('p1'), (e: unknown) => e instanceof Error && !isAdapterError(e));
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
    { description: 'CT', modality: 'CT', date: '2026-05-02T10:00', series: [{ description: 'axial', slices: 3 }, { description: 'coronal', slices: 2 }], reports: [CT_FINAL] },
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
    fixture: { patientId: 'pat_conf1', reportedStudyId: made.studies[0]!.uid },
    teardown: async () => {
      await orthanc.stop();
      rmSync(made.dir, { recursive: true, force: true });
    },
  };
});
