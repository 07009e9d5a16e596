/**
 * The audit trail: one `audit_log` row per patient touched by a read or write of patient data
 * (a request that touches none still leaves one row), including refused attempts by signed-in
 * users, and by the gateway's own jobs (actor role `system`). Refusals of callers nobody knows,
 * and realtime-socket refusals that name nobody's data, are counted instead (RefusalCounts).
 * Opaque ids only. The rows form a hash chain that the database extends (gw_015_audit_chain;
 * audit-chain.ts verifies it): write them as the last statement of the transaction that makes
 * the change they record (audited-db.ts does so for calls), so that both commit or neither, and
 * the chain's head is held for the commit alone.
 */
import type { Queryable } from '@ihkit/adapters';

export type AuditOutcome = 'ok' | 'denied' | 'error';
/** How a counted refusal ended: as an audit row would say, or `limited` (past a limit, not looked at). */
export type RefusalOutcome = AuditOutcome | 'limited';

/** What a handler tells the audit trail about the request it is serving. */
export interface AuditNote {
  resourceType: string;
  /** The patients whose data was read or written (or would have been). */
  patientIds: string[];
  resourceId?: string;
  /** The access grant the caller read through (organizations/grants.ts): noted in a row of its own per patient. */
  grantId?: string;
}

export interface AuditEntry extends AuditNote {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  outcome: AuditOutcome;
  requestId: string;
}

/** The actor role of rows the gateway's own jobs write (sweeps, relays, the purge). */
export const SYSTEM_ROLE = 'system';

/** The row of a job's step: no user behind it; `runId` groups one run's rows as a request id does. */
export function jobEntry(action: string, note: AuditNote, runId: string, outcome: AuditOutcome = 'ok'): AuditEntry {
  return { ...note, actorId: null, actorRole: SYSTEM_ROLE, action, outcome, requestId: runId };
}

/** One audit_log row: one patient (or none), one resource. */
export type AuditRow = Omit<AuditEntry, 'patientIds'> & { patientId: string | null };

/** Appends the entry's rows (one per patient) to the chain. Inside a transaction, make it the last statement. */
export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  const patients = entry.patientIds.length ? [...new Set(entry.patientIds)] : [null];
  const rows = patients.map((patientId) => ({ ...entry, patientId }));
  const { grantId } = entry;
  if (grantId) rows.push(...patients.map((patientId) => ({ ...entry, patientId, resourceType: 'access_grant', resourceId: grantId })));
  await writeAuditRows(db, rows);
}

/** Appends `rows` to the chain in one INSERT (the database chains them in their order). */
export async function writeAuditRows(db: Queryable, rows: readonly AuditRow[]): Promise<void> {
  if (!rows.length) return;
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const row = [r.actorId, r.actorRole, r.action, r.patientId, r.resourceType, r.resourceId ?? null, r.outcome, r.requestId];
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

/**
 * Refusals of callers who are not signed in and touched no patient's data — a forged payment
 * notification, say — are counted, not stored one row each: anyone can send them, and an
 * audit_log row can never be deleted, so each would let a stranger grow the log for ever. So
 * are the realtime socket's refusals that name no patient — a subscribe to a consult or a join
 * of a room that does not exist — and those past its limits (`limited`): a signed-in user can
 * send thousands a second. Counts per hour, action and outcome are added to `audit_refusals`
 * when flushed (the gateway's sweep and its close).
 */
export class RefusalCounts {
  readonly #counts = new Map<string, { hour: Date; action: string; outcome: RefusalOutcome; count: number }>();

  add(action: string, outcome: RefusalOutcome, at: Date): void {
    const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
    const key = `${hour.getTime()} ${action} ${outcome}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count += 1;
    else this.#counts.set(key, { hour, action, outcome, count: 1 });
  }

  /** Adds what was counted since the last flush to the table; kept for the next try if that fails. */
  async flush(db: Queryable): Promise<void> {
    const entries = [...this.#counts.values()];
    this.#counts.clear();
    let written = 0;
    try {
      for (const e of entries) {
        await db.query(
          `INSERT INTO audit_refusals (hour, action, outcome, count) VALUES ($1, $2, $3, $4)
           ON CONFLICT (hour, action, outcome) DO UPDATE SET count = audit_refusals.count + EXCLUDED.count`,
          [e.hour, e.action, e.outcome, e.count],
        );
        written += 1;
      }
    } catch (err) {
      for (const e of entries.slice(written)) for (let i = 0; i < e.count; i++) this.add(e.action, e.outcome, e.hour);
      throw err;
    }
  }
}
