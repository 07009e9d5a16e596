/**
 * Who may read a patient's lab and imaging reports: the accounts that manage the patient, and
 * a doctor treating them now — one with a consult of the patient's that is paid and waiting for
 * them, accepted, in progress, or ended (completed or referred) within the last
 * TREATING_DAYS days. A report is also open to the doctor who ordered it (the one its critical
 * values are raised to). Everyone else is refused, and every read is noted in the audit trail.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Call, OperationId, Services } from '../operations.js';
import { signedIn } from '../operations.js';
import { organizationOf, withinOrganization } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, type UserRow } from '../users.js';

/** How long after a consult ends its doctor may still read the patient's reports. */
export const TREATING_DAYS = 30;

/**
 * Whether the user may read the patient's reports held by `organizationId`'s LIS and PACS (default:
 * the home organization's, the gateway's own): a doctor only of that organization, treating the
 * patient there (organizations/isolation.ts).
 */
export async function mayReadReportsOf(q: Queryable, user: UserRow, patientId: string, now: Date, organizationId?: string): Promise<boolean> {
  if (user.role === 'patient') return (await linkedPatient(q, user.id, patientId)) !== undefined;
  if (user.role !== 'doctor' || !user.his_doctor_id) return false;
  const { rows } = await q.query(
    `SELECT 1 FROM consults WHERE organization_id = $5 AND $5 = coalesce($6, ihkit_home_organization()) AND doctor_id = $1 AND patient_id = $2
       AND (status IN ('paid', 'accepted', 'in_progress')
            OR (status IN ('completed', 'referred') AND ended_at > $3::timestamptz - make_interval(days => $4)))
     LIMIT 1`,
    [user.his_doctor_id, patientId, now, TREATING_DAYS, organizationOf(user), organizationId ?? null]);
  return rows.length > 0;
}

/**
 * The signed-in user may read `patientId`'s reports, or the call fails: FORBIDDEN for a list
 * asked by patient id, NOT_FOUND for one report or study (so ids cannot be probed).
 */
export async function checkReportAccess(call: Call<OperationId>, services: Pick<Services, 'db' | 'now' | 'organizations'>, patientId: string, refusal: 'FORBIDDEN' | 'NOT_FOUND', orderedBy?: string): Promise<UserRow> {
  const user = signedIn(call);
  call.audit.patientIds.push(patientId);
  if (!(await mayReadReport(services, user, patientId, orderedBy))) throw new HttpProblem(refusal);
  return user;
}

/** Whether the user may read a report or study of the patient (one `orderedBy` a doctor, open to that doctor too). */
export async function mayReadReport(services: Pick<Services, 'db' | 'now' | 'organizations'>, user: UserRow, patientId: string, orderedBy?: string): Promise<boolean> {
  // The reports are the home organization's (its LIS and PACS are the gateway's own).
  const home = services.organizations.home.id;
  if (orderedBy && user.role === 'doctor' && user.his_doctor_id === orderedBy && withinOrganization(user, home)) return true;
  return mayReadReportsOf(services.db, user, patientId, services.now());
}
