/**
 * Booking rules: a user books only for their own patients (FORBIDDEN otherwise), only a slot
 * that has not started (SLOT_IN_PAST), with an Idempotency-Key scoped to the user; they see
 * and cancel only their patients' appointments (anyone else's is NOT_FOUND, never FORBIDDEN,
 * so ids cannot be probed), and cannot cancel within the cutoff before the start.
 */
import { slotState, type Appointment } from '@ihkit/core';
import type { Call, OperationHandler, OperationId, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, linkedPatients } from '../users.js';

/** The key the HIS sees: the client's key scoped to the user, so users cannot collide. */
export function scopedIdempotencyKey(userId: string, key: string): string {
  return `${userId}:${key}`;
}

/** An appointment of one of the user's patients, or NOT_FOUND. */
async function ownAppointment(call: Call<OperationId>, services: Services, appointmentId: string): Promise<Appointment> {
  const user = signedIn(call);
  call.audit.resourceId = appointmentId;
  const appointment = await services.his.getAppointment(appointmentId);
  if (appointment) call.audit.patientIds.push(appointment.patientId);
  if (!appointment || !(await linkedPatient(services.db, user.id, appointment.patientId))) throw new HttpProblem('NOT_FOUND');
  return appointment;
}

/** Whether an appointment starting at `start` may still be cancelled at `now`. */
export function canCancel(start: string, now: Date, cutoffMinutes: number): boolean {
  return Date.parse(start) - now.getTime() >= cutoffMinutes * 60_000;
}

export const listMyAppointments: OperationHandler<'listMyAppointments'> = {
  audit: 'appointment',
  async handle(call, services) {
    const user = signedIn(call);
    const patientIds = (await linkedPatients(services.db, user.id)).map((l) => l.patientId);
    call.audit.patientIds.push(...patientIds);
    if (!patientIds.length) return { body: { items: [] } };
    const { status } = call.query;
    const found = await services.his.listAppointments({ patientIds, ...(status ? { status } : {}) });
    // Only ever the user's patients, whatever the adapter returned.
    const mine = new Set(patientIds);
    const items = found.filter((a) => mine.has(a.patientId)).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    return { body: { items } };
  },
};

export const bookAppointment: OperationHandler<'bookAppointment'> = {
  audit: 'appointment',
  async handle(call, services) {
    const { db, his } = services;
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const { slotId, patientId } = call.body;
    call.audit.patientIds.push(patientId);
    if (!(await linkedPatient(db, user.id, patientId))) throw new HttpProblem('FORBIDDEN');
    const slot = await his.getSlot(slotId);
    if (!slot) throw new HttpProblem('SLOT_NOT_FOUND');
    if (slotState(slot, services.now()) === 'past') throw new HttpProblem('SLOT_IN_PAST');
    // A full slot is left to the HIS: a retry of our own earlier booking must still succeed.
    const appointment = await his.book({ slotId, patientId, idempotencyKey: scopedIdempotencyKey(user.id, key) });
    call.audit.resourceId = appointment.id;
    return { status: 201, body: appointment };
  },
};

export const getAppointment: OperationHandler<'getAppointment'> = {
  audit: 'appointment',
  async handle(call, services) {
    return { body: await ownAppointment(call, services, call.params.appointmentId) };
  },
};

export const cancelAppointment: OperationHandler<'cancelAppointment'> = {
  audit: 'appointment',
  async handle(call, services) {
    const appointment = await ownAppointment(call, services, call.params.appointmentId);
    if (appointment.status === 'cancelled') return { body: appointment };
    if (appointment.status !== 'booked' || !canCancel(appointment.start, services.now(), services.cancelCutoffMinutes)) {
      throw new HttpProblem('CANCEL_TOO_LATE', `Appointments can be cancelled up to ${services.cancelCutoffMinutes} minutes before the start.`);
    }
    return { body: await services.his.cancel(appointment.id, call.body?.reason) };
  },
};
