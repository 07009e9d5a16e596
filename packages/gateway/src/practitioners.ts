/**
 * Who may practise online (@ihkit/core's practitioner-rules): the signed-in doctor's or
 * pharmacist's record at the HIS (`users.his_doctor_id` or `his_pharmacist_id` names it), asked
 * through the guarded HIS — cached a minute at most, and never let through on an old answer
 * when the HIS cannot say (HIS_UNAVAILABLE).
 */
import type { HisAdapter } from '@ihkit/adapters';
import { localDate, practitionerStanding, type Practitioner, type PractitionerKind, type PractitionerStatus } from '@ihkit/core';
import type { Services } from './operations.js';
import { organizationOfCaller } from './organizations/registry.js';
import { HttpProblem } from './problems.js';
import type { UserRow } from './users.js';

/** A practitioner the hospital permits to practise online today: their licence number is known. */
export type PermittedPractitioner = Practitioner & { licenceNumber: string };

/** What a staff account practises as. */
export const kindOf = (user: Pick<UserRow, 'role'>): PractitionerKind => (user.role === 'pharmacist' ? 'pharmacist' : 'doctor');
/** The HIS practitioner a staff account is bound to. */
export const practitionerIdOf = (user: Pick<UserRow, 'role' | 'his_doctor_id' | 'his_pharmacist_id'>): string | null =>
  (user.role === 'pharmacist' ? user.his_pharmacist_id : user.his_doctor_id);

/**
 * The HIS's record of practitioner `id` (none without an id) and whether they may practise online
 * as a `kind` today; asked of `his`, their organization's (default the home one's).
 */
export async function practitionerStatus(services: Services, id: string | null, kind: PractitionerKind, his: HisAdapter = services.his): Promise<PractitionerStatus> {
  const practitioner = id ? await his.getPractitioner(id) : undefined;
  const standing = practitionerStanding(practitioner, kind, localDate(services.now(), his.timeZone));
  return practitioner ? { standing, practitioner } : { standing };
}

/** The practitioner, when permitted to practise online as a `kind` today; PRACTITIONER_NOT_PERMITTED otherwise. */
export async function permittedPractitioner(services: Services, id: string | null, kind: PractitionerKind, his: HisAdapter = services.his): Promise<PermittedPractitioner> {
  const { standing, practitioner } = await practitionerStatus(services, id, kind, his);
  if (standing !== 'permitted' || !practitioner) throw new HttpProblem('PRACTITIONER_NOT_PERMITTED', `Not permitted to practise online as a ${kind}: ${standing}.`);
  return practitioner as PermittedPractitioner;
}

/** The signed-in doctor or pharmacist, when permitted to practise online today (PRACTITIONER_NOT_PERMITTED otherwise). */
export function permittedSelf(services: Services, user: UserRow): Promise<PermittedPractitioner> {
  return permittedPractitioner(services, practitionerIdOf(user), kindOf(user), organizationOfCaller(services.organizations, user).his);
}
