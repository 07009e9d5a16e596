/** When the demo doctors see patients, and the slots that follows from it. */
import { addDays, isoWeekday, zonedInstant } from '@ihkit/core';
import { doctors, type DemoDoctor } from './catalog.js';
import { slotId } from './ids.js';

/** How many days of slots are open for booking, today included. */
export const BOOKING_WINDOW_DAYS = 14;
export const SLOT_MINUTES = 30;
/** Clinic hours, minutes after local midnight: 08:00–11:30 and 14:00–17:00. */
export const SESSION_MINUTES = { am: { start: 8 * 60, end: 11 * 60 + 30 }, pm: { start: 14 * 60, end: 17 * 60 } } as const;
export type HalfDay = keyof typeof SESSION_MINUTES;

/** Half-days a doctor holds clinic: [ISO weekday 1 = Monday … 7 = Sunday, half-day]. */
export function clinicSessions(doctorIndex: number): Array<[number, HalfDay]> {
  const i = doctorIndex;
  const sessions: Array<[number, HalfDay]> = [[(i % 5) + 1, 'am'], [((i + 2) % 5) + 1, 'am'], [((i + 3) % 5) + 1, 'pm']];
  if (i % 4 === 0) sessions.push([6, 'am']); // some weekend clinics
  if (i % 7 === 3) sessions.push([7, 'am']);
  return sessions;
}

/** Places in a slot, 1 to 3: most slots take one patient, some two or three. */
export const capacityAt = (doctorIndex: number, slotIndex: number): number => [1, 2, 1, 1, 3, 1, 2][(doctorIndex + slotIndex) % 7]!;

export interface ScheduledSlot {
  id: string;
  doctor: DemoDoctor;
  localDate: string;
  start: Date;
  end: Date;
  capacity: number;
}

/** Every slot the schedule opens from `today` through the booking window, in the hospital's zone. */
export function scheduledSlots(today: string, timeZone: string): ScheduledSlot[] {
  const slots: ScheduledSlot[] = [];
  for (let day = 0; day < BOOKING_WINDOW_DAYS; day++) {
    const localDate = addDays(today, day);
    const weekday = isoWeekday(localDate);
    for (const [i, doctor] of doctors.entries()) {
      for (const [wd, half] of clinicSessions(i)) {
        if (wd !== weekday) continue;
        const { start, end } = SESSION_MINUTES[half];
        for (let m = start, k = 0; m + SLOT_MINUTES <= end; m += SLOT_MINUTES, k++) {
          const at = zonedInstant(localDate, m, timeZone);
          slots.push({ id: slotId(doctor.id, at), doctor, localDate, start: at, end: zonedInstant(localDate, m + SLOT_MINUTES, timeZone), capacity: capacityAt(i, k) });
        }
      }
    }
  }
  return slots;
}
