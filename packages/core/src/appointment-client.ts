/**
 * Changing an appointment after it is booked, beside the IhClient's booking calls: paying its
 * registration fee while its place is held, and moving it (改约). A page that only books and
 * cancels does not load them. `appointmentChangesOf(client)` gives the one of a client.
 */
import type { CallOptions, IhClient } from './client.js';
import type { RequestBody } from './types.js';

export class AppointmentChangesClient {
  constructor(readonly client: IhClient) {}

  /** Starts paying a held appointment's registration fee; again: the same order while it is pending. */
  payAppointment(appointmentId: string, choice?: RequestBody<'payAppointment'>, o?: CallOptions) {
    return this.client.call('post', '/appointments/{appointmentId}/payment', appointmentId, { ...o, ...(choice ? { body: choice } : {}), idempotent: true });
  }
  /** Moves an appointment to another slot of the same doctor or department (改约). */
  rescheduleAppointment(appointmentId: string, body: RequestBody<'rescheduleAppointment'>, o?: CallOptions) {
    return this.client.call('post', '/appointments/{appointmentId}/reschedule', appointmentId, { ...o, body, idempotent: true });
  }
}

const changes = new WeakMap<IhClient, AppointmentChangesClient>();

export function appointmentChangesOf(client: IhClient): AppointmentChangesClient {
  let c = changes.get(client);
  if (!c) changes.set(client, (c = new AppointmentChangesClient(client)));
  return c;
}
