/**
 * The one rule between organizations (docs/network.md): a staff user reads and writes only the
 * rows of their own organization. Patients are not bound by it — their accounts reach their
 * own records through their links (users.ts), wherever those were written. Every staff-facing
 * path asks here (one row) or filters its list by `organization_id` = `organizationOf(user)`;
 * a row refused by it is answered like a missing one (NOT_FOUND), so nothing leaks.
 */
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';

type Caller = Pick<UserRow, 'role' | 'organization_id'>;

/** The organization whose rows a staff user's lists hold. */
export const organizationOf = (user: Caller): string => user.organization_id;

/** Whether the caller may touch a row of `organizationId` at all (their role and the row's other rules still apply). */
export function withinOrganization(user: Caller, organizationId: string): boolean {
  return user.role === 'patient' || user.organization_id === organizationId;
}

/** The caller may touch rows of `organizationId`, or the call fails NOT_FOUND (as for a row that is not there). */
export function assertWithinOrganization(user: Caller, organizationId: string): void {
  if (!withinOrganization(user, organizationId)) throw new HttpProblem('NOT_FOUND');
}
