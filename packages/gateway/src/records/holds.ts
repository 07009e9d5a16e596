/**
 * Legal holds (gw_016_retention's legal_holds): while one is in force nothing of its patient's is
 * deleted, whatever its date. The database's owner places and releases them
 * (`ihkit-gateway records hold`, `records release`): the gateway's role may only read them. Each
 * leaves an audit row in its transaction (actor role `owner`, the officer's opaque id if given).
 */
import type { Db } from '@ihkit/adapters';
import { writeAudit } from '../audit.js';
import { newId } from '../ids.js';

/** Who acts through the owner's connection: an opaque id of the records officer, if given. */
export interface HoldActor {
  by?: string;
}

const entry = (action: string, holdId: string, patientId: string, actor: HoldActor) => ({
  actorId: actor.by ?? null, actorRole: 'owner', action, outcome: 'ok' as const, requestId: newId('run'),
  resourceType: 'legal_hold', resourceId: holdId, patientIds: [patientId],
});

/** Places a hold on everything of the patient's; `reference` names the case or order (no names). Returns its id. */
export async function placeHold(db: Db, patientId: string, reference: string, actor: HoldActor = {}): Promise<string> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>('INSERT INTO legal_holds (patient_id, reference) VALUES ($1, $2) RETURNING id', [patientId, reference]);
    const id = String(rows[0]!.id);
    await writeAudit(tx, entry('placeLegalHold', id, patientId, actor));
    return id;
  });
}

/** Releases a hold in force; false when there is none of that id (or it was released already). */
export async function releaseHold(db: Db, holdId: string, actor: HoldActor = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ patient_id: string }>(
      'UPDATE legal_holds SET released_at = now() WHERE id = $1::bigint AND released_at IS NULL RETURNING patient_id', [holdId]);
    if (!rows[0]) return false;
    await writeAudit(tx, entry('releaseLegalHold', holdId, rows[0].patient_id, actor));
    return true;
  });
}
