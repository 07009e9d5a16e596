/** The demo hospital's departments and doctors. Every person here is invented. */
import type { DoctorTitle } from '@ihkit/core';
import { seedId } from './ids.js';

/** The fictional hospital of the demo: the one the example portal and staff console belong to. */
export const DEMO_HOSPITAL = { name: '城东人民医院', nameEn: 'Chengdong People’s Hospital', timeZone: 'Asia/Shanghai', currency: 'CNY' } as const;

export interface DemoDepartment { id: string; name: string; nameEn: string; description: string; descriptionEn: string }

const department = (key: string, name: string, nameEn: string, description: string, descriptionEn: string): DemoDepartment =>
  ({ id: seedId('dep', key), name, nameEn, description, descriptionEn });

export const departments: readonly DemoDepartment[] = [
  department('cardiology', '心血管内科', 'Cardiology', '高血压、冠心病、心律失常、心力衰竭', 'Hypertension, coronary disease, arrhythmia, heart failure'),
  department('respiratory', '呼吸内科', 'Respiratory Medicine', '哮喘、慢阻肺、肺部感染、慢性咳嗽', 'Asthma, COPD, lung infections, chronic cough'),
  department('endocrinology', '内分泌科', 'Endocrinology', '糖尿病、甲状腺疾病、骨质疏松', 'Diabetes, thyroid disease, osteoporosis'),
  department('gastroenterology', '消化内科', 'Gastroenterology', '胃炎、消化性溃疡、肝病、肠道疾病', 'Gastritis, peptic ulcer, liver and bowel disease'),
  department('neurology', '神经内科', 'Neurology', '头痛、眩晕、脑血管病、睡眠障碍', 'Headache, dizziness, stroke, sleep disorders'),
  department('paediatrics', '儿科', 'Paediatrics', '儿童常见病、生长发育、儿童哮喘', 'Common childhood illness, growth, childhood asthma'),
  department('dermatology', '皮肤科', 'Dermatology', '湿疹、皮炎、痤疮、银屑病', 'Eczema, dermatitis, acne, psoriasis'),
];

const dep = (nameEn: string): string => departments.find((d) => d.nameEn.startsWith(nameEn))!.id;

/** Registration fee in fen (CNY minor units) by professional title. */
export const FEE_BY_TITLE: Readonly<Record<DoctorTitle, number>> = { chief: 5000, associate_chief: 3000, attending: 2000, resident: 1000 };

export interface DemoDoctor { id: string; departmentId: string; name: string; nameEn: string; title: DoctorTitle; specialty: string; specialtyEn: string; fee: number }

const doctor = (departmentId: string, name: string, nameEn: string, title: DoctorTitle, specialty: string, specialtyEn: string): DemoDoctor =>
  ({ id: seedId('doc', nameEn.toLowerCase().replace(' ', '-')), departmentId, name, nameEn, title, specialty, specialtyEn, fee: FEE_BY_TITLE[title] });

export const doctors: readonly DemoDoctor[] = [
  doctor(dep('Cardio'), '周敏', 'Zhou Min', 'chief', '高血压、心力衰竭', 'Hypertension, heart failure'),
  doctor(dep('Cardio'), '郑海涛', 'Zheng Haitao', 'associate_chief', '冠心病介入', 'Coronary intervention'),
  doctor(dep('Cardio'), '吴雅琴', 'Wu Yaqin', 'attending', '心律失常', 'Arrhythmia'),
  doctor(dep('Respir'), '黄立新', 'Huang Lixin', 'chief', '哮喘、慢阻肺', 'Asthma, COPD'),
  doctor(dep('Respir'), '许静怡', 'Xu Jingyi', 'attending', '慢性咳嗽', 'Chronic cough'),
  doctor(dep('Respir'), '马骏', 'Ma Jun', 'resident', '呼吸道感染', 'Respiratory infections'),
  doctor(dep('Endo'), '孙嘉禾', 'Sun Jiahe', 'chief', '糖尿病及并发症', 'Diabetes and its complications'),
  doctor(dep('Endo'), '朱晓雯', 'Zhu Xiaowen', 'associate_chief', '甲状腺疾病', 'Thyroid disease'),
  doctor(dep('Endo'), '胡文博', 'Hu Wenbo', 'attending', '骨质疏松、肥胖', 'Osteoporosis, obesity'),
  doctor(dep('Gastro'), '林国栋', 'Lin Guodong', 'chief', '胃肠肿瘤早筛', 'Early GI cancer screening'),
  doctor(dep('Gastro'), '何丽萍', 'He Liping', 'associate_chief', '肝病', 'Liver disease'),
  doctor(dep('Gastro'), '高远', 'Gao Yuan', 'attending', '胃炎、幽门螺杆菌', 'Gastritis, H. pylori'),
  doctor(dep('Neuro'), '罗振华', 'Luo Zhenhua', 'chief', '脑血管病', 'Cerebrovascular disease'),
  doctor(dep('Neuro'), '梁思雨', 'Liang Siyu', 'attending', '头痛、眩晕', 'Headache, vertigo'),
  doctor(dep('Neuro'), '宋楠', 'Song Nan', 'resident', '睡眠障碍', 'Sleep disorders'),
  doctor(dep('Paed'), '唐慧', 'Tang Hui', 'chief', '儿童哮喘、过敏', 'Childhood asthma, allergy'),
  doctor(dep('Paed'), '韩晓峰', 'Han Xiaofeng', 'associate_chief', '生长发育', 'Growth and development'),
  doctor(dep('Paed'), '冯佳', 'Feng Jia', 'attending', '儿童常见病', 'Common childhood illness'),
  doctor(dep('Paed'), '曹雪', 'Cao Xue', 'resident', '新生儿保健', 'Newborn care'),
  doctor(dep('Derma'), '邓永康', 'Deng Yongkang', 'chief', '银屑病', 'Psoriasis'),
  doctor(dep('Derma'), '彭雨欣', 'Peng Yuxin', 'attending', '湿疹、特应性皮炎', 'Eczema, atopic dermatitis'),
  doctor(dep('Derma'), '蒋涛', 'Jiang Tao', 'resident', '痤疮', 'Acne'),
];

/** The demo hospital's pharmacists (who review prescriptions; the HIS knows them as staff). */
export const pharmacists: ReadonlyArray<{ id: string; name: string; nameEn: string }> = [
  { id: seedId('pha', 'sun-yue'), name: '孙悦', nameEn: 'Sun Yue' },
];

/** A pharmacist by English name. */
export const pharmacistId = (nameEn: string): string => {
  const p = pharmacists.find((x) => x.nameEn === nameEn);
  if (!p) throw new Error(`No demo pharmacist ${nameEn}`);
  return p.id;
};

/** A doctor by English name, for the rest of the seed. */
export const doctorId = (nameEn: string): string => {
  const d = doctors.find((x) => x.nameEn === nameEn);
  if (!d) throw new Error(`No demo doctor ${nameEn}`);
  return d.id;
};
