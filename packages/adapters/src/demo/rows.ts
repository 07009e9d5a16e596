/** The demo tables' rows and their contract shapes (ISO date-times with the hospital's offset). */
import type { Appointment, AppointmentStatus, Slot } from '@ihkit/core';
import { zonedIso } from '@ihkit/core';
import type { Queryable } from '../db.js';
import { DEMO_HOSPITAL } from './catalog.js';

export const SLOT_COLUMNS = 'id, doctor_id, department_id, local_date, start_at, end_at, capacity, booked, fee_amount';
export interface SlotRow { id: string; doctor_id: string; department_id: string; local_date: string; start_at: Date; end_at: Date; capacity: number; booked: number; fee_amount: number }

const APPOINTMENT_SELECT = `SELECT a.id, a.patient_id, a.slot_id, a.doctor_id, s.department_id, s.start_at, s.end_at, a.status,
  s.fee_amount, a.created_at, a.cancelled_at, a.number FROM demo_appointments a JOIN demo_slots s ON s.id = a.slot_id`;
export interface AppointmentRow { id: string; patient_id: string; slot_id: string; doctor_id: string; department_id: string; start_at: Date; end_at: Date; status: AppointmentStatus; fee_amount: number; created_at: Date; cancelled_at: Date | null; number: string }

/** Appointments matching a WHERE clause (over `a` appointments and `s` slots). */
export async function selectAppointments(q: Queryable, where: string, params: readonly unknown[]): Promise<AppointmentRow[]> {
  return (await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE ${where}`, params)).rows;
}

export function contractShapes(timeZone: string) {
  const iso = (d: Date) => zonedIso(d, timeZone);
  const money = (amount: number) => ({ amount, currency: DEMO_HOSPITAL.currency });
  return {
    slot: (r: SlotRow): Slot => ({
      id: r.id, doctorId: r.doctor_id, departmentId: r.department_id, start: iso(r.start_at), end: iso(r.end_at),
      capacity: r.capacity, available: r.capacity - r.booked, fee: money(r.fee_amount),
    }),
    appointment: (r: AppointmentRow): Appointment => ({
      id: r.id, patientId: r.patient_id, slotId: r.slot_id, doctorId: r.doctor_id, departmentId: r.department_id,
      start: iso(r.start_at), end: iso(r.end_at), status: r.status, fee: money(r.fee_amount),
      createdAt: iso(r.created_at), ...(r.cancelled_at ? { cancelledAt: iso(r.cancelled_at) } : {}), number: r.number,
    }),
  };
}
export type ContractShapes = ReturnType<typeof contractShapes>;
