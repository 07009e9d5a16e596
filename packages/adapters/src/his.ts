import type { Allergy, Appointment, AppointmentStatus, Department, Doctor, Drug, EncounterKind, Practitioner, Slot } from '@ihkit/core';
import type { AdapterCallOptions } from './call-options.js';

/** A patient as the hospital's HIS holds them. Only the gateway sees the full ID number. */
export interface HisPatient {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string; // YYYY-MM-DD
  idNumber: string; // resident ID, 18 characters
  cardNo?: string; // the hospital's patient card
  phone?: string;
}

export interface Diagnosis {
  /** ICD-10 code. */
  code: string;
  name: string;
}

/**
 * A visit with the diagnoses made in it. `kind` is `unknown` where the HIS does not say whether
 * it was an outpatient, inpatient or online visit: such a visit never counts as an offline one,
 * so its diagnoses cannot be followed up online.
 */
export interface Encounter {
  id: string;
  patientId: string;
  departmentId: string;
  doctorId: string;
  date: string; // YYYY-MM-DD
  kind: EncounterKind;
  diagnoses: Diagnosis[];
}

export interface SlotQuery {
  doctorId?: string;
  departmentId?: string;
  /** First and last calendar date, inclusive, in the hospital's time zone. */
  from: string;
  to: string;
}

export interface BookRequest {
  slotId: string;
  patientId: string;
  /** The client's Idempotency-Key, scoped by the gateway to the user (e.g. `u_123:key`). */
  idempotencyKey: string;
}

/**
 * Two drugs, or drug classes, that should not be taken together. `a` and `b` each name a drug
 * id or one of a drug's `classes`. `major`: do not combine (the prescription is refused);
 * `moderate`: combine with care (a warning for doctor and pharmacist).
 */
export interface DrugInteraction {
  a: string;
  b: string;
  severity: 'major' | 'moderate';
  /** The effect, for doctor and pharmacist, e.g. 出血风险增加 / increased bleeding risk. */
  note: string;
  noteEn?: string;
}

/**
 * Catalog text the HIS also holds in Traditional Chinese, by field, for readers of zh-TW. The
 * gateway answers them with it in place of the field's text (and converts, with OpenCC, the
 * fields the HIS has none for); other readers never see it.
 */
export interface InTraditional<F extends string> {
  zhHant?: Partial<Record<F, string>>;
}
/** A department, with its name and description in Traditional Chinese where the HIS has them. */
export type HisDepartment = Department & InTraditional<'name' | 'description'>;
/** A doctor, with the specialty in Traditional Chinese where the HIS has it (names are never converted). */
export type HisDoctor = Doctor & InTraditional<'specialty'>;

export type PatientLookup = { idNumber: string } | { cardNo: string } | { patientId: string };

/** What the care team searches patients by: the start of the name, or the last digits of the resident ID number or of the phone on file. */
export type PatientSearch = { name: string } | { digits: string };

/** A guardian the hospital has on file for a patient (a minor's parent, or a guardian a court or committee appointed). */
export interface HisGuardian {
  /** The guardian's own HIS patient id. */
  patientId: string;
  relation: 'parent' | 'appointed';
}

/**
 * What ihkit needs from a hospital information system. Integrators implement it for their
 * HIS (web services, database views, FHIR R4); the demo adapter keeps a fictional hospital in
 * the gateway's own database.
 *
 * Contract for implementers:
 * - `book` is atomic (a slot is never given to more patients than its capacity) and idempotent
 *   (the same idempotencyKey returns the first appointment; the same key with another slot or
 *   patient throws IDEMPOTENCY_KEY_REUSED).
 * - `cancel` is idempotent: cancelling a cancelled appointment returns it unchanged, and frees
 *   its place in the slot exactly once.
 * - `reschedule` (改约) moves a booked appointment to another slot in one atomic step: the new
 *   place is taken and the old one freed together, or neither (SLOT_TAKEN, SLOT_IN_PAST,
 *   SLOT_NOT_FOUND, ALREADY_BOOKED when the patient holds another appointment with the new
 *   slot's doctor that day, NOT_FOUND, INVALID_STATE for one that is not booked). The appointment
 *   keeps its id; its number may change. Moving it to the slot it is in answers it unchanged,
 *   so a retry is harmless.
 * - An appointment's `number` is the hospital's own (registration or visit) number, the same on
 *   every read; left out when the HIS gives none, never filled with an id.
 * - Outcomes the user must hear about are thrown as AdapterError with a code: SLOT_NOT_FOUND,
 *   SLOT_TAKEN, ALREADY_BOOKED (the patient already holds an appointment with the doctor that
 *   day), IDEMPOTENCY_KEY_REUSED, NOT_FOUND. Anything else thrown means "HIS unavailable".
 * - Facts the HIS does not hold are left out or `unknown`, never guessed: a drug's control class
 *   (`unknown` is refused online), a visit's kind (`unknown` is no offline visit), a
 *   practitioner's licence or permission (none: no online practice).
 */
/** A signed remote-consultation opinion as the requesting hospital's HIS records it (recordConsultationOpinion). */
export interface ConsultationOpinionRecord {
  /** The gateway's id of the consultation: the same on every retry. */
  id: string;
  patientId: string;
  /** The HIS id of the doctor who asked for it. */
  requestingDoctorId: string;
  /** The organization that gave it (its name). */
  consultingOrganization: string;
  expert: { name: string; licenceNumber: string };
  question: string;
  opinion: string;
  signedAt: string;
  /** The expert's CA signature over the signed document: algorithm, value (base64), certificate (PEM). */
  signature: { algorithm: string; value: string; certificate: string };
}

export interface HisAdapter {
  readonly name: string;
  /** IANA time zone of the hospital, e.g. Asia/Shanghai; slot dates are in it. */
  readonly timeZone: string;
  listDepartments(options?: AdapterCallOptions): Promise<HisDepartment[]>;
  listDoctors(query?: { departmentId?: string }, options?: AdapterCallOptions): Promise<HisDoctor[]>;
  listSlots(query: SlotQuery, options?: AdapterCallOptions): Promise<Slot[]>;
  getSlot(slotId: string, options?: AdapterCallOptions): Promise<Slot | undefined>;
  book(request: BookRequest, options?: AdapterCallOptions): Promise<Appointment>;
  cancel(appointmentId: string, reason?: string, options?: AdapterCallOptions): Promise<Appointment>;
  /** Moves a booked appointment to another slot atomically (改约); see the contract above. */
  reschedule(appointmentId: string, slotId: string, options?: AdapterCallOptions): Promise<Appointment>;
  getAppointment(appointmentId: string, options?: AdapterCallOptions): Promise<Appointment | undefined>;
  listAppointments(query: { patientIds: string[]; status?: AppointmentStatus }, options?: AdapterCallOptions): Promise<Appointment[]>;
  findPatient(lookup: PatientLookup, options?: AdapterCallOptions): Promise<HisPatient | undefined>;
  /**
   * Patients whose name starts with `name`, or whose resident ID number or phone on file ends in
   * `digits`, at most `limit`, by name. Optional: where the HIS has no such search the care
   * desk finds patients by their full ID or card number only (findPatient).
   */
  searchPatients?(query: PatientSearch, limit: number, options?: AdapterCallOptions): Promise<HisPatient[]>;
  listEncounters(patientId: string, options?: AdapterCallOptions): Promise<Encounter[]>;
  /** Drugs whose name, generic name, English name or pinyin initials contain `text`, best first. */
  searchDrugs(text: string, limit: number, options?: AdapterCallOptions): Promise<Drug[]>;
  /** The drugs with these ids that exist (in any order). */
  getDrugs(ids: string[], options?: AdapterCallOptions): Promise<Drug[]>;
  /** Interactions among these drugs (matching their ids or classes). */
  listInteractions(drugs: Drug[], options?: AdapterCallOptions): Promise<DrugInteraction[]>;
  /** The patient's recorded allergies. */
  listAllergies(patientId: string, options?: AdapterCallOptions): Promise<Allergy[]>;
  /**
   * The hospital's own number for a new prescription (处方号), when the HIS numbers them; called
   * once when the doctor signs. Without this method, or when it answers undefined, the gateway
   * numbers prescriptions per day of the hospital (20261207-0012). Numbers must be unique.
   */
  numberPrescription?(prescription: { id: string; patientId: string; doctorId: string; issuedAt: string }, options?: AdapterCallOptions): Promise<string | undefined>;
  /**
   * Writes a signed remote-consultation opinion (会诊意见) into the patient's record, for the
   * doctor who asked for it. Called after the opinion is signed, again after a failure or a
   * crash: idempotent by `opinion.id` (the same id again answers the first `ref`, writes nothing
   * new). An unknown patient: AdapterError NOT_FOUND; anything else thrown: tried again later.
   * Optional: without it the opinion stays in the gateway, for the requesting doctor to read.
   */
  recordConsultationOpinion?(opinion: ConsultationOpinionRecord, options?: AdapterCallOptions): Promise<{ ref: string }>;

  // ——— Practitioners: who may practise online ———

  /**
   * A doctor or pharmacist by their HIS id (a doctor's is the doctorId of slots and consults;
   * the gateway's staff accounts name theirs): the licence number (执业证书编码; a pharmacist's
   * qualification certificate), practice category and scope, title, departments, and the
   * hospital's permission to practise online with its dates — a doctor's internet-practice
   * permission (互联网诊疗权限), a pharmacist's qualification to review prescriptions (药师资格).
   * The gateway also reads it when a staff member signs in through the identity provider: the
   * name and kind bind the account to the practitioner the token names.
   * Undefined for an id the HIS does not know. Leave out what the HIS does not record, never
   * fill it in: the gateway refuses online practice to anyone without a licence number and a
   * permission holding that day.
   */
  getPractitioner(practitionerId: string, options?: AdapterCallOptions): Promise<Practitioner | undefined>;

  // --- Guardians: who may act for a child (family links) ---
  /**
   * The guardians the hospital has on file for a patient (registered at the child's first visit,
   * from the household register or birth certificate), by their own HIS patient ids; empty when
   * it has none. Only a child's link to a guardian on file becomes active at once; without this
   * method every child's link waits for hospital staff to see the guardian in person. Unknown
   * patient: empty.
   */
  listGuardians?(patientId: string, options?: AdapterCallOptions): Promise<HisGuardian[]>;
}
