/**
 * The demo hospital's practitioner records: each doctor's practising licence (执业证书编码,
 * category 临床, the scope of their department) and the hospital's internet-practice
 * permission (互联网诊疗权限), and the pharmacist's qualification (药师资格). Every doctor holds the
 * permission except 钱晓东, who sees patients at the hospital only — sign in as `dr.qian` to
 * see what such a doctor is told. Kept in code, like the drug catalog: the HIS's own record.
 */
import type { DoctorTitle, Practitioner } from '@ihkit/core';
import { departments, doctorId, doctors } from './catalog.js';
import { seedId } from './ids.js';

/** The demo's pharmacists (practitioner ids). */
export const PHARMACIST = { sunYue: seedId('phm', 'sun-yue') } as const;

const TITLE_TEXT: Readonly<Record<DoctorTitle, string>> = { chief: '主任医师', associate_chief: '副主任医师', attending: '主治医师', resident: '住院医师' };

/** The licence's scope (执业范围) by department. */
const SCOPE: Readonly<Record<string, string>> = {
  Cardiology: '内科专业', 'Respiratory Medicine': '内科专业', Endocrinology: '内科专业', Gastroenterology: '内科专业', Neurology: '内科专业',
  Paediatrics: '儿科专业', Dermatology: '皮肤病与性病专业',
};

/** Doctors without the hospital's internet-practice permission. */
const WITHOUT_PERMISSION = new Set([doctorId('Qian Xiaodong')]);

const records: readonly Practitioner[] = [
  ...doctors.map((d, i): Practitioner => ({
    id: d.id,
    kind: 'doctor',
    name: d.name,
    // 15 digits: a category digit, the registering province and city, a sequence.
    licenceNumber: `1103301${String(20_260_001 + i * 37).slice(-8)}`,
    category: 'clinical',
    scope: [SCOPE[departments.find((x) => x.id === d.departmentId)!.nameEn]!],
    title: TITLE_TEXT[d.title],
    departmentIds: [d.departmentId],
    ...(WITHOUT_PERMISSION.has(d.id) ? {} : { permission: { from: '2024-03-01' } }),
  })),
  {
    id: PHARMACIST.sunYue,
    kind: 'pharmacist',
    name: '孙悦',
    licenceNumber: 'ZY33010120190158',
    category: 'pharmacy',
    scope: ['药学'],
    title: '主管药师',
    departmentIds: [],
    permission: { from: '2023-07-01' },
  },
];

const byId = new Map(records.map((r) => [r.id, r]));

/** A practitioner's record, a copy (callers may change theirs). */
export async function getPractitioner(practitionerId: string): Promise<Practitioner | undefined> {
  const r = byId.get(practitionerId);
  return r && structuredClone(r);
}
