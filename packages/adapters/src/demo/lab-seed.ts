/**
 * The demo hospital's laboratory history, kept in the stored LIS (lab_reports): results a
 * patient and their doctor would expect to see. Every person and value is invented; test codes
 * are LOINC, reference ranges those printed on Chinese adult (and paediatric) reports. Dates are
 * counted back from the day of seeding, like the visits in patients.ts.
 *
 * - 张伟 (48, hypertension and type 2 diabetes): fasting glucose and HbA1c at four visits over
 *   nine months, high but falling; a normal blood count; a lipid panel with high LDL, and a
 *   later one back in range.
 * - 王秀英 (76, coronary disease, hypertension): two renal panels with a rising creatinine,
 *   and electrolytes with a slightly high potassium.
 * - 张小明 (5, asthma): a blood count with raised eosinophils.
 */
import { addDays, localDate, zonedInstant, zonedIso, type Interpretation, type LabObservation, type LabReport } from '@ihkit/core';
import type { Db } from '../db.js';
import { insertNewReports } from '../lab-store/store.js';
import { DEMO_HOSPITAL, doctorId } from './catalog.js';
import { seedId } from './ids.js';
import { PATIENT } from './patients.js';

interface Test {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  low?: number;
  high?: number;
  /** The range as printed: "3.9-6.1", "<5.2". */
  range: string;
}

const test = (code: string, name: string, nameEn: string, unit: string, range: string): Test => {
  const between = /^([\d.]+)-([\d.]+)$/.exec(range);
  const below = /^<([\d.]+)$/.exec(range);
  const above = /^>([\d.]+)$/.exec(range);
  return {
    code, name, nameEn, unit, range,
    ...(between ? { low: Number(between[1]), high: Number(between[2]) } : {}),
    ...(below ? { high: Number(below[1]) } : {}),
    ...(above ? { low: Number(above[1]) } : {}),
  };
};

const T = {
  glucose: test('1558-6', '空腹血糖', 'Fasting glucose', 'mmol/L', '3.9-6.1'),
  hba1c: test('4548-4', '糖化血红蛋白', 'Haemoglobin A1c', '%', '4.0-6.0'),
  wbc: test('6690-2', '白细胞计数', 'White blood cells', '10^9/L', '3.5-9.5'),
  rbc: test('789-8', '红细胞计数', 'Red blood cells', '10^12/L', '4.3-5.8'),
  hgb: test('718-7', '血红蛋白', 'Haemoglobin', 'g/L', '130-175'),
  plt: test('777-3', '血小板计数', 'Platelets', '10^9/L', '125-350'),
  neut: test('770-8', '中性粒细胞百分比', 'Neutrophils', '%', '40-75'),
  tc: test('14647-2', '总胆固醇', 'Total cholesterol', 'mmol/L', '<5.2'),
  tg: test('14927-8', '甘油三酯', 'Triglycerides', 'mmol/L', '<1.7'),
  hdl: test('14646-4', '高密度脂蛋白胆固醇', 'HDL cholesterol', 'mmol/L', '>1.0'),
  ldl: test('22748-8', '低密度脂蛋白胆固醇', 'LDL cholesterol', 'mmol/L', '<3.4'),
  urea: test('22664-7', '尿素', 'Urea', 'mmol/L', '3.1-8.8'),
  creatinineF: test('14682-9', '肌酐', 'Creatinine', 'µmol/L', '41-81'),
  urate: test('14933-6', '尿酸', 'Uric acid', 'µmol/L', '155-357'),
  egfr: test('62238-1', '估算肾小球滤过率', 'eGFR (CKD-EPI)', 'mL/min/1.73m²', '>90'),
  potassium: test('2823-3', '钾', 'Potassium', 'mmol/L', '3.5-5.3'),
  sodium: test('2951-2', '钠', 'Sodium', 'mmol/L', '137-147'),
  chloride: test('2075-0', '氯', 'Chloride', 'mmol/L', '99-110'),
  calcium: test('2000-8', '钙', 'Calcium', 'mmol/L', '2.11-2.52'),
  // Children aged 1–6 (WS/T 780-2021 style ranges).
  wbcChild: test('6690-2', '白细胞计数', 'White blood cells', '10^9/L', '4.3-11.3'),
  rbcChild: test('789-8', '红细胞计数', 'Red blood cells', '10^12/L', '4.0-5.5'),
  hgbChild: test('718-7', '血红蛋白', 'Haemoglobin', 'g/L', '112-149'),
  pltChild: test('777-3', '血小板计数', 'Platelets', '10^9/L', '187-475'),
  eosChild: test('713-8', '嗜酸性粒细胞百分比', 'Eosinophils', '%', '0.5-5.0'),
} as const;

/** A result of `t`, flagged H or L against its range (N inside it), as the laboratory's analyser would. */
function result(t: Test, value: number, note?: string): LabObservation {
  const interpretation: Interpretation = t.high !== undefined && value > t.high ? 'H' : t.low !== undefined && value < t.low ? 'L' : 'N';
  return {
    code: t.code,
    name: t.name,
    nameEn: t.nameEn,
    value: String(value),
    numeric: value,
    unit: t.unit,
    referenceRange: { ...(t.low !== undefined ? { low: t.low } : {}), ...(t.high !== undefined ? { high: t.high } : {}), text: t.range },
    interpretation,
    ...(note ? { note } : {}),
  };
}

interface ReportSpec {
  key: string;
  patientId: string;
  doctor: string;
  daysAgo: number;
  title: string;
  titleEn: string;
  specimen: string;
  /** Minutes after local midnight the specimen was taken and the report issued. */
  collected: number;
  issued: number;
  results: LabObservation[];
}

const MORNING = 7 * 60 + 40;

function specs(): ReportSpec[] {
  const zhou = 'Zhou Min';
  const out: ReportSpec[] = [];
  // 张伟: diabetes follow-up, improving.
  const visits = [
    { daysAgo: 270, glucose: 8.9, hba1c: 8.7 },
    { daysAgo: 180, glucose: 7.9, hba1c: 7.9 },
    { daysAgo: 95, glucose: 7.2, hba1c: 7.3 },
    { daysAgo: 12, glucose: 6.5, hba1c: 6.7 },
  ];
  for (const v of visits) {
    out.push(
      { key: `zw-glu-${v.daysAgo}`, patientId: PATIENT.zhangWei, doctor: zhou, daysAgo: v.daysAgo, title: '空腹血糖', titleEn: 'Fasting blood glucose', specimen: '血清', collected: MORNING, issued: 10 * 60 + 30, results: [result(T.glucose, v.glucose)] },
      { key: `zw-hba1c-${v.daysAgo}`, patientId: PATIENT.zhangWei, doctor: zhou, daysAgo: v.daysAgo, title: '糖化血红蛋白', titleEn: 'Glycated haemoglobin (HbA1c)', specimen: '全血', collected: MORNING, issued: 14 * 60 + 10, results: [result(T.hba1c, v.hba1c)] },
    );
  }
  out.push(
    { key: 'zw-cbc-95', patientId: PATIENT.zhangWei, doctor: zhou, daysAgo: 95, title: '血常规', titleEn: 'Complete blood count', specimen: '全血', collected: MORNING, issued: 9 * 60 + 15,
      results: [result(T.wbc, 6.2), result(T.rbc, 4.85), result(T.hgb, 148), result(T.plt, 215), result(T.neut, 58.3)] },
    { key: 'zw-lipid-95', patientId: PATIENT.zhangWei, doctor: zhou, daysAgo: 95, title: '血脂四项', titleEn: 'Lipid panel', specimen: '血清', collected: MORNING, issued: 11 * 60,
      results: [result(T.tc, 5.62), result(T.tg, 1.58), result(T.hdl, 1.08), result(T.ldl, 3.86, '建议低脂饮食，3个月后复查。')] },
    { key: 'zw-lipid-12', patientId: PATIENT.zhangWei, doctor: zhou, daysAgo: 12, title: '血脂四项', titleEn: 'Lipid panel', specimen: '血清', collected: MORNING, issued: 11 * 60 + 5,
      results: [result(T.tc, 4.95), result(T.tg, 1.42), result(T.hdl, 1.12), result(T.ldl, 3.21)] },
  );
  // 王秀英: kidney function worth watching.
  out.push(
    { key: 'wxy-renal-200', patientId: PATIENT.wangXiuying, doctor: zhou, daysAgo: 200, title: '肾功能', titleEn: 'Renal function', specimen: '血清', collected: MORNING, issued: 11 * 60 + 20,
      results: [result(T.urea, 7.9), result(T.creatinineF, 112), result(T.urate, 368), result(T.egfr, 41)] },
    { key: 'wxy-renal-30', patientId: PATIENT.wangXiuying, doctor: zhou, daysAgo: 30, title: '肾功能', titleEn: 'Renal function', specimen: '血清', collected: MORNING, issued: 11 * 60 + 25,
      results: [result(T.urea, 8.6), result(T.creatinineF, 128), result(T.urate, 349), result(T.egfr, 35)] },
    { key: 'wxy-lytes-30', patientId: PATIENT.wangXiuying, doctor: zhou, daysAgo: 30, title: '电解质', titleEn: 'Electrolytes', specimen: '血清', collected: MORNING, issued: 11 * 60 + 25,
      results: [result(T.potassium, 5.4, '血钾轻度升高，请结合用药情况复查。'), result(T.sodium, 139), result(T.chloride, 104), result(T.calcium, 2.21)] },
  );
  // 张小明: asthma visit.
  out.push({ key: 'zxm-cbc-60', patientId: PATIENT.zhangXiaoming, doctor: 'Tang Hui', daysAgo: 60, title: '血常规', titleEn: 'Complete blood count', specimen: '全血', collected: 9 * 60 + 20, issued: 10 * 60 + 5,
    results: [result(T.wbcChild, 8.1), result(T.rbcChild, 4.62), result(T.hgbChild, 126), result(T.pltChild, 302), result(T.eosChild, 7.2)] });
  return out;
}

/** The demo lab reports as seeded on the day of `now` in `timeZone`. */
export function demoLabReports(now: Date, timeZone: string = DEMO_HOSPITAL.timeZone): LabReport[] {
  const today = localDate(now, timeZone);
  return specs().map((s) => {
    const date = addDays(today, -s.daysAgo);
    const at = (minutes: number) => zonedIso(zonedInstant(date, minutes, timeZone), timeZone);
    return {
      id: seedId('lab', s.key),
      patientId: s.patientId,
      title: s.title,
      titleEn: s.titleEn,
      specimen: s.specimen,
      status: 'final',
      orderingDoctorId: doctorId(s.doctor),
      collectedAt: at(s.collected),
      issuedAt: at(s.issued),
      observations: s.results,
    };
  });
}

/**
 * Seeds the demo lab history into the stored LIS (lab_reports, from `labStoreMigrations`);
 * safe on every start. Reports are inserted once, under fixed ids, and never changed
 * afterwards — a restart on a later day does not move their dates — and without NOTIFY, so
 * seeding history raises no critical-value alerts. Returns how many reports were added.
 */
export async function seedDemoLab(db: Db, now: Date = new Date(), timeZone: string = DEMO_HOSPITAL.timeZone): Promise<{ reportsAdded: number }> {
  const reports = demoLabReports(now, timeZone);
  const reportsAdded = await db.transaction((tx) => insertNewReports(tx, reports, 'demo'));
  return { reportsAdded };
}
