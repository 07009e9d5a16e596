/**
 * The audit trail: one `audit_log` row per patient touched by a read or write of patient data
 * (a request that touches none still leaves one row), including refused attempts. Opaque ids
 * only.
 */
import type { Queryable } from '@ihkit/adapters';

export type AuditOutcome = 'ok' | 'denied' | 'error';

/** What a handler tells the audit trail about the request it is serving. */
export interface AuditNote {
  resourceType: string;
  /** The patients whose data was read or written (or would have been). */
  patientIds: string[];
  resourceId?: string;
}

export interface AuditEntry extends AuditNote {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  outcome: AuditOutcome;
  requestId: string;
}

export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  const patients = entry.patientIds.length ? [...new Set(entry.patientIds)] : [null];
  const values: unknown[] = [];
  const tuples = patients.map((patientId) => {
    const row = [entry.actorId, entry.actorRole, entry.action, patientId, entry.resourceType, entry.resourceId ?? null, entry.outcome, entry.requestId];
    const placeholders = row.map((_, i) => `$${values.length + i + 1}`);
    values.push(...row);
    return `(${placeholders.join(', ')})`;
  });
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_role, action, patient_id, resource_type, resource_id, outcome, request_id) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/** 401/403/404 answers mean access was refused; other failures are errors. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  return status === 401 || status === 403 || status === 404 ? 'denied' : 'error';
}
