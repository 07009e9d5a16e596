/**
 * Booking and cancelling over FHIR R4, atomic with nothing but versioned updates.
 *
 * Booking claims the Slot first: a PUT of the Slot as `busy` with `If-Match` on the version
 * just read, carrying the booking's idempotency key in a slot-claim extension. Of any number
 * of bookings racing for one slot the server lets exactly one update through and answers the
 * others 412, which become SLOT_TAKEN. Only the winner then creates the Appointment, with
 * `If-None-Exist` on its idempotency-key identifier. If that create fails, the claim is
 * released (after checking the appointment really is not there); if the process dies between
 * the two steps, the slot stays claimed by the key and a retry with the same key finishes the
 * booking.
 *
 * Why not a transaction Bundle (Slot PUT + Appointment POST): FHIR does not say in which order
 * a transaction's entries run or that a failed If-Match rolls the others back on every server;
 * Medplum's in-memory repository, for one, runs creates before updates and rolls nothing back.
 * A versioned update is atomic on every FHIR server that supports versioning.
 *
 * Rescheduling claims the new Slot the same way (with the appointment's own key), then moves
 * the Appointment with If-Match, then frees the old Slot: a move that loses either race gives
 * its new claim back, so the patient holds one place before and after, never two or none.
 *
 * Known limits: ALREADY_BOOKED (one appointment per patient, doctor and day) is checked by a
 * search before the claim, so two bookings of different slots of one doctor by one patient at
 * the same instant can both pass. The same idempotency key sent twice at the same instant is
 * answered with one appointment as long as the server's conditional create is atomic.
 */
import { localDate, type Appointment } from '@ihkit/core';
import { AdapterError, isAdapterError } from '../errors.js';
import type { BookRequest } from '../his.js';
import { appointmentShapes, contractStatus } from './appointments.js';
import type { RoleFacts } from './catalog.js';
import { isVersionConflict } from './client.js';
import { EXT, extension, fhirMoney, IDEMPOTENCY_KEY_SYSTEM, tokenValue, withExtension } from './conventions.js';
import { idOf, type FhirAppointment, type FhirSlot, type Patient } from './resources.js';
import type { HisContext } from './context.js';
import { dayRange, readSlot } from './slots.js';

const keyParams = (key: string) => ({ identifier: `${IDEMPOTENCY_KEY_SYSTEM}|${tokenValue(key)}` });

async function findByKey(key: string, ctx: HisContext): Promise<FhirAppointment | undefined> {
  // POST _search: keys carry user ids; keep them out of URLs like every identifier search.
  const { resources } = await ctx.client.search<FhirAppointment>('Appointment', keyParams(key), { post: true, limit: 10 });
  // Token search may ignore case; the key must match exactly.
  return resources.find((a) => a.identifier?.some((i) => i.system === IDEMPOTENCY_KEY_SYSTEM && i.value === key));
}

async function shape(a: FhirAppointment, ctx: HisContext): Promise<Appointment> {
  const [shaped] = await appointmentShapes([a], ctx);
  if (!shaped) throw new Error('The FHIR server returned an appointment that cannot be read');
  return shaped;
}

/** The appointment this key already made; IDEMPOTENCY_KEY_REUSED if it was for another slot or patient. */
async function replay(req: BookRequest, ctx: HisContext): Promise<Appointment | undefined> {
  const first = await findByKey(req.idempotencyKey, ctx);
  if (!first) return undefined;
  const slotId = first.slot?.map((s) => idOf(s, 'Slot')).find(Boolean);
  const patientId = first.participant?.map((p) => idOf(p.actor, 'Patient')).find(Boolean);
  if (slotId !== req.slotId || patientId !== req.patientId) {
    throw new AdapterError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for another booking');
  }
  return shape(first, ctx);
}

const claimOf = (slot: FhirSlot) => extension(slot, EXT.slotClaim)?.valueString;
const slotTaken = () => new AdapterError('SLOT_TAKEN', 'The slot has no places left');

async function ensureNotBookedThatDay(patientId: string, doctorId: string, slotStart: string, ctx: HisContext, except?: string): Promise<void> {
  const day = localDate(new Date(slotStart), ctx.timeZone);
  const { start, end } = dayRange(day, day, ctx.timeZone);
  const { resources } = await ctx.client.search<FhirAppointment>('Appointment', {
    actor: [`Patient/${patientId}`, `Practitioner/${doctorId}`],
    date: [`ge${start.toISOString()}`, `lt${end.toISOString()}`],
    _count: 50,
  }, { limit: 200 });
  const held = resources.some((a) => a.id !== except && contractStatus(a) === 'booked' && a.start && Date.parse(a.start) >= start.getTime() && Date.parse(a.start) < end.getTime()
    && a.participant?.some((p) => idOf(p.actor, 'Patient') === patientId) && a.participant?.some((p) => idOf(p.actor, 'Practitioner') === doctorId));
  if (held) throw new AdapterError('ALREADY_BOOKED', 'The patient already holds an appointment with this doctor on that day');
}

/** What an appointment in `slot` says of it: its times, the slot, who takes part, the fee. */
function inSlot(patientId: string, slot: FhirSlot, owner: RoleFacts): Pick<FhirAppointment, 'start' | 'end' | 'slot' | 'participant'> & { registrationFee: { url: string; valueMoney: ReturnType<typeof fhirMoney> } } {
  return {
    start: slot.start!,
    end: slot.end!,
    slot: [{ reference: `Slot/${slot.id}` }],
    participant: [
      { actor: { reference: `Patient/${patientId}` }, status: 'accepted', required: 'required' },
      { actor: { reference: `Practitioner/${owner.doctorId}` }, status: 'accepted', required: 'required' },
      { actor: { reference: `PractitionerRole/${owner.roleId}` }, status: 'accepted', required: 'information-only' },
      { actor: { reference: `HealthcareService/${owner.departmentId}` }, status: 'accepted', required: 'information-only' },
    ],
    registrationFee: { url: EXT.registrationFee, valueMoney: fhirMoney(owner.fee) },
  };
}

/** Creates the appointment for a slot this key has claimed. */
async function record(req: BookRequest, slot: FhirSlot, owner: RoleFacts, ctx: HisContext): Promise<Appointment> {
  const { registrationFee, ...place } = inSlot(req.patientId, slot, owner);
  const appointment: FhirAppointment = {
    resourceType: 'Appointment',
    identifier: [{ system: IDEMPOTENCY_KEY_SYSTEM, value: req.idempotencyKey }],
    status: 'booked',
    ...place,
    created: ctx.now().toISOString(),
    extension: [registrationFee],
  };
  const { resource } = await ctx.client.create(appointment, { ifNoneExist: keyParams(req.idempotencyKey) });
  const slotId = resource.slot?.map((s) => idOf(s, 'Slot')).find(Boolean);
  const patientId = resource.participant?.map((p) => idOf(p.actor, 'Patient')).find(Boolean);
  if (slotId !== req.slotId || patientId !== req.patientId) {
    throw new AdapterError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for another booking');
  }
  return shape(resource, ctx);
}

/** Frees a slot that `key` claimed; leaves it alone if someone else holds it now. */
async function release(slotId: string, key: string, ctx: HisContext): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await ctx.client.read<FhirSlot>('Slot', slotId);
    if (!current?.id || current.status !== 'busy' || (claimOf(current) !== undefined && claimOf(current) !== key)) return;
    try {
      await ctx.client.update({ ...current, id: current.id, status: 'free', extension: withExtension(current, EXT.slotClaim) }, { ifMatch: current.meta?.versionId });
      return;
    } catch (e) {
      if (!isVersionConflict(e)) throw e;
    }
  }
}

/** Another request with this key holds the slot: wait briefly for its appointment. */
async function awaitOwnBooking(req: BookRequest, ctx: HisContext): Promise<Appointment | undefined> {
  for (let i = 0; i < 5; i++) {
    const done = await replay(req, ctx);
    if (done) return done;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

export async function book(req: BookRequest, ctx: HisContext): Promise<Appointment> {
  const replayed = await replay(req, ctx);
  if (replayed) return replayed;
  const found = await readSlot(req.slotId, ctx);
  if (!found) throw new AdapterError('SLOT_NOT_FOUND', 'No such slot');
  const { slot, owner } = found;
  if (!slot.start || !slot.end) throw new AdapterError('SLOT_NOT_FOUND', 'The slot has no times');
  if (Date.parse(slot.start) <= ctx.now().getTime()) throw new AdapterError('SLOT_IN_PAST', 'The slot has already begun');
  if (!(await ctx.client.read<Patient>('Patient', req.patientId))) throw new AdapterError('PATIENT_NOT_FOUND', 'No such patient');

  if (slot.status !== 'free') {
    // A booking with this key claimed the slot and did not finish (or is finishing now).
    if (slot.status === 'busy' && claimOf(slot) === req.idempotencyKey) return (await awaitOwnBooking(req, ctx)) ?? record(req, slot, owner, ctx);
    throw slotTaken();
  }
  await ensureNotBookedThatDay(req.patientId, owner.doctorId, slot.start, ctx);

  let claimed: FhirSlot;
  try {
    claimed = await claimSlot(slot, req.idempotencyKey, ctx);
  } catch (e) {
    if (!isVersionConflict(e)) throw e;
    // Someone changed the slot first. If it was a request with this same key, its appointment is the answer.
    const now = await ctx.client.read<FhirSlot>('Slot', req.slotId);
    if (now && claimOf(now) === req.idempotencyKey) {
      const own = await awaitOwnBooking(req, ctx);
      if (own) return own;
    }
    throw slotTaken();
  }

  try {
    return await record(req, claimed, owner, ctx);
  } catch (e) {
    // Free the slot only when the appointment is surely not there: a create whose answer was
    // lost may have succeeded. If that cannot be told, the claim stays for a retry to finish.
    let made: Appointment | undefined;
    try {
      made = await replay(req, ctx);
    } catch (again) {
      if (!isAdapterError(again)) throw e;
    }
    if (made) return made;
    await release(req.slotId, req.idempotencyKey, ctx).catch(() => undefined);
    throw e;
  }
}

/** Marks a free slot busy for `key`, with If-Match on the version read: of racing claims one gets through (the others: a version conflict). */
function claimSlot(slot: FhirSlot, key: string, ctx: HisContext): Promise<FhirSlot> {
  const version = slot.meta?.versionId;
  if (!version) throw new Error('The FHIR server does not version Slots; booking needs If-Match');
  return ctx.client.update({ ...slot, id: slot.id!, status: 'busy', extension: withExtension(slot, EXT.slotClaim, { url: EXT.slotClaim, valueString: key }) }, { ifMatch: version });
}

const slotOf = (a: FhirAppointment) => a.slot?.map((s) => idOf(s, 'Slot')).find(Boolean);
const keyOf = (a: FhirAppointment) => a.identifier?.find((i) => i.system === IDEMPOTENCY_KEY_SYSTEM)?.value ?? '';

/** Moves a booked appointment to another slot (see the module's comment); the slot it is in answers it unchanged. */
export async function reschedule(appointmentId: string, slotId: string, ctx: HisContext): Promise<Appointment> {
  const a = await ctx.client.read<FhirAppointment>('Appointment', appointmentId);
  if (!a?.id || a.status === 'entered-in-error') throw new AdapterError('NOT_FOUND', 'No such appointment');
  const from = slotOf(a);
  if (from === slotId) return shape(a, ctx);
  const status = contractStatus(a);
  if (status !== 'booked') throw new AdapterError('INVALID_STATE', `The appointment is ${status}`);
  const found = await readSlot(slotId, ctx);
  if (!found?.slot.start || !found.slot.end) throw new AdapterError('SLOT_NOT_FOUND', 'No such slot');
  const { slot, owner } = found;
  if (Date.parse(slot.start!) <= ctx.now().getTime()) throw new AdapterError('SLOT_IN_PAST', 'The slot has already begun');
  if (slot.status !== 'free') throw slotTaken();
  const patientId = a.participant?.map((p) => idOf(p.actor, 'Patient')).find(Boolean);
  if (!patientId) throw new Error('The FHIR server returned an appointment without a patient');
  await ensureNotBookedThatDay(patientId, owner.doctorId, slot.start!, ctx, a.id);
  const key = keyOf(a);
  try {
    await claimSlot(slot, key, ctx);
  } catch (e) {
    if (isVersionConflict(e)) throw slotTaken();
    throw e;
  }
  let moved: FhirAppointment;
  try {
    const { registrationFee, ...place } = inSlot(patientId, slot, owner);
    moved = await ctx.client.update({ ...a, id: a.id, ...place, extension: withExtension(a, EXT.registrationFee, registrationFee) }, { ifMatch: a.meta?.versionId });
  } catch (e) {
    // The appointment changed meanwhile (cancelled, moved by another request): the new place goes back.
    await release(slotId, key, ctx).catch(() => undefined);
    if (isVersionConflict(e)) throw new AdapterError('INVALID_STATE', 'The appointment changed while it was being moved; read it again');
    throw e;
  }
  if (from) await release(from, key, ctx);
  return shape(moved, ctx);
}

/** Cancels a booked appointment and frees its slot; a cancelled one is returned unchanged. */
export async function cancel(appointmentId: string, reason: string | undefined, ctx: HisContext): Promise<Appointment> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const a = await ctx.client.read<FhirAppointment>('Appointment', appointmentId);
    if (!a?.id || a.status === 'entered-in-error') throw new AdapterError('NOT_FOUND', 'No such appointment');
    const status = contractStatus(a);
    if (status === 'cancelled') return shape(a, ctx);
    if (status !== 'booked') throw new AdapterError('CANCEL_TOO_LATE', `The appointment is ${status}`);
    let cancelled: FhirAppointment;
    try {
      // If-Match: of concurrent cancels exactly one gets through, and only it frees the slot.
      cancelled = await ctx.client.update({
        ...a, id: a.id, status: 'cancelled',
        ...(reason ? { cancelationReason: { text: reason } } : {}),
        extension: withExtension(a, EXT.cancelledAt, { url: EXT.cancelledAt, valueDateTime: ctx.now().toISOString() }),
      }, { ifMatch: a.meta?.versionId });
    } catch (e) {
      if (isVersionConflict(e)) continue;
      throw e;
    }
    const slotId = slotOf(a);
    if (slotId) await release(slotId, keyOf(a), ctx);
    return shape(cancelled, ctx);
  }
  throw new Error('The appointment kept changing while it was being cancelled');
}
