/**
 * The account behind an identity provider's subject: made on first sight with the role the
 * claims name, and bound for good. A doctor's or pharmacist's account is bound to exactly one HIS
 * practitioner, whom the HIS must know (the account takes the HIS's name for them), and no two
 * accounts are ever bound to the same one (a unique index). A patient's account is bound to the
 * HIS patient record the identity provider vouches for (a real-name level). Claims that later
 * name another role, practitioner or patient for the same subject are refused, never applied:
 * moving an account is the hospital's decision, not a token's.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Claimed } from './identity.js';
import type { Organizations } from './organizations/registry.js';
import { linkPatient, newUserId, selfPatientId, USER_COLUMNS, type UserRow } from './users.js';

export interface BindingRefusal {
  reason: 'role-changed' | 'practitioner-changed' | 'practitioner-unknown' | 'practitioner-taken' | 'patient-changed' | 'organization-unknown' | 'organization-changed';
  /** The account concerned (opaque), for the log. */
  userId?: string;
  /** The HIS practitioner id concerned (opaque), for the log. */
  practitionerId?: string;
  detail?: string;
}

type Row = UserRow & { self_patient_id: string | null };

const bySubject = async (db: Queryable, subject: string): Promise<Row | undefined> => {
  const user = (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE external_subject = $1`, [subject])).rows[0];
  return user && { ...user, self_patient_id: (await selfPatientId(db, user.id)) ?? null };
};

/** The HIS id column an account of this role is bound by. */
const practitionerColumn = (role: Claimed['role']) => (role === 'doctor' ? 'his_doctor_id' : role === 'pharmacist' ? 'his_pharmacist_id' : undefined);

/**
 * A staff member belongs to the organization the token names (the home one when it names none),
 * which this gateway must serve; their practitioner id is one of that organization's HIS.
 */
export async function resolveExternalUser(db: Queryable, organizations: Organizations, subject: string, claimed: Claimed): Promise<{ user: UserRow } | { refused: BindingRefusal }> {
  const organization = claimed.organizationId === undefined ? organizations.home : organizations.get(claimed.organizationId);
  if (!organization) return { refused: { reason: 'organization-unknown', detail: 'the token names an organization this gateway does not serve' } };
  const existing = await bySubject(db, subject);
  if (existing) return keepBinding(db, existing, claimed, organization.id);

  const column = practitionerColumn(claimed.role);
  let displayName = claimed.name ?? (claimed.role === 'admin' ? 'Admin' : 'Patient');
  if (column) {
    const practitioner = await organization.his.getPractitioner(claimed.practitionerId!);
    if (practitioner?.kind !== claimed.role) return { refused: { reason: 'practitioner-unknown', practitionerId: claimed.practitionerId, detail: `the HIS knows no ${claimed.role} with this id` } };
    displayName = practitioner.name;
  }
  const id = newUserId();
  // DO NOTHING on any unique column: the subject (another request made it first) or the practitioner (bound to another account).
  const inserted = await db.query(
    `INSERT INTO users (id, role, display_name, external_subject, his_patient_id, his_doctor_id, his_pharmacist_id, organization_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING RETURNING id`,
    [id, claimed.role, displayName, subject, claimed.patientId ?? null, claimed.role === 'doctor' ? claimed.practitionerId : null, claimed.role === 'pharmacist' ? claimed.practitionerId : null, organization.id],
  );
  if (!inserted.rows.length) {
    const raced = await bySubject(db, subject);
    if (raced) return keepBinding(db, raced, claimed, organization.id);
    const holder = await db.query<{ id: string }>(`SELECT id FROM users WHERE ${column} = $1 AND organization_id = $2`, [claimed.practitionerId, organization.id]);
    return { refused: { reason: 'practitioner-taken', userId: holder.rows[0]?.id, practitionerId: claimed.practitionerId, detail: 'another account is bound to this practitioner' } };
  }
  if (claimed.patientId) await linkPatient(db, id, claimed.patientId, 'self');
  return { user: (await bySubject(db, subject))! };
}

/** The account as bound, if the claims still say the same; a patient's record is bound once the identity provider vouches for it. */
async function keepBinding(db: Queryable, row: Row, claimed: Claimed, organizationId: string): Promise<{ user: UserRow } | { refused: BindingRefusal }> {
  const { self_patient_id: self, ...user } = row;
  if (user.role !== claimed.role) return { refused: { reason: 'role-changed', userId: user.id, detail: `the account is a ${user.role}'s, the token names a ${claimed.role}` } };
  if (user.role !== 'patient' && user.organization_id !== organizationId) return { refused: { reason: 'organization-changed', userId: user.id } };
  const column = practitionerColumn(claimed.role);
  if (column && user[column] !== claimed.practitionerId) return { refused: { reason: 'practitioner-changed', userId: user.id, practitionerId: claimed.practitionerId } };
  if (claimed.patientId && self !== claimed.patientId) {
    if (self) return { refused: { reason: 'patient-changed', userId: user.id } };
    await linkPatient(db, user.id, claimed.patientId, 'self');
  }
  return { user };
}
