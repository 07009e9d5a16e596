/**
 * The frames a user's WebSocket sends for notices addressed to users (a patient's consults,
 * prescriptions, invitations, reports, follow-up alerts, a signer's ended signature requests): each only when the user may see the thing by the same rule its HTTP
 * routes apply (prescriptions/lifecycle.ts, video rooms' participants, reports/access.ts, care/store.ts), and
 * only for the topics the connection watches.
 */
import type { Queryable } from '@ihkit/adapters';
import type { ServerFrame, WatchTopic } from '@ihkit/core';
import { findPlan, planRole } from '../care/store.js';
import { roleIn } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import { prescriptionRole } from '../prescriptions/lifecycle.js';
import { findRequest } from '../prescriptions/signature-requests.js';
import { findPrescription } from '../prescriptions/store.js';
import { mayReadReportsOf } from '../reports/access.js';
import type { UserRow } from '../users.js';
import { findRoom, participant } from '../video/rooms.js';
import type { LiveNotice } from './notices.js';

type UserNotice = Extract<LiveNotice, { k: 'consult' | 'prescription' | 'invitation' | 'report' | 'care' | 'signature' }>;

/** The topic each kind of notice belongs to. */
export const TOPIC_OF: Record<UserNotice['k'], WatchTopic> = { consult: 'consults', prescription: 'prescriptions', invitation: 'invitations', report: 'reports', care: 'care', signature: 'signatures' };

export const WATCH_TOPICS: readonly WatchTopic[] = Object.values(TOPIC_OF);

export function isUserNotice(notice: { k: string }): notice is UserNotice {
  return notice.k in TOPIC_OF;
}

/** What a connection watching `topic` is sent when notices may have been missed: read it all again. */
export function resyncFrame(topic: WatchTopic): ServerFrame {
  const frames: Record<WatchTopic, ServerFrame> = { consults: { type: 'consults' }, prescriptions: { type: 'prescription' }, invitations: { type: 'invitation' }, reports: { type: 'report' }, care: { type: 'care-alert' }, signatures: { type: 'signature' } };
  return frames[topic];
}

/** A frame for a user and what it tells them of whom: the delivery's audit row (delivery-audit.ts). */
export interface Delivery {
  frame: ServerFrame;
  patientId: string;
  resourceType: string;
  resourceId: string;
}

/** The frame for `notice`, or undefined when `user` may not see what it names. */
export async function frameFor(q: Queryable, user: UserRow, notice: UserNotice, now: Date): Promise<Delivery | undefined> {
  switch (notice.k) {
    case 'consult': {
      const row = await findConsult(q, notice.c);
      if (!row || (await roleIn(q, user, row)) !== 'patient') return undefined;
      return { frame: { type: 'consults', consultId: notice.c }, patientId: row.patient_id, resourceType: 'consult', resourceId: notice.c };
    }
    case 'prescription': {
      const row = await findPrescription(q, notice.p);
      if (!row || !(await prescriptionRole(q, user, row))) return undefined;
      return { frame: { type: 'prescription', prescriptionId: notice.p }, patientId: notice.pt, resourceType: 'prescription', resourceId: notice.p };
    }
    case 'invitation': {
      const room = (await participant(q, notice.r, user.id)) && (await findRoom(q, notice.r));
      return room ? { frame: { type: 'invitation', roomId: notice.r }, patientId: room.patient_id, resourceType: 'video_room', resourceId: notice.r } : undefined;
    }
    case 'report': {
      if (!(await mayReadReportsOf(q, user, notice.pt, now))) return undefined;
      const frame: ServerFrame = { type: 'report', patientId: notice.pt, ...(notice.rep ? { reportId: notice.rep } : {}), ...(notice.st ? { studyId: notice.st } : {}) };
      return { frame, patientId: notice.pt, resourceType: notice.rep ? 'lab_report' : 'imaging_study', resourceId: notice.rep ?? notice.st ?? notice.pt };
    }
    case 'signature': {
      const request = await findRequest(q, notice.s);
      if (request?.signer_user_id !== user.id) return undefined;
      return { frame: { type: 'signature', signatureRequestId: notice.s }, patientId: request.patient_id, resourceType: 'prescription', resourceId: request.prescription_id };
    }
    case 'care': {
      const plan = await findPlan(q, notice.p);
      if (!plan || (await planRole(q, user, plan)) !== 'care-team') return undefined;
      return { frame: { type: 'care-alert', alertId: notice.a }, patientId: plan.patient_id, resourceType: 'care_alert', resourceId: notice.a };
    }
  }
}
