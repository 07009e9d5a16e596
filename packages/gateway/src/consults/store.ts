/**
 * The consult tables (gw_003): reading a consult, numbering its messages, and moving it
 * through the lifecycle of @ihkit/core's consult-state, with an event message and a live
 * notification for every change. Notifications carry ids only and are sent on commit.
 */
import type { Queryable } from '@ihkit/adapters';
import { nextConsultStatus, type Consult, type ConsultAction, type ConsultMessage, type ConsultStatus } from '@ihkit/core';
import { HttpProblem } from '../problems.js';
import { addressees, notify } from '../realtime/notices.js';
import { accountsOf } from '../users.js';
import { invitationsChanged } from '../video/invitations.js';
import { retainUntil } from '../records/retention.js';
import { newId } from '../ids.js';

export interface ConsultRow {
  id: string;
  /** The organization the consult was asked of (organizations/isolation.ts). */
  organization_id: string;
  user_id: string;
  patient_id: string;
  patient_name: string;
  patient_gender: 'male' | 'female';
  patient_age: number;
  doctor_id: string;
  department_id: string;
  encounter_id: string;
  condition_code: string;
  condition_name: string;
  condition_date: string;
  complaint: string;
  guardian_name: string | null;
  guardian_relation: 'parent' | 'other' | null;
  status: ConsultStatus;
  fee_amount: number;
  fee_currency: string;
  idempotency_key: string;
  created_at: Date;
  paid_at: Date | null;
  accept_by: Date | null;
  accepted_at: Date | null;
  ended_at: Date | null;
  record: { complaint: string; diagnosis: string; advice: string; writtenAt: string } | null;
  referral_reason: string | null;
  cancel_reason: Consult['cancelReason'] | null;
  last_seq: number;
  patient_read_seq: number;
  doctor_read_seq: number;
}

export const CONSULT_COLUMNS = `id, user_id, patient_id, patient_name, patient_gender, patient_age, doctor_id, department_id, encounter_id,
  condition_code, condition_name, condition_date, complaint, guardian_name, guardian_relation, status, fee_amount, fee_currency,
  idempotency_key, created_at, paid_at, accept_by, accepted_at, ended_at, record, referral_reason, cancel_reason, last_seq,
  patient_read_seq, doctor_read_seq, organization_id`;

const iso = (d: Date | null) => (d ? { value: d.toISOString() } : undefined);

export function toConsult(r: ConsultRow): Consult {
  const c: Consult = {
    id: r.id,
    status: r.status,
    patient: { id: r.patient_id, name: r.patient_name, gender: r.patient_gender, age: r.patient_age },
    doctorId: r.doctor_id,
    departmentId: r.department_id,
    condition: { encounterId: r.encounter_id, code: r.condition_code, name: r.condition_name, date: r.condition_date },
    complaint: r.complaint,
    fee: { amount: r.fee_amount, currency: r.fee_currency },
    createdAt: r.created_at.toISOString(),
    lastSeq: r.last_seq,
    readSeq: { patient: r.patient_read_seq, doctor: r.doctor_read_seq },
  };
  if (r.guardian_name && r.guardian_relation) c.guardian = { name: r.guardian_name, relation: r.guardian_relation };
  const times = { paidAt: iso(r.paid_at), acceptBy: iso(r.accept_by), acceptedAt: iso(r.accepted_at), endedAt: iso(r.ended_at) };
  for (const [k, v] of Object.entries(times)) if (v) (c as unknown as Record<string, string>)[k] = v.value;
  if (r.record) c.record = r.record;
  if (r.referral_reason) c.referralReason = r.referral_reason;
  if (r.cancel_reason) c.cancelReason = r.cancel_reason;
  return c;
}

/** The consult, locked for the rest of the transaction when `forUpdate`. */
export async function findConsult(q: Queryable, id: string, forUpdate = false): Promise<ConsultRow | undefined> {
  const { rows } = await q.query<ConsultRow>(`SELECT ${CONSULT_COLUMNS} FROM consults WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export interface MessageRow {
  id: string;
  consult_id: string;
  seq: number;
  kind: ConsultMessage['kind'];
  sender: ConsultMessage['sender'];
  sender_user_id: string | null;
  text: string | null;
  event: ConsultStatus | null;
  idempotency_key: string | null;
  created_at: Date;
  attachment_id: string | null;
  content_type: 'image/png' | 'image/jpeg' | 'image/webp' | null;
  size: number | null;
}

export const MESSAGE_SELECT = `SELECT m.id, m.consult_id, m.seq, m.kind, m.sender, m.sender_user_id, m.text, m.event, m.idempotency_key, m.created_at,
  m.attachment_id, a.content_type, a.size FROM consult_messages m LEFT JOIN consult_attachments a ON a.id = m.attachment_id`;

export function toMessage(r: MessageRow): ConsultMessage {
  const m: ConsultMessage = { id: r.id, consultId: r.consult_id, seq: r.seq, kind: r.kind, sender: r.sender, createdAt: r.created_at.toISOString() };
  if (r.text !== null) m.text = r.text;
  if (r.event) m.event = r.event;
  if (r.attachment_id && r.content_type && r.size) m.attachment = { id: r.attachment_id, contentType: r.content_type, size: r.size };
  return m;
}

export async function messagesAfter(q: Queryable, consultId: string, after: number, limit: number): Promise<ConsultMessage[]> {
  const { rows } = await q.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.consult_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3`, [consultId, after, limit]);
  return rows.map(toMessage);
}

export interface NewMessage {
  kind: ConsultMessage['kind'];
  sender: ConsultMessage['sender'];
  senderUserId?: string;
  text?: string;
  attachmentId?: string;
  event?: ConsultStatus;
  idempotencyKey?: string;
}

/**
 * Appends a message with the consult's next seq. Taking the seq locks the consult's row, so
 * messages commit in seq order and their numbers have no gaps.
 */
export async function appendMessage(tx: Queryable, consultId: string, m: NewMessage, now: Date): Promise<number> {
  const { rows } = await tx.query<{ last_seq: number }>('UPDATE consults SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq', [consultId]);
  const seq = rows[0]!.last_seq;
  await tx.query(
    `INSERT INTO consult_messages (id, consult_id, seq, kind, sender, sender_user_id, text, attachment_id, event, idempotency_key, created_at, retain_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ${retainUntil('chat_media', '$11')})`,
    [newId('msg'), consultId, seq, m.kind, m.sender, m.senderUserId ?? null, m.text ?? null, m.attachmentId ?? null, m.event ?? null, m.idempotencyKey ?? null, now],
  );
  await notify(tx, { k: 'message', c: consultId, seq });
  return seq;
}

type Patch = Partial<Pick<ConsultRow, 'paid_at' | 'accept_by' | 'accepted_at' | 'ended_at' | 'record' | 'referral_reason' | 'cancel_reason'>>;

/**
 * Moves a locked consult by `action` (INVALID_STATE when the lifecycle does not allow it
 * from its state), writes `patch`, and records the change as an event message.
 */
export async function transition(tx: Queryable, row: ConsultRow, action: ConsultAction, patch: Patch, now: Date): Promise<ConsultRow> {
  const next = nextConsultStatus(row.status, action);
  if (!next) throw new HttpProblem('INVALID_STATE', `A ${row.status} consult does not allow "${action}".`);
  const sets = ['status = $2'];
  const values: unknown[] = [row.id, next];
  for (const [column, value] of Object.entries(patch)) {
    values.push(column === 'record' && value ? JSON.stringify(value) : value);
    sets.push(`${column} = $${values.length}`);
  }
  await tx.query(`UPDATE consults SET ${sets.join(', ')} WHERE id = $1`, values);
  await appendMessage(tx, row.id, { kind: 'event', sender: 'system', event: next }, now);
  // To the consult's subscribers and its doctor's queue, and to the patient's accounts for their list.
  for (const u of addressees(await accountsOf(tx, row.patient_id))) await notify(tx, { k: 'consult', c: row.id, d: row.doctor_id, u });
  await invitationsChanged(tx, { consultId: row.id }); // an ended consult's call is no one's invitation
  return (await findConsult(tx, row.id))!;
}
