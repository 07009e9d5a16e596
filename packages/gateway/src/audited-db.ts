/**
 * The database an audited call (or job step) works through: every transaction opened on it
 * appends the call's audit row as its last statement before COMMIT, so that a change and the
 * row recording it commit together or not at all, and the chain's head (gw_015_audit_chain)
 * is held for the commit only. Statements outside a transaction that would change data are
 * refused: they would commit without their row. Reads outside a transaction are the router's to
 * audit once the call has ended (a short transaction of its own).
 */
import type { Db } from '@ihkit/adapters';
import { writeAudit, type AuditEntry } from './audit.js';

/** A statement that changes data (a data-modifying WITH included). */
const CHANGES_DATA = /^\s*(?:WITH\b[\s\S]*)?\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;

export interface AuditedDb extends Db {
  /** The entry last committed with a transaction, or undefined while none has been. */
  readonly committed: AuditEntry | undefined;
}

/**
 * `db`, with `entry()` (read at commit time, so a handler can name the patient inside the
 * transaction) appended to each transaction. `label` names the call in the refusal of a write
 * outside a transaction.
 */
export function auditedDb(db: Db, entry: () => AuditEntry, label: string): AuditedDb {
  let committed: AuditEntry | undefined;
  return {
    driver: db.driver,
    get committed() {
      return committed;
    },
    async query(sql, params) {
      if (CHANGES_DATA.test(sql)) throw new Error(`${label}: a change outside services.db.transaction() would commit without its audit row`);
      return db.query(sql, params);
    },
    async transaction(fn) {
      let written: AuditEntry | undefined;
      const result = await db.transaction(async (tx) => {
        const value = await fn(tx);
        written = entry();
        written = { ...written, patientIds: [...written.patientIds] };
        await writeAudit(tx, written);
        return value;
      });
      committed = written;
      return result;
    },
    listen: (channel, fn, onReconnect) => db.listen(channel, fn, onReconnect),
    close: () => db.close(),
  };
}

/** Whether two entries say the same of whom and what (their rows would be alike). */
export function sameNote(a: AuditEntry, b: AuditEntry): boolean {
  const ids = (e: AuditEntry) => [...new Set(e.patientIds)].sort().join(' ');
  return a.resourceType === b.resourceType && (a.resourceId ?? null) === (b.resourceId ?? null) && ids(a) === ids(b);
}
