/** Slots for rescheduling tests: pairs of free slots of one doctor on one day, far enough ahead to move. */
import type { Slot } from '@ihkit/core';
import { bookableSlots, crowd, type TestGateway } from './gateway.js';

export interface SlotPairs {
  /** Pairs of free slots of one doctor on one day, two days or more ahead, each slot in one pair only. */
  pairs: Array<[Slot, Slot]>;
  /** Every such slot with a fee. */
  all: Slot[];
  /** The ids of the slots in the pairs. */
  used: Set<string>;
}

export async function slotPairs(gw: TestGateway): Promise<SlotPairs> {
  const all = (await bookableSlots(gw, (await crowd(gw, 1))[0]!.token)).filter((s) => Date.parse(s.start) > gw.clock.ms + 48 * 3600_000 && s.fee.amount > 0);
  const used = new Set<string>();
  const pairs: Array<[Slot, Slot]> = [];
  for (const s of all) {
    if (used.has(s.id)) continue;
    const other = all.find((o) => o.id !== s.id && !used.has(o.id) && o.doctorId === s.doctorId && o.start.slice(0, 10) === s.start.slice(0, 10));
    if (!other) continue;
    used.add(s.id).add(other.id);
    pairs.push([s, other]);
  }
  return { pairs, all, used };
}
