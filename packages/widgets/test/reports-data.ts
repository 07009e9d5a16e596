/**
 * A patient's lab reports and imaging studies as the mock gateway answers them, for the reports
 * tests and the visual test: potassium has three results (a trend) and the newest report a
 * critical value; a CT study with two series whose frames are tiny grey PNGs (no report yet),
 * a knee MR with a preliminary report and a chest film with a verified one.
 */
import type { ImagingStudy, LabObservation, LabReport } from '@ihkit/core';
import { http, HttpResponse, type MockApi } from './mock-api.js';

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
/** A lab result with a numeric value and its range. */
export const obs = (code: string, name: string, numeric: number, unit: string, low: number, high: number, interpretation: LabObservation['interpretation'], over: Partial<LabObservation> = {}): LabObservation => ({
  code, name, value: String(numeric), numeric, unit, referenceRange: { low, high }, interpretation, ...over,
});
const K = (v: number, i: LabObservation['interpretation'], over: Partial<LabObservation> = {}) => obs('2823-3', '钾', v, 'mmol/L', 3.5, 5.3, i, { nameEn: 'Potassium', ...over });
const GLU = (v: number, i: LabObservation['interpretation']) => obs('2345-7', '葡萄糖', v, 'mmol/L', 3.9, 6.1, i, { nameEn: 'Glucose' });

/** Potassium has three results (a trend), glucose two, sodium one (no trend). The newest holds a critical value. */
export function labReports(): LabReport[] {
  const chem = { patientId: 'pat_self', title: '肝肾功能+电解质', titleEn: 'Chemistry panel', status: 'final' as const, specimen: '血清' };
  return [
    { ...chem, id: 'lab_old', issuedAt: daysAgo(40), collectedAt: daysAgo(40), observations: [K(4.9, 'N'), GLU(6.5, 'H')] },
    {
      ...chem, id: 'lab_new', issuedAt: daysAgo(2), collectedAt: daysAgo(2),
      observations: [K(6.8, 'HH', { note: '已电话通知临床' }), GLU(7.2, 'H'), obs('2951-2', '钠', 140, 'mmol/L', 137, 147, 'N'), obs('718-7', '血红蛋白', 95, 'g/L', 130, 175, 'L')],
    },
    { id: 'lab_cbc', patientId: 'pat_self', title: '血常规', titleEn: 'Blood count', status: 'preliminary', issuedAt: daysAgo(10), observations: [obs('6690-2', '白细胞计数', 11.2, '10^9/L', 3.5, 9.5, 'H'), K(5.5, 'H')] },
  ];
}

/** The chest film's report, verified; its findings hold a long unbroken run (a phone must wrap it). */
export const DX_FINDINGS = '两肺纹理清晰，走行自然，两肺野内未见明显实质性病变。\n心影大小、形态未见异常。对比片号 ACC202603010000000000000000000000000000000000000000000000';
export const DX_IMPRESSION = '心、肺、膈未见明显异常。';
export const MR_IMPRESSION = '1. 右膝内侧半月板后角撕裂（Ⅲ度信号）。\n2. 右膝关节腔少量积液。';

/** The CT's report is not issued yet; the knee MR has a preliminary report; the chest film a verified one. */
export function studies(): ImagingStudy[] {
  return [
    {
      id: '1.2.840.1', patientId: 'pat_self', description: '胸部CT平扫', modalities: ['CT'], startedAt: daysAgo(5),
      series: [
        { id: '1.2.840.1.1', number: 1, modality: 'CT', description: '肺窗', instances: [{ id: 'ins_1', frames: 2 }, { id: 'ins_2', frames: 1 }, { id: 'ins_3', frames: 2 }] },
        { id: '1.2.840.1.2', number: 2, modality: 'CT', instances: [{ id: 'ins_9', frames: 1 }] },
      ],
    },
    {
      id: '1.2.840.2', patientId: 'pat_self', description: '右膝关节 MR 平扫', modalities: ['MR'], startedAt: daysAgo(12),
      report: { status: 'preliminary', findings: '内侧半月板后角见线样高信号影，达关节面。', impression: MR_IMPRESSION, issuedAt: daysAgo(12), reporter: '孙晓婷' },
      series: [{ id: '1.2.840.2.1', number: 1, modality: 'MR', description: '矢状位 PD 压脂', instances: [{ id: 'ins_20', frames: 1 }] }],
    },
    {
      id: '1.2.840.3', patientId: 'pat_self', description: '胸部正位片', modalities: ['DX'], startedAt: daysAgo(30),
      report: { status: 'final', findings: DX_FINDINGS, impression: DX_IMPRESSION, issuedAt: '2026-03-02T10:40:00+08:00', reporter: '陈思远', verifier: '刘建华' },
      series: [{ id: '1.2.840.3.1', number: 1, modality: 'DX', description: '后前位', instances: [{ id: 'ins_30', frames: 1 }] }],
    },
  ];
}

/** The grey value of each frame's pixels, so the test can tell which frame is on the canvas. */
const FRAME_VALUES: Record<string, number> = { 'ins_1/1': 60, 'ins_1/2': 70, 'ins_2/1': 110, 'ins_3/1': 160, 'ins_3/2': 170, 'ins_9/1': 30 };

/** A tiny PNG of one grey value, made in the page. */
async function png(value: number, size = 4): Promise<ArrayBuffer> {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = `rgb(${value}, ${value}, ${value})`;
  ctx.fillRect(0, 0, size, size);
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}
const pngResponse = async (value: number) => new HttpResponse(await png(value), { headers: { 'Content-Type': 'image/png' } });

/** What the reports routes answer, by patient; change it to change the answers. */
export interface ReportsData {
  lab: Record<string, LabReport[]>;
  imaging: Record<string, ImagingStudy[]>;
}

/** Adds the reports routes to `api`, answering from the returned data (张伟 has reports, 张小宝 none). */
export function reportsApi(api: MockApi): ReportsData {
  const data: ReportsData = { lab: { pat_self: labReports(), pat_kid: [] }, imaging: { pat_self: studies(), pat_kid: [] } };
  api.use(
    http.get('/api/patients/:id/lab-reports', ({ params }) => HttpResponse.json({ items: [...(data.lab[params.id as string] ?? [])].reverse() })),
    http.get('/api/patients/:id/imaging-studies', ({ params }) => HttpResponse.json({ items: data.imaging[params.id as string] ?? [] })),
    http.get('/api/imaging-studies/:s/series/:se/thumbnail', () => pngResponse(200)),
    http.get('/api/imaging-studies/:s/series/:se/instances/:i/frames/:n', ({ params }) => pngResponse(FRAME_VALUES[`${params.i}/${params.n}`]!)),
  );
  return data;
}
