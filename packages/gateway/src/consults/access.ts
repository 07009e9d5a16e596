/**
 * Who may see a consult and in which role: the accounts that manage its patient (role
 * `patient`), and its doctor once it is paid (role `doctor`). Anyone else gets NOT_FOUND, so
 * consult ids cannot be probed. Which of the two may call an operation at all is the
 * contract's `x-ihkit-roles`, checked by the router.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Call, OperationId, Services } from '../operations.js';
import { signedIn } from '../operations.js';
import { withinOrganization } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, type UserRow } from '../users.js';
import { findConsult, type ConsultRow } from './store.js';

export type ConsultRole = 'patient' | 'doctor';

export async function roleIn(q: Queryable, user: UserRow, row: ConsultRow): Promise<ConsultRole | undefined> {
  if (!withinOrganization(user, row.organization_id)) return undefined;
  if (user.role === 'doctor') return user.his_doctor_id === row.doctor_id && row.paid_at ? 'doctor' : undefined;
  if (user.role === 'patient') return (await linkedPatient(q, user.id, row.patient_id)) ? 'patient' : undefined;
  return undefined;
}

export interface OpenedConsult {
  row: ConsultRow;
  role: ConsultRole;
  user: UserRow;
}

/**
 * The consult named by the call, for a participant (NOT_FOUND otherwise), noted in the audit
 * trail; locked when read inside a transaction with `forUpdate`.
 */
export async function openConsult(call: Call<OperationId>, q: Queryable, consultId: string, opts: { forUpdate?: boolean } = {}): Promise<OpenedConsult> {
  const user = signedIn(call);
  call.audit.resourceId = consultId;
  const row = await findConsult(q, consultId, opts.forUpdate);
  if (row) call.audit.patientIds.push(row.patient_id);
  const role = row && (await roleIn(q, user, row));
  if (!row || !role) throw new HttpProblem('NOT_FOUND');
  return { row, role, user };
}

/** Runs `fn` on the locked consult in one transaction. */
export function withConsult<T>(call: Call<OperationId>, services: Services, consultId: string, fn: (opened: OpenedConsult, tx: Queryable) => Promise<T>): Promise<T> {
  return services.db.transaction(async (tx) => fn(await openConsult(call, tx, consultId, { forUpdate: true }), tx));
}
