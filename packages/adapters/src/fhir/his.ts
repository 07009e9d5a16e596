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
import { createFhirClient, type FhirClient, type FhirClientOptions } from './client.js';
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

  return {
    name: 'fhir',
    timeZone: ctx.timeZone,
    client,
    listDepartments: () => listDepartments(client),
    listDoctors: (query = {}) => listDoctors(client, ctx.currency, query.departmentId),
    listSlots: (query) => listSlots(query, ctx),
    getSlot: (slotId) => getSlot(slotId, ctx),
    book: (request) => book(request, ctx),
    cancel: (appointmentId, reason) => cancel(appointmentId, reason, ctx),
    reschedule: (appointmentId, slotId) => reschedule(appointmentId, slotId, ctx),
    getAppointment: (appointmentId) => getAppointment(appointmentId, ctx),
    listAppointments: (query) => listAppointments(query, ctx),
    findPatient: (lookup) => findPatient(lookup, systems, ctx),
    searchPatients: (query, limit) => searchPatients(query, limit, systems, ctx),
    listEncounters: (patientId) => listEncounters(patientId, ctx),
    searchDrugs: drugs.searchDrugs,
    getDrugs: drugs.getDrugs,
    listInteractions: drugs.listInteractions,
    listAllergies: (patientId) => listAllergies(patientId, ctx),
    getPractitioner: (practitionerId) => getPractitioner(practitionerId, { licence: options.practitionerLicenceSystem ?? PRACTITIONER_LICENCE_SYSTEM }, ctx),
    recordConsultationOpinion: (opinion) => recordConsultationOpinion(opinion, ctx),
  };
}
