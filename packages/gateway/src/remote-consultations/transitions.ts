/**
 * What every step of a remote consultation does besides its own change, in its transaction:
 * the grants of its experts (made when it is scheduled, ended when it ends), and the report to
 * the supervision platform of the request, the acceptance, the opinion and the end.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Services } from '../operations.js';
import { createAccessGrant, revokeGrant } from '../organizations/grants.js';
import { reportRemoteConsultation, type RemoteConsultationEvent } from '../regulator/outbox.js';
import { findRemoteConsultation, toRemoteConsultation, type RemoteConsultationRow } from './store.js';

/** How long after the appointment the experts may still read the attachments (IHKIT_REMOTE_CONSULTATION_GRANT_HOURS). */
export const DEFAULT_GRANT_HOURS = 24;

/** One grant per expert to exactly the attachments, until `expiresAt` (none without attachments). */
export async function grantExperts(tx: Queryable, row: RemoteConsultationRow, experts: string[], by: string, expiresAt: Date, now: Date): Promise<void> {
  for (const expert of experts) {
    const grantId = row.attachments.length
      ? await createAccessGrant(tx, {
        issuerOrganizationId: row.organization_id, granteeOrganizationId: row.receiving_organization_id, granteeUserId: expert, patientId: row.patient_id,
        records: row.attachments, reason: 'remote-consultation', requestRef: row.id, createdBy: by, expiresAt,
      }, now)
      : null;
    await tx.query('INSERT INTO remote_consultation_experts (consultation_id, user_id, grant_id) VALUES ($1, $2, $3)', [row.id, expert, grantId]);
  }
}

/** Ends the experts' grants now (the consultation was closed). */
export async function revokeExpertGrants(tx: Queryable, id: string, by: string, now: Date): Promise<void> {
  const { rows } = await tx.query<{ grant_id: string }>('SELECT grant_id FROM remote_consultation_experts WHERE consultation_id = $1 AND grant_id IS NOT NULL', [id]);
  for (const { grant_id } of rows) await revokeGrant(tx, grant_id, by, now);
}

/** Reports the step to the supervision platform with the consultation as it stands now. */
export async function reportStep(tx: Queryable, services: Services, id: string, event: RemoteConsultationEvent, at: Date): Promise<RemoteConsultationRow> {
  const row = (await findRemoteConsultation(tx, id))!;
  await reportRemoteConsultation(tx, await toRemoteConsultation(services, row), event, at);
  return row;
}
