/**
 * Who sees a remote consultation (docs/network.md#remote-consultations): of the requesting
 * organization, the doctor who asked and its coordinators (nurses and admins); of the receiving
 * one, its coordinators, the expert named in the request and the experts assigned. Anyone else —
 * another doctor, a third organization — is answered as if it were not there (NOT_FOUND).
 */
import type { Queryable } from '@ihkit/adapters';
import { signedIn, type Call, type OperationId } from '../operations.js';
import { organizationOf } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';
import { findRemoteConsultation, type RemoteConsultationRow } from './store.js';

export type RemoteRole = 'requester' | 'requesting-coordinator' | 'coordinator' | 'expert' | 'named-expert';

const coordinates = (user: Pick<UserRow, 'role'>) => user.role === 'admin' || user.role === 'nurse';

type Caller = Pick<UserRow, 'id' | 'role' | 'organization_id'>;

export function remoteRoleOf(user: Caller, row: Pick<RemoteConsultationRow, 'organization_id' | 'receiving_organization_id' | 'requested_by' | 'expert_user_id' | 'experts'>): RemoteRole | undefined {
  const org = organizationOf(user);
  if (org === row.organization_id) {
    if (user.id === row.requested_by) return 'requester';
    return coordinates(user) ? 'requesting-coordinator' : undefined;
  }
  if (org !== row.receiving_organization_id) return undefined;
  if (coordinates(user)) return 'coordinator';
  if (row.experts.includes(user.id)) return 'expert';
  return row.expert_user_id === user.id ? 'named-expert' : undefined;
}

/** The SQL condition (over `r`) for the rows the caller sees on `side`; $1 the caller's organization, $2 their id, $3 their role. */
export function visibleWhere(side: 'requested' | 'received' | undefined): string {
  const requested = `(r.organization_id = $1 AND (r.requested_by = $2 OR $3 IN ('admin', 'nurse')))`;
  const received = `(r.receiving_organization_id = $1 AND ($3 IN ('admin', 'nurse') OR r.expert_user_id = $2
    OR EXISTS (SELECT 1 FROM remote_consultation_experts e WHERE e.consultation_id = r.id AND e.user_id = $2)))`;
  return side === 'requested' ? requested : side === 'received' ? received : `(${requested} OR ${received})`;
}

/** The consultation and the caller's role in it, or NOT_FOUND; `allowed`: the roles the step is for (others NOT_FOUND too). */
export async function openRemoteConsultation(call: Call<OperationId>, q: Queryable, id: string, opts: { forUpdate?: boolean; allowed?: readonly RemoteRole[] } = {}): Promise<{ row: RemoteConsultationRow; user: UserRow; role: RemoteRole }> {
  const user = signedIn(call);
  call.audit.resourceId = id;
  const row = await findRemoteConsultation(q, id, opts.forUpdate);
  const role = row && remoteRoleOf(user, row);
  if (!row || !role) throw new HttpProblem('NOT_FOUND');
  call.audit.patientIds.push(row.patient_id);
  if (opts.allowed && !opts.allowed.includes(role)) throw new HttpProblem('NOT_FOUND');
  return { row, user, role };
}
