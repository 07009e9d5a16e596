/**
 * Family links and their lifecycle (table `user_patients`): a user asks to act for a family
 * member (`requestLink`: pending), the person's proof makes it active (`activateLink`), its
 * holder or its patient ends it (`endLink`). Whether a link lets its holder act is not decided
 * here but in users.ts (linkedPatient and friends: active links only).
 *
 *   pending ─ code · account · guardian on file · in person → active ─ end → ended
 *      └──────────────────────────── end ─────────────────────────────┘   (asked again: pending)
 */
import type { Queryable } from '@ihkit/adapters';
import type { FamilyLink, FamilyLinkProof, FamilyRelation } from '@ihkit/core';
import { newLinkId, type PatientRelation } from '../users.js';

export type LinkStatus = 'pending' | 'active' | 'ended';
/** While pending: the person's consent (a code, or their own account), or staff seeing a child's guardian. */
export type LinkAwaits = 'consent' | 'in_person';

export interface LinkRow {
  id: string;
  user_id: string;
  patient_id: string;
  relation: PatientRelation;
  status: LinkStatus;
  proof: FamilyLinkProof | null;
  awaits: LinkAwaits | null;
  requested_at: Date;
  active_since: Date | null;
  ended_at: Date | null;
  idempotency_key: string | null;
}

const COLUMNS = 'id, user_id, patient_id, relation, status, proof, awaits, requested_at, active_since, ended_at, idempotency_key';

export async function findLink(q: Queryable, linkId: string, forUpdate = false): Promise<LinkRow | undefined> {
  const { rows } = await q.query<LinkRow>(`SELECT ${COLUMNS} FROM user_patients WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [linkId]);
  return rows[0];
}

/** The user's link to the patient, whatever its status. */
export async function linkBetween(q: Queryable, userId: string, patientId: string, forUpdate = false): Promise<LinkRow | undefined> {
  const { rows } = await q.query<LinkRow>(`SELECT ${COLUMNS} FROM user_patients WHERE user_id = $1 AND patient_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [userId, patientId]);
  return rows[0];
}

/** The link the user asked for with this Idempotency-Key, if any. */
export async function linkByIdempotencyKey(q: Queryable, userId: string, key: string): Promise<LinkRow | undefined> {
  const { rows } = await q.query<LinkRow>(`SELECT ${COLUMNS} FROM user_patients WHERE user_id = $1 AND idempotency_key = $2`, [userId, key]);
  return rows[0];
}

/** The links a user holds that are not ended: `self` first, then in the order they were asked for. */
export async function heldLinks(q: Queryable, userId: string): Promise<LinkRow[]> {
  const { rows } = await q.query<LinkRow>(
    `SELECT ${COLUMNS} FROM user_patients WHERE user_id = $1 AND status <> 'ended'
     ORDER BY (relation = 'self') DESC, requested_at, patient_id`,
    [userId],
  );
  return rows;
}

/** The display name of a link's holder. */
export async function holderName(q: Queryable, userId: string): Promise<string> {
  const { rows } = await q.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [userId]);
  return rows[0]?.display_name ?? '';
}

/** The accounts whose own record the patient is (who may approve a link to them). */
export async function ownAccountsOf(q: Queryable, patientId: string): Promise<string[]> {
  const { rows } = await q.query<{ user_id: string }>(`SELECT user_id FROM user_patients WHERE patient_id = $1 AND relation = 'self' AND status = 'active' ORDER BY user_id`, [patientId]);
  return rows.map((r) => r.user_id);
}

/** The other accounts' links to the patient, not ended, with their holders' names: pending first. */
export async function linksTo(q: Queryable, patientId: string): Promise<Array<LinkRow & { holder_name: string }>> {
  const { rows } = await q.query<LinkRow & { holder_name: string }>(
    `SELECT ${COLUMNS.split(', ').map((c) => `l.${c}`).join(', ')}, u.display_name AS holder_name
       FROM user_patients l JOIN users u ON u.id = l.user_id
      WHERE l.patient_id = $1 AND l.relation <> 'self' AND l.status <> 'ended'
      ORDER BY (l.status = 'pending') DESC, l.requested_at, l.id`,
    [patientId],
  );
  return rows;
}

/** Children's pending links that wait for staff to see the guardian, oldest first, with their holders' names. */
export async function awaitingInPerson(q: Queryable, limit = 200): Promise<Array<LinkRow & { holder_name: string }>> {
  const { rows } = await q.query<LinkRow & { holder_name: string }>(
    `SELECT ${COLUMNS.split(', ').map((c) => `l.${c}`).join(', ')}, u.display_name AS holder_name
       FROM user_patients l JOIN users u ON u.id = l.user_id
      WHERE l.status = 'pending' AND l.awaits = 'in_person'
      ORDER BY l.requested_at, l.id LIMIT ${limit}`,
  );
  return rows;
}

export interface LinkRequest {
  userId: string;
  patientId: string;
  relation: FamilyRelation;
  idempotencyKey: string;
  awaits: LinkAwaits;
  now: Date;
}

/**
 * Asks for a link, pending: a new row, or an ended link of the same two asked for again.
 * Undefined when the two are already linked (pending or active), or the key was used before.
 */
export async function requestLink(tx: Queryable, r: LinkRequest): Promise<LinkRow | undefined> {
  const reopened = await tx.query<LinkRow>(
    `UPDATE user_patients SET status = 'pending', relation = $3, idempotency_key = $4, awaits = $5, requested_at = $6,
            proof = NULL, proved_by = NULL, active_since = NULL, ended_at = NULL, ended_by = NULL
      WHERE user_id = $1 AND patient_id = $2 AND status = 'ended'
        AND NOT EXISTS (SELECT 1 FROM user_patients k WHERE k.user_id = $1 AND k.idempotency_key = $4)
      RETURNING ${COLUMNS}`,
    [r.userId, r.patientId, r.relation, r.idempotencyKey, r.awaits, r.now],
  );
  if (reopened.rows[0]) return reopened.rows[0];
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO user_patients (id, user_id, patient_id, relation, idempotency_key, status, awaits, requested_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [newLinkId(), r.userId, r.patientId, r.relation, r.idempotencyKey, r.awaits, r.now],
  );
  return rows[0];
}

/** What a document staff saw the guardian show (for `in_person`). */
export type ProofDocument = 'household_register' | 'birth_certificate' | 'guardianship_order';

/**
 * Makes a pending link active with its proof; `by` the account that approved, or the staff
 * member and the document they saw.
 */
export async function activateLink(tx: Queryable, linkId: string, proof: FamilyLinkProof, now: Date, by: { userId: string; document?: ProofDocument } | null = null): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `UPDATE user_patients SET status = 'active', proof = $2, proved_by = $3, proof_document = $4, active_since = $5, awaits = NULL
      WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
    [linkId, proof, by?.userId ?? null, by?.document ?? null, now],
  );
  if (!rows[0]) throw new Error(`link ${linkId} is not pending`);
  return rows[0];
}

/** Ends a link (its holder or its patient, `by`); an ended one stays as it was. */
export async function endLink(tx: Queryable, linkId: string, by: string, now: Date): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `UPDATE user_patients SET status = 'ended', ended_at = COALESCE(ended_at, $3), ended_by = COALESCE(ended_by, $2), awaits = NULL
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [linkId, by, now],
  );
  return rows[0]!;
}

/** A link as the contract's FamilyLink, for someone who may see it. */
export function toFamilyLink(row: LinkRow, holderName: string): FamilyLink {
  return {
    id: row.id,
    status: row.status,
    relation: row.relation === 'self' ? 'other' : row.relation,
    holderName,
    requestedAt: row.requested_at.toISOString(),
    ...(row.active_since ? { since: row.active_since.toISOString() } : {}),
    ...(row.proof ? { proof: row.proof } : {}),
    ...(row.ended_at ? { endedAt: row.ended_at.toISOString() } : {}),
  };
}
