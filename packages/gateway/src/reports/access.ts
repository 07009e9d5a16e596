/**
 * Who may read a patient's lab and imaging reports: the accounts that manage the patient, and
 * a doctor treating them — one holding a paid consult with the patient, or one a critical
 * result of theirs was raised to. A report is also open to the doctor who ordered it.
 * Everyone else is refused, and every read is noted in the audit trail.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Call, OperationId } from '../operations.js';
import { signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, type UserRow } from '../users.js';

export async function mayReadReportsOf(q: Queryable, user: UserRow, patientId: string): Promise<boolean> {
  if (user.role === 'patient') return (await linkedPatient(q, user.id, patientId)) !== undefined;
  if (user.role !== 'doctor' || !user.his_doctor_id) return false;
  const { rows } = await q.query(
    `SELECT 1 FROM consults WHERE doctor_id = $1 AND patient_id = $2 AND paid_at IS NOT NULL
     UNION ALL SELECT 1 FROM critical_alerts WHERE doctor_id = $1 AND patient_id = $2 LIMIT 1`,
    [user.his_doctor_id, patientId]);
  return rows.length > 0;
}

/**
 * The signed-in user may read `patientId`'s reports, or the call fails: FORBIDDEN for a list
 * asked by patient id, NOT_FOUND for one report or study (so ids cannot be probed).
 */
export async function checkReportAccess(call: Call<OperationId>, q: Queryable, patientId: string, refusal: 'FORBIDDEN' | 'NOT_FOUND', orderedBy?: string): Promise<UserRow> {
  const user = signedIn(call);
  call.audit.patientIds.push(patientId);
  if (orderedBy && user.role === 'doctor' && user.his_doctor_id === orderedBy) return user;
  if (!(await mayReadReportsOf(q, user, patientId))) throw new HttpProblem(refusal);
  return user;
}
