/**
 * Booking rules: a user books only for their own patients (FORBIDDEN otherwise), only a slot
 * that has not started (SLOT_IN_PAST), with an Idempotency-Key scoped to the user; they see
 * and cancel only their patients' appointments (anyone else's is NOT_FOUND, never FORBIDDEN,
 * so ids cannot be probed), and cannot cancel within the cutoff before the start. Where the
 * registration fee is charged online, a booking holds the place until it is paid, and a
 * cancellation gives back the hospital's share of it (booking/fees.ts).
 */
import { slotState, type Appointment } from '@ihkit/core';
import type { Call, OperationHandler, OperationId, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { cancelRegistration, chargedOnline, holdPlace, orderRegistration, withRegistration } from '../booking/fees.js';
import { rescheduleAppointment as moveAppointment, withReschedules } from '../booking/reschedule.js';
import { cancelDearerMove, orderDifference, withPendingMoves } from '../booking/reschedule-difference.js';
import { toPayment } from '../payments/orders.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, linkedPatients } from '../users.js';

/** The key the HIS sees: the client's key scoped to the user, so users cannot collide. */
export function scopedIdempotencyKey(userId: string, key: string): string {
  return `${userId}:${key}`;
}

/** An appointment of one of the user's patients, or NOT_FOUND. */
export async function ownAppointment(call: Call<OperationId>, services: Services, appointmentId: string): Promise<Appointment> {
  const user = signedIn(call);
  call.audit.resourceId = appointmentId;
  const appointment = await services.his.getAppointment(appointmentId);
  if (appointment) call.audit.patientIds.push(appointment.patientId);
  if (!appointment || !(await linkedPatient(services.db, user.id, appointment.patientId))) throw new HttpProblem('NOT_FOUND');
  return appointment;
}

/** Appointments as the gateway answers them: with their registration fee, how often they moved, and a move waiting for its difference. */
async function decorated(services: Services, appointments: Appointment[]): Promise<Appointment[]> {
  return withPendingMoves(services.db, await withReschedules(services.db, await withRegistration(services.db, services.bookingFees, appointments)));
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
    return { body: { items: await decorated(services, items) } };
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
    if (chargedOnline(services, appointment.fee)) {
      // A replay finds its hold as it stands; a crash before this line is completed by the client's retry.
      await db.transaction((tx) => holdPlace(tx, services, appointment, user.id));
    }
    return { status: 201, body: (await decorated(services, [appointment]))[0]! };
  },
};

export const getAppointment: OperationHandler<'getAppointment'> = {
  audit: 'appointment',
  async handle(call, services) {
    return { body: (await decorated(services, [await ownAppointment(call, services, call.params.appointmentId)]))[0]! };
  },
};

export const rescheduleAppointment: OperationHandler<'rescheduleAppointment'> = {
  audit: 'appointment',
  async handle(call, services) {
    const user = signedIn(call);
    const appointment = await ownAppointment(call, services, call.params.appointmentId);
    const moved = (await decorated(services, [await moveAppointment(services, appointment, call.body.slotId, user.id)]))[0]!;
    // A dearer slot: accepted, the move waiting for its difference.
    return { status: moved.pendingMove?.status === 'awaiting_payment' && moved.pendingMove.toSlotId === call.body.slotId ? 202 : 200, body: moved };
  },
};

export const payAppointment: OperationHandler<'payAppointment'> = {
  audit: 'payment',
  async handle(call, services) {
    const appointment = await ownAppointment(call, services, call.params.appointmentId);
    const payment = await services.db.transaction(async (tx) => {
      const choice = { ...(call.body ?? {}), clientIp: call.clientIp };
      // A move waiting for its difference is paid first; otherwise the held fee.
      const order = (await orderDifference(tx, services, appointment.id, choice)) ?? (await orderRegistration(tx, services, appointment.id, choice));
      call.audit.resourceId = order.id;
      return order;
    });
    return { body: toPayment(payment) };
  },
};

export const cancelAppointment: OperationHandler<'cancelAppointment'> = {
  audit: 'appointment',
  async handle(call, services) {
    const appointment = await ownAppointment(call, services, call.params.appointmentId);
    let cancelled = appointment;
    if (appointment.status !== 'cancelled') {
      if (appointment.status !== 'booked' || !canCancel(appointment.start, services.now(), services.cancelCutoffMinutes)) {
        throw new HttpProblem('CANCEL_TOO_LATE', `Appointments can be cancelled up to ${services.cancelCutoffMinutes} minutes before the start.`);
      }
      cancelled = await services.his.cancel(appointment.id, call.body?.reason);
    }
    // Also for one already cancelled: a crash after the HIS cancelled it is completed by the retry.
    await services.db.transaction(async (tx) => {
      await cancelDearerMove(tx, services, appointment.id);
      await cancelRegistration(tx, services, appointment.id);
    });
    return { body: (await decorated(services, [cancelled]))[0]! };
  },
};
