/**
 * Who hears of a referral's step, written in the step's transaction: the supervision platform
 * (sent, accepted, arrived, closed — regulator/outbox.ts) and the patient, by SMS or WeChat
 * (sent; accepted, with where and when to go; declined or cancelled — notifications/outbox.ts).
 * The messages name the hospital and department, never the referral's clinical text.
 */
import type { NotificationTemplate, Queryable } from '@ihkit/adapters';
import { localDate } from '@ihkit/core';
import { localTime } from '../booking/holds.js';
import { enqueueNotification } from '../notifications/outbox.js';
import type { Services } from '../operations.js';
import { reportReferral, type ReferralEvent } from '../regulator/outbox.js';
import { servedOrganization } from './acceptance.js';
import { toReferral, type ReferralRow } from './store.js';

const REPORTED: ReadonlySet<string> = new Set<ReferralEvent>(['sent', 'accepted', 'arrived', 'closed']);

export interface PatientMessage {
  template: Extract<NotificationTemplate, `referral-${string}`>;
  params: Record<string, string>;
}

/**
 * The patient's message for the referral as it stands after a step (`r`), if its state has one.
 * It reads the receiving HIS: called before the step's transaction.
 */
export async function messageFor(services: Services, r: Pick<ReferralRow, 'state' | 'to_organization_id' | 'department_id' | 'appointment'>): Promise<PatientMessage | undefined> {
  const to = servedOrganization(services, r.to_organization_id);
  const hospital = { hospital: to.name };
  switch (r.state) {
    case 'sent':
      return { template: 'referral-sent', params: hospital };
    case 'accepted': {
      const department = (await to.his.listDepartments()).find((d) => d.id === r.department_id)?.name ?? '';
      const when: Record<string, string> = r.appointment ? { date: localDate(new Date(r.appointment.start), to.his.timeZone), time: localTime(new Date(r.appointment.start), to.his.timeZone) } : {};
      return { template: 'referral-accepted', params: { ...hospital, department, ...when } };
    }
    case 'declined':
    case 'cancelled':
      return { template: 'referral-withdrawn', params: hospital };
    default:
      return undefined;
  }
}

/** Writes what the step tells, in its transaction: its report and the patient's message (messageFor). `r` is the referral after the step. */
export async function announceStep(tx: Queryable, r: ReferralRow, message: PatientMessage | undefined, at: Date): Promise<void> {
  if (REPORTED.has(r.state)) await reportReferral(tx, toReferral(r), r.state as ReferralEvent, at);
  if (message) await enqueueNotification(tx, { patientId: r.patient_id, template: message.template, params: message.params, now: at });
}
