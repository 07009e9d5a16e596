/**
 * Reports to the provincial supervision platform go through an outbox: each step of a consult
 * (created, accepted, completed, referred), of a prescription (signed — each version —,
 * approved or returned, cancelled, dispensed) and of a referral (sent, accepted, arrived, closed) writes its report in the transaction of the step,
 * once per subject, step and version; a subject's reports go in that order, each after the one
 * before it was acknowledged. `relayReports` (on the gateway's timer) claims due
 * reports and hands them to the RegulatorAdapter with no transaction open (outbox.ts), until
 * the platform acknowledges each; the report, and its audit row (actor `system`), are recorded
 * afterwards in one transaction. A report that failed DEAD_AFTER times is dead: the relay
 * leaves it until an admin retries it (GET /regulator-reports?state=dead, POST …/retry).
 */
import type { Queryable, RegulatorEvent, RegulatorReport } from '@ihkit/adapters';
import type { Referral } from '@ihkit/core';
import { jobEntry, writeAudit, type AuditOutcome } from '../audit.js';
import { toConsult, type ConsultRow } from '../consults/store.js';
import { newId } from '../ids.js';
import type { Services } from '../operations.js';
import { relayOutbox, type Outbox } from '../outbox.js';
import type { PrescriptionRow } from '../prescriptions/store.js';

export type ConsultEvent = Extract<RegulatorEvent, 'created' | 'accepted' | 'completed' | 'referred'>;
export type PrescriptionEvent = Extract<RegulatorEvent, 'signed' | 'approved' | 'returned' | 'cancelled' | 'dispensed'>;
export type ReferralEvent = Extract<RegulatorEvent, 'sent' | 'accepted' | 'arrived' | 'closed'>;

/** Kept here too for code that took it from this module before outbox.ts was the one relay. */
export { retryDelayMs } from '../outbox.js';

/** Tries after which a report is dead (with the back-off, about five hours of failing). */
export const DEAD_AFTER = 12;

interface ReportInput {
  kind: RegulatorReport['kind'];
  event: RegulatorEvent;
  subjectId: string;
  subjectVersion: number;
  patientId: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  /** The organization reporting it; none: the home one. */
  organizationId?: string;
}

async function enqueue(tx: Queryable, r: ReportInput): Promise<void> {
  await tx.query(
    `INSERT INTO regulator_outbox (id, kind, event, subject_id, subject_version, patient_id, payload, occurred_at, next_attempt_at, organization_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, coalesce($9, ihkit_home_organization())) ON CONFLICT (kind, subject_id, event, subject_version) DO NOTHING`,
    [newId('rpt'), r.kind, r.event, r.subjectId, r.subjectVersion, r.patientId, JSON.stringify(r.payload), r.occurredAt, r.organizationId ?? null],
  );
}

/** Reports a step of the consult (as it stands after the step), in the step's transaction. */
export function reportConsult(tx: Queryable, row: ConsultRow, event: ConsultEvent, at: Date): Promise<void> {
  return enqueue(tx, {
    kind: 'consult', event, subjectId: row.id, subjectVersion: 1, patientId: row.patient_id, occurredAt: at,
    payload: { consult: toConsult(row), doctorId: row.doctor_id, patientId: row.patient_id },
  });
}

/**
 * Reports a step of the prescription, in the step's transaction: the signed content and its
 * signature with every step, and what the step adds (`detail`: the review, the pharmacy's).
 */
export function reportPrescription(tx: Queryable, row: Pick<PrescriptionRow, 'id' | 'patient_id' | 'version' | 'content' | 'sig_algorithm' | 'sig_value' | 'sig_certificate' | 'sig_chain' | 'sig_timestamp' | 'signed_at'>,
  event: PrescriptionEvent, at: Date, detail: Record<string, unknown> = {}): Promise<void> {
  return enqueue(tx, {
    kind: 'prescription', event, subjectId: row.id, subjectVersion: row.version, patientId: row.patient_id, occurredAt: at,
    payload: {
      prescription: row.content,
      signature: { algorithm: row.sig_algorithm, value: row.sig_value, certificate: row.sig_certificate, chain: row.sig_chain, timestamp: row.sig_timestamp, signedAt: row.signed_at.toISOString() },
      ...detail,
    },
  });
}

/**
 * Reports a step of a referral between organizations (as it stands after the step), in the
 * step's transaction, as the organization that took it: sent by the sender, the rest by the receiver.
 */
export function reportReferral(tx: Queryable, referral: Referral, event: ReferralEvent, at: Date): Promise<void> {
  return enqueue(tx, {
    kind: 'referral', event, subjectId: referral.id, subjectVersion: 1, patientId: referral.patientId, occurredAt: at,
    organizationId: event === 'sent' ? referral.fromOrganizationId : referral.toOrganizationId,
    payload: { referral, patientId: referral.patientId, fromOrganizationId: referral.fromOrganizationId, toOrganizationId: referral.toOrganizationId },
  });
}

interface OutboxRow {
  id: string;
  kind: RegulatorReport['kind'];
  event: RegulatorEvent;
  subject_id: string;
  subject_version: number;
  patient_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  attempts: number;
}

/** The supervision outbox, sending to `regulator`; each try's audit row is written with its outcome. */
function regulatorOutbox(services: Services, regulator: NonNullable<Services['regulator']>): Outbox<OutboxRow> {
  const runId = newId('run');
  return {
    table: 'regulator_outbox',
    columns: ['kind', 'event', 'subject_id', 'subject_version', 'patient_id', 'payload', 'occurred_at'],
    doneColumn: 'acked_at',
    batch: 50,
    deadAfter: DEAD_AFTER,
    // A subject's reports go in the order they were written: each waits until the one before it is acknowledged.
    order: 'next_attempt_at, seq',
    claimable: `NOT EXISTS (SELECT 1 FROM regulator_outbox e WHERE e.kind = o.kind AND e.subject_id = o.subject_id AND e.acked_at IS NULL AND e.seq < o.seq)`,
    async deliver(r) {
      const { ackId } = await regulator.submit({
        reportId: r.id, kind: r.kind, event: r.event, subjectId: r.subject_id, occurredAt: r.occurred_at.toISOString(), payload: r.payload,
      });
      return { ack_id: ackId };
    },
    // What left the gateway, and whether the platform took it: one row per try.
    record: (tx, r, outcome: AuditOutcome) =>
      writeAudit(tx, jobEntry('reportToRegulator', { resourceType: 'regulator_report', resourceId: r.id, patientIds: [r.patient_id] }, runId, outcome)),
    onFailure(r, e, dead) {
      if (dead) services.log?.error({ reportId: r.id, attempts: r.attempts, errorType: e.type, errorCode: e.code }, 'a supervision report failed too often: dead until an admin retries it');
      else services.log?.warn({ reportId: r.id, attempts: r.attempts, errorType: e.type, errorCode: e.code }, 'a supervision report was not acknowledged; will retry');
    },
  };
}

/** Sends the due reports; returns how many were acknowledged and how many failed. */
export async function relayReports(services: Services): Promise<{ acked: number; failed: number }> {
  if (!services.regulator) return { acked: 0, failed: 0 };
  const { done, failed } = await relayOutbox(services.db, services.now, regulatorOutbox(services, services.regulator));
  return { acked: done, failed };
}
