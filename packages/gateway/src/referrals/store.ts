/**
 * Referrals between organizations as the gateway keeps them (gw_036_referrals): the row is the
 * sending organization's; the staff of the sending and of the receiving organization see it,
 * no one else (organizations/isolation.ts), and a patient's accounts see their own in the
 * patient's words (patient-view.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import type { AccessGrantRecord, Appointment, Referral, ReferralDeclineReason, ReferralDirection, ReferralState } from '@ihkit/core';
import { organizationOf } from '../organizations/isolation.js';
import type { UserRow } from '../users.js';

export const REFERRAL_STATES: readonly ReferralState[] = ['sent', 'accepted', 'declined', 'arrived', 'closed', 'cancelled'];

export type ReferralAppointment = NonNullable<Referral['appointment']>;
export type ReferralFollowUp = NonNullable<Referral['followUp']>;

export interface ReferralRow {
  id: string;
  organization_id: string;
  to_organization_id: string;
  direction: ReferralDirection;
  state: ReferralState;
  department_id: string;
  doctor_id: string | null;
  patient_id: string;
  receiving_patient_id: string | null;
  summary: string;
  records: AccessGrantRecord[];
  slot_id: string | null;
  follow_up: ReferralFollowUp | null;
  appointment: ReferralAppointment | null;
  care_plan_id: string | null;
  grant_id: string | null;
  decline_reason: ReferralDeclineReason | null;
  sent_by: string;
  sent_by_name: string;
  created_at: Date;
  accepted_at: Date | null;
  declined_at: Date | null;
  arrived_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
}

const SELECT = `SELECT r.id, r.organization_id, r.to_organization_id, r.direction, r.state, r.department_id, r.doctor_id, r.patient_id, r.receiving_patient_id,
  r.summary, r.records, r.slot_id, r.follow_up, r.appointment, r.care_plan_id, r.grant_id, r.decline_reason, r.sent_by, u.display_name AS sent_by_name,
  r.created_at, r.accepted_at, r.declined_at, r.arrived_at, r.closed_at, r.cancelled_at
  FROM referrals r JOIN users u ON u.id = r.sent_by`;

const iso = (d: Date | null) => d?.toISOString();

export function toReferral(r: ReferralRow): Referral {
  const optional = {
    doctorId: r.doctor_id ?? undefined, receivingPatientId: r.receiving_patient_id ?? undefined, slotId: r.slot_id ?? undefined,
    followUp: r.follow_up ?? undefined, appointment: r.appointment ?? undefined, carePlanId: r.care_plan_id ?? undefined, grantId: r.grant_id ?? undefined,
    declineReason: r.decline_reason ?? undefined, acceptedAt: iso(r.accepted_at), declinedAt: iso(r.declined_at), arrivedAt: iso(r.arrived_at),
    closedAt: iso(r.closed_at), cancelledAt: iso(r.cancelled_at),
  };
  return {
    id: r.id, direction: r.direction, state: r.state, fromOrganizationId: r.organization_id, toOrganizationId: r.to_organization_id,
    departmentId: r.department_id, patientId: r.patient_id, summary: r.summary, records: r.records, sentBy: r.sent_by_name, createdAt: r.created_at.toISOString(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** The place reserved, as the referral keeps it. */
export function toReferralAppointment(a: Appointment): ReferralAppointment {
  return { id: a.id, start: a.start, end: a.end, departmentId: a.departmentId, doctorId: a.doctorId, status: a.status, ...(a.number ? { number: a.number } : {}) };
}

export async function findReferral(q: Queryable, id: string, forUpdate = false): Promise<ReferralRow | undefined> {
  return (await q.query<ReferralRow>(`${SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id])).rows[0];
}

/** The referral a doctor sent with an Idempotency-Key (a retry's). */
export async function referralSentWith(q: Queryable, userId: string, key: string): Promise<ReferralRow | undefined> {
  return (await q.query<ReferralRow>(`${SELECT} WHERE r.sent_by = $1 AND r.idempotency_key = $2`, [userId, key])).rows[0];
}

/** How a staff user stands to the referral: of the sending organization, of the receiving one, or neither. */
export function sideOf(user: Pick<UserRow, 'role' | 'organization_id'>, r: Pick<ReferralRow, 'organization_id' | 'to_organization_id'>): 'sender' | 'receiver' | undefined {
  if (user.role === 'patient') return undefined;
  const organization = organizationOf(user);
  return organization === r.organization_id ? 'sender' : organization === r.to_organization_id ? 'receiver' : undefined;
}

/** The referrals the organization sent or received (or both), of the states given, newest first. */
export async function referralsOf(q: Queryable, organizationId: string, direction: 'outgoing' | 'incoming' | undefined, states: ReferralState[] | null): Promise<ReferralRow[]> {
  const side = direction === 'outgoing' ? 'r.organization_id = $1' : direction === 'incoming' ? 'r.to_organization_id = $1' : '(r.organization_id = $1 OR r.to_organization_id = $1)';
  return (await q.query<ReferralRow>(`${SELECT} WHERE ${side} AND ($2::text[] IS NULL OR r.state = ANY($2::text[])) ORDER BY r.created_at DESC, r.id LIMIT 200`, [organizationId, states])).rows;
}

/** The referrals of these patients (by either organization's HIS id), newest first. */
export async function referralsOfPatients(q: Queryable, patientIds: string[]): Promise<ReferralRow[]> {
  return (await q.query<ReferralRow>(`${SELECT} WHERE r.patient_id = ANY($1::text[]) OR r.receiving_patient_id = ANY($1::text[]) ORDER BY r.created_at DESC, r.id LIMIT 200`, [patientIds])).rows;
}

export interface NewReferral {
  id: string;
  organizationId: string;
  toOrganizationId: string;
  direction: ReferralDirection;
  departmentId: string;
  doctorId?: string;
  patientId: string;
  summary: string;
  records: AccessGrantRecord[];
  slotId?: string;
  followUp?: ReferralFollowUp;
  sentBy: string;
  idempotencyKey: string;
  createdAt: Date;
}

/** Writes the referral, sent; false when the doctor's key was used already (a retry). */
export async function insertReferral(tx: Queryable, r: NewReferral): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO referrals (id, organization_id, to_organization_id, direction, state, department_id, doctor_id, patient_id, summary, records, slot_id, follow_up, sent_by, idempotency_key, created_at)
     VALUES ($1, $2, $3, $4, 'sent', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (sent_by, idempotency_key) DO NOTHING RETURNING id`,
    [r.id, r.organizationId, r.toOrganizationId, r.direction, r.departmentId, r.doctorId ?? null, r.patientId, r.summary, JSON.stringify(r.records),
      r.slotId ?? null, r.followUp ? JSON.stringify(r.followUp) : null, r.sentBy, r.idempotencyKey, r.createdAt]);
  return rows.length > 0;
}

/** What a step writes besides the state and its time. */
export interface ReferralStep {
  state: Exclude<ReferralState, 'sent'>;
  at: Date;
  answeredBy?: string;
  receivingPatientId?: string;
  appointment?: ReferralAppointment;
  carePlanId?: string;
  grantId?: string;
  declineReason?: ReferralDeclineReason;
}

const STEP_TIME: Record<ReferralStep['state'], string> = { accepted: 'accepted_at', declined: 'declined_at', arrived: 'arrived_at', closed: 'closed_at', cancelled: 'cancelled_at' };

/** Moves the (locked) referral to the step's state. */
export async function writeStep(tx: Queryable, id: string, s: ReferralStep): Promise<void> {
  await tx.query(
    `UPDATE referrals SET state = $2, ${STEP_TIME[s.state]} = $3, answered_by = coalesce($4, answered_by), receiving_patient_id = coalesce($5, receiving_patient_id),
       appointment = coalesce($6, appointment), care_plan_id = coalesce($7, care_plan_id), grant_id = coalesce($8, grant_id), decline_reason = coalesce($9, decline_reason)
     WHERE id = $1`,
    [id, s.state, s.at, s.answeredBy ?? null, s.receivingPatientId ?? null, s.appointment ? JSON.stringify(s.appointment) : null, s.carePlanId ?? null, s.grantId ?? null, s.declineReason ?? null]);
}
