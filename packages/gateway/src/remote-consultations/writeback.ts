/**
 * The signed opinion into the patient's record at the requesting organization, through its HIS
 * (recordConsultationOpinion): a row written with the opinion (opinion.ts), relayed once that
 * has committed and again after every failure (outbox.ts) until the HIS takes it, by the
 * consultation's id (the HIS answers a retry with its first record). An HIS without the method:
 * nothing to write, the opinion stays in the gateway for the requesting doctor.
 */
import type { Queryable } from '@ihkit/adapters';
import { jobEntry, writeAudit } from '../audit.js';
import { newId } from '../ids.js';
import type { Services } from '../operations.js';
import { announce, relayOutbox, watchOutbox, type Outbox } from '../outbox.js';
import { findRemoteConsultation } from './store.js';

export const WRITEBACK_CHANNEL = 'ihkit_consultation_opinion';
/** Tries after which a write-back is dead (left for an operator), as for supervision reports. */
const DEAD_AFTER = 12;

export async function enqueueWriteback(tx: Queryable, row: { id: string; organization_id: string; patient_id: string }, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO remote_consultation_writebacks (id, organization_id, patient_id, next_attempt_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
    [row.id, row.organization_id, row.patient_id, now]);
  await announce(tx, { channel: WRITEBACK_CHANNEL });
}

interface WritebackRow {
  id: string;
  attempts: number;
  organization_id: string;
  patient_id: string;
}

function writebackOutbox(services: Services): Outbox<WritebackRow> {
  const runId = newId('run');
  return {
    table: 'remote_consultation_writebacks',
    columns: ['organization_id', 'patient_id'],
    channel: WRITEBACK_CHANNEL,
    deadAfter: DEAD_AFTER,
    async deliver(w) {
      const organization = services.organizations.get(w.organization_id);
      const his = organization?.his;
      const row = await findRemoteConsultation(services.db, w.id);
      if (!his?.recordConsultationOpinion || !row?.opinion || !row.sig_algorithm || !row.sig_value || !row.sig_certificate || !row.signed_at) return { his_ref: null };
      const { rows } = await services.db.query<{ his_doctor_id: string | null }>('SELECT his_doctor_id FROM users WHERE id = $1', [row.requested_by]);
      const consulting = services.organizations.get(row.receiving_organization_id);
      const { ref } = await his.recordConsultationOpinion({
        id: row.id, patientId: row.patient_id, requestingDoctorId: rows[0]?.his_doctor_id ?? '', consultingOrganization: consulting?.name ?? row.receiving_organization_id,
        expert: row.opinion.expert, question: row.question, opinion: row.opinion.opinion, signedAt: row.signed_at.toISOString(),
        signature: { algorithm: row.sig_algorithm, value: row.sig_value, certificate: row.sig_certificate },
      });
      return { his_ref: ref };
    },
    // What went into the hospital's record (or failed to): one audit row per try (actor `system`).
    record: (tx, w, outcome) =>
      writeAudit(tx, jobEntry('recordConsultationOpinion', { resourceType: 'remote_consultation', resourceId: w.id, patientIds: [w.patient_id] }, runId, outcome)),
    onFailure(w, e, dead) {
      if (dead) services.log.error({ remoteConsultationId: w.id, attempts: w.attempts, errorType: e.type, errorCode: e.code }, 'writing a consultation opinion into the HIS failed too often');
      else services.log.warn({ remoteConsultationId: w.id, attempts: w.attempts, errorType: e.type, errorCode: e.code }, 'writing a consultation opinion into the HIS failed; will retry');
    },
  };
}

/** Writes the due opinions into their HIS. */
export function relayOpinionWritebacks(services: Services): Promise<{ done: number; failed: number }> {
  return relayOutbox(services.db, services.now, writebackOutbox(services));
}

/** Relays whenever an opinion is signed by any gateway on the database (and once at start). */
export function watchOpinionWritebacks(services: Services, onError: (err: unknown) => void): Promise<() => Promise<void>> {
  return watchOutbox(services.db, { channel: WRITEBACK_CHANNEL }, () => relayOpinionWritebacks(services), onError);
}
