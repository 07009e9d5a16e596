/**
 * FHIR R4 reference adapters: a HisAdapter and a LisAdapter over any FHIR R4 server, and the
 * small REST client they share. The mapping of each contract shape is documented in the
 * module that makes it (catalog, slots, appointments, booking, patients, drugs, lab);
 * extensions and identifier systems in conventions.
 */
export { createFhirClient, FhirError, isFhirError, isVersionConflict, type FhirClient, type FhirClientOptions, type FhirErrorKind, type SearchOptions, type SearchParams, type SearchResult, type TokenSource } from './client.js';
export {
  ALLERGY_GROUP_SYSTEM, APPOINTMENT_NUMBER_SYSTEM, DOCTOR_TITLE_SYSTEM, EXT as FHIR_EXTENSIONS, ICD10_SYSTEM, IDEMPOTENCY_KEY_SYSTEM, PATIENT_CARD_SYSTEM, PRACTICE_CATEGORY_SYSTEM,
  PRACTITIONER_LICENCE_SYSTEM, PRACTITIONER_QUALIFICATION_SYSTEM, PRACTITIONER_ROLE_SYSTEM, RESIDENT_ID_SYSTEM, TRANSLATION_EXTENSION,
} from './conventions.js';
export { createFhirHis, type FhirHis, type FhirHisOptions } from './his.js';
export { createFhirLis, type FhirLis, type FhirLisOptions } from './lis.js';
export { CARE_PLAN_ID_SYSTEM, careCode, GLUCOSE_MG_DL_PER_MMOL_L, LOINC, toFhirCarePlan, toFhirObservations } from './care.js';
export { ORDINAL_VALUE_EXTENSION, QUESTIONNAIRE_RESPONSE_ID_SYSTEM, toFhirQuestionnaire, toFhirQuestionnaireResponse, toFhirScoreObservation } from './questionnaires.js';
export type { IdentifierSystems } from './patients.js';
export type * as Fhir from './resources.js';
