/**
 * Appointments over FHIR R4 Appointment resources, as ihkit writes them:
 *
 *   status booked · start/end of the slot · created · slot [Slot/…]
 *   participant: Patient/…, Practitioner/…, PractitionerRole/…, HealthcareService/… (the department)
 *   identifier: urn:ihkit:idempotency-key | the booking's key
 *
 * The hospital's own number of an appointment (registration or visit number) is the value of
 * its identifier in `appointmentNumberSystem`, when the HIS gives it one; none otherwise.
 *   extension: registration-fee (valueMoney, the fee when booked), cancelled-at (valueDateTime)
 *
 * Appointments made elsewhere are read too: a missing doctor, department or fee is taken from
 * the PractitionerRole (or the practitioner's first role). Status: booked, arrived, checked-in,
 * pending, proposed and waitlist read as `booked`; fulfilled as `completed`; noshow as
 * `no_show`; cancelled as `cancelled`; entered-in-error appointments are left out. Appointments
 * without a patient, a slot, a doctor or times are left out.
 */
import type { Appointment, AppointmentStatus } from '@ihkit/core';
import { zonedIso } from '@ihkit/core';
import { practitionerRoles, resolve, roleFacts, type RoleFacts } from './catalog.js';
import { EXT, extension, minorUnits } from './conventions.js';
import { idOf, type FhirAppointment, type FhirAppointmentStatus, type PractitionerRole } from './resources.js';
import type { HisContext } from './context.js';

const STATUS: Readonly<Record<FhirAppointmentStatus, AppointmentStatus | undefined>> = {
  booked: 'booked', arrived: 'booked', 'checked-in': 'booked', pending: 'booked', proposed: 'booked', waitlist: 'booked',
  fulfilled: 'completed', noshow: 'no_show', cancelled: 'cancelled', 'entered-in-error': undefined,
};

/** The FHIR statuses that read as each contract status (for searching by status). */
export function fhirStatuses(status: AppointmentStatus): FhirAppointmentStatus[] {
  return (Object.keys(STATUS) as FhirAppointmentStatus[]).filter((s) => STATUS[s] === status);
}

export function contractStatus(a: FhirAppointment): AppointmentStatus | undefined {
  return a.status && STATUS[a.status];
}

function actor(a: FhirAppointment, type: string): string | undefined {
  return a.participant?.map((p) => idOf(p.actor, type)).find(Boolean);
}

/** The contract shapes of appointments, looking up roles only for those that need them. */
export async function appointmentShapes(list: readonly FhirAppointment[], ctx: HisContext): Promise<Appointment[]> {
  const incomplete = list.filter((a) => !actor(a, 'Practitioner') || !actor(a, 'HealthcareService') || !extension(a, EXT.registrationFee));
  const roles = new Map<string, RoleFacts>();
  if (incomplete.length) {
    const byId = await resolve<PractitionerRole>(ctx.client, 'PractitionerRole', incomplete.flatMap((a) => actor(a, 'PractitionerRole') ?? []));
    for (const [id, role] of byId) {
      const f = roleFacts(role, ctx.currency);
      if (f) roles.set(id, f);
    }
  }
  const needPractitioner = incomplete.filter((a) => !roles.has(actor(a, 'PractitionerRole') ?? '')).flatMap((a) => actor(a, 'Practitioner') ?? []);
  const firstRoles = await practitionerRoles(ctx.client, needPractitioner, ctx.currency);

  const out: Appointment[] = [];
  for (const a of list) {
    const status = contractStatus(a);
    const role = roles.get(actor(a, 'PractitionerRole') ?? '') ?? firstRoles.get(actor(a, 'Practitioner') ?? '');
    const patientId = actor(a, 'Patient');
    const slotId = a.slot?.map((s) => idOf(s, 'Slot')).find(Boolean);
    const doctorId = actor(a, 'Practitioner') ?? role?.doctorId;
    const departmentId = actor(a, 'HealthcareService') ?? role?.departmentId;
    if (!a.id || !status || !patientId || !slotId || !doctorId || !departmentId || !a.start || !a.end) continue;
    const feeExt = extension(a, EXT.registrationFee)?.valueMoney;
    const created = a.created ?? a.meta?.lastUpdated;
    const cancelledAt = extension(a, EXT.cancelledAt)?.valueDateTime;
    const number = a.identifier?.find((i) => i.system === ctx.appointmentNumberSystem)?.value;
    out.push({
      id: a.id, patientId, slotId, doctorId, departmentId,
      start: zonedIso(new Date(a.start), ctx.timeZone), end: zonedIso(new Date(a.end), ctx.timeZone),
      status, fee: feeExt ? minorUnits(feeExt, ctx.currency) : role?.fee ?? { amount: 0, currency: ctx.currency },
      createdAt: zonedIso(created ? new Date(created) : new Date(0), ctx.timeZone),
      ...(status === 'cancelled' && cancelledAt ? { cancelledAt: zonedIso(new Date(cancelledAt), ctx.timeZone) } : {}),
      ...(number ? { number } : {}),
    });
  }
  return out;
}

export async function getAppointment(id: string, ctx: HisContext): Promise<Appointment | undefined> {
  const a = await ctx.client.read<FhirAppointment>('Appointment', id);
  return a ? (await appointmentShapes([a], ctx))[0] : undefined;
}

/** The patients' appointments, soonest first. */
export async function listAppointments(q: { patientIds: string[]; status?: AppointmentStatus }, ctx: HisContext): Promise<Appointment[]> {
  if (!q.patientIds.length) return [];
  const found: FhirAppointment[] = [];
  for (let i = 0; i < q.patientIds.length; i += 50) {
    const chunk = q.patientIds.slice(i, i + 50);
    const { resources } = await ctx.client.search<FhirAppointment>('Appointment', {
      patient: chunk.map((id) => `Patient/${id}`).join(','),
      ...(q.status ? { status: fhirStatuses(q.status).join(',') } : {}),
      _count: 200,
    }, { limit: 5000 });
    found.push(...resources);
  }
  const wanted = new Set(q.patientIds);
  const shapes = (await appointmentShapes(found, ctx)).filter((a) => wanted.has(a.patientId) && (!q.status || a.status === q.status));
  return shapes.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
}
