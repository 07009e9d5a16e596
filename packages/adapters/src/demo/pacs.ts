/**
 * The demo hospital's PACS: a few synthetic imaging studies for the demo patients, with
 * pictures drawn on request (phantoms.ts) and encoded as PNG (png.ts), and their radiologists'
 * reports (imaging-reports.ts). No external software; the same studies, with the same UIDs, on
 * every machine.
 */
import { createHash } from 'node:crypto';
import { addDays, localDate, zonedInstant, zonedIso } from '@ihkit/core';
import { AdapterError } from '../errors.js';
import { Lru } from '../lru.js';
import type { ImagingReport, ImagingSeries, ImagingStudy, PacsAdapter, RenderedImage } from '../pacs.js';
import { DEMO_HOSPITAL } from './catalog.js';
import { DEMO_REPORTS, type DemoReport, type DemoReportTime } from './imaging-reports.js';
import { PATIENT } from './patients.js';
import { drawPhantom, type Phantom } from './phantoms.js';
import { encodeGrayPng } from './png.js';

export interface DemoPacsOptions {
  /** The clock the study dates are counted back from, read once at creation (default: now). */
  now?: () => Date;
  /** IANA time zone of the hospital (default Asia/Shanghai). */
  timeZone?: string;
}

/** Side of a frame and of a thumbnail, in pixels. */
export const DEMO_FRAME_SIZE = 256;
export const DEMO_THUMBNAIL_SIZE = 96;

interface SeriesSpec { description: string; slices: number; phantom: Phantom }
interface StudySpec { key: string; patientId: string; daysAgo: number; at: string; modality: string; description: string; series: SeriesSpec[] }

const STUDIES: readonly StudySpec[] = [
  {
    key: 'zw-chest', patientId: PATIENT.zhangWei, daysAgo: 44, at: '09:20', modality: 'CR', description: '胸部正位片',
    series: [{ description: '胸部 后前位', slices: 1, phantom: 'chest-pa' }],
  },
  {
    key: 'zw-abdomen', patientId: PATIENT.zhangWei, daysAgo: 12, at: '14:05', modality: 'CT', description: '上腹部 CT 平扫+增强',
    series: [
      { description: '平扫 5mm', slices: 20, phantom: 'abdomen-ct' },
      { description: '增强 门脉期 5mm', slices: 12, phantom: 'abdomen-ct-contrast' },
    ],
  },
  {
    key: 'wxy-knee', patientId: PATIENT.wangXiuying, daysAgo: 1, at: '10:40', modality: 'MR', description: '右膝关节 MR 平扫',
    series: [
      { description: '矢状位 PD 压脂', slices: 16, phantom: 'knee-mr-sagittal' },
      { description: '冠状位 T1', slices: 12, phantom: 'knee-mr-coronal' },
    ],
  },
];

/**
 * A UID under the 2.25 root (PS3.5 B.2): a name-based UUID (version 8, from SHA-256 of `name`)
 * written as one decimal integer. Stable for a name; at most 44 characters.
 */
function demoUid(name: string): string {
  const b = createHash('sha256').update(`ihkit-demo/pacs/${name}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return `2.25.${BigInt(`0x${b.toString('hex')}`).toString(10)}`;
}

/** What draws one instance: its phantom and its place in the series. */
interface Drawing { phantom: Phantom; t: number }

/**
 * The demo PACS. Studies are dated back from `now`; Zhang Wei and Wang Xiuying have studies,
 * others none. Zhang Wei's are reported and verified; Wang Xiuying's knee MR of yesterday has a
 * preliminary report.
 */
export function createDemoPacs(options: DemoPacsOptions = {}): PacsAdapter {
  const timeZone = options.timeZone ?? DEMO_HOSPITAL.timeZone;
  const today = localDate((options.now ?? (() => new Date()))(), timeZone);
  const drawings = new Map<string, Drawing>(); // instance UID → drawing
  const at = (date: string, hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return zonedIso(zonedInstant(date, h * 60 + m, timeZone), timeZone);
  };
  const reportOf = (demo: DemoReport, studyDate: string): ImagingReport => {
    const when = ([days, hhmm]: DemoReportTime) => at(addDays(studyDate, days), hhmm);
    const report: ImagingReport = { status: demo.status, findings: demo.findings, impression: demo.impression, issuedAt: when(demo.verified ?? demo.written), reporter: demo.reporter };
    if (demo.verifier) report.verifier = demo.verifier;
    return report;
  };

  const studies: ImagingStudy[] = STUDIES.map((spec, n) => {
    const date = addDays(today, -spec.daysAgo);
    const series = spec.series.map((s, k): ImagingSeries => ({
      id: demoUid(`${spec.key}/${k + 1}`),
      number: k + 1,
      modality: spec.modality,
      description: s.description,
      instances: Array.from({ length: s.slices }, (_, i) => {
        const id = demoUid(`${spec.key}/${k + 1}/${i + 1}`);
        drawings.set(id, { phantom: s.phantom, t: s.slices > 1 ? i / (s.slices - 1) : 0.5 });
        return { id, number: i + 1, frames: 1 };
      }),
    }));
    const study: ImagingStudy = {
      id: demoUid(spec.key),
      patientId: spec.patientId,
      description: spec.description,
      modalities: [spec.modality],
      startedAt: at(date, spec.at),
      accession: `DM${String(2026_0001 + n)}`,
      series,
    };
    const report = DEMO_REPORTS[spec.key];
    if (report) study.report = reportOf(report, date);
    return study;
  });
  const byId = new Map(studies.map((s) => [s.id, s]));
  const newestFirst = [...studies].sort((a, b) => Date.parse(b.startedAt!) - Date.parse(a.startedAt!));

  const pictures = new Lru<string, RenderedImage>(64);
  const render = (key: string, drawing: Drawing, size: number): RenderedImage => {
    let image = pictures.get(key);
    if (!image) {
      image = { contentType: 'image/png', bytes: encodeGrayPng(size, size, drawPhantom(drawing.phantom, drawing.t, size)) };
      pictures.set(key, image);
    }
    return image;
  };

  const seriesOf = (studyId: string, seriesId: string) => {
    const series = byId.get(studyId)?.series.find((s) => s.id === seriesId);
    if (!series) throw new AdapterError('NOT_FOUND', 'no such series in the demo PACS');
    return series;
  };

  return {
    name: 'demo',

    async listStudies(patientId) {
      return structuredClone(newestFirst.filter((s) => s.patientId === patientId));
    },

    async getStudy(studyId) {
      const study = byId.get(studyId);
      return study && structuredClone(study);
    },

    async thumbnail(studyId, seriesId) {
      const series = seriesOf(studyId, seriesId);
      const middle = series.instances[Math.floor((series.instances.length - 1) / 2)]!;
      return render(`thumb/${series.id}`, drawings.get(middle.id)!, DEMO_THUMBNAIL_SIZE);
    },

    async renderFrame(studyId, seriesId, instanceId, frame) {
      const instance = seriesOf(studyId, seriesId).instances.find((i) => i.id === instanceId);
      if (!instance) throw new AdapterError('NOT_FOUND', 'no such instance in the demo PACS');
      if (!Number.isInteger(frame) || frame < 1 || frame > instance.frames) throw new AdapterError('NOT_FOUND', 'no such frame in the demo PACS');
      return render(`frame/${instance.id}`, drawings.get(instance.id)!, DEMO_FRAME_SIZE);
    },
  };
}
