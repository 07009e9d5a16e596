import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, inflateSync } from 'node:zlib';
import { createDemoPacs, DEMO_FRAME_SIZE, DEMO_THUMBNAIL_SIZE, isAdapterError, type RenderedImage } from '@ihkit/adapters';
import { pacsConformance } from '@ihkit/adapters/conformance';
import { PATIENT } from '../src/demo/patients.js';
import { encodeGrayPng } from '../src/demo/png.js';
import { Lru } from '../src/lru.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 at the hospital
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** Decodes an 8-bit grayscale PNG as png.ts writes it, checking every chunk's CRC. */
function decodeGrayPng(bytes: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const b = Buffer.from(bytes);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  for (let at = 8; at < b.length;) {
    const length = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    const data = b.subarray(at + 8, at + 8 + length);
    assert.equal(b.readUInt32BE(at + 8 + length), crc32(b.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 0, 0, 0, 0], '8-bit grayscale, not interlaced');
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, (width + 1) * height);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)]!;
    for (let x = 0; x < width; x++) {
      const v = raw[y * (width + 1) + 1 + x]!;
      const up = y > 0 ? pixels[(y - 1) * width + x]! : 0;
      const left = x > 0 ? pixels[y * width + x - 1]! : 0;
      pixels[y * width + x] = (filter === 0 ? v : filter === 1 ? v + left : filter === 2 ? v + up : assert.fail(`filter ${filter}`)) & 0xff;
    }
  }
  return { width, height, pixels };
}

/** The share of pixels that differ by more than the grain (a visible change). */
function changed(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 12) n++;
  return n / a.length;
}

const picture = (image: RenderedImage) => {
  assert.equal(image.contentType, 'image/png');
  return decodeGrayPng(image.bytes);
};

describe('demo PACS', () => {
  const pacs = createDemoPacs({ now: () => NOW });

  test('Zhang Wei has an abdominal CT (20 + 12 slices) and, older, a chest radiograph; Wang Xiuying a knee MR', async () => {
    const zw = await pacs.listStudies(PATIENT.zhangWei);
    assert.deepEqual(zw.map((s) => [s.modalities, s.startedAt, s.series.map((se) => se.instances.length)]), [
      [['CT'], '2026-11-11T14:05:00+08:00', [20, 12]],
      [['CR'], '2026-10-10T09:20:00+08:00', [1]],
    ]);
    const wxy = await pacs.listStudies(PATIENT.wangXiuying);
    assert.deepEqual(wxy.map((s) => [s.modalities, s.series.map((se) => se.modality)]), [[['MR'], ['MR', 'MR']]]);
    for (const s of [...zw, ...wxy]) {
      assert.ok(s.description && s.accession);
      for (const se of s.series) {
        assert.deepEqual(se.instances.map((i) => i.number), se.instances.map((_, k) => k + 1));
        assert.ok(se.instances.every((i) => i.frames === 1));
      }
    }
    for (const [who, id] of Object.entries(PATIENT)) {
      if (who !== 'zhangWei' && who !== 'wangXiuying') assert.deepEqual(await pacs.listStudies(id), [], who);
    }
    assert.deepEqual(await pacs.listStudies('pat_nobody'), []);
  });

  test('UIDs are valid DICOM UIDs (2.25 root), unique, and the same on every machine and day', async () => {
    const all = [...(await pacs.listStudies(PATIENT.zhangWei)), ...(await pacs.listStudies(PATIENT.wangXiuying))];
    const uids = all.flatMap((s) => [s.id, ...s.series.flatMap((se) => [se.id, ...se.instances.map((i) => i.id)])]);
    assert.equal(new Set(uids).size, uids.length);
    for (const uid of uids) {
      assert.match(uid, /^[A-Za-z0-9._-]{1,128}$/); // the contract's Uid
      assert.match(uid, UID);
      assert.ok(uid.startsWith('2.25.') && uid.length <= 64, uid);
    }
    const later = createDemoPacs({ now: () => new Date(NOW.getTime() + 30 * 86_400_000) });
    const again = [...(await later.listStudies(PATIENT.zhangWei)), ...(await later.listStudies(PATIENT.wangXiuying))];
    assert.deepEqual(again.flatMap((s) => [s.id, ...s.series.flatMap((se) => [se.id, ...se.instances.map((i) => i.id)])]), uids);
    assert.equal(again[0]!.startedAt, '2026-12-11T14:05:00+08:00', 'dates follow the clock');
  });

  test('every study has its radiologist\'s report in Chinese: a normal chest film, a CT with findings, a knee MR not yet verified', async () => {
    const [ct, cr] = await pacs.listStudies(PATIENT.zhangWei);
    const [knee] = await pacs.listStudies(PATIENT.wangXiuying);
    assert.deepEqual(
      [cr, ct, knee].map((s) => [s!.description, s!.report?.status, s!.report?.issuedAt, s!.report?.reporter, s!.report?.verifier]),
      [
        ['胸部正位片', 'final', '2026-10-10T10:40:00+08:00', '陈思远', '刘建华'],
        ['上腹部 CT 平扫+增强', 'final', '2026-11-12T09:15:00+08:00', '赵文博', '刘建华'],
        ['右膝关节 MR 平扫', 'preliminary', '2026-11-22T15:30:00+08:00', '孙晓婷', undefined],
      ],
    );
    assert.equal(cr!.report!.impression, '心、肺、膈未见明显异常。');
    assert.match(ct!.report!.findings!, /肝右叶 S6 段见一类圆形低密度影/);
    assert.deepEqual(ct!.report!.impression!.split('\n').map((line) => line.slice(0, 3)), ['1. ', '2. ', '3. '], 'impressions numbered, one a line');
    assert.equal(knee!.startedAt, '2026-11-22T10:40:00+08:00', 'the knee MR was yesterday');
    for (const s of [cr, ct, knee]) {
      assert.ok(Date.parse(s!.report!.issuedAt!) > Date.parse(s!.startedAt!), 'reported after the images were taken');
      assert.ok(Date.parse(s!.report!.issuedAt!) < NOW.getTime(), 'and before now');
    }
  });

  test('getStudy returns a copy: what a caller changes does not change the PACS', async () => {
    const [ct] = await pacs.listStudies(PATIENT.zhangWei);
    const one = await pacs.getStudy(ct!.id);
    assert.deepEqual(one, ct);
    one!.series.pop();
    assert.equal((await pacs.getStudy(ct!.id))!.series.length, 2);
    assert.equal(await pacs.getStudy('2.25.1'), undefined);
  });

  test('frames are 256×256 grayscale PNGs, and scrolling through a series visibly changes the picture', async () => {
    const [ct] = await pacs.listStudies(PATIENT.zhangWei);
    for (const se of ct!.series) {
      const frames = [];
      for (const i of se.instances) {
        const f = picture(await pacs.renderFrame(ct!.id, se.id, i.id, 1));
        assert.deepEqual([f.width, f.height], [DEMO_FRAME_SIZE, DEMO_FRAME_SIZE]);
        frames.push(f.pixels);
      }
      const first = frames[0]!;
      assert.ok(changed(first, frames.at(-1)!) > 0.02, 'the last slice differs visibly from the first');
      for (let k = 1; k < frames.length; k++) assert.ok(changed(frames[k - 1]!, frames[k]!) > 0.001, `slice ${k + 1} differs from slice ${k}`);
    }
    const [plain, contrast] = ct!.series;
    const mid = (se: typeof plain) => se!.instances[Math.floor((se!.instances.length - 1) / 2)]!.id;
    const a = picture(await pacs.renderFrame(ct!.id, plain!.id, mid(plain), 1)).pixels;
    const b = picture(await pacs.renderFrame(ct!.id, contrast!.id, mid(contrast), 1)).pixels;
    assert.ok(changed(a, b) > 0.005, 'contrast brightens the vessels and organs');
  });

  test('thumbnails are 96×96 PNGs of the series\' middle slice, one per series; pictures are cached', async () => {
    const [knee] = await pacs.listStudies(PATIENT.wangXiuying);
    const thumbs = await Promise.all(knee!.series.map((se) => pacs.thumbnail(knee!.id, se.id)));
    for (const t of thumbs) assert.deepEqual([picture(t).width, picture(t).height], [DEMO_THUMBNAIL_SIZE, DEMO_THUMBNAIL_SIZE]);
    assert.notDeepEqual(thumbs[0]!.bytes, thumbs[1]!.bytes);
    assert.equal(await pacs.thumbnail(knee!.id, knee!.series[0]!.id), thumbs[0], 'the second time from the cache');
    const [cr] = (await pacs.listStudies(PATIENT.zhangWei)).slice(-1);
    const chest = picture(await pacs.thumbnail(cr!.id, cr!.series[0]!.id));
    assert.ok(chest.pixels.some((p) => p > 100) && chest.pixels.some((p) => p < 60), 'a picture, not a blank');
  });

  test('NOT_FOUND for an unknown series, instance or frame, or one of another study', async () => {
    const [ct, cr] = await pacs.listStudies(PATIENT.zhangWei);
    const [knee] = await pacs.listStudies(PATIENT.wangXiuying);
    const se = ct!.series[0]!;
    const instance = se.instances[0]!.id;
    const notFound = (run: () => Promise<unknown>, what: string) =>
      assert.rejects(run, (e: unknown) => isAdapterError(e) && e.code === 'NOT_FOUND', what);
    await notFound(() => pacs.thumbnail(ct!.id, '2.25.1'), 'unknown series');
    await notFound(() => pacs.thumbnail(knee!.id, se.id), 'a series of another study');
    await notFound(() => pacs.thumbnail('2.25.1', se.id), 'unknown study');
    await notFound(() => pacs.renderFrame(ct!.id, se.id, '2.25.1', 1), 'unknown instance');
    await notFound(() => pacs.renderFrame(ct!.id, ct!.series[1]!.id, instance, 1), 'an instance of another series');
    await notFound(() => pacs.renderFrame(cr!.id, se.id, instance, 1), 'a series of another study');
    await notFound(() => pacs.renderFrame(ct!.id, se.id, instance, 2), 'frame 2 of a one-frame instance');
    await notFound(() => pacs.renderFrame(ct!.id, se.id, instance, 0), 'frame 0');
    await notFound(() => pacs.renderFrame(ct!.id, se.id, instance, 1.5), 'frame 1.5');
  });
});

describe('PNG encoder', () => {
  test('round-trips gray levels, with valid CRCs', () => {
    const pixels = new Uint8Array(7 * 5).map((_, i) => (i * 37) & 0xff);
    assert.deepEqual(decodeGrayPng(encodeGrayPng(7, 5, pixels)), { width: 7, height: 5, pixels });
    assert.throws(() => encodeGrayPng(7, 5, new Uint8Array(3)), RangeError);
    assert.throws(() => encodeGrayPng(0, 5, new Uint8Array(0)), RangeError);
  });
});

describe('LRU cache', () => {
  test('drops the least recently used entry past its capacity', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1); // a is now the most recent
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    lru.set('a', 10);
    assert.equal(lru.size, 2);
    assert.equal(lru.get('a'), 10);
  });
});

pacsConformance('demo', async () => {
  const adapter = createDemoPacs({ now: () => NOW });
  const [ct] = await adapter.listStudies(PATIENT.zhangWei);
  return { adapter, fixture: { patientId: PATIENT.zhangWei, reportedStudyId: ct!.id } };
});
