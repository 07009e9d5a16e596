/**
 * The gateway's own users (table `users`) and the patients each may act for (`user_patients`).
 * User ids are opaque and random; the HIS's patient ids are only stored, never exposed as
 * user ids.
 *
 * Which patients a user may act for is decided here and nowhere else: `linkedPatient`,
 * `linkedPatients` and `accountsOf` count only active links (ACTIVE). A family member's link is
 * pending until that person's proof is in (family/links.ts makes and proves links); a pending
 * or ended link lets its holder read nothing and do nothing in the patient's name.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '@ihkit/adapters';
import type { FamilyRelation, Role, User } from '@ihkit/core';

export type PatientRelation = 'self' | FamilyRelation;

export interface UserRow {
  id: string;
  username: string | null;
  password_hash: string | null;
  role: Role;
  display_name: string;
  external_subject: string | null;
  his_patient_id: string | null;
  /** The HIS practitioner the account signs in as: a doctor's (their doctor id) or a pharmacist's. */
  his_doctor_id: string | null;
  /** The HIS pharmacist a pharmacist's account is bound to (unique, like his_doctor_id). */
  his_pharmacist_id: string | null;
  /** The organization a staff account belongs to (organizations/); a patient's: where it was made. */
  organization_id: string;
}

export interface LinkedPatient {
  patientId: string;
  relation: PatientRelation;
}

/** The one condition under which a link lets its holder act for its patient. */
const ACTIVE = "status = 'active'";

export function newLinkId(): string {
  return `fl_${randomBytes(12).toString('base64url')}`;
}

export function newUserId(): string {
  return `u_${randomBytes(12).toString('base64url')}`;
}

export function toUser(row: UserRow): User {
  return { id: row.id, role: row.role, displayName: row.display_name };
}

export const USER_COLUMNS = 'id, username, password_hash, role, display_name, external_subject, his_patient_id, his_doctor_id, his_pharmacist_id, organization_id';
const COLUMNS = USER_COLUMNS;

/** The user, provided `sessionId` is one of theirs and not revoked (its expiry is the token's). */
export async function findUserInSession(db: Queryable, id: string, sessionId: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE id = $1 AND EXISTS (SELECT 1 FROM sessions WHERE sessions.id = $2 AND sessions.user_id = $1 AND sessions.revoked_at IS NULL)`,
    [id, sessionId],
  );
  return rows[0];
}

/** The doctor's user account on this gateway, by their HIS doctor id (in the home organization's HIS unless another is named). */
export async function findDoctorUser(db: Queryable, hisDoctorId: string, organizationId?: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE role = 'doctor' AND his_doctor_id = $1 AND organization_id = coalesce($2, ihkit_home_organization()) ORDER BY id LIMIT 1`,
    [hisDoctorId, organizationId ?? null]);
  return rows[0];
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  return rows[0];
}

/**
 * Creates or updates a user with a username (the demo accounts); returns its id. `externalSubject`:
 * the subject the demo's identity provider signs the same account in as.
 */
export async function upsertUser(
  db: Queryable,
  init: {
    username: string; passwordHash?: string; role: Role; displayName: string; hisPatientId?: string; hisDoctorId?: string; hisPharmacistId?: string; externalSubject?: string;
    /** Default: the home organization. */
    organizationId?: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (id, username, password_hash, role, display_name, his_patient_id, his_doctor_id, his_pharmacist_id, external_subject, organization_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, ihkit_home_organization()))
     ON CONFLICT (username) DO UPDATE SET
       password_hash = COALESCE(EXCLUDED.password_hash, users.password_hash), role = EXCLUDED.role,
       display_name = EXCLUDED.display_name, his_patient_id = EXCLUDED.his_patient_id, his_doctor_id = EXCLUDED.his_doctor_id,
       his_pharmacist_id = EXCLUDED.his_pharmacist_id, external_subject = EXCLUDED.external_subject, organization_id = EXCLUDED.organization_id
     RETURNING id`,
    [newUserId(), init.username, init.passwordHash ?? null, init.role, init.displayName, init.hisPatientId ?? null, init.hisDoctorId ?? null, init.hisPharmacistId ?? null, init.externalSubject ?? null, init.organizationId ?? null],
  );
  return rows[0]!.id;
}

/**
 * Links a patient to a user as already proven: the account's own record (`self`, proven by
 * identity), or a family link seeded as proven (`seed`: the demo hospital's accounts). A pending
 * link of the same two is made active. False when there was nothing to do (the link is active
 * already, was ended, or the user has another `self`). Family members a user asks for are
 * linked by family/links.ts, pending until proven.
 */
export async function linkPatient(db: Queryable, userId: string, patientId: string, relation: PatientRelation): Promise<boolean> {
  const proof = relation === 'self' ? 'identity' : 'seed';
  const proven = await db.query(
    `UPDATE user_patients SET status = 'active', proof = $3, active_since = now() WHERE user_id = $1 AND patient_id = $2 AND status = 'pending' RETURNING id`,
    [userId, patientId, proof],
  );
  if (proven.rows.length) return true;
  const { rows } = await db.query(
    `INSERT INTO user_patients (id, user_id, patient_id, relation, status, proof, requested_at, active_since) VALUES ($1, $2, $3, $4, 'active', $5, now(), now())
     ON CONFLICT DO NOTHING RETURNING patient_id`,
    [newLinkId(), userId, patientId, relation, proof],
  );
  return rows.length > 0;
}

/** The HIS patient a user is (their active `self` link), if any. */
export async function selfPatientId(db: Queryable, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ patient_id: string }>(`SELECT patient_id FROM user_patients WHERE user_id = $1 AND relation = 'self' AND ${ACTIVE}`, [userId]);
  return rows[0]?.patient_id;
}

/** The patients a user may act for (active links), `self` first, then in the order they were added. */
export async function linkedPatients(db: Queryable, userId: string): Promise<LinkedPatient[]> {
  const { rows } = await db.query<{ patient_id: string; relation: PatientRelation }>(
    `SELECT patient_id, relation FROM user_patients WHERE user_id = $1 AND ${ACTIVE}
     ORDER BY (relation = 'self') DESC, created_at, patient_id`,
    [userId],
  );
  return rows.map((r) => ({ patientId: r.patient_id, relation: r.relation }));
}

/** The accounts that may act for a patient: their own and their family's (whom live notices about the patient reach). */
export async function accountsOf(db: Queryable, patientId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(`SELECT user_id FROM user_patients WHERE patient_id = $1 AND ${ACTIVE} ORDER BY user_id`, [patientId]);
  return rows.map((r) => r.user_id);
}

/** The user's active link to the patient: whether they may act for them, and as what. */
export async function linkedPatient(db: Queryable, userId: string, patientId: string): Promise<LinkedPatient | undefined> {
  const { rows } = await db.query<{ relation: PatientRelation }>(`SELECT relation FROM user_patients WHERE user_id = $1 AND patient_id = $2 AND ${ACTIVE}`, [userId, patientId]);
  return rows[0] ? { patientId, relation: rows[0].relation } : undefined;
}
