/**
 * A HisAdapter over a FHIR R4 server. What maps to what:
 *
 * | HisAdapter          | FHIR R4                                                                 |
 * |---------------------|-------------------------------------------------------------------------|
 * | departments         | HealthcareService (catalog.ts)                                          |
 * | doctors             | Practitioner + PractitionerRole (department, title, specialty, fee)     |
 * | slots               | Slot, owned through Schedule.actor (slots.ts); one place per Slot       |
 * | book / cancel       | Slot claimed with If-Match, Appointment by conditional create (booking.ts) |
 * | reschedule          | new Slot claimed with If-Match, Appointment moved with If-Match, old Slot freed (booking.ts) |
 * | appointments        | Appointment (appointments.ts); the hospital's number from its identifier |
 * | patients, visits, allergies | Patient, Encounter + Condition, AllergyIntolerance (patients.ts) |
 * | drugs               | Medication (drugs.ts)                                                   |
 * | drug interactions   | none in FHIR R4 that HIS fill; from the `interactions` option           |
 * | practitioners       | Practitioner (licence, qualifications) + PractitionerRole (practitioners.ts) |
 * | consultation opinions | DocumentReference, created once per consultation (opinions.ts)        |
 *
 * Extensions and identifier systems: conventions.ts.
 */
import type { HisAdapter } from '../his.js';
import { getAppointment, listAppointments } from './appointments.js';
import { book, cancel, reschedule } from './booking.js';
import { listDepartments, listDoctors } from './catalog.js';
import type { AdapterCallOptions } from '../call-options.js';
import { createFhirClient, withSignal, type FhirClient, type FhirClientOptions } from './client.js';
import { APPOINTMENT_NUMBER_SYSTEM, PATIENT_CARD_SYSTEM, PRACTITIONER_LICENCE_SYSTEM, RESIDENT_ID_SYSTEM } from './conventions.js';
import { drugCatalog, type DrugCatalogOptions } from './drugs.js';
import { findPatient, searchPatients, listAllergies, listEncounters, type IdentifierSystems } from './patients.js';
import type { HisContext } from './context.js';
import { recordConsultationOpinion } from './opinions.js';
import { getPractitioner } from './practitioners.js';
import { getSlot, listSlots } from './slots.js';

export interface FhirHisOptions extends FhirClientOptions, DrugCatalogOptions {
  /** IANA time zone of the hospital (default Asia/Shanghai): slot dates and encounter dates are in it. */
  timeZone?: string;
  /** Currency of fees and prices without one (default CNY). */
  currency?: string;
  /** Patient.identifier systems (defaults in conventions.ts). */
  identifierSystems?: Partial<IdentifierSystems>;
  /**
   * Appointment.identifier system under which the HIS keeps its own number of an appointment
   * (registration or visit number), shown to patients (default urn:ihkit:appointment-number).
   */
  appointmentNumberSystem?: string;
  /** Practitioner.identifier system of practising licence numbers (default urn:ihkit:practitioner-licence). */
  practitionerLicenceSystem?: string;
  /** The clock: refuses slots that have begun, stamps created and cancelled-at. */
  now?: () => Date;
  /** A client to use instead of making one from the options (tests, shared connection settings). */
  client?: FhirClient;
}

export interface FhirHis extends HisAdapter {
  readonly name: 'fhir';
  readonly client: FhirClient;
}

/** A HisAdapter over the FHIR R4 server at `baseUrl`. */
export function createFhirHis(options: FhirHisOptions): FhirHis {
  const client = options.client ?? createFhirClient(options);
  const ctx: HisContext = {
    client, timeZone: options.timeZone ?? 'Asia/Shanghai', currency: options.currency ?? 'CNY', now: options.now ?? (() => new Date()),
    appointmentNumberSystem: options.appointmentNumberSystem ?? APPOINTMENT_NUMBER_SYSTEM,
  };
  const systems: IdentifierSystems = { residentId: RESIDENT_ID_SYSTEM, card: PATIENT_CARD_SYSTEM, ...options.identifierSystems };
  const drugs = drugCatalog(ctx, options);
  /** The context whose client carries the call's signal: a call given up on stops its requests. */
  const at = (o?: AdapterCallOptions): HisContext => (o?.signal ? { ...ctx, client: withSignal(client, o.signal) } : ctx);

  return {
    name: 'fhir',
    timeZone: ctx.timeZone,
    client,
    listDepartments: (o) => listDepartments(at(o).client),
    listDoctors: (query = {}, o) => listDoctors(at(o).client, ctx.currency, query.departmentId),
    listSlots: (query, o) => listSlots(query, at(o)),
    getSlot: (slotId, o) => getSlot(slotId, at(o)),
    book: (request, o) => book(request, at(o)),
    cancel: (appointmentId, reason, o) => cancel(appointmentId, reason, at(o)),
    reschedule: (appointmentId, slotId, o) => reschedule(appointmentId, slotId, at(o)),
    getAppointment: (appointmentId, o) => getAppointment(appointmentId, at(o)),
    listAppointments: (query, o) => listAppointments(query, at(o)),
    findPatient: (lookup, o) => findPatient(lookup, systems, at(o)),
    searchPatients: (query, limit, o) => searchPatients(query, limit, systems, at(o)),
    listEncounters: (patientId, o) => listEncounters(patientId, at(o)),
    // The catalog is loaded once and shared by every caller: no one caller's signal cancels it.
    searchDrugs: drugs.searchDrugs,
    getDrugs: drugs.getDrugs,
    listInteractions: drugs.listInteractions,
    listAllergies: (patientId, o) => listAllergies(patientId, at(o)),
    getPractitioner: (practitionerId, o) => getPractitioner(practitionerId, { licence: options.practitionerLicenceSystem ?? PRACTITIONER_LICENCE_SYSTEM }, at(o)),
    recordConsultationOpinion: (opinion, o) => recordConsultationOpinion(opinion, at(o)),
  };
}
