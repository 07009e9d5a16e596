/**
 * The frames a user's WebSocket sends for notices addressed to users (a patient's consults,
 * prescriptions, invitations, reports, follow-up alerts): each only when the user may see the thing by the same rule its HTTP
 * routes apply (prescriptions/lifecycle.ts, video rooms' participants, reports/access.ts, care/store.ts), and
 * only for the topics the connection watches.
 */
import type { Queryable } from '@ihkit/adapters';
import type { ServerFrame, WatchTopic } from '@ihkit/core';
import { findPlan, planRole } from '../care/store.js';
import { roleIn } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import { prescriptionRole } from '../prescriptions/lifecycle.js';
import { mayReadReportsOf } from '../reports/access.js';
import type { UserRow } from '../users.js';
import { participant } from '../video/rooms.js';
import type { LiveNotice } from './notices.js';

type UserNotice = Extract<LiveNotice, { k: 'consult' | 'prescription' | 'invitation' | 'report' | 'care' }>;

/** The topic each kind of notice belongs to. */
export const TOPIC_OF: Record<UserNotice['k'], WatchTopic> = { consult: 'consults', prescription: 'prescriptions', invitation: 'invitations', report: 'reports', care: 'care' };

export const WATCH_TOPICS: readonly WatchTopic[] = Object.values(TOPIC_OF);

export function isUserNotice(notice: { k: string }): notice is UserNotice {
  return notice.k in TOPIC_OF;
}

/** What a connection watching `topic` is sent when notices may have been missed: read it all again. */
export function resyncFrame(topic: WatchTopic): ServerFrame {
  const frames: Record<WatchTopic, ServerFrame> = { consults: { type: 'consults' }, prescriptions: { type: 'prescription' }, invitations: { type: 'invitation' }, reports: { type: 'report' }, care: { type: 'care-alert' } };
  return frames[topic];
}

/** The frame for `notice`, or undefined when `user` may not see what it names. */
export async function frameFor(q: Queryable, user: UserRow, notice: UserNotice, now: Date): Promise<ServerFrame | undefined> {
  switch (notice.k) {
    case 'consult': {
      const row = await findConsult(q, notice.c);
      return row && (await roleIn(q, user, row)) === 'patient' ? { type: 'consults', consultId: notice.c } : undefined;
    }
    case 'prescription':
      return (await prescriptionRole(q, user, { patient_id: notice.pt, doctor_user_id: notice.d })) ? { type: 'prescription', prescriptionId: notice.p } : undefined;
    case 'invitation':
      return (await participant(q, notice.r, user.id)) ? { type: 'invitation', roomId: notice.r } : undefined;
    case 'report':
      if (!(await mayReadReportsOf(q, user, notice.pt, now))) return undefined;
      return { type: 'report', patientId: notice.pt, ...(notice.rep ? { reportId: notice.rep } : {}), ...(notice.st ? { studyId: notice.st } : {}) };
    case 'care': {
      const plan = await findPlan(q, notice.p);
      return plan && (await planRole(q, user, plan)) === 'care-team' ? { type: 'care-alert', alertId: notice.a } : undefined;
    }
  }
}
