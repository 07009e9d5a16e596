// What the React and Vue examples share: their words in both languages the widgets speak, the
// demo hospital's patients, and the demo sign-in (a real portal gets its user's token from its
// own identity provider and hands it to <ih-provider> instead).
import { createClient, type Session } from '@ihkit/core';

export const TEXT = {
  'zh-CN': {
    hospital: '城东人民医院',
    signinAs: '演示账号',
    signin: '登录',
    signout: '退出',
    signinFailed: '登录失败：',
    signinHint: '请先用演示账号登录，再预约挂号。',
    bookingTitle: '预约挂号',
    mineTitle: '我的预约',
    booked: (number: string | undefined) => (number ? `已预约，挂号单号 ${number}` : '已预约，详见“我的预约”。'),
    langButton: 'EN',
  },
  en: {
    hospital: 'Chengdong People’s Hospital',
    signinAs: 'Demo account',
    signin: 'Sign in',
    signout: 'Sign out',
    signinFailed: 'Sign-in failed: ',
    signinHint: 'Sign in with a demo account first, then book an appointment.',
    bookingTitle: 'Book an appointment',
    mineTitle: 'My appointments',
    booked: (number: string | undefined) => (number ? `Booked: registration no. ${number}` : 'Booked: see My appointments.'),
    langButton: '中文',
  },
} as const;

export type Lang = keyof typeof TEXT;

/** The other language, for the switch. */
export const otherLang = (lang: Lang): Lang => (lang === 'en' ? 'zh-CN' : 'en');

/** The demo hospital's patients: user name and display name. */
export const DEMO_PATIENTS = [
  ['zhangwei', '张伟'],
  ['lina', '李娜'],
  ['wangfang', '王芳'],
  ['liuyang', '刘洋'],
  ['chenjing', '陈静'],
] as const;

/** The gateway, on the same origin as the page. */
export const API = '/api';

/** Signs a demo account in (password "demo"); the session's token goes to <ih-provider>. */
export function demoSignIn(username: string): Promise<Session> {
  return createClient({ baseUrl: API }).login({ username, password: 'demo' });
}

/**
 * What to show for a new booking: `ih-booked` carries the appointment's id only, and an id is no
 * text for a patient, so the app asks the gateway for the hospital's registration number.
 */
export async function bookedNumber(session: Session | undefined, appointmentId: string): Promise<string | undefined> {
  if (!session) return undefined;
  const appointment = await createClient({ baseUrl: API, token: session.token }).getAppointment(appointmentId).catch(() => undefined);
  return appointment?.number;
}

/** A booking the app saw: the appointment's id (a key, never shown) and its hospital number. */
export interface Booked {
  id: string;
  number: string | undefined;
}

/** Signs the session out at the gateway too: its token is refused from now on. */
export function demoSignOut(session: Session | undefined): void {
  if (session) createClient({ baseUrl: API, token: session.token }).logout().catch(() => {});
}
