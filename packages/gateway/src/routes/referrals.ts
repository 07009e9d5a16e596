/**
 * Two-way referral (双向转诊) between the organizations of the network (referrals/,
 * docs/network.md#referrals). The staff of the sending and the receiving organization see a
 * referral; anyone else is answered NOT_FOUND, as for one that is not there. The sender's doctor
 * sends and cancels it; the receiver's doctors and nurses accept (reserving the place up, starting
 * the follow-up plan down, and reading the records through a grant), decline, record the arrival
 * and close it. Each step refused in the state the referral is in has its own code.
 */
import type { Queryable } from '@ihkit/adapters';
import type { ReferralState, ServerErrorCode } from '@ihkit/core';
import { idempotencyKey, signedIn, statusesIn, type Call, type OperationHandler, type OperationId, type Services } from '../operations.js';
import { createAccessGrant, revokeGrant } from '../organizations/grants.js';
import { organizationOf } from '../organizations/isolation.js';
import { organizationOfCaller } from '../organizations/registry.js';
import { HttpProblem } from '../problems.js';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';
import { linkedPatients, type UserRow } from '../users.js';
import { shareableRecordOf } from './access-grants.js';
import { receivingPatientId, releasePlace, reservePlace, startFollowUp } from '../referrals/acceptance.js';
import { announceStep, messageFor } from '../referrals/announce.js';
import { directionFits } from '../referrals/direction.js';
import { toPatientReferrals } from '../referrals/patient-view.js';
import { findReferral, insertReferral, REFERRAL_STATES, referralsOf, referralsOfPatients, referralSentWith, sideOf, toReferral, toReferralAppointment, writeStep, type ReferralRow, type ReferralStep } from '../referrals/store.js';

const DAY_MS = 86_400_000;

/** The referral, if the caller is of its sending or receiving organization (of `side`, when given), or NOT_FOUND. */
async function visibleReferral(call: Call<OperationId>, services: Services, id: string, side?: 'sender' | 'receiver'): Promise<{ row: ReferralRow; user: UserRow }> {
  const user = signedIn(call);
  call.audit.resourceId = id;
  const row = await findReferral(services.db, id);
  if (row) call.audit.patientIds.push(row.patient_id);
  const standing = row && sideOf(user, row);
  if (!row || !standing || (side && standing !== side)) throw new HttpProblem('NOT_FOUND');
  return { row, user };
}

export const listReferrals: OperationHandler<'listReferrals'> = {
  audit: 'referral',
  async handle(call, services) {
    const states = statusesIn(call.query.state, REFERRAL_STATES, '/query/state');
    const rows = await referralsOf(services.db, organizationOf(signedIn(call)), call.query.direction, states);
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    return { body: { items: rows.map(toReferral) } };
  },
};

export const getReferral: OperationHandler<'getReferral'> = {
  audit: 'referral',
  async handle(call, services) {
    return { body: toReferral((await visibleReferral(call, services, call.params.referralId)).row) };
  },
};

export const listMyReferrals: OperationHandler<'listMyReferrals'> = {
  audit: 'referral',
  async handle(call, services) {
    const patientIds = (await linkedPatients(services.db, signedIn(call).id)).map((l) => l.patientId);
    call.audit.patientIds.push(...patientIds);
    const rows = patientIds.length ? await referralsOfPatients(services.db, patientIds) : [];
    return { body: { items: await toPatientReferrals(services, rows, new Set(patientIds)) } };
  },
};

/** Checks what a referral names at the receiving organization and of the patient at the sender's; throws the refusal. */
async function checkReferral(services: Services, user: UserRow, body: Call<'createReferral'>['body']): Promise<void> {
  const from = organizationOfCaller(services.organizations, user);
  const to = services.organizations.get(body.toOrganizationId);
  if (!to || to.id === from.id) throw new HttpProblem('NOT_FOUND', 'No other organization of this network has this id.');
  if (!directionFits(services.organizations, from.id, to.id, body.direction)) throw new HttpProblem('REFERRAL_DIRECTION_INVALID');
  if ((body.direction === 'up' && body.followUp) || (body.direction === 'down' && body.slotId)) {
    const pointer = body.followUp ? '/body/followUp' : '/body/slotId';
    throw new HttpProblem('VALIDATION_FAILED', 'A place is reserved up, a follow-up plan started down.', [{ pointer, message: `is not for a referral ${body.direction}` }]);
  }
  if (!(await from.his.findPatient({ patientId: body.patientId }))) throw new HttpProblem('NOT_FOUND', 'The hospital has no such patient.');
  if (!(await to.his.listDepartments()).some((d) => d.id === body.departmentId)) throw new HttpProblem('NOT_FOUND', 'The receiving hospital has no such department.');
  const doctorIds = [body.doctorId, body.followUp?.doctorId].filter((d): d is string => d !== undefined);
  if (doctorIds.length) {
    const doctors = await to.his.listDoctors();
    if (body.doctorId && !doctors.some((d) => d.id === body.doctorId && d.departmentId === body.departmentId)) throw new HttpProblem('NOT_FOUND', 'The department has no such doctor.');
    if (body.followUp?.doctorId && !doctors.some((d) => d.id === body.followUp!.doctorId)) throw new HttpProblem('NOT_FOUND', 'The receiving hospital has no such doctor.');
  }
  if (body.slotId) {
    const slot = await to.his.getSlot(body.slotId);
    if (!slot || slot.departmentId !== body.departmentId || (body.doctorId && slot.doctorId !== body.doctorId)) throw new HttpProblem('SLOT_NOT_FOUND');
  }
  // A record the doctor may not read is answered as a missing one; one of theirs of another patient has its code.
  for (const record of body.records ?? []) {
    const owner = await shareableRecordOf(services, user, record);
    if (owner === undefined) throw new HttpProblem('NOT_FOUND', 'A record attached is not one this doctor may share.');
    if (owner !== body.patientId) throw new HttpProblem('REFERRAL_ATTACHMENT_INVALID');
  }
}

export const createReferral: OperationHandler<'createReferral'> = {
  audit: 'referral',
  async handle(call, services) {
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const body = call.body;
    call.audit.patientIds.push(body.patientId);
    let row = await referralSentWith(services.db, user.id, key);
    if (!row) {
      await checkReferral(services, user, body);
      const message = await messageFor(services, { state: 'sent', to_organization_id: body.toOrganizationId, department_id: body.departmentId, appointment: null });
      const id = newId('ref');
      const now = services.now();
      row = await services.db.transaction(async (tx) => {
        call.audit.resourceId = id;
        const records = [...new Map((body.records ?? []).map((r) => [`${r.kind} ${r.id}`, r])).values()];
        const inserted = await insertReferral(tx, {
          id, organizationId: organizationOf(user), toOrganizationId: body.toOrganizationId, direction: body.direction, departmentId: body.departmentId,
          ...(body.doctorId ? { doctorId: body.doctorId } : {}), patientId: body.patientId, summary: body.summary, records,
          ...(body.slotId ? { slotId: body.slotId } : {}), ...(body.followUp ? { followUp: body.followUp } : {}), sentBy: user.id, idempotencyKey: key, createdAt: now,
        });
        // Not inserted: the doctor's key was used meanwhile (a retry at the same time), and this is its referral.
        if (!inserted) return (await referralSentWith(tx, user.id, key))!;
        const made = (await findReferral(tx, id))!;
        await announceStep(tx, made, message, now);
        return made;
      });
    }
    call.audit.resourceId = row.id;
    return { status: 201, body: toReferral(row) };
  },
};

/**
 * Takes a step on the (locked) referral when it is in one of `from`, else refuses with `refusal`;
 * `extra` writes what else the step does in its transaction and what the step records.
 */
async function step(services: Services, row: ReferralRow, from: readonly ReferralState[], refusal: ServerErrorCode, next: Omit<ReferralStep, 'at'>,
  extra: (tx: Queryable, locked: ReferralRow, at: Date) => Promise<Partial<ReferralStep>> = async () => ({})): Promise<ReferralRow> {
  const at = services.now();
  const message = await messageFor(services, { ...row, state: next.state, ...(next.appointment ? { appointment: next.appointment } : {}) });
  return services.db.transaction(async (tx) => {
    const locked = await findReferral(tx, row.id, true);
    if (!locked || !from.includes(locked.state)) throw new HttpProblem(refusal);
    await writeStep(tx, row.id, { ...next, ...(await extra(tx, locked, at)), at });
    const after = (await findReferral(tx, row.id))!;
    await announceStep(tx, after, message, at);
    return after;
  });
}

/** Ends the grant on the referral's records, if it has one. */
async function endGrant(tx: Queryable, locked: ReferralRow, by: string, at: Date): Promise<Partial<ReferralStep>> {
  if (locked.grant_id) await revokeGrant(tx, locked.grant_id, by, at);
  return {};
}

export const acceptReferral: OperationHandler<'acceptReferral'> = {
  audit: 'referral',
  async handle(call, services) {
    const { row, user } = await visibleReferral(call, services, call.params.referralId, 'receiver');
    if (row.state !== 'sent') throw new HttpProblem('REFERRAL_NOT_PENDING');
    const patientId = await receivingPatientId(services, row);
    // Up: the place first, in the receiving HIS; if it cannot be had, nothing changes.
    const booked = row.direction === 'up' ? await reservePlace(services, row, patientId) : undefined;
    try {
      const after = await step(services, row, ['sent'], 'REFERRAL_NOT_PENDING',
        { state: 'accepted', answeredBy: user.id, receivingPatientId: patientId, ...(booked ? { appointment: toReferralAppointment(booked) } : {}) },
        async (tx, locked, at) => {
          const carePlanId = await startFollowUp(tx, locked, patientId, user.id, at);
          const grantId = locked.records.length ? await createAccessGrant(tx, {
            issuerOrganizationId: locked.organization_id, granteeOrganizationId: locked.to_organization_id, patientId: locked.patient_id, records: locked.records,
            reason: 'referral', requestRef: locked.id, createdBy: locked.sent_by, expiresAt: new Date(at.getTime() + services.referralGrantDays * DAY_MS), idempotencyKey: `referral:${locked.id}`,
          }, at) : undefined;
          return { ...(carePlanId ? { carePlanId } : {}), ...(grantId ? { grantId } : {}) };
        });
      return { body: toReferral(after) };
    } catch (error) {
      // The place goes back, unless it is the one the referral holds (an acceptance at the same time booked it by the same key).
      if (booked && (await findReferral(services.db, row.id))?.appointment?.id !== booked.id) {
        await releasePlace(services, row, booked.id, 'referral not accepted').catch((e: unknown) =>
          services.log.warn({ referralId: row.id, errorType: safeError(e).type }, 'releasing the place of a referral not accepted failed'));
      }
      throw error;
    }
  },
};

export const declineReferral: OperationHandler<'declineReferral'> = {
  audit: 'referral',
  async handle(call, services) {
    const { row, user } = await visibleReferral(call, services, call.params.referralId, 'receiver');
    return { body: toReferral(await step(services, row, ['sent'], 'REFERRAL_NOT_PENDING', { state: 'declined', answeredBy: user.id, declineReason: call.body.reason })) };
  },
};

export const markReferralArrived: OperationHandler<'markReferralArrived'> = {
  audit: 'referral',
  async handle(call, services) {
    const { row } = await visibleReferral(call, services, call.params.referralId, 'receiver');
    return { body: toReferral(await step(services, row, ['accepted'], 'REFERRAL_NOT_ACCEPTED', { state: 'arrived' })) };
  },
};

export const closeReferral: OperationHandler<'closeReferral'> = {
  audit: 'referral',
  async handle(call, services) {
    const { row, user } = await visibleReferral(call, services, call.params.referralId, 'receiver');
    return { body: toReferral(await step(services, row, ['arrived'], 'REFERRAL_NOT_ARRIVED', { state: 'closed' }, (tx, locked, at) => endGrant(tx, locked, user.id, at))) };
  },
};

export const cancelReferral: OperationHandler<'cancelReferral'> = {
  audit: 'referral',
  async handle(call, services) {
    const { row, user } = await visibleReferral(call, services, call.params.referralId, 'sender');
    if (row.sent_by !== user.id) throw new HttpProblem('NOT_FOUND');
    // A retry of a cancellation whose place was not yet released finishes it.
    const cancelled = row.state === 'cancelled' ? row
      : await step(services, row, ['sent', 'accepted'], 'REFERRAL_CANNOT_CANCEL', { state: 'cancelled' }, (tx, locked, at) => endGrant(tx, locked, user.id, at));
    const place = cancelled.appointment;
    if (!place || place.status === 'cancelled') return { body: toReferral(cancelled) };
    // The place is released in the receiving HIS after the commit (and again by a retry if it failed).
    const released = await releasePlace(services, cancelled, place.id, 'referral cancelled');
    await services.db.transaction((tx) => tx.query('UPDATE referrals SET appointment = $2 WHERE id = $1', [cancelled.id, JSON.stringify(toReferralAppointment(released))]));
    return { body: toReferral((await findReferral(services.db, cancelled.id))!) };
  },
};
