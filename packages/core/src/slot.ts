import type { Slot } from './types.js';

/** What a patient can do with a slot, the one rule both the gateway and the widgets apply. */
export type SlotState = 'available' | 'full' | 'past';

export function slotState(slot: Pick<Slot, 'start' | 'available'>, now: Date = new Date()): SlotState {
  if (Date.parse(slot.start) <= now.getTime()) return 'past';
  return slot.available > 0 ? 'available' : 'full';
}
