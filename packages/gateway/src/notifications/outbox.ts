/**
 * Messages to patients (SMS, WeChat template messages) go through an outbox (outbox.ts):
 * `enqueueNotification` writes one in the transaction of what it tells of, and the relay hands
 * it to the NotificationAdapter once that has committed, again and again while the provider is
 * down, and by the message's id, so that it reaches the person once. Nothing a message carries
 * is logged; the phone number is not kept here but asked of the HIS when sending; a one-time
 * code is not kept at all (family/codes.ts): the relay works it out from the code row when it
 * sends, and sends only the link's current code.
 */
import { isAdapterError, type NotificationTemplate, type Queryable } from '@ihkit/adapters';
import { randomBytes } from 'node:crypto';
import { codeOf, codeSent, codeStillWanted } from '../family/codes.js';
import { jobEntry, writeAudit } from '../audit.js';
import { newId } from '../ids.js';
import type { Services } from '../operations.js';
import { announce, relayOutbox, watchOutbox, type Outbox } from '../outbox.js';

export const NOTIFICATION_CHANNEL = 'ihkit_notification';

export interface NotificationInput {
  patientId: string;
  template: NotificationTemplate;
  /** The template's parameters, without a code (see codeId). */
  params: Record<string, string>;
  /** For a code's message: the code row, whose code is added when it is sent. */
  codeId?: string;
  now: Date;
}

export async function enqueueNotification(tx: Queryable, n: NotificationInput): Promise<string> {
  const id = `ntf_${randomBytes(12).toString('base64url')}`;
  await tx.query(
    `INSERT INTO notification_outbox (id, patient_id, template, params, code_id, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [id, n.patientId, n.template, JSON.stringify(n.params), n.codeId ?? null, n.now],
  );
  await announce(tx, { channel: NOTIFICATION_CHANNEL });
  return id;
}

interface NotificationRow {
  id: string;
  attempts: number;
  patient_id: string;
  template: NotificationTemplate;
  params: Record<string, string>;
  code_id: string | null;
}

function notificationOutbox(services: Services, notifications: NonNullable<Services['notifications']>): Outbox<NotificationRow> {
  const runId = newId('run');
  return {
    table: 'notification_outbox',
    columns: ['patient_id', 'template', 'params', 'code_id'],
    channel: NOTIFICATION_CHANNEL,
    async deliver(row) {
      // A code replaced, used or no longer wanted (the link was proven or ended) before it went out is not sent.
      if (row.code_id && !(await codeStillWanted(services.db, row.code_id))) return { outcome: 'dropped' };
      const phone = (await services.his.findPatient({ patientId: row.patient_id }))?.phone;
      const params = row.code_id ? { ...row.params, code: codeOf(services.familyLinks.secret, row.code_id) } : row.params;
      try {
        const { ref } = await notifications.send({ id: row.id, patientId: row.patient_id, ...(phone ? { phone } : {}), template: row.template, params });
        if (row.code_id) await codeSent(services.db, row.code_id, services.now());
        return { outcome: 'sent', provider_ref: ref };
      } catch (err) {
        if (isAdapterError(err) && err.code === 'PHONE_NOT_ON_FILE') return { outcome: 'unreachable' };
        throw err;
      }
    },
    // What went to the patient's phone (or failed to): one audit row per try, with its outcome (actor `system`).
    record: (tx, row, outcome) =>
      writeAudit(tx, jobEntry('notifyPatient', { resourceType: 'notification', resourceId: row.id, patientIds: [row.patient_id] }, runId, outcome)),
    onFailure: (row, e) => services.log.warn({ notificationId: row.id, template: row.template, attempts: row.attempts, errorType: e.type, errorCode: e.code }, 'a notification could not be sent; will retry'),
  };
}

/** Hands every due message to the notification provider; none configured: they wait. */
export async function relayNotifications(services: Services): Promise<{ done: number; failed: number }> {
  if (!services.notifications) return { done: 0, failed: 0 };
  return relayOutbox(services.db, services.now, notificationOutbox(services, services.notifications));
}

/** Relays messages whenever one is written by any gateway on the database (and once at start). */
export function watchNotifications(services: Services, onError: (err: unknown) => void): Promise<() => Promise<void>> {
  return watchOutbox(services.db, { channel: NOTIFICATION_CHANNEL }, () => relayNotifications(services), onError);
}
