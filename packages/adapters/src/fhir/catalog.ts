/**
 * The hospital's departments and doctors over FHIR R4, and who owns a Schedule.
 *
 * - A department is a HealthcareService (its `name`, `comment` as the description; their
 *   translations into English, and into Traditional Chinese for readers of zh-TW).
 * - A doctor is a Practitioner with a PractitionerRole: the role's first `healthcareService` is
 *   the department, its `code` the title, its `specialty` the specialty and its
 *   registration-fee extension the fee. The doctor's id is the Practitioner's id (the id that
 *   Encounter.participant and ServiceRequest.requester name). A practitioner with roles in
 *   several departments is listed under each when asked for a department, and under the first
 *   when not.
 * - A Schedule's `actor` names a PractitionerRole (or a Practitioner, whose first role counts);
 *   its Slots belong to that doctor and department.
 */
import type { DoctorTitle } from '@ihkit/core';
import type { HisDepartment, HisDoctor } from '../his.js';
import type { FhirClient } from './client.js';
import { codeIn, conceptText, conceptTextEn, conceptTextZhHant, DOCTOR_TITLE_SYSTEM, EXT, extension, minorUnits, personName, translation, translationZhHant } from './conventions.js';
import { idOf, type CodeableConcept, type HealthcareService, type Practitioner, type PractitionerRole, type Resource, type Schedule } from './resources.js';

const TITLES: readonly DoctorTitle[] = ['chief', 'associate_chief', 'attending', 'resident'];
/** GB/T 8561 professional title codes of physicians. */
const GBT8561: Readonly<Record<string, DoctorTitle>> = { 231: 'chief', 232: 'associate_chief', 233: 'attending', 234: 'resident', 235: 'resident' };

/** The title a PractitionerRole.code says; `resident` when it says none we know. */
export function doctorTitle(codes: CodeableConcept[] | undefined): DoctorTitle {
  for (const c of codes ?? []) {
    const own = codeIn(c, DOCTOR_TITLE_SYSTEM);
    if (own && (TITLES as readonly string[]).includes(own)) return own as DoctorTitle;
    const gb = c.coding?.map((x) => x.code && GBT8561[x.code]).find(Boolean);
    if (gb) return gb;
    const text = conceptText(c) ?? '';
    if (text.includes('副主任')) return 'associate_chief';
    if (text.includes('主任')) return 'chief';
    if (text.includes('主治')) return 'attending';
    if (text.includes('医师') || text.includes('住院')) return 'resident';
  }
  return 'resident';
}

export function department(s: HealthcareService): HisDepartment {
  const d: HisDepartment = { id: s.id!, name: s.name ?? '' };
  const nameEn = translation(s._name);
  const descriptionEn = translation(s._comment);
  if (nameEn) d.nameEn = nameEn;
  if (s.comment) d.description = s.comment;
  if (descriptionEn) d.descriptionEn = descriptionEn;
  const nameZhHant = translationZhHant(s._name);
  const descriptionZhHant = translationZhHant(s._comment);
  if (nameZhHant || descriptionZhHant) d.zhHant = { ...(nameZhHant ? { name: nameZhHant } : {}), ...(descriptionZhHant ? { description: descriptionZhHant } : {}) };
  return d;
}

/** What a role contributes to its doctor, slots and appointments. */
export interface RoleFacts {
  roleId: string;
  doctorId: string;
  departmentId: string;
  fee: { amount: number; currency: string };
}

export function roleFacts(role: PractitionerRole, currency: string): RoleFacts | undefined {
  const doctorId = idOf(role.practitioner, 'Practitioner');
  const departmentId = role.healthcareService?.map((h) => idOf(h, 'HealthcareService')).find(Boolean);
  if (!role.id || !doctorId || !departmentId || role.active === false) return undefined;
  return { roleId: role.id, doctorId, departmentId, fee: minorUnits(extension(role, EXT.registrationFee)?.valueMoney, currency) };
}

export function doctor(role: PractitionerRole, practitioner: Practitioner, currency: string): HisDoctor | undefined {
  const facts = roleFacts(role, currency);
  if (!facts || practitioner.active === false) return undefined;
  const d: HisDoctor = { id: facts.doctorId, ...personName(practitioner.name), departmentId: facts.departmentId, title: doctorTitle(role.code), fee: facts.fee };
  const specialty = role.specialty?.[0];
  const text = conceptText(specialty);
  const textEn = conceptTextEn(specialty);
  if (text) d.specialty = text;
  if (textEn) d.specialtyEn = textEn;
  const textZhHant = conceptTextZhHant(specialty);
  if (textZhHant) d.zhHant = { specialty: textZhHant };
  return d;
}

/** Resources named by `Type/id` references, from `have` or fetched by `_id` in chunks. */
export async function resolve<T extends Resource>(client: FhirClient, type: T['resourceType'], ids: Iterable<string>, have: readonly Resource[] = []): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const r of have) if (r.resourceType === type && r.id) found.set(r.id, r as T);
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  for (let i = 0; i < missing.length; i += 50) {
    const chunk = missing.slice(i, i + 50);
    const { resources } = await client.search<T>(type, { _id: chunk.join(',') }, { limit: chunk.length });
    for (const r of resources) if (r.id) found.set(r.id, r);
  }
  return found;
}

export async function listDepartments(client: FhirClient): Promise<HisDepartment[]> {
  const { resources } = await client.search<HealthcareService>('HealthcareService', { _count: 200 });
  return resources.filter((s) => s.id && s.active !== false).map(department);
}

export async function listDoctors(client: FhirClient, currency: string, departmentId?: string): Promise<HisDoctor[]> {
  const { resources: roles, included } = await client.search<PractitionerRole>('PractitionerRole',
    { _count: 200, _include: 'PractitionerRole:practitioner', ...(departmentId ? { service: `HealthcareService/${departmentId}` } : {}) });
  const practitioners = await resolve<Practitioner>(client, 'Practitioner', roles.flatMap((r) => idOf(r.practitioner, 'Practitioner') ?? []), included);
  const doctors = new Map<string, HisDoctor>();
  for (const role of roles) {
    const p = practitioners.get(idOf(role.practitioner, 'Practitioner') ?? '');
    const d = p && doctor(role, p, currency);
    if (d && (!departmentId || d.departmentId === departmentId) && !doctors.has(d.id)) doctors.set(d.id, d);
  }
  return [...doctors.values()];
}

/** Who owns each Schedule: scheduleId → the role's facts. */
export async function scheduleOwners(client: FhirClient, currency: string): Promise<Map<string, RoleFacts>> {
  const [schedules, roles] = await Promise.all([
    client.search<Schedule>('Schedule', { _count: 500 }, { limit: 10_000 }),
    client.search<PractitionerRole>('PractitionerRole', { _count: 200 }, { limit: 10_000 }),
  ]);
  return ownersOf(schedules.resources, roles.resources, currency);
}

function ownersOf(schedules: readonly Schedule[], roles: readonly PractitionerRole[], currency: string): Map<string, RoleFacts> {
  const byRole = new Map<string, RoleFacts>();
  const byPractitioner = new Map<string, RoleFacts>();
  for (const role of roles) {
    const f = roleFacts(role, currency);
    if (!f) continue;
    byRole.set(f.roleId, f);
    if (!byPractitioner.has(f.doctorId)) byPractitioner.set(f.doctorId, f);
  }
  const owners = new Map<string, RoleFacts>();
  for (const s of schedules) {
    if (!s.id || s.active === false) continue;
    const actors = s.actor ?? [];
    const owner = actors.map((a) => byRole.get(idOf(a, 'PractitionerRole') ?? '')).find(Boolean)
      ?? actors.map((a) => byPractitioner.get(idOf(a, 'Practitioner') ?? '')).find(Boolean);
    if (owner) owners.set(s.id, owner);
  }
  return owners;
}

/** The owner of one Schedule, read on its own (for one slot). */
export async function scheduleOwner(client: FhirClient, scheduleId: string, currency: string): Promise<RoleFacts | undefined> {
  const schedule = await client.read<Schedule>('Schedule', scheduleId);
  if (!schedule) return undefined;
  const roleIds = (schedule.actor ?? []).flatMap((a) => idOf(a, 'PractitionerRole') ?? []);
  const practitionerIds = (schedule.actor ?? []).flatMap((a) => idOf(a, 'Practitioner') ?? []);
  const roles = roleIds.length
    ? [...(await resolve<PractitionerRole>(client, 'PractitionerRole', roleIds)).values()]
    : practitionerIds.length ? (await client.search<PractitionerRole>('PractitionerRole', { practitioner: practitionerIds.map((id) => `Practitioner/${id}`).join(',') })).resources : [];
  return ownersOf([schedule], roles, currency).get(scheduleId);
}

/** The role facts of a practitioner (their first role), for appointments made outside ihkit. */
export async function practitionerRoles(client: FhirClient, practitionerIds: readonly string[], currency: string): Promise<Map<string, RoleFacts>> {
  const out = new Map<string, RoleFacts>();
  if (!practitionerIds.length) return out;
  const { resources } = await client.search<PractitionerRole>('PractitionerRole', { practitioner: [...new Set(practitionerIds)].map((id) => `Practitioner/${id}`).join(',') });
  for (const role of resources) {
    const f = roleFacts(role, currency);
    if (f && !out.has(f.doctorId)) out.set(f.doctorId, f);
  }
  return out;
}
