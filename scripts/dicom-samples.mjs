// Test DICOM studies from nothing: a synthetic CT-like phantom drawn into 8-bit grayscale BMP
// files (the encoder is below), turned into DICOM by dcmtk's img2dcm with the patient, study,
// series and instance attributes a PACS indexes; and the radiologist's report as a Basic Text
// SR (TID 2000: Findings and Impressions sections) that dcmtk's xml2dsr writes from its XML
// form. For the DICOMweb adapter's tests against a real Orthanc (scripts/orthanc.mjs uploads
// the files). Every UID is fresh (2.25 root, from a random UUID), so studies made by concurrent
// tests never collide.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const IMG2DCM = '/usr/bin/img2dcm';
export const XML2DSR = '/usr/bin/xml2dsr';
const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';

/** A new DICOM UID: "2.25." and a UUID as one decimal integer (PS3.5 B.2). */
export function newUid() {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString(10)}`;
}

/**
 * An 8-bit grayscale BMP (BITMAPINFOHEADER, a 256-entry gray palette, rows bottom-up and padded
 * to 4 bytes). `pixels` holds width × height values 0–255, top row first.
 */
export function encodeBmp(width, height, pixels) {
  const stride = (width + 3) & ~3;
  const paletteSize = 256 * 4;
  const offset = 14 + 40 + paletteSize;
  const size = offset + stride * height;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(offset, 10);
  b.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22); // positive: bottom-up
  b.writeUInt16LE(1, 26); // planes
  b.writeUInt16LE(8, 28); // bits per pixel
  b.writeUInt32LE(0, 30); // BI_RGB, no compression
  b.writeUInt32LE(stride * height, 34);
  b.writeInt32LE(2835, 38); // 72 dpi
  b.writeInt32LE(2835, 42);
  b.writeUInt32LE(256, 46); // colours used
  b.writeUInt32LE(256, 50); // colours important
  for (let i = 0; i < 256; i++) {
    const p = 54 + i * 4;
    b[p] = i; b[p + 1] = i; b[p + 2] = i; // blue, green, red; the fourth byte stays 0
  }
  for (let y = 0; y < height; y++) {
    const row = offset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) b[row + x] = pixels[y * width + x];
  }
  return b;
}

/**
 * One axial slice of a CT-like phantom, `size` pixels square: an elliptic body, a spine, and two
 * organs whose position and size change with `slice` (0…slices-1), so every slice differs.
 */
export function phantomSlice(size, slice, slices) {
  const t = slices > 1 ? slice / (slices - 1) : 0.5;
  const px = new Uint8Array(size * size);
  const shapes = [
    // [cx, cy, rx, ry, gray] in units of the image side; later shapes paint over earlier ones
    [0.5, 0.52, 0.42, 0.32, 90], // body
    [0.5, 0.72, 0.07, 0.07, 230], // vertebra
    [0.32 + 0.1 * t, 0.45, 0.1 + 0.06 * Math.sin(Math.PI * t), 0.09, 140], // liver-like organ
    [0.66 - 0.08 * t, 0.48 + 0.1 * t, 0.05 + 0.03 * t, 0.05 + 0.03 * t, 180], // contrast-filled vessel
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      let g = 0;
      for (const [cx, cy, rx, ry, gray] of shapes) {
        const dx = (u - cx) / rx;
        const dy = (v - cy) / ry;
        if (dx * dx + dy * dy <= 1) g = gray;
      }
      px[y * size + x] = g;
    }
  }
  return px;
}

/** DA and TM from a local wall-clock "YYYY-MM-DDTHH:MM[:SS]" (or a date alone, at 09:00). */
function dicomDateTime(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new Error(`a study date must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, not ${local}`);
  return { date: `${m[1]}${m[2]}${m[3]}`, time: `${m[4] ?? '09'}${m[5] ?? '00'}${m[6] ?? '00'}` };
}

const escapeXml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A DICOM person name (`李^明`, `Li^Ming`) as the XML of xml2dsr. */
function xmlName(name) {
  const [last = '', first = ''] = name.split('^');
  return `${last ? `<last>${escapeXml(last)}</last>` : ''}${first ? `<first>${escapeXml(first)}</first>` : ''}`;
}

const code = (value, designator, meaning) => `<concept><value>${value}</value><scheme><designator>${designator}</designator></scheme><meaning>${meaning}</meaning></concept>`;

/** "YYYY-MM-DDTHH:MM[:SS]" as xml2dsr's date, time and date-time. */
function xmlDateTime(local) {
  const { date, time } = dicomDateTime(local);
  const d = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  const t = `${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}`;
  return { date: d, time: t, dateTime: `${d}T${t}` };
}

/**
 * One report as xml2dsr's XML: a Basic Text SR whose root (Diagnostic Imaging Report, LOINC
 * 18748-4) holds the author as Person Observer Name (DCM 121008), a Findings section (121070)
 * with a Finding (121071) and an Impressions section (121072) with an Impression (121073).
 * preliminary: COMPLETE but UNVERIFIED; final: VERIFIED by `verifier` at `verified`; amended:
 * as final, naming the document it replaces (`predecessor`).
 */
function reportXml({ patientId, patientName, study, studyUid, date, time, seriesUid, uid, report, predecessor }) {
  const written = xmlDateTime(report.written);
  const verified = report.status !== 'preliminary';
  const verifiedAt = xmlDateTime(report.verified ?? report.written);
  const section = (container, item, meaning, itemMeaning, value) => value
    ? `<container flag="SEPARATE"><relationship>CONTAINS</relationship>${code(container, 'DCM', meaning)}<text><relationship>CONTAINS</relationship>${code(item, 'DCM', itemMeaning)}<value>${escapeXml(value)}</value></text></container>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<report type="Basic Text SR">
  <sopclass uid="${BASIC_TEXT_SR}">BasicTextSRStorage</sopclass>
  <charset>ISO_IR 192</charset>
  <modality>SR</modality>
  <manufacturer>ihkit test RIS</manufacturer>
  <patient><id>${escapeXml(patientId)}</id><name>${xmlName(patientName)}</name></patient>
  <study uid="${studyUid}"><date>${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}</date><time>${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}</time>${study.accession ? `<accession><number>${escapeXml(study.accession)}</number></accession>` : ''}<description>${escapeXml(study.description)}</description></study>
  <series uid="${seriesUid}"><number>99</number><description>诊断报告</description></series>
  <instance uid="${uid}"><number>${report.number}</number></instance>
  <document>
    <completion flag="COMPLETE"/>
    <verification flag="${verified ? 'VERIFIED' : 'UNVERIFIED'}">${verified ? `<observer pos="1"><datetime>${verifiedAt.dateTime}</datetime><name>${xmlName(report.verifier ?? report.author ?? 'Radiologist')}</name><organization>ihkit test hospital</organization></observer>` : ''}</verification>
    ${predecessor ? `<predecessor><study uid="${studyUid}"><series uid="${seriesUid}"><value><sopclass uid="${BASIC_TEXT_SR}"/><instance uid="${predecessor}"/></value></series></study></predecessor>` : ''}
    <content>
      <date>${written.date}</date><time>${written.time}</time>
      <container flag="SEPARATE">
        ${code('18748-4', 'LN', 'Diagnostic Imaging Report')}
        ${report.author ? `<pname><relationship>HAS OBS CONTEXT</relationship>${code('121008', 'DCM', 'Person Observer Name')}<value>${xmlName(report.author)}</value></pname>` : ''}
        ${section('121070', '121071', 'Findings', 'Finding', report.findings)}
        ${section('121072', '121073', 'Impressions', 'Impression', report.impression)}
      </container>
    </content>
  </document>
</report>
`;
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function eachLimit(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Makes DICOM files for one patient's studies in a new temp directory (or `dir`).
 *
 *   makeStudy({ patientId: 'pat_1', patientName: 'Test^One', studies: [
 *     { description: 'CT abdomen', modality: 'CT', date: '2026-03-01T09:30', accession: 'A1',
 *       series: [{ description: 'plain', slices: 5 }, { description: 'contrast', slices: 3 }],
 *       reports: [{ status: 'final', findings: '…', impression: '…', author: '王^强', verifier: '李^明',
 *                   written: '2026-03-01T11:00', verified: '2026-03-01T15:20' }] }] })
 *
 * Resolves to { dir, files, studies: [{ uid, date, series: [{ uid, number, instances: [{ uid, number, file }] }],
 * reports: [{ uid, seriesUid, file }] }] }. `date`, `written` and `verified` are the hospital's local
 * wall-clock time, as DICOM stores it. Each report is one SR document in the study's report series;
 * an `amended` one replaces the report before it in the list.
 * @param {{ patientId: string, patientName?: string, size?: number, dir?: string, studies: Array<{
 *   description: string, modality: string, date: string, accession?: string,
 *   series: Array<{ description: string, slices: number }>, reports?: Array<Record<string, string>> }> }} options
 */
export async function makeStudy({ patientId, patientName = 'Test^Patient', studies, size = 64, dir = mkdtempSync(join(tmpdir(), 'ihkit-dicom-')) }) {
  const jobs = [];
  const srJobs = [];
  const made = studies.map((study, si) => {
    const uid = newUid();
    const { date, time } = dicomDateTime(study.date);
    const reportSeriesUid = newUid();
    const reports = (study.reports ?? []).map(() => ({ uid: newUid(), seriesUid: reportSeriesUid }));
    reports.forEach((document, n) => {
      document.file = join(dir, `s${si}-report-${n + 1}.dcm`);
      const report = { ...study.reports[n], number: n + 1 };
      const predecessor = report.status === 'amended' ? reports[n - 1]?.uid : undefined;
      srJobs.push({ file: document.file, xml: join(dir, `s${si}-report-${n + 1}.xml`), text: reportXml({ patientId, patientName, study, studyUid: uid, date, time, seriesUid: reportSeriesUid, uid: document.uid, report, predecessor }) });
    });
    return {
      uid,
      date: study.date,
      reports,
      series: study.series.map((series, ki) => {
        const seriesUid = newUid();
        const number = ki + 1;
        return {
          uid: seriesUid,
          number,
          instances: Array.from({ length: series.slices }, (_, n) => {
            const instance = { uid: newUid(), number: n + 1, file: join(dir, `s${si}-${ki}-${n + 1}.dcm`) };
            jobs.push({
              instance,
              bmp: join(dir, `s${si}-${ki}-${n + 1}.bmp`),
              // the slice's phantom shifts with the series too, so series differ as well as slices
              pixels: phantomSlice(size, n + ki, series.slices + ki),
              keys: {
                '0008,0005': 'ISO_IR 192', // UTF-8, for names in Chinese
                '0010,0010': patientName,
                '0010,0020': patientId,
                '0020,000D': uid,
                '0008,0020': date,
                '0008,0030': time,
                '0008,0050': study.accession ?? '',
                '0008,1030': study.description,
                '0008,0060': study.modality,
                '0020,000E': seriesUid,
                '0020,0011': String(number),
                '0008,103E': series.description,
                '0008,0018': instance.uid,
                '0020,0013': String(instance.number),
              },
            });
            return instance;
          }),
        };
      }),
    };
  });
  await eachLimit(jobs, 8, async ({ instance, bmp, pixels, keys }) => {
    writeFileSync(bmp, encodeBmp(size, size, pixels));
    const args = ['-q', '-i', 'BMP'];
    for (const [tag, value] of Object.entries(keys)) args.push('-k', `${tag}=${value}`);
    await run(IMG2DCM, [...args, bmp, instance.file]);
  });
  await eachLimit(srJobs, 4, async ({ file, xml, text }) => {
    writeFileSync(xml, text);
    await run(XML2DSR, ['-q', xml, file]);
  });
  return { dir, files: [...jobs.map((j) => j.instance.file), ...srJobs.map((j) => j.file)], studies: made };
}
