/**
 * The fictional demo hospital: ihkit 示范医院. Every person here is invented; resident ID
 * numbers are made valid with the real check character so that real-name checks can be tried.
 */
import { residentIdCheckChar, type DoctorTitle, type FamilyRelation, type Role } from '@ihkit/core';

export const DEMO_HOSPITAL = { name: 'ihkit 示范医院', nameEn: 'ihkit Demo Hospital', timeZone: 'Asia/Shanghai' };

export interface DemoDepartment { id: string; name: string; nameEn: string; description: string; descriptionEn: string }
export const departments: DemoDepartment[] = [
  { id: 'dep_card', name: '心血管内科', nameEn: 'Cardiology', description: '高血压、冠心病、心律失常、心力衰竭', descriptionEn: 'Hypertension, coronary disease, arrhythmia, heart failure' },
  { id: 'dep_resp', name: '呼吸内科', nameEn: 'Respiratory Medicine', description: '哮喘、慢阻肺、肺部感染、慢性咳嗽', descriptionEn: 'Asthma, COPD, lung infections, chronic cough' },
  { id: 'dep_endo', name: '内分泌科', nameEn: 'Endocrinology', description: '糖尿病、甲状腺疾病、骨质疏松', descriptionEn: 'Diabetes, thyroid disease, osteoporosis' },
  { id: 'dep_gast', name: '消化内科', nameEn: 'Gastroenterology', description: '胃炎、消化性溃疡、肝病、肠道疾病', descriptionEn: 'Gastritis, peptic ulcer, liver and bowel disease' },
  { id: 'dep_neur', name: '神经内科', nameEn: 'Neurology', description: '头痛、眩晕、脑血管病、睡眠障碍', descriptionEn: 'Headache, dizziness, stroke, sleep disorders' },
  { id: 'dep_paed', name: '儿科', nameEn: 'Paediatrics', description: '儿童常见病、生长发育、儿童哮喘', descriptionEn: 'Common childhood illness, growth, childhood asthma' },
  { id: 'dep_derm', name: '皮肤科', nameEn: 'Dermatology', description: '湿疹、皮炎、痤疮、银屑病', descriptionEn: 'Eczema, dermatitis, acne, psoriasis' },
];

const FEE: Record<DoctorTitle, number> = { chief: 5000, associate_chief: 3000, attending: 2000, resident: 1000 };

export interface DemoDoctor { id: string; departmentId: string; name: string; nameEn: string; title: DoctorTitle; specialty: string; specialtyEn: string; fee: number }
const d = (id: string, departmentId: string, name: string, nameEn: string, title: DoctorTitle, specialty: string, specialtyEn: string): DemoDoctor => ({ id, departmentId, name, nameEn, title, specialty, specialtyEn, fee: FEE[title] });
export const doctors: DemoDoctor[] = [
  d('doc_c1', 'dep_card', '周敏', 'Zhou Min', 'chief', '高血压、心力衰竭', 'Hypertension, heart failure'),
  d('doc_c2', 'dep_card', '郑海涛', 'Zheng Haitao', 'associate_chief', '冠心病介入', 'Coronary intervention'),
  d('doc_c3', 'dep_card', '吴雅琴', 'Wu Yaqin', 'attending', '心律失常', 'Arrhythmia'),
  d('doc_r1', 'dep_resp', '黄立新', 'Huang Lixin', 'chief', '哮喘、慢阻肺', 'Asthma, COPD'),
  d('doc_r2', 'dep_resp', '许静怡', 'Xu Jingyi', 'attending', '慢性咳嗽', 'Chronic cough'),
  d('doc_r3', 'dep_resp', '马骏', 'Ma Jun', 'resident', '呼吸道感染', 'Respiratory infections'),
  d('doc_e1', 'dep_endo', '孙嘉禾', 'Sun Jiahe', 'chief', '糖尿病及并发症', 'Diabetes and its complications'),
  d('doc_e2', 'dep_endo', '朱晓雯', 'Zhu Xiaowen', 'associate_chief', '甲状腺疾病', 'Thyroid disease'),
  d('doc_e3', 'dep_endo', '胡文博', 'Hu Wenbo', 'attending', '骨质疏松、肥胖', 'Osteoporosis, obesity'),
  d('doc_g1', 'dep_gast', '林国栋', 'Lin Guodong', 'chief', '胃肠肿瘤早筛', 'Early GI cancer screening'),
  d('doc_g2', 'dep_gast', '何丽萍', 'He Liping', 'associate_chief', '肝病', 'Liver disease'),
  d('doc_g3', 'dep_gast', '高远', 'Gao Yuan', 'attending', '胃炎、幽门螺杆菌', 'Gastritis, H. pylori'),
  d('doc_n1', 'dep_neur', '罗振华', 'Luo Zhenhua', 'chief', '脑血管病', 'Cerebrovascular disease'),
  d('doc_n2', 'dep_neur', '梁思雨', 'Liang Siyu', 'attending', '头痛、眩晕', 'Headache, vertigo'),
  d('doc_n3', 'dep_neur', '宋楠', 'Song Nan', 'resident', '睡眠障碍', 'Sleep disorders'),
  d('doc_p1', 'dep_paed', '唐慧', 'Tang Hui', 'chief', '儿童哮喘、过敏', 'Childhood asthma, allergy'),
  d('doc_p2', 'dep_paed', '韩晓峰', 'Han Xiaofeng', 'associate_chief', '生长发育', 'Growth and development'),
  d('doc_p3', 'dep_paed', '冯佳', 'Feng Jia', 'attending', '儿童常见病', 'Common childhood illness'),
  d('doc_p4', 'dep_paed', '曹雪', 'Cao Xue', 'resident', '新生儿保健', 'Newborn care'),
  d('doc_d1', 'dep_derm', '邓永康', 'Deng Yongkang', 'chief', '银屑病', 'Psoriasis'),
  d('doc_d2', 'dep_derm', '彭雨欣', 'Peng Yuxin', 'attending', '湿疹、特应性皮炎', 'Eczema, atopic dermatitis'),
  d('doc_d3', 'dep_derm', '蒋涛', 'Jiang Tao', 'resident', '痤疮', 'Acne'),
];

/** Half-days each doctor sees patients: [ISO weekday, 'am' | 'pm']. */
export function clinicSessions(doctorIndex: number): Array<[number, 'am' | 'pm']> {
  const i = doctorIndex;
  const s: Array<[number, 'am' | 'pm']> = [[(i % 5) + 1, 'am'], [((i + 2) % 5) + 1, 'am'], [((i + 3) % 5) + 1, 'pm']];
  if (i % 4 === 0) s.push([6, 'am']); // some weekend clinics
  if (i % 7 === 3) s.push([7, 'am']);
  return s;
}
export const SESSION_MINUTES = { am: { start: 8 * 60, end: 11 * 60 + 30 }, pm: { start: 14 * 60, end: 17 * 60 } };
export const SLOT_MINUTES = 30;
/** Places per slot, by slot position: most slots take one patient, some two or three. */
export const capacityAt = (doctorIndex: number, slotIndex: number) => [1, 2, 1, 1, 3, 1, 2][(doctorIndex + slotIndex) % 7]!;

function residentId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export interface DemoPatient { id: string; name: string; gender: 'male' | 'female'; birthDate: string; idNumber: string; cardNo: string; phone: string }
const p = (id: string, name: string, gender: 'male' | 'female', birthDate: string, region: string, seq: number, cardNo: string, phone: string): DemoPatient => ({ id, name, gender, birthDate, idNumber: residentId(region, birthDate, seq), cardNo, phone });
export const patients: DemoPatient[] = [
  p('pat_q7m2k9', '张伟', 'male', '1978-03-14', '110105', 131, 'C10000001', '13800000001'),
  p('pat_x3v8n1', '张小明', 'male', '2021-05-20', '110105', 213, 'C10000002', '13800000001'),
  p('pat_b5t4w6', '王秀英', 'female', '1950-09-02', '110105', 224, 'C10000003', '13800000011'),
  p('pat_h8d2r5', '李娜', 'female', '1985-07-22', '310104', 342, 'C10000004', '13800000002'),
  p('pat_m1z6y3', '周可欣', 'female', '2017-02-11', '310104', 128, 'C10000005', '13800000002'),
  p('pat_k4c9f7', '王芳', 'female', '1969-11-30', '440305', 406, 'C10000006', '13800000003'),
  p('pat_s2g7l8', '陈建国', 'male', '1967-04-18', '440305', 517, 'C10000007', '13800000013'),
  p('pat_v6p1j4', '刘洋', 'male', '1992-01-08', '320102', 639, 'C10000008', '13800000004'),
  p('pat_n9e3u2', '刘国强', 'male', '1960-06-06', '320102', 111, 'C10000009', '13800000014'),
  p('pat_w7a5q1', '陈静', 'female', '1988-12-05', '510104', 248, 'C10000010', '13800000005'),
  p('pat_r3k8t6', '林浩然', 'male', '2013-08-19', '510104', 355, 'C10000011', '13800000005'),
  // Hospital patients no account manages yet: for trying "add a family member".
  p('pat_j2w9m5', '赵敏', 'female', '1995-10-10', '330106', 462, 'C10000012', '13800000006'),
  p('pat_t5y1c8', '孙小雨', 'female', '2020-03-03', '330106', 502, 'C10000013', '13800000006'),
];

export interface DemoEncounter { id: string; patientId: string; departmentId: string; doctorId: string; date: string; kind: 'outpatient' | 'inpatient' | 'online'; diagnoses: Array<{ code: string; name: string }> }
const e = (id: string, patientId: string, doctorId: string, date: string, kind: DemoEncounter['kind'], diagnoses: Array<[string, string]>): DemoEncounter => ({
  id, patientId, doctorId, departmentId: doctors.find((x) => x.id === doctorId)!.departmentId, date, kind, diagnoses: diagnoses.map(([code, name]) => ({ code, name })),
});
export const encounters: DemoEncounter[] = [
  e('enc_01', 'pat_q7m2k9', 'doc_c1', '2025-06-12', 'outpatient', [['I10', '原发性高血压']]),
  e('enc_02', 'pat_q7m2k9', 'doc_e1', '2026-03-08', 'outpatient', [['E11.9', '2型糖尿病']]),
  e('enc_03', 'pat_x3v8n1', 'doc_p1', '2026-09-21', 'outpatient', [['J45.9', '哮喘']]),
  e('enc_04', 'pat_b5t4w6', 'doc_c2', '2024-11-30', 'inpatient', [['I25.1', '动脉粥样硬化性心脏病'], ['I10', '原发性高血压']]),
  e('enc_05', 'pat_h8d2r5', 'doc_g3', '2026-07-02', 'outpatient', [['K29.5', '慢性胃炎']]),
  e('enc_06', 'pat_m1z6y3', 'doc_d2', '2026-05-16', 'outpatient', [['L20.9', '特应性皮炎']]),
  e('enc_07', 'pat_k4c9f7', 'doc_e2', '2025-12-01', 'outpatient', [['E03.9', '甲状腺功能减退症']]),
  e('enc_08', 'pat_s2g7l8', 'doc_c1', '2026-02-14', 'outpatient', [['I10', '原发性高血压']]),
  e('enc_09', 'pat_v6p1j4', 'doc_r1', '2026-10-05', 'outpatient', [['J45.9', '哮喘']]),
  e('enc_10', 'pat_n9e3u2', 'doc_n1', '2025-08-19', 'inpatient', [['I63.9', '脑梗死'], ['I10', '原发性高血压']]),
  e('enc_11', 'pat_w7a5q1', 'doc_n2', '2026-04-27', 'outpatient', [['G43.9', '偏头痛']]),
  e('enc_12', 'pat_r3k8t6', 'doc_p3', '2026-10-30', 'outpatient', [['J30.4', '过敏性鼻炎']]),
];

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  patientId?: string;
  doctorId?: string;
  family: Array<{ patientId: string; relation: FamilyRelation }>;
}
/** Sign-in accounts of the demo (every password is "demo"). */
export const demoAccounts: DemoAccount[] = [
  { username: 'zhangwei', password: 'demo', role: 'patient', displayName: '张伟', patientId: 'pat_q7m2k9', family: [{ patientId: 'pat_x3v8n1', relation: 'child' }, { patientId: 'pat_b5t4w6', relation: 'parent' }] },
  { username: 'lina', password: 'demo', role: 'patient', displayName: '李娜', patientId: 'pat_h8d2r5', family: [{ patientId: 'pat_m1z6y3', relation: 'child' }] },
  { username: 'wangfang', password: 'demo', role: 'patient', displayName: '王芳', patientId: 'pat_k4c9f7', family: [{ patientId: 'pat_s2g7l8', relation: 'spouse' }] },
  { username: 'liuyang', password: 'demo', role: 'patient', displayName: '刘洋', patientId: 'pat_v6p1j4', family: [{ patientId: 'pat_n9e3u2', relation: 'parent' }] },
  { username: 'chenjing', password: 'demo', role: 'patient', displayName: '陈静', patientId: 'pat_w7a5q1', family: [{ patientId: 'pat_r3k8t6', relation: 'child' }] },
  { username: 'dr.zhou', password: 'demo', role: 'doctor', displayName: '周敏', doctorId: 'doc_c1', family: [] },
  { username: 'dr.huang', password: 'demo', role: 'doctor', displayName: '黄立新', doctorId: 'doc_r1', family: [] },
  { username: 'ph.sun', password: 'demo', role: 'pharmacist', displayName: '药师 孙悦', family: [] },
];
