/**
 * What a hospital identity provider's token says about its holder: the one place that reads
 * the claims. Which claim carries the role, the HIS ids and the real-name assurance is
 * configuration (IHKIT_JWT_*_CLAIM, see config.ts); nothing is guessed. A token whose role is
 * missing, unknown or ambiguous names nobody, and a doctor's or pharmacist's token must name
 * their HIS practitioner.
 */
import type { JWTPayload } from 'jose';
import type { Role } from '@ihkit/core';

export const ROLES: readonly Role[] = ['patient', 'doctor', 'pharmacist', 'nurse', 'admin'];

export interface ClaimMapping {
  /** The claim holding the role: a string or an array of strings; a dotted path reaches into objects (`realm_access.roles`). */
  role: string;
  /** The identity provider's role values, each mapped to an ihkit role; values not here are ignored. */
  roleValues: Readonly<Record<string, Role>>;
  /** The claim holding the HIS patient id of a patient. */
  patientId: string;
  /** The claim holding the HIS doctor id of a doctor. */
  doctorId: string;
  /** The claim holding the HIS pharmacist id of a pharmacist. */
  pharmacistId: string;
  /** The claim holding the organization a staff member belongs to (a network's member hospital); absent: the home organization. */
  organization: string;
  /** The claim holding the display name (patients and admins; staff take the HIS's name). */
  name: string;
  /** The claim holding the assurance level of the person's identity. */
  assurance: string;
  /** The values of `assurance` meaning the identity provider checked the person's real name; only then is the patient id taken. */
  realNameLevels: readonly string[];
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = {
  role: 'ihkit_role',
  roleValues: Object.fromEntries(ROLES.map((r) => [r, r])),
  patientId: 'ihkit_patient_id',
  doctorId: 'ihkit_doctor_id',
  pharmacistId: 'ihkit_pharmacist_id',
  organization: 'ihkit_organization',
  name: 'name',
  assurance: 'acr',
  realNameLevels: ['real-name'],
};

/** Who the claims name, once they are read. */
export interface Claimed {
  role: Role;
  /** The HIS doctor id (doctors) or pharmacist id (pharmacists). */
  practitionerId?: string;
  /** The HIS patient id (patients), only when the identity provider vouches for the real name. */
  patientId?: string;
  /** The organization a staff member belongs to, when the token names one. */
  organizationId?: string;
  name?: string;
  /** When the holder last authenticated at the identity provider (`auth_time`). */
  authenticatedAt?: Date;
}

/** Why the claims name nobody: logged at debug level, never shown. */
export type ClaimRefusal = 'role-missing' | 'role-unknown' | 'role-ambiguous' | 'practitioner-id-missing';

export function readClaims(payload: JWTPayload, mapping: ClaimMapping): { claimed: Claimed } | { refused: ClaimRefusal } {
  const raw = claimAt(payload, mapping.role);
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (!values.length) return { refused: 'role-missing' };
  const roles = new Set(values.flatMap((v) => (Object.hasOwn(mapping.roleValues, v) ? [mapping.roleValues[v]!] : [])));
  if (roles.size === 0) return { refused: 'role-unknown' };
  if (roles.size > 1) return { refused: 'role-ambiguous' };
  const role = [...roles][0]!;
  const practitionerClaim = role === 'doctor' ? mapping.doctorId : role === 'pharmacist' ? mapping.pharmacistId : undefined;
  const practitionerId = practitionerClaim ? text(claimAt(payload, practitionerClaim)) : undefined;
  if (practitionerClaim && !practitionerId) return { refused: 'practitioner-id-missing' };
  const assurance = claimAt(payload, mapping.assurance);
  const realName = (Array.isArray(assurance) ? assurance : [assurance]).some((v) => typeof v === 'string' && mapping.realNameLevels.includes(v));
  const patientId = role === 'patient' && realName ? text(claimAt(payload, mapping.patientId)) : undefined;
  const authTime = payload.auth_time;
  return {
    claimed: {
      role,
      ...(practitionerId ? { practitionerId } : {}),
      ...(patientId ? { patientId } : {}),
      ...(role !== 'patient' && text(claimAt(payload, mapping.organization)) ? { organizationId: text(claimAt(payload, mapping.organization)) } : {}),
      ...(text(claimAt(payload, mapping.name)) ? { name: text(claimAt(payload, mapping.name)) } : {}),
      ...(typeof authTime === 'number' && Number.isFinite(authTime) ? { authenticatedAt: new Date(authTime * 1000) } : {}),
    },
  };
}

/** The claim at a dotted path (`realm_access.roles`); a claim whose own name has a dot is found first. */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let at: unknown = payload;
  for (const part of path.split('.')) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined;
}

/**
 * IHKIT_JWT_ROLE_VALUES: comma-separated `role=value` pairs naming the identity provider's
 * values for each ihkit role (`patient=patient,doctor=physician,doctor=attending`); only these
 * values count, so a role left out cannot sign in. Unset: each role's own name.
 */
export function parseRoleValues(v: string | undefined): Record<string, Role> {
  if (v === undefined) return { ...DEFAULT_CLAIM_MAPPING.roleValues };
  const values: Record<string, Role> = {};
  for (const pair of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const role = pair.slice(0, eq).trim() as Role;
    const value = pair.slice(eq + 1).trim();
    if (eq < 1 || !ROLES.includes(role) || !value) throw new Error(`IHKIT_JWT_ROLE_VALUES must be comma-separated role=value pairs with a role of ${ROLES.join(', ')}, got "${pair}"`);
    if (Object.hasOwn(values, value) && values[value] !== role) throw new Error(`IHKIT_JWT_ROLE_VALUES maps "${value}" to two roles`);
    values[value] = role;
  }
  if (!Object.keys(values).length) throw new Error('IHKIT_JWT_ROLE_VALUES names no role');
  return values;
}
