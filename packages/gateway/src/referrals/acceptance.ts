/**
 * What accepting a referral does at the receiving organization, through its own systems: it
 * finds the patient in its HIS (by the resident ID number the sending HIS has), and for an
 * up-referral reserves the place — the slot the sender chose, else the first free one of the
 * department (and doctor) in the next 14 days — booked in its HIS under the referral's own key,
 * so that a retry finds the same place; for a down-referral it starts the follow-up plan.
 */
import type { Appointment } from '@ihkit/core';
import { addDays, localDate, slotState } from '@ihkit/core';
import type { Queryable } from '@ihkit/adapters';
import { assignTemplateArticles } from '../articles/store.js';
import { CARE_TEMPLATES } from '../care/templates.js';
import { insertPlan } from '../care/store.js';
import { newId } from '../ids.js';
import type { Services } from '../operations.js';
import type { Organization } from '../organizations/registry.js';
import { HttpProblem } from '../problems.js';
import type { ReferralRow } from './store.js';

/** How far ahead a place is looked for when the sender chose none. */
const SEARCH_DAYS = 14;

/** The organization of a referral's side; NOT_FOUND for one no longer served. */
export function servedOrganization(services: Services, id: string): Organization {
  const organization = services.organizations.get(id);
  if (!organization) throw new HttpProblem('NOT_FOUND');
  return organization;
}

/** The patient's id in the receiving HIS, found by the resident ID number the sending HIS holds. */
export async function receivingPatientId(services: Services, r: ReferralRow): Promise<string> {
  const from = servedOrganization(services, r.organization_id);
  const to = servedOrganization(services, r.to_organization_id);
  const patient = await from.his.findPatient({ patientId: r.patient_id });
  const there = patient && (await to.his.findPatient({ idNumber: patient.idNumber }));
  if (!there) throw new HttpProblem('REFERRAL_PATIENT_NOT_REGISTERED');
  return there.id;
}

/** The place to reserve: the slot chosen, or the first free one of the department (and doctor). */
async function placeFor(his: Organization['his'], r: ReferralRow, now: Date): Promise<string> {
  if (r.slot_id) {
    const slot = await his.getSlot(r.slot_id);
    if (!slot) throw new HttpProblem('SLOT_NOT_FOUND');
    if (slotState(slot, now) === 'past') throw new HttpProblem('SLOT_IN_PAST');
    return slot.id;
  }
  const from = localDate(now, his.timeZone);
  const slots = await his.listSlots({ departmentId: r.department_id, ...(r.doctor_id ? { doctorId: r.doctor_id } : {}), from, to: addDays(from, SEARCH_DAYS) });
  const free = slots.filter((s) => s.departmentId === r.department_id && slotState(s, now) === 'available').sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (!free[0]) throw new HttpProblem('REFERRAL_NO_SLOT');
  return free[0].id;
}

/** Books the place in the receiving HIS; its failures (SLOT_TAKEN, HIS_UNAVAILABLE …) are the caller's to answer. */
export async function reservePlace(services: Services, r: ReferralRow, patientId: string): Promise<Appointment> {
  const { his } = servedOrganization(services, r.to_organization_id);
  const slotId = await placeFor(his, r, services.now());
  const appointment = await his.book({ slotId, patientId, idempotencyKey: `referral:${r.id}` });
  // A retry of a booking released since (a failed acceptance) finds nothing to keep.
  if (appointment.status === 'cancelled') throw new HttpProblem('REFERRAL_NO_SLOT');
  return appointment;
}

/** Gives the place back in the receiving HIS (cancelling there is idempotent). */
export async function releasePlace(services: Services, r: Pick<ReferralRow, 'to_organization_id'>, appointmentId: string, reason: string): Promise<Appointment> {
  return servedOrganization(services, r.to_organization_id).his.cancel(appointmentId, reason);
}

/**
 * Starts the down-referral's follow-up plan at the receiving organization, managed by who
 * accepts it; a patient already on an active plan of the template there keeps that one.
 */
export async function startFollowUp(tx: Queryable, r: ReferralRow, patientId: string, acceptedBy: string, now: Date): Promise<string | undefined> {
  if (!r.follow_up) return undefined;
  const { templateId, doctorId } = r.follow_up;
  const id = newId('plan');
  if (await insertPlan(tx, { id, patientId, template: CARE_TEMPLATES[templateId], managedBy: acceptedBy, ...(doctorId ? { doctorId } : {}), idempotencyKey: `referral:${r.id}`, startedAt: now })) {
    await assignTemplateArticles(tx, id, templateId, now);
    return id;
  }
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM care_plans WHERE organization_id = $1 AND patient_id = $2 AND template_id = $3 AND ended_at IS NULL', [r.to_organization_id, patientId, templateId]);
  return rows[0]?.id;
}
