/**
 * Access grants (docs/network.md#grants): the only way across organizations. A grant lets its
 * grantee organization — or one user of it — read exactly the records it lists, read-only,
 * until it expires (by the gateway's clock) or is revoked. Every read through a grant is noted
 * in the audit trail with the grant's id (audit.ts). `createAccessGrant` is what a request
 * between organizations (a remote consultation, a referral) calls; the createAccessGrant
 * operation calls it for a doctor sharing records they may read themselves.
 */
import type { Queryable } from '@ihkit/adapters';
import type { AccessGrant, AccessGrantReason, AccessGrantRecord } from '@ihkit/core';
import { newId } from '../ids.js';
import { signedIn, type Call, type OperationId, type Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';

export type GrantKind = AccessGrantRecord['kind'];

/** The longest a grant may run. */
export const MAX_GRANT_DAYS = 30;

interface GrantRow {
  id: string;
  issuer_organization_id: string;
  grantee_organization_id: string;
  grantee_user_id: string | null;
  patient_id: string;
  reason: AccessGrantReason;
  request_ref: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  records: AccessGrantRecord[];
}

const GRANT_SELECT = `SELECT g.id, g.issuer_organization_id, g.grantee_organization_id, g.grantee_user_id, g.patient_id, g.reason, g.request_ref,
  g.created_by, g.created_at, g.expires_at, g.revoked_at,
  coalesce((SELECT json_agg(json_build_object('kind', r.kind, 'id', r.record_id) ORDER BY r.kind, r.record_id) FROM access_grant_records r WHERE r.grant_id = g.id), '[]') AS records
  FROM access_grants g`;

export function toAccessGrant(r: GrantRow, now: Date): AccessGrant {
  return {
    id: r.id, issuerOrganizationId: r.issuer_organization_id, granteeOrganizationId: r.grantee_organization_id,
    ...(r.grantee_user_id ? { granteeUserId: r.grantee_user_id } : {}),
    patientId: r.patient_id, records: r.records, reason: r.reason, ...(r.request_ref ? { requestRef: r.request_ref } : {}),
    createdBy: r.created_by, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(),
    ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
    state: r.revoked_at ? 'revoked' : r.expires_at <= now ? 'expired' : 'active',
  };
}

export interface NewGrant {
  issuerOrganizationId: string;
  granteeOrganizationId: string;
  granteeUserId?: string;
  patientId: string;
  records: AccessGrantRecord[];
  reason: AccessGrantReason;
  requestRef?: string;
  createdBy: string;
  expiresAt: Date;
  idempotencyKey?: string;
}

/**
 * Writes a grant (the caller has checked that the records are the issuer's and the patient's);
 * with an idempotency key already used by its creator, the grant made then. Returns its id.
 */
export async function createAccessGrant(tx: Queryable, g: NewGrant, now: Date): Promise<string> {
  if (g.granteeOrganizationId === g.issuerOrganizationId) throw new Error('ihkit: a grant is to another organization');
  if (!(g.expiresAt > now) || g.expiresAt.getTime() - now.getTime() > MAX_GRANT_DAYS * 86_400_000) throw new Error(`ihkit: a grant runs for up to ${MAX_GRANT_DAYS} days`);
  if (!g.records.length) throw new Error('ihkit: a grant lists the records it covers');
  const id = newId('grant');
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO access_grants (id, issuer_organization_id, grantee_organization_id, grantee_user_id, patient_id, reason, request_ref, created_by, created_at, expires_at, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (created_by, idempotency_key) DO NOTHING RETURNING id`,
    [id, g.issuerOrganizationId, g.granteeOrganizationId, g.granteeUserId ?? null, g.patientId, g.reason, g.requestRef ?? null, g.createdBy, now, g.expiresAt, g.idempotencyKey ?? null]);
  if (!rows[0]) {
    const earlier = await tx.query<{ id: string }>('SELECT id FROM access_grants WHERE created_by = $1 AND idempotency_key = $2', [g.createdBy, g.idempotencyKey]);
    return earlier.rows[0]!.id;
  }
  const unique = [...new Map(g.records.map((r) => [`${r.kind} ${r.id}`, r])).values()];
  await tx.query(
    'INSERT INTO access_grant_records (grant_id, kind, record_id) SELECT $1, kind, record_id FROM unnest($2::text[], $3::text[]) AS t(kind, record_id)',
    [id, unique.map((r) => r.kind), unique.map((r) => r.id)]);
  return id;
}

export async function findGrant(q: Queryable, id: string, forUpdate = false): Promise<GrantRow | undefined> {
  return (await q.query<GrantRow>(`${GRANT_SELECT} WHERE g.id = $1${forUpdate ? ' FOR UPDATE OF g' : ''}`, [id])).rows[0];
}

/** The grants an organization issued or received, newest first. */
export async function grantsOf(q: Queryable, organizationId: string, direction: 'issued' | 'received' | undefined): Promise<GrantRow[]> {
  const where = direction === 'issued' ? 'g.issuer_organization_id = $1'
    : direction === 'received' ? 'g.grantee_organization_id = $1'
      : '(g.issuer_organization_id = $1 OR g.grantee_organization_id = $1)';
  return (await q.query<GrantRow>(`${GRANT_SELECT} WHERE ${where} ORDER BY g.created_at DESC, g.id LIMIT 200`, [organizationId])).rows;
}

/** Ends the grant now; false when it had been revoked already. */
export async function revokeGrant(tx: Queryable, id: string, by: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query('UPDATE access_grants SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, now, by]);
  return rows.length > 0;
}

/**
 * The grant through which the staff user may read the record now: one to their organization
 * (to them, or to no one in particular), listing the record, neither expired nor revoked.
 */
export async function grantCovering(q: Queryable, user: Pick<UserRow, 'id' | 'role' | 'organization_id'>, kind: GrantKind, recordId: string, now: Date): Promise<string | undefined> {
  if (user.role === 'patient') return undefined;
  const { rows } = await q.query<{ id: string }>(
    `SELECT g.id FROM access_grant_records r JOIN access_grants g ON g.id = r.grant_id
     WHERE r.kind = $1 AND r.record_id = $2 AND g.grantee_organization_id = $3 AND (g.grantee_user_id IS NULL OR g.grantee_user_id = $4)
       AND g.revoked_at IS NULL AND g.expires_at > $5
     ORDER BY g.expires_at DESC, g.id LIMIT 1`,
    [kind, recordId, user.organization_id, user.id, now]);
  return rows[0]?.id;
}

/** Reads the record through a grant if one covers it, noting the grant in the call's audit row; false when none does. */
export async function readThroughGrant(call: Call<OperationId>, q: Queryable, user: UserRow, kind: GrantKind, recordId: string, now: Date): Promise<boolean> {
  const grantId = await grantCovering(q, user, kind, recordId, now);
  if (grantId) call.audit.grantId = grantId;
  return grantId !== undefined;
}

/**
 * A read of one record: by the usual rule (`open`, which refuses with NOT_FOUND), else through a
 * grant covering the record, when `load` then finds it. Refused as before when neither lets the
 * caller in, so a grant's absence looks like the record's.
 */
export async function readable<T>(call: Call<OperationId>, services: Pick<Services, 'db' | 'now'>, kind: GrantKind, recordId: string, open: () => Promise<T>, load: () => Promise<T | undefined>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof HttpProblem) || error.code !== 'NOT_FOUND') throw error;
    if (!(await readThroughGrant(call, services.db, signedIn(call), kind, recordId, services.now()))) throw error;
    const row = await load();
    if (row === undefined) throw error;
    return row;
  }
}
