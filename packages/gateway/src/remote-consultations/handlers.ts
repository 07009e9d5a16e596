/** The remote consultation operations (docs/network.md#remote-consultations). */
import type { Queryable } from '@ihkit/adapters';
import { localDate, localTime, type RemoteConsultationState, type RemoteConsultationSummary, type ServerErrorCode } from '@ihkit/core';
import { idempotencyKey, signedIn, statusesIn, type Call, type OperationHandler, type OperationId, type Services } from '../operations.js';
import { MAX_GRANT_DAYS } from '../organizations/grants.js';
import { organizationOf } from '../organizations/isolation.js';
import { newId } from '../ids.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { HttpProblem } from '../problems.js';
import { mayReadReportsOf } from '../reports/access.js';
import { shareableRecordOf } from '../routes/access-grants.js';
import type { UserRow } from '../users.js';
import { openRemoteConsultation, visibleWhere, type RemoteRole } from './access.js';
import { signOpinion } from './opinion.js';
import { findRemoteConsultation, selectRemoteConsultations, toRemoteConsultation, type RemoteConsultationRow } from './store.js';
import { grantExperts, reportStep, revokeExpertGrants } from './transitions.js';

const STATES: readonly RemoteConsultationState[] = ['requested', 'scheduled', 'opinion-signed', 'closed', 'declined', 'cancelled'];
const HOUR_MS = 3_600_000;

/** Whether `userId` is a doctor of `organizationId`. */
async function isDoctorOf(q: Queryable, userId: string, organizationId: string): Promise<boolean> {
  const { rows } = await q.query("SELECT 1 FROM users WHERE id = $1 AND organization_id = $2 AND role = 'doctor'", [userId, organizationId]);
  return rows.length > 0;
}

const answer = async (services: Services, row: RemoteConsultationRow) => ({ body: await toRemoteConsultation(services, row) });

export const listRemoteConsultations: OperationHandler<'listRemoteConsultations'> = {
  audit: 'remote_consultation',
  async handle(call, services) {
    const user = signedIn(call);
    const states = statusesIn(call.query.state, STATES);
    const values = [organizationOf(user), user.id, user.role];
    const where = visibleWhere(call.query.side);
    const rows = await selectRemoteConsultations(services.db, `${where} AND ($4::text[] IS NULL OR r.state = ANY($4::text[]))`, [...values, states]);
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    const { rows: counted } = await services.db.query<{ state: RemoteConsultationState; n: number; turnaround: number | null }>(
      `SELECT r.state, count(*)::int AS n, avg(r.turnaround_seconds)::int AS turnaround FROM remote_consultations r WHERE ${where} GROUP BY r.state`, values);
    const counts = Object.fromEntries(STATES.map((s) => [s, counted.find((c) => c.state === s)?.n ?? 0])) as RemoteConsultationSummary['counts'];
    const signed = counted.filter((c) => c.turnaround !== null);
    const total = signed.reduce((sum, c) => sum + c.n, 0);
    const summary: RemoteConsultationSummary = { counts, ...(total ? { averageTurnaroundSeconds: Math.round(signed.reduce((sum, c) => sum + c.turnaround! * c.n, 0) / total) } : {}) };
    return { body: { items: await Promise.all(rows.map((r) => toRemoteConsultation(services, r))), summary } };
  },
};

/** REMOTE_ATTACHMENT_NOT_SHAREABLE unless the doctor may share every attachment as the patient's. */
async function assertShareable(services: Services, user: UserRow, patientId: string, attachments: RemoteConsultationRow['attachments']): Promise<void> {
  for (const [i, record] of attachments.entries()) {
    if ((await shareableRecordOf(services, user, record)) !== patientId) {
      throw new HttpProblem('REMOTE_ATTACHMENT_NOT_SHAREABLE', 'An attachment is not a record of this patient the doctor may share.', [{ pointer: `/attachments/${i}`, message: 'is not shareable' }]);
    }
  }
}

export const createRemoteConsultation: OperationHandler<'createRemoteConsultation'> = {
  audit: 'remote_consultation',
  async handle(call, services) {
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const b = call.body;
    call.audit.patientIds.push(b.patientId);
    const earlier = (await services.db.query<{ id: string }>('SELECT id FROM remote_consultations WHERE requested_by = $1 AND idempotency_key = $2', [user.id, key])).rows[0];
    if (earlier) {
      call.audit.resourceId = earlier.id;
      return { status: 201, ...(await answer(services, (await findRemoteConsultation(services.db, earlier.id))!)) };
    }
    const receiving = services.organizations.get(b.receivingOrganizationId);
    if (!receiving || receiving.id === organizationOf(user)) throw new HttpProblem('NOT_FOUND', 'No other organization of this network has this id.');
    // A doctor asks for their own patient: one they treat in their organization (anyone else's: as if the patient were not there).
    if (!(await mayReadReportsOf(services.db, user, b.patientId, services.now(), organizationOf(user)))) throw new HttpProblem('NOT_FOUND', 'No patient of this doctor has this id.');
    if (b.expertUserId && !(await isDoctorOf(services.db, b.expertUserId, receiving.id))) {
      throw new HttpProblem('REMOTE_EXPERT_NOT_OF_ORGANIZATION', undefined, [{ pointer: '/expertUserId', message: 'is not a doctor of the receiving organization' }]);
    }
    await assertShareable(services, user, b.patientId, b.attachments);
    const attachments = [...new Map(b.attachments.map((r) => [`${r.kind} ${r.id}`, r])).values()];
    const id = newId('rc');
    const now = services.now();
    const row = await services.db.transaction(async (tx) => {
      call.audit.resourceId = id;
      await tx.query(
        `INSERT INTO remote_consultations (id, organization_id, receiving_organization_id, requested_by, patient_id, department_id, expert_user_id, question, urgency, attachments, state, created_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'requested', $11, $12)`,
        [id, organizationOf(user), receiving.id, user.id, b.patientId, b.departmentId ?? null, b.expertUserId ?? null, b.question, b.urgency, JSON.stringify(attachments), now, key]);
      return reportStep(tx, services, id, 'created', now);
    });
    return { status: 201, ...(await answer(services, row)) };
  },
};

export const getRemoteConsultation: OperationHandler<'getRemoteConsultation'> = {
  audit: 'remote_consultation',
  async handle(call, services) {
    const { row } = await openRemoteConsultation(call, services.db, call.params.remoteConsultationId);
    return answer(services, row);
  },
};

export const scheduleRemoteConsultation: OperationHandler<'scheduleRemoteConsultation'> = {
  audit: 'remote_consultation',
  async handle(call, services) {
    const now = services.now();
    const at = new Date(call.body.scheduledAt);
    const expiresAt = new Date(at.getTime() + services.remoteConsultationGrantHours * HOUR_MS);
    const experts = [...new Set(call.body.experts)];
    const row = await services.db.transaction(async (tx) => {
      const { row, user } = await openRemoteConsultation(call, tx, call.params.remoteConsultationId, { forUpdate: true, allowed: ['coordinator'] });
      if (row.state !== 'requested') throw new HttpProblem('REMOTE_CONSULTATION_NOT_PENDING');
      if (!(at > now) || expiresAt.getTime() - now.getTime() > MAX_GRANT_DAYS * 24 * HOUR_MS) {
        throw new HttpProblem('VALIDATION_FAILED', 'The appointment must be in the future, within the time a grant may run.', [{ pointer: '/scheduledAt', message: 'is out of range' }]);
      }
      for (const [i, expert] of experts.entries()) {
        if (!(await isDoctorOf(tx, expert, row.receiving_organization_id))) throw new HttpProblem('REMOTE_EXPERT_NOT_OF_ORGANIZATION', undefined, [{ pointer: `/experts/${i}`, message: 'is not a doctor of the receiving organization' }]);
      }
      await tx.query("UPDATE remote_consultations SET state = 'scheduled', scheduled_at = $2, scheduled_by = $3, grants_expire_at = $4 WHERE id = $1", [row.id, at, user.id, expiresAt]);
      await grantExperts(tx, row, experts, user.id, expiresAt, now);
      const tz = services.organizations.get(row.organization_id)?.his.timeZone ?? services.his.timeZone;
      await enqueueNotification(tx, { patientId: row.patient_id, template: 'remote-consultation-scheduled', params: { date: localDate(at, tz), time: localTime(at, tz) }, now });
      return reportStep(tx, services, row.id, 'accepted', now);
    });
    return answer(services, row);
  },
};

/** A step that ends the consultation: the caller in `step.by`, from the states `step.from` (else `step.refusal`); the experts' grants end with it. */
async function endConsultation(call: Call<OperationId>, services: Services, id: string, step: {
  by: RemoteRole; from: readonly RemoteConsultationState[]; refusal: ServerErrorCode; to: 'declined' | 'cancelled' | 'closed'; reason?: string;
}) {
  const now = services.now();
  const row = await services.db.transaction(async (tx) => {
    const { row, user } = await openRemoteConsultation(call, tx, id, { forUpdate: true, allowed: [step.by] });
    if (!step.from.includes(row.state)) throw new HttpProblem(step.refusal);
    await tx.query('UPDATE remote_consultations SET state = $2, closed_at = $3, decline_reason = $4 WHERE id = $1', [row.id, step.to, now, step.reason ?? null]);
    await revokeExpertGrants(tx, row.id, user.id, now);
    return reportStep(tx, services, row.id, step.to, now);
  });
  return answer(services, row);
}

export const declineRemoteConsultation: OperationHandler<'declineRemoteConsultation'> = {
  audit: 'remote_consultation',
  handle: (call, services) => endConsultation(call, services, call.params.remoteConsultationId, {
    by: 'coordinator', from: ['requested', 'scheduled'], refusal: 'REMOTE_CONSULTATION_NOT_PENDING', to: 'declined', reason: call.body.reason,
  }),
};

export const cancelRemoteConsultation: OperationHandler<'cancelRemoteConsultation'> = {
  audit: 'remote_consultation',
  handle: (call, services) => endConsultation(call, services, call.params.remoteConsultationId, { by: 'requester', from: ['requested'], refusal: 'REMOTE_CONSULTATION_NOT_PENDING', to: 'cancelled' }),
};

export const closeRemoteConsultation: OperationHandler<'closeRemoteConsultation'> = {
  audit: 'remote_consultation',
  handle: (call, services) => endConsultation(call, services, call.params.remoteConsultationId, { by: 'requester', from: ['opinion-signed'], refusal: 'REMOTE_CONSULTATION_NO_OPINION', to: 'closed' }),
};

export const submitRemoteConsultationOpinion: OperationHandler<'submitRemoteConsultationOpinion'> = {
  audit: 'remote_consultation',
  async handle(call, services) {
    const { row, user, role } = await openRemoteConsultation(call, services.db, call.params.remoteConsultationId, { allowed: ['expert', 'named-expert'] });
    if (role !== 'expert') throw new HttpProblem(row.state === 'requested' ? 'REMOTE_CONSULTATION_NOT_SCHEDULED' : 'REMOTE_EXPERT_NOT_ASSIGNED');
    if (row.state !== 'scheduled') throw new HttpProblem('REMOTE_CONSULTATION_NOT_SCHEDULED');
    return answer(services, await signOpinion(services, call, row, user, call.body.opinion));
  },
};
