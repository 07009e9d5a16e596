import type { Slot } from './types.js';

/** What a patient can do with a slot, the one rule both the gateway and the widgets apply. */
export type SlotState = 'available' | 'full' | 'past';

export function slotState(slot: Pick<Slot, 'start' | 'available'>, now: Date = new Date()): SlotState {
  if (Date.parse(slot.start) <= now.getTime()) return 'past';
  return slot.available > 0 ? 'available' : 'full';
}

/** A calendar date (YYYY-MM-DD) in the given IANA time zone. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
