/** The demo's sign-in accounts, which the gateway creates as users (every password is "demo"). */
import type { FamilyRelation, Role } from '@ihkit/core';
import { doctorId } from './catalog.js';
import { PATIENT } from './patients.js';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  /** The account holder's own HIS patient record (patients). */
  patientId?: string;
  /** The demo doctor the account signs in as (doctors). */
  doctorId?: string;
  /**
   * Family members the holder acts for; each is an HIS patient. Seeded as already proven (the
   * family member agreed, or the holder is the child's guardian on file), so these links are
   * active from the start; members added in the demo are pending until proven.
   */
  family: Array<{ patientId: string; relation: FamilyRelation }>;
}

export const demoAccounts: readonly DemoAccount[] = [
  { username: 'zhangwei', password: 'demo', role: 'patient', displayName: '张伟', patientId: PATIENT.zhangWei, family: [{ patientId: PATIENT.zhangXiaoming, relation: 'child' }, { patientId: PATIENT.wangXiuying, relation: 'parent' }] },
  { username: 'lina', password: 'demo', role: 'patient', displayName: '李娜', patientId: PATIENT.liNa, family: [{ patientId: PATIENT.zhouKexin, relation: 'child' }] },
  { username: 'wangfang', password: 'demo', role: 'patient', displayName: '王芳', patientId: PATIENT.wangFang, family: [{ patientId: PATIENT.chenJianguo, relation: 'spouse' }] },
  { username: 'liuyang', password: 'demo', role: 'patient', displayName: '刘洋', patientId: PATIENT.liuYang, family: [{ patientId: PATIENT.liuGuoqiang, relation: 'parent' }] },
  { username: 'chenjing', password: 'demo', role: 'patient', displayName: '陈静', patientId: PATIENT.chenJing, family: [{ patientId: PATIENT.linHaoran, relation: 'child' }] },
  { username: 'dr.zhou', password: 'demo', role: 'doctor', displayName: '周敏', doctorId: doctorId('Zhou Min'), family: [] },
  { username: 'dr.huang', password: 'demo', role: 'doctor', displayName: '黄立新', doctorId: doctorId('Huang Lixin'), family: [] },
  { username: 'dr.tang', password: 'demo', role: 'doctor', displayName: '唐慧', doctorId: doctorId('Tang Hui'), family: [] },
  { username: 'ph.sun', password: 'demo', role: 'pharmacist', displayName: '孙悦', family: [] },
];
