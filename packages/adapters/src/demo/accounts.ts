/**
 * The demo's sign-in accounts, which the gateway creates as users (every password is "demo"), and
 * which the demo's identity provider (examples/identity) signs in, each as its `subject`.
 */
import { createHash } from 'node:crypto';
import type { FamilyRelation, Role } from '@ihkit/core';
import { doctorId } from './catalog.js';
import { PATIENT } from './patients.js';
import { PHARMACIST } from './practitioners.js';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  /** The account holder's own HIS patient record (patients). */
  patientId?: string;
  /** The demo doctor the account signs in as (doctors). */
  doctorId?: string;
  /** The HIS practitioner record of the pharmacist the account signs in as (pharmacists). */
  pharmacistId?: string;
  /** The account's subject (`sub`) at the demo's identity provider: opaque, derived from the username. */
  subject: string;
  /**
   * Family members the holder acts for; each is an HIS patient. Seeded as already proven (the
   * family member agreed, or the holder is the child's guardian on file), so these links are
   * active from the start; members added in the demo are pending until proven.
   */
  family: Array<{ patientId: string; relation: FamilyRelation }>;
}

/** The demo identity provider's subject for a username: stable, and no name in it. */
export const demoSubject = (username: string): string => `demo-${createHash('sha256').update(`ihkit-demo/subject/${username}`).digest('base64url').slice(0, 16)}`;

const account = (a: Omit<DemoAccount, 'subject'>): DemoAccount => ({ ...a, subject: demoSubject(a.username) });

export const demoAccounts: readonly DemoAccount[] = [
  account({ username: 'zhangwei', password: 'demo', role: 'patient', displayName: '张伟', patientId: PATIENT.zhangWei, family: [{ patientId: PATIENT.zhangXiaoming, relation: 'child' }, { patientId: PATIENT.wangXiuying, relation: 'parent' }] }),
  account({ username: 'lina', password: 'demo', role: 'patient', displayName: '李娜', patientId: PATIENT.liNa, family: [{ patientId: PATIENT.zhouKexin, relation: 'child' }] }),
  account({ username: 'wangfang', password: 'demo', role: 'patient', displayName: '王芳', patientId: PATIENT.wangFang, family: [{ patientId: PATIENT.chenJianguo, relation: 'spouse' }] }),
  account({ username: 'liuyang', password: 'demo', role: 'patient', displayName: '刘洋', patientId: PATIENT.liuYang, family: [{ patientId: PATIENT.liuGuoqiang, relation: 'parent' }] }),
  account({ username: 'chenjing', password: 'demo', role: 'patient', displayName: '陈静', patientId: PATIENT.chenJing, family: [{ patientId: PATIENT.linHaoran, relation: 'child' }] }),
  account({ username: 'dr.zhou', password: 'demo', role: 'doctor', displayName: '周敏', doctorId: doctorId('Zhou Min'), family: [] }),
  account({ username: 'dr.huang', password: 'demo', role: 'doctor', displayName: '黄立新', doctorId: doctorId('Huang Lixin'), family: [] }),
  account({ username: 'dr.tang', password: 'demo', role: 'doctor', displayName: '唐慧', doctorId: doctorId('Tang Hui'), family: [] }),
  // A doctor of the hospital without its internet-practice permission: the desk says why they cannot take consults.
  account({ username: 'dr.qian', password: 'demo', role: 'doctor', displayName: '钱晓东', doctorId: doctorId('Qian Xiaodong'), family: [] }),
  account({ username: 'ph.sun', password: 'demo', role: 'pharmacist', displayName: '孙悦', pharmacistId: PHARMACIST.sunYue, family: [] }),
  // The chronic-disease follow-up nurse (慢病随访护士): puts patients on plans and watches their home readings.
  account({ username: 'rn.xu', password: 'demo', role: 'nurse', displayName: '徐婷', family: [] }),
];
