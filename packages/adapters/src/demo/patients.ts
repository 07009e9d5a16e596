/**
 * The demo hospital's patients and their visit history. Every person is invented; resident
 * ID numbers carry the real check character so that real-name checks can be tried. Ages and
 * visit dates are counted back from the day of the first seeding, so a child is 5 whenever
 * the demo is set up; after that the data stays as inserted.
 */
import { addDays, residentIdCheckChar } from '@ihkit/core';
import type { Diagnosis, Encounter } from '../his.js';
import { doctorId, doctors } from './catalog.js';
import { seedId } from './ids.js';

/** Patient ids, by who they are in the demo's families. */
export const PATIENT = {
  zhangWei: seedId('pat', 'zhang-wei'),
  zhangXiaoming: seedId('pat', 'zhang-xiaoming'),
  wangXiuying: seedId('pat', 'wang-xiuying'),
  liNa: seedId('pat', 'li-na'),
  zhouKexin: seedId('pat', 'zhou-kexin'),
  wangFang: seedId('pat', 'wang-fang'),
  chenJianguo: seedId('pat', 'chen-jianguo'),
  liuYang: seedId('pat', 'liu-yang'),
  liuGuoqiang: seedId('pat', 'liu-guoqiang'),
  chenJing: seedId('pat', 'chen-jing'),
  linHaoran: seedId('pat', 'lin-haoran'),
  zhaoMin: seedId('pat', 'zhao-min'),
  sunXiaoyu: seedId('pat', 'sun-xiaoyu'),
} as const;

export interface DemoPatient { id: string; name: string; gender: 'male' | 'female'; birthDate: string; idNumber: string; cardNo: string; phone: string }

/** The date `years` years and `days` days before `today` (YYYY-MM-DD). */
function yearsBefore(today: string, years: number, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return addDays(d.toISOString().slice(0, 10), -days);
}

interface PatientSpec { id: string; name: string; gender: 'male' | 'female'; age: number; region: string; seq: number; cardNo: string; phone: string }

// `seq` is the ID number's sequence: odd for men, even for women (GB 11643).
const PATIENT_SPECS: readonly PatientSpec[] = [
  { id: PATIENT.zhangWei, name: '张伟', gender: 'male', age: 48, region: '110105', seq: 131, cardNo: 'C10000001', phone: '13800000001' },
  { id: PATIENT.zhangXiaoming, name: '张小明', gender: 'male', age: 5, region: '110105', seq: 213, cardNo: 'C10000002', phone: '13800000001' },
  { id: PATIENT.wangXiuying, name: '王秀英', gender: 'female', age: 76, region: '110105', seq: 224, cardNo: 'C10000003', phone: '13800000011' },
  { id: PATIENT.liNa, name: '李娜', gender: 'female', age: 41, region: '310104', seq: 342, cardNo: 'C10000004', phone: '13800000002' },
  { id: PATIENT.zhouKexin, name: '周可欣', gender: 'female', age: 9, region: '310104', seq: 128, cardNo: 'C10000005', phone: '13800000002' },
  { id: PATIENT.wangFang, name: '王芳', gender: 'female', age: 57, region: '440305', seq: 406, cardNo: 'C10000006', phone: '13800000003' },
  { id: PATIENT.chenJianguo, name: '陈建国', gender: 'male', age: 59, region: '440305', seq: 517, cardNo: 'C10000007', phone: '13800000013' },
  { id: PATIENT.liuYang, name: '刘洋', gender: 'male', age: 34, region: '320102', seq: 639, cardNo: 'C10000008', phone: '13800000004' },
  { id: PATIENT.liuGuoqiang, name: '刘国强', gender: 'male', age: 66, region: '320102', seq: 111, cardNo: 'C10000009', phone: '13800000014' },
  { id: PATIENT.chenJing, name: '陈静', gender: 'female', age: 37, region: '510104', seq: 248, cardNo: 'C10000010', phone: '13800000005' },
  { id: PATIENT.linHaoran, name: '林浩然', gender: 'male', age: 13, region: '510104', seq: 355, cardNo: 'C10000011', phone: '13800000005' },
  // Hospital patients no account manages yet: for trying "add a family member".
  { id: PATIENT.zhaoMin, name: '赵敏', gender: 'female', age: 31, region: '330106', seq: 462, cardNo: 'C10000012', phone: '13800000006' },
  { id: PATIENT.sunXiaoyu, name: '孙小雨', gender: 'female', age: 3, region: '330106', seq: 502, cardNo: 'C10000013', phone: '13800000006' },
];

/** The patients as seeded on `today`: each `age` years old, with a birthday some months ahead. */
export function demoPatients(today: string): DemoPatient[] {
  return PATIENT_SPECS.map((p, i) => {
    const birthDate = yearsBefore(today, p.age, 40 + 23 * i); // 40–316 days past the birthday
    const first17 = `${p.region}${birthDate.replaceAll('-', '')}${String(p.seq).padStart(3, '0')}`;
    return { id: p.id, name: p.name, gender: p.gender, birthDate, idNumber: first17 + residentIdCheckChar(first17), cardNo: p.cardNo, phone: p.phone };
  });
}

/** The guardians on file for the demo's children: each child's parent in the demo's families. */
export const demoGuardians: ReadonlyArray<{ id: string; patientId: string; guardianId: string; relation: 'parent' | 'appointed' }> = [
  { id: seedId('grd', 'zhang-xiaoming'), patientId: PATIENT.zhangXiaoming, guardianId: PATIENT.zhangWei, relation: 'parent' },
  { id: seedId('grd', 'zhou-kexin'), patientId: PATIENT.zhouKexin, guardianId: PATIENT.liNa, relation: 'parent' },
  { id: seedId('grd', 'lin-haoran'), patientId: PATIENT.linHaoran, guardianId: PATIENT.chenJing, relation: 'parent' },
  { id: seedId('grd', 'sun-xiaoyu'), patientId: PATIENT.sunXiaoyu, guardianId: PATIENT.zhaoMin, relation: 'parent' },
];

const ENCOUNTER_SPECS: ReadonlyArray<{ key: string; patientId: string; doctor: string; daysAgo: number; kind: Encounter['kind']; diagnoses: Diagnosis[] }> = [
  { key: 'zw-htn', patientId: PATIENT.zhangWei, doctor: 'Zhou Min', daysAgo: 160, kind: 'outpatient', diagnoses: [{ code: 'I10', name: '原发性高血压' }] },
  { key: 'zw-dm', patientId: PATIENT.zhangWei, doctor: 'Sun Jiahe', daysAgo: 45, kind: 'outpatient', diagnoses: [{ code: 'E11.9', name: '2型糖尿病' }] },
  { key: 'zxm-asthma', patientId: PATIENT.zhangXiaoming, doctor: 'Tang Hui', daysAgo: 60, kind: 'outpatient', diagnoses: [{ code: 'J45.9', name: '哮喘' }] },
  { key: 'wxy-chd', patientId: PATIENT.wangXiuying, doctor: 'Zheng Haitao', daysAgo: 400, kind: 'inpatient', diagnoses: [{ code: 'I25.1', name: '动脉粥样硬化性心脏病' }, { code: 'I10', name: '原发性高血压' }] },
  { key: 'wxy-htn', patientId: PATIENT.wangXiuying, doctor: 'Zhou Min', daysAgo: 30, kind: 'outpatient', diagnoses: [{ code: 'I10', name: '原发性高血压' }] },
  { key: 'ln-gastritis', patientId: PATIENT.liNa, doctor: 'Gao Yuan', daysAgo: 90, kind: 'outpatient', diagnoses: [{ code: 'K29.5', name: '慢性胃炎' }] },
  { key: 'zkx-ad', patientId: PATIENT.zhouKexin, doctor: 'Peng Yuxin', daysAgo: 120, kind: 'outpatient', diagnoses: [{ code: 'L20.9', name: '特应性皮炎' }] },
  { key: 'wf-thyroid', patientId: PATIENT.wangFang, doctor: 'Zhu Xiaowen', daysAgo: 200, kind: 'outpatient', diagnoses: [{ code: 'E03.9', name: '甲状腺功能减退症' }] },
  { key: 'wf-dm', patientId: PATIENT.wangFang, doctor: 'Sun Jiahe', daysAgo: 75, kind: 'outpatient', diagnoses: [{ code: 'E11.9', name: '2型糖尿病' }] },
  { key: 'cjg-htn', patientId: PATIENT.chenJianguo, doctor: 'Zhou Min', daysAgo: 100, kind: 'outpatient', diagnoses: [{ code: 'I10', name: '原发性高血压' }] },
  { key: 'ly-asthma', patientId: PATIENT.liuYang, doctor: 'Huang Lixin', daysAgo: 50, kind: 'outpatient', diagnoses: [{ code: 'J45.9', name: '哮喘' }] },
  { key: 'lgq-stroke', patientId: PATIENT.liuGuoqiang, doctor: 'Luo Zhenhua', daysAgo: 460, kind: 'inpatient', diagnoses: [{ code: 'I63.9', name: '脑梗死' }, { code: 'I10', name: '原发性高血压' }] },
  { key: 'cj-migraine', patientId: PATIENT.chenJing, doctor: 'Liang Siyu', daysAgo: 210, kind: 'outpatient', diagnoses: [{ code: 'G43.9', name: '偏头痛' }] },
  { key: 'cj-ad', patientId: PATIENT.chenJing, doctor: 'Peng Yuxin', daysAgo: 20, kind: 'outpatient', diagnoses: [{ code: 'L20.9', name: '特应性皮炎' }] },
  { key: 'lhr-rhinitis', patientId: PATIENT.linHaoran, doctor: 'Feng Jia', daysAgo: 25, kind: 'outpatient', diagnoses: [{ code: 'J30.4', name: '过敏性鼻炎' }] },
];

/** Past visits with their diagnoses, dated back from `today`. */
export function demoEncounters(today: string): Encounter[] {
  return ENCOUNTER_SPECS.map((e) => {
    const id = doctorId(e.doctor);
    return { id: seedId('enc', e.key), patientId: e.patientId, departmentId: doctors.find((d) => d.id === id)!.departmentId, doctorId: id, date: addDays(today, -e.daysAgo), kind: e.kind, diagnoses: e.diagnoses };
  });
}
