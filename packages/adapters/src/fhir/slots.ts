/**
 * Slots over FHIR R4 Slot resources. A FHIR Slot is one place: `free` is capacity 1 with 1
 * available, `busy` and `busy-tentative` are capacity 1 with none available,
 * `busy-unavailable` (the doctor is not working) is capacity 0, and `entered-in-error` slots do
 * not exist. Dates are local dates in the hospital's time zone.
 */
import { addDays, zonedInstant, zonedIso, type Slot } from '@ihkit/core';
import { AdapterError } from '../errors.js';
import type { SlotQuery } from '../his.js';
import { scheduleOwner, scheduleOwners, type RoleFacts } from './catalog.js';
import type { HisContext } from './context.js';
import { idOf, type FhirSlot } from './resources.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function slotShape(s: FhirSlot, owner: RoleFacts, timeZone: string): Slot | undefined {
  if (!s.id || !s.start || !s.end || s.status === 'entered-in-error') return undefined;
  const capacity = s.status === 'busy-unavailable' ? 0 : 1;
  return {
    id: s.id, doctorId: owner.doctorId, departmentId: owner.departmentId,
    start: zonedIso(new Date(s.start), timeZone), end: zonedIso(new Date(s.end), timeZone),
    capacity, available: s.status === 'free' ? 1 : 0, fee: owner.fee,
  };
}

/** The first instant of `from` and the first instant after `to`, in the zone. */
export function dayRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: zonedInstant(from, 0, timeZone), end: zonedInstant(addDays(to, 1), 0, timeZone) };
}

export async function listSlots(q: SlotQuery, ctx: HisContext): Promise<Slot[]> {
  if (!DATE.test(q.from) || !DATE.test(q.to)) throw new AdapterError('VALIDATION_FAILED', '`from` and `to` must be dates (YYYY-MM-DD)');
  if (q.from > q.to) throw new AdapterError('VALIDATION_FAILED', '`from` is after `to`');
  const owners = await scheduleOwners(ctx.client, ctx.currency);
  const wanted = [...owners].filter(([, o]) => (!q.doctorId || o.doctorId === q.doctorId) && (!q.departmentId || o.departmentId === q.departmentId));
  if (!wanted.length) return [];
  const { start, end } = dayRange(q.from, q.to, ctx.timeZone);
  const filtered = Boolean(q.doctorId || q.departmentId);
  const { resources } = await ctx.client.search<FhirSlot>('Slot', {
    start: [`ge${start.toISOString()}`, `lt${end.toISOString()}`],
    ...(filtered ? { schedule: wanted.map(([id]) => `Schedule/${id}`).join(',') } : {}),
    _sort: 'start',
    _count: 500,
  }, { limit: 20_000 });
  const keep = new Map(wanted);
  const slots: Slot[] = [];
  for (const s of resources) {
    const owner = keep.get(idOf(s.schedule, 'Schedule') ?? '');
    const at = s.start ? Date.parse(s.start) : NaN;
    // The server's date search is trusted only as a prefilter: check the range here too.
    if (!owner || !(at >= start.getTime() && at < end.getTime())) continue;
    const slot = slotShape(s, owner, ctx.timeZone);
    if (slot) slots.push(slot);
  }
  return slots.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.doctorId.localeCompare(b.doctorId) || a.id.localeCompare(b.id));
}

/** A Slot and its owner, as read now (with its version, for an If-Match). */
export async function readSlot(slotId: string, ctx: HisContext): Promise<{ slot: FhirSlot; owner: RoleFacts } | undefined> {
  const slot = await ctx.client.read<FhirSlot>('Slot', slotId);
  const scheduleId = idOf(slot?.schedule, 'Schedule');
  if (!slot || !scheduleId || slot.status === 'entered-in-error') return undefined;
  const owner = await scheduleOwner(ctx.client, scheduleId, ctx.currency);
  return owner && { slot, owner };
}

export async function getSlot(slotId: string, ctx: HisContext): Promise<Slot | undefined> {
  const found = await readSlot(slotId, ctx);
  return found && slotShape(found.slot, found.owner, ctx.timeZone);
}
