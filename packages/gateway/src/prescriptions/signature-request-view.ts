/**
 * What a signature request shows (getSignatureRequest, a 202 answer, a prescription's
 * `pendingSignature`): its state, the document it is for (the prescription; the prescription
 * itself or its review), when it lapses, and once ended the outcome — signed: the prescription's
 * status as stored; otherwise the problem code. Never what was signed, nor who is named in it.
 */
import type { Queryable } from '@ihkit/adapters';
import type { PendingSignature, PrescriptionStatus, SignatureRequest } from '@ihkit/core';
import type { SignatureRequestRow } from './signature-requests.js';

export type SignatureRequestView = SignatureRequest;

const kindOf = (purpose: SignatureRequestRow['purpose']): SignatureRequest['kind'] => (purpose === 'prescribe' || purpose === 'revise' ? 'prescription' : 'review');

type Described = Pick<SignatureRequestRow, 'id' | 'purpose' | 'prescription_id' | 'status' | 'outcome' | 'deadline' | 'created_at'> & { completed_at?: Date | null };

export async function describeRequest(q: Queryable, row: Described): Promise<SignatureRequest> {
  const view: SignatureRequest = {
    id: row.id,
    state: row.status,
    kind: kindOf(row.purpose),
    prescriptionId: row.prescription_id,
    expiresAt: row.deadline.toISOString(),
    createdAt: row.created_at.toISOString(),
    ...(row.completed_at ? { completedAt: row.completed_at.toISOString() } : {}),
  };
  if (row.status === 'signed') {
    const stored = (await q.query<{ status: PrescriptionStatus }>('SELECT status FROM prescriptions WHERE id = $1', [row.prescription_id])).rows[0];
    view.outcome = stored ? { status: stored.status } : {};
  } else if (row.status !== 'pending') view.outcome = row.outcome ? { code: row.outcome } : {};
  return view;
}

const pendingView = (r: { id: string; purpose: SignatureRequestRow['purpose']; deadline: Date }): PendingSignature => ({ id: r.id, state: 'pending', kind: kindOf(r.purpose), expiresAt: r.deadline.toISOString() });

/** The signer's own pending requests for these prescriptions, by prescription. */
export async function pendingOf(q: Queryable, signerUserId: string, prescriptionIds: string[]): Promise<Map<string, PendingSignature>> {
  if (!prescriptionIds.length) return new Map();
  const { rows } = await q.query<{ id: string; purpose: SignatureRequestRow['purpose']; deadline: Date; prescription_id: string }>(
    `SELECT id, purpose, deadline, prescription_id FROM signature_requests WHERE status = 'pending' AND signer_user_id = $1 AND prescription_id = ANY($2::text[]) ORDER BY created_at`,
    [signerUserId, prescriptionIds],
  );
  return new Map(rows.map((r) => [r.prescription_id, pendingView(r)]));
}

/** The doctor's new prescription for a consult, waiting for them to confirm on their phone. */
export async function pendingPrescribing(q: Queryable, doctorUserId: string, consultId: string): Promise<PendingSignature | undefined> {
  const { rows } = await q.query<{ id: string; purpose: SignatureRequestRow['purpose']; deadline: Date }>(
    `SELECT id, purpose, deadline FROM signature_requests WHERE status = 'pending' AND purpose = 'prescribe' AND signer_user_id = $1 AND document->>'consultId' = $2 ORDER BY created_at DESC LIMIT 1`,
    [doctorUserId, consultId],
  );
  return rows[0] && pendingView(rows[0]);
}
