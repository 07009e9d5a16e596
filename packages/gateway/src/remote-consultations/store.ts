/**
 * The remote consultations (gw_035): rows, their experts, and the consultation as the contract
 * answers it — the signed opinion verified by certificate on every read (opinion.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import type { AccessGrantRecord, RemoteConsultation, RemoteConsultationState } from '@ihkit/core';
import type { SignatureTrust } from '../prescriptions/signing.js';
import { opinionCheck, type SignedOpinion } from './opinion-document.js';

export interface RemoteConsultationRow {
  id: string;
  organization_id: string;
  receiving_organization_id: string;
  requested_by: string;
  patient_id: string;
  department_id: string | null;
  expert_user_id: string | null;
  question: string;
  urgency: RemoteConsultation['urgency'];
  attachments: AccessGrantRecord[];
  state: RemoteConsultationState;
  scheduled_at: Date | null;
  grants_expire_at: Date | null;
  decline_reason: string | null;
  opinion: SignedOpinion | null;
  sig_algorithm: string | null;
  sig_value: string | null;
  sig_certificate: string | null;
  sig_chain: string[] | null;
  sig_timestamp: string | null;
  signed_at: Date | null;
  turnaround_seconds: number | null;
  closed_at: Date | null;
  created_at: Date;
  experts: string[];
  written_back: boolean;
}

const SELECT = `SELECT r.id, r.organization_id, r.receiving_organization_id, r.requested_by, r.patient_id, r.department_id, r.expert_user_id, r.question, r.urgency,
  r.attachments, r.state, r.scheduled_at, r.grants_expire_at, r.decline_reason, r.opinion, r.sig_algorithm, r.sig_value, r.sig_certificate, r.sig_chain, r.sig_timestamp,
  r.signed_at, r.turnaround_seconds, r.closed_at, r.created_at,
  coalesce((SELECT json_agg(e.user_id ORDER BY e.user_id) FROM remote_consultation_experts e WHERE e.consultation_id = r.id), '[]') AS experts,
  EXISTS (SELECT 1 FROM remote_consultation_writebacks w WHERE w.id = r.id AND w.done_at IS NOT NULL AND w.his_ref IS NOT NULL) AS written_back
  FROM remote_consultations r`;

export async function findRemoteConsultation(q: Queryable, id: string, forUpdate = false): Promise<RemoteConsultationRow | undefined> {
  return (await q.query<RemoteConsultationRow>(`${SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id])).rows[0];
}

/** Rows matching `where` (over `r`, with `values`), newest first. */
export async function selectRemoteConsultations(q: Queryable, where: string, values: unknown[], limit = 200): Promise<RemoteConsultationRow[]> {
  return (await q.query<RemoteConsultationRow>(`${SELECT} WHERE ${where} ORDER BY r.created_at DESC, r.id LIMIT ${limit}`, values)).rows;
}

export async function toRemoteConsultation(trust: SignatureTrust, r: RemoteConsultationRow): Promise<RemoteConsultation> {
  const opt = <T>(value: T | null, shape: (v: T) => object) => (value === null ? {} : shape(value));
  let opinion: RemoteConsultation['opinion'];
  if (r.opinion && r.signed_at) {
    const check = await opinionCheck(trust, r);
    opinion = {
      text: r.opinion.opinion, expertUserId: r.opinion.expertUserId, expertName: r.opinion.expert.name, licenceNumber: r.opinion.expert.licenceNumber,
      signedAt: r.signed_at.toISOString(), valid: check.valid, ...(check.valid ? { certificateSerial: check.signer.serial } : {}), writtenBack: r.written_back,
    };
  }
  return {
    id: r.id, requestingOrganizationId: r.organization_id, receivingOrganizationId: r.receiving_organization_id, requestedBy: r.requested_by, patientId: r.patient_id,
    ...opt(r.department_id, (departmentId) => ({ departmentId })), ...opt(r.expert_user_id, (expertUserId) => ({ expertUserId })),
    question: r.question, urgency: r.urgency, attachments: r.attachments, state: r.state, experts: r.experts,
    ...opt(r.scheduled_at, (d) => ({ scheduledAt: d.toISOString() })), ...opt(r.grants_expire_at, (d) => ({ grantsExpireAt: d.toISOString() })),
    ...opt(r.decline_reason, (declineReason) => ({ declineReason })), ...(opinion ? { opinion } : {}),
    ...opt(r.turnaround_seconds, (turnaroundSeconds) => ({ turnaroundSeconds })),
    createdAt: r.created_at.toISOString(), ...opt(r.closed_at, (d) => ({ closedAt: d.toISOString() })),
  };
}
