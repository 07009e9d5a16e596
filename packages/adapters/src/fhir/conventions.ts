/**
 * How the FHIR reference adapters read what FHIR R4 has no element for: the identifier
 * systems, extensions and code systems they use, in one place. A hospital's FHIR server holds
 * its own data; an integrator either stores these extensions or changes the mapping.
 *
 * | What                          | Where in FHIR R4                                                              |
 * |-------------------------------|-------------------------------------------------------------------------------|
 * | resident ID number            | Patient.identifier, system `urn:oid:2.16.156.10011.1.1` (configurable)        |
 * | hospital card number          | Patient.identifier, system `urn:ihkit:patient-card` (configurable)            |
 * | English names and texts       | the standard translation extension on the string (`_name`, `_text`, …)       |
 * | Traditional Chinese catalog text | the same extension with lang zh-Hant, zh-TW, zh-HK or zh-MO                |
 * | doctor's title                | PractitionerRole.code: a coding of `urn:ihkit:doctor-title`, else GB/T 8561 codes 231–234, else the text (主任医师 …) |
 * | registration fee              | PractitionerRole.extension `urn:ihkit:fhir:registration-fee` (valueMoney)     |
 * | booking idempotency key       | Appointment.identifier, system `urn:ihkit:idempotency-key`                    |
 * | the hospital's appointment number | Appointment.identifier, system `urn:ihkit:appointment-number` (configurable) |
 * | which booking holds a slot    | Slot.extension `urn:ihkit:fhir:slot-claim` (valueString: the key)             |
 * | when an appointment was cancelled | Appointment.extension `urn:ihkit:fhir:cancelled-at` (valueDateTime)       |
 * | drug price, stock, control, route, doses, classes, allergy groups | Medication.extension `urn:ihkit:fhir:drug-*` (see drugs.ts) |
 * | allergy group                 | AllergyIntolerance.code: a coding of `urn:ihkit:allergy-group`                |
 * | practising licence number     | Practitioner.identifier, system `urn:ihkit:practitioner-licence` (configurable) |
 * | licence category and scope    | Practitioner.qualification coded in `urn:ihkit:practice-category`; scope in its extension `urn:ihkit:fhir:practice-scope` |
 * | internet-practice permission, pharmacist qualification | Practitioner.qualification coded `urn:ihkit:practitioner-qualification` `internet-practice` / `pharmacist`, with its period |
 * | doctor or pharmacist          | PractitionerRole.code of `http://terminology.hl7.org/CodeSystem/practitioner-role` (`pharmacist`) (see practitioners.ts) |
 */
import type { CodeableConcept, Extension, FhirMoney, HumanName, PrimitiveElement } from './resources.js';

export const RESIDENT_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
export const PATIENT_CARD_SYSTEM = 'urn:ihkit:patient-card';
export const IDEMPOTENCY_KEY_SYSTEM = 'urn:ihkit:idempotency-key';
/** DocumentReference.identifier of a remote consultation's opinion: the gateway's consultation id. */
export const REMOTE_CONSULTATION_SYSTEM = 'urn:ihkit:remote-consultation';
export const APPOINTMENT_NUMBER_SYSTEM = 'urn:ihkit:appointment-number';
export const DOCTOR_TITLE_SYSTEM = 'urn:ihkit:doctor-title';
export const ALLERGY_GROUP_SYSTEM = 'urn:ihkit:allergy-group';
export const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10';
export const TRANSLATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/translation';
export const PRACTITIONER_LICENCE_SYSTEM = 'urn:ihkit:practitioner-licence';
export const PRACTICE_CATEGORY_SYSTEM = 'urn:ihkit:practice-category';
export const PRACTITIONER_QUALIFICATION_SYSTEM = 'urn:ihkit:practitioner-qualification';
/** HL7's practitioner role codes (doctor, nurse, pharmacist, …). */
export const PRACTITIONER_ROLE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/practitioner-role';

export const EXT = {
  registrationFee: 'urn:ihkit:fhir:registration-fee',
  slotClaim: 'urn:ihkit:fhir:slot-claim',
  cancelledAt: 'urn:ihkit:fhir:cancelled-at',
  drugPrice: 'urn:ihkit:fhir:drug-price',
  drugStock: 'urn:ihkit:fhir:drug-stock',
  drugControl: 'urn:ihkit:fhir:drug-control',
  drugRoute: 'urn:ihkit:fhir:drug-route',
  drugAdultDose: 'urn:ihkit:fhir:drug-adult-dose',
  drugChildDosePerKg: 'urn:ihkit:fhir:drug-child-dose-per-kg',
  drugMinAgeYears: 'urn:ihkit:fhir:drug-min-age-years',
  drugClass: 'urn:ihkit:fhir:drug-class',
  drugAllergyGroup: 'urn:ihkit:fhir:drug-allergy-group',
  practiceScope: 'urn:ihkit:fhir:practice-scope',
  /** A remote consultation opinion's CA signature ({ algorithm, value, certificate } as JSON). */
  caSignature: 'urn:ihkit:fhir:ca-signature',
} as const;

/** A search token value, with FHIR's search escapes for `\ , $ |`. */
export function tokenValue(text: string): string {
  return text.replace(/[\\,$|]/g, (c) => `\\${c}`);
}

export function extensions(on: { extension?: Extension[] } | undefined, url: string): Extension[] {
  return on?.extension?.filter((e) => e.url === url) ?? [];
}

export function extension(on: { extension?: Extension[] } | undefined, url: string): Extension | undefined {
  return on?.extension?.find((e) => e.url === url);
}

/** `on`'s extensions without `url`, plus `add` (when given). */
export function withExtension(on: { extension?: Extension[] }, url: string, add?: Extension): Extension[] | undefined {
  const rest = (on.extension ?? []).filter((e) => e.url !== url);
  const all = add ? [...rest, add] : rest;
  return all.length ? all : undefined;
}

/** The translation of a string into `lang` (a prefix match: `en` finds `en-US`). */
export function translation(element: PrimitiveElement | undefined, lang = 'en'): string | undefined {
  for (const t of extensions(element, TRANSLATION_EXTENSION)) {
    const code = t.extension?.find((x) => x.url === 'lang')?.valueCode;
    const content = t.extension?.find((x) => x.url === 'content')?.valueString;
    if (code && content && code.toLowerCase().startsWith(lang)) return content;
  }
  return undefined;
}

/** Language tags that read as Chinese in Traditional characters. */
const TRADITIONAL_TAGS = ['zh-hant', 'zh-tw', 'zh-hk', 'zh-mo'] as const;

/** The translation of a string into Chinese in Traditional characters (zh-Hant, zh-TW, zh-HK, zh-MO). */
export function translationZhHant(element: PrimitiveElement | undefined): string | undefined {
  for (const tag of TRADITIONAL_TAGS) {
    const t = translation(element, tag);
    if (t) return t;
  }
  return undefined;
}

/** The text of a concept: its `text`, else its first coding's display, else its first code. */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  return concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.find((c) => c.code)?.code;
}

/** The English text of a concept: a translation of its text or of a display. */
export function conceptTextEn(concept: CodeableConcept | undefined): string | undefined {
  if (!concept) return undefined;
  return translation(concept._text) ?? concept.coding?.map((c) => translation(c._display)).find(Boolean);
}

/** The text of a concept in Traditional Chinese: a translation of its text or of a display. */
export function conceptTextZhHant(concept: CodeableConcept | undefined): string | undefined {
  if (!concept) return undefined;
  return translationZhHant(concept._text) ?? concept.coding?.map((c) => translationZhHant(c._display)).find(Boolean);
}

export function codeIn(concept: CodeableConcept | undefined, system: string): string | undefined {
  return concept?.coding?.find((c) => c.system === system && c.code)?.code;
}

/** A person's name as written in Chinese: `text`, else family name then given names, no spaces. */
export function personName(names: HumanName[] | undefined): { name: string; nameEn?: string } {
  const n = names?.find((x) => x.use === 'official') ?? names?.find((x) => x.use !== 'old') ?? names?.[0];
  if (!n) return { name: '' };
  const name = n.text ?? `${n.family ?? ''}${(n.given ?? []).join('')}`;
  const nameEn = translation(n._text);
  return nameEn ? { name, nameEn } : { name };
}

function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2; // an unknown currency
  }
}

/** FHIR Money (a decimal in major units) for an amount in minor units. */
export function fhirMoney(money: { amount: number; currency: string }): FhirMoney {
  return { value: money.amount / 10 ** currencyDigits(money.currency), currency: money.currency };
}

/** Money in minor units (fen): FHIR's decimal `value` times 10^(currency's digits). */
export function minorUnits(money: FhirMoney | undefined, fallbackCurrency: string): { amount: number; currency: string } {
  const currency = money?.currency ?? fallbackCurrency;
  return { amount: Math.max(0, Math.round((money?.value ?? 0) * 10 ** currencyDigits(currency))), currency };
}
