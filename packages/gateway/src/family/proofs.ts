/**
 * What proves a family link, and what happens when one is proven.
 *
 * - An adult's link waits for the adult's consent: a one-time code sent to the phone the
 *   hospital has on file (entered by the holder once the adult tells it them), or the adult's
 *   approval in their own account. Knowing a name and an ID number proves nothing.
 * - A child's link is active at once when the HIS records the holder (their own record) as the
 *   child's guardian; otherwise it waits for hospital staff to see the guardian in person.
 * - A link that becomes active is announced to its patient (a message to the phone on file).
 */
import type { HisPatient, Queryable } from '@ihkit/adapters';
import { localDate, maskPhone, type PendingProof } from '@ihkit/core';
import { HttpProblem } from '../problems.js';
import type { Services } from '../operations.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { CODE_MINUTES, expiryOf, latestCode, newCode, resendAfter } from './codes.js';
import { ownAccountsOf, type LinkAwaits, type LinkRow } from './links.js';

/** Whether the HIS records `guardianPatientId` as a guardian of the child (never, without listGuardians). */
export async function guardianOnFile(services: Pick<Services, 'his'>, childId: string, guardianPatientId: string | undefined): Promise<boolean> {
  if (!guardianPatientId || !services.his.listGuardians) return false;
  return (await services.his.listGuardians(childId)).some((g) => g.patientId === guardianPatientId);
}

/** What a new link of this patient waits for: a child's, staff; an adult's, their consent. */
export function awaitsFor(minor: boolean): LinkAwaits {
  return minor ? 'in_person' : 'consent';
}

/** What a pending link waits for now, for its holder: which proofs can still come, and the code's state. */
export async function pendingProof(q: Queryable, link: LinkRow, record: HisPatient | undefined): Promise<PendingProof> {
  if (link.awaits === 'in_person') return { waitingFor: ['in_person'] };
  const hasAccount = (await ownAccountsOf(q, link.patient_id)).some((u) => u !== link.user_id);
  const phone = record?.phone;
  const waitingFor: PendingProof['waitingFor'] = [...(phone ? (['code'] as const) : []), ...(hasAccount ? (['account'] as const) : [])];
  if (!phone) return { waitingFor };
  const code = await latestCode(q, link.id);
  return {
    waitingFor,
    phoneMasked: maskPhone(phone),
    ...(code?.sent_at ? { codeSentAt: code.sent_at.toISOString(), codeExpiresAt: expiryOf(code).toISOString() } : {}),
    ...(code ? { resendAfter: resendAfter(code).toISOString() } : {}),
  };
}

/**
 * Takes one code from the person's allowance (consent.person), outside any transaction: codes
 * to one phone are limited whoever asks. False when it is spent (RATE_LIMITED is for the caller to throw or not).
 */
export async function mayTextPerson(services: Pick<Services, 'limiter'>, patientId: string): Promise<{ ok: true } | { ok: false; problem: HttpProblem }> {
  try {
    await services.limiter.take('consent.person', patientId);
    return { ok: true };
  } catch (e) {
    if (e instanceof HttpProblem && e.code === 'RATE_LIMITED') return { ok: false, problem: e };
    throw e;
  }
}

/** A new code for the pending link, sent to the person's phone through the outbox (inside the caller's transaction). */
export async function sendCode(tx: Queryable, link: LinkRow, holderName: string, now: Date): Promise<void> {
  const codeId = await newCode(tx, link.id, now);
  await enqueueNotification(tx, { patientId: link.patient_id, template: 'family-link-code', params: { holder: holderName, minutes: String(CODE_MINUTES) }, codeId, now });
}

/** Tells the patient that the link's holder may now act for them (inside the transaction that made it active). */
export async function announceActive(tx: Queryable, services: Pick<Services, 'his'>, link: LinkRow, holderName: string, now: Date): Promise<void> {
  await enqueueNotification(tx, { patientId: link.patient_id, template: 'family-link-active', params: { holder: holderName, since: localDate(now, services.his.timeZone) }, now });
}
