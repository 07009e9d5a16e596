/**
 * The supervision outbox for admins (regulator/outbox.ts): what waits, what the platform took,
 * and what is dead after failing too often — and sending one again. Ids and state only: what a
 * report carries goes to the platform alone.
 */
import type { ResponseBody } from '@ihkit/core';
import { signedIn, type OperationHandler } from '../operations.js';
import { organizationOf } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';

type Report = ResponseBody<'retryRegulatorReport'>;

interface Row {
  id: string;
  kind: Report['kind'];
  event: Report['event'];
  subject_id: string;
  subject_version: number;
  patient_id: string;
  occurred_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  dead_at: Date | null;
  acked_at: Date | null;
}

const COLUMNS = 'id, kind, event, subject_id, subject_version, patient_id, occurred_at, attempts, next_attempt_at, last_error, dead_at, acked_at';
const STATE_WHERE = {
  waiting: 'acked_at IS NULL AND dead_at IS NULL',
  dead: 'acked_at IS NULL AND dead_at IS NOT NULL',
  acknowledged: 'acked_at IS NOT NULL',
} as const;

function toReport(r: Row): Report {
  const state = r.acked_at ? 'acknowledged' : r.dead_at ? 'dead' : 'waiting';
  return {
    id: r.id, kind: r.kind, event: r.event, subjectId: r.subject_id, subjectVersion: r.subject_version, occurredAt: r.occurred_at.toISOString(), state, attempts: r.attempts,
    ...(state === 'waiting' ? { nextAttemptAt: r.next_attempt_at.toISOString() } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.dead_at ? { deadAt: r.dead_at.toISOString() } : {}),
    ...(r.acked_at ? { acknowledgedAt: r.acked_at.toISOString() } : {}),
  };
}

export const listRegulatorReports: OperationHandler<'listRegulatorReports'> = {
  audit: 'regulator_report',
  async handle(call, services) {
    const state = call.query.state ?? 'dead';
    const { rows } = await services.db.query<Row>(
      `SELECT ${COLUMNS} FROM regulator_outbox WHERE organization_id = $1 AND ${STATE_WHERE[state]} ORDER BY occurred_at DESC, id LIMIT 200`, [organizationOf(signedIn(call))]);
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    return { body: { items: rows.map(toReport) } };
  },
};

export const retryRegulatorReport: OperationHandler<'retryRegulatorReport'> = {
  audit: 'regulator_report',
  async handle(call, services) {
    call.audit.resourceId = call.params.reportId;
    return services.db.transaction(async (tx) => {
      const found = await tx.query<Row>(`SELECT ${COLUMNS} FROM regulator_outbox WHERE id = $1 AND organization_id = $2 FOR UPDATE`, [call.params.reportId, organizationOf(signedIn(call))]);
      const row = found.rows[0];
      if (!row) throw new HttpProblem('NOT_FOUND');
      call.audit.patientIds.push(row.patient_id);
      if (row.acked_at) throw new HttpProblem('INVALID_STATE', 'The platform has acknowledged this report.');
      const { rows } = await tx.query<Row>(
        `UPDATE regulator_outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $2, claimed_until = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
        [row.id, services.now()]);
      return { body: toReport(rows[0]!) };
    });
  },
};
