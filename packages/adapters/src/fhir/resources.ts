/**
 * The part of FHIR R4 the reference adapters read and write, typed loosely: only the elements
 * they use, every one optional as a server may leave it out. Not a full FHIR model.
 */

export interface Meta { versionId?: string; lastUpdated?: string; profile?: string[] }

export interface Extension {
  url: string;
  extension?: Extension[];
  valueString?: string;
  valueCode?: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueBoolean?: boolean;
  valueDateTime?: string;
  valueMoney?: FhirMoney;
  valueCodeableConcept?: CodeableConcept;
}

/** The `_name`-style sibling of a primitive: its extensions (translations). */
export interface PrimitiveElement { extension?: Extension[] }

export interface Coding { system?: string; code?: string; display?: string; _display?: PrimitiveElement }
export interface CodeableConcept { coding?: Coding[]; text?: string; _text?: PrimitiveElement }
export interface Reference { reference?: string; display?: string }
export interface Identifier { system?: string; value?: string; use?: string; type?: CodeableConcept }
export interface Period { start?: string; end?: string }
export interface Quantity { value?: number; unit?: string; code?: string; system?: string; comparator?: string }
export interface Ratio { numerator?: Quantity; denominator?: Quantity }
export interface FhirMoney { value?: number; currency?: string }
export interface HumanName { use?: string; text?: string; _text?: PrimitiveElement; family?: string; given?: string[] }
export interface ContactPoint { system?: string; value?: string; use?: string }

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  extension?: Extension[];
}

export interface OperationOutcomeIssue { severity?: string; code?: string; details?: CodeableConcept; diagnostics?: string }
export interface OperationOutcome extends Resource { resourceType: 'OperationOutcome'; issue?: OperationOutcomeIssue[] }

export interface BundleEntry<T extends Resource = Resource> {
  fullUrl?: string;
  resource?: T;
  search?: { mode?: 'match' | 'include' | 'outcome' };
  request?: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; ifNoneExist?: string; ifMatch?: string };
  response?: { status?: string; location?: string; etag?: string; outcome?: OperationOutcome };
}

export interface Bundle<T extends Resource = Resource> extends Resource {
  resourceType: 'Bundle';
  type?: 'searchset' | 'transaction' | 'transaction-response' | 'batch' | 'batch-response' | 'collection' | 'history';
  total?: number;
  link?: Array<{ relation?: string; url?: string }>;
  entry?: Array<BundleEntry<T>>;
}

export interface HealthcareService extends Resource {
  resourceType: 'HealthcareService';
  active?: boolean;
  name?: string;
  _name?: PrimitiveElement;
  comment?: string;
  _comment?: PrimitiveElement;
  providedBy?: Reference;
}

export interface Practitioner extends Resource {
  resourceType: 'Practitioner';
  active?: boolean;
  name?: HumanName[];
  identifier?: Identifier[];
  qualification?: Array<{ identifier?: Identifier[]; code?: CodeableConcept; period?: Period; issuer?: Reference; extension?: Extension[] }>;
}

export interface PractitionerRole extends Resource {
  resourceType: 'PractitionerRole';
  active?: boolean;
  practitioner?: Reference;
  healthcareService?: Reference[];
  code?: CodeableConcept[];
  specialty?: CodeableConcept[];
}

export interface Schedule extends Resource {
  resourceType: 'Schedule';
  active?: boolean;
  actor?: Reference[];
}

export type SlotStatus = 'busy' | 'free' | 'busy-unavailable' | 'busy-tentative' | 'entered-in-error';
export interface FhirSlot extends Resource {
  resourceType: 'Slot';
  schedule?: Reference;
  status?: SlotStatus;
  start?: string;
  end?: string;
}

export type FhirAppointmentStatus = 'proposed' | 'pending' | 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow' | 'entered-in-error' | 'checked-in' | 'waitlist';
export interface FhirAppointment extends Resource {
  resourceType: 'Appointment';
  identifier?: Identifier[];
  status?: FhirAppointmentStatus;
  cancelationReason?: CodeableConcept;
  start?: string;
  end?: string;
  created?: string;
  slot?: Reference[];
  participant?: Array<{ actor?: Reference; status?: string; required?: string }>;
}

export interface Patient extends Resource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  telecom?: ContactPoint[];
}

export interface FhirEncounter extends Resource {
  resourceType: 'Encounter';
  status?: string;
  class?: Coding;
  subject?: Reference;
  participant?: Array<{ individual?: Reference }>;
  period?: Period;
  diagnosis?: Array<{ condition?: Reference; rank?: number }>;
  serviceProvider?: Reference;
}

export interface Condition extends Resource {
  resourceType: 'Condition';
  subject?: Reference;
  encounter?: Reference;
  code?: CodeableConcept;
  verificationStatus?: CodeableConcept;
}

export interface Medication extends Resource {
  resourceType: 'Medication';
  code?: CodeableConcept;
  status?: 'active' | 'inactive' | 'entered-in-error';
  form?: CodeableConcept;
  amount?: Ratio;
  ingredient?: Array<{ itemCodeableConcept?: CodeableConcept; isActive?: boolean; strength?: Ratio }>;
}

export interface AllergyIntolerance extends Resource {
  resourceType: 'AllergyIntolerance';
  patient?: Reference;
  clinicalStatus?: CodeableConcept;
  verificationStatus?: CodeableConcept;
  code?: CodeableConcept;
  reaction?: Array<{ manifestation?: CodeableConcept[]; description?: string }>;
}

export interface DiagnosticReport extends Resource {
  resourceType: 'DiagnosticReport';
  status?: string;
  code?: CodeableConcept;
  subject?: Reference;
  basedOn?: Reference[];
  specimen?: Reference[];
  effectiveDateTime?: string;
  effectivePeriod?: Period;
  issued?: string;
  result?: Reference[];
  conclusion?: string;
}

export interface ServiceRequest extends Resource {
  resourceType: 'ServiceRequest';
  requester?: Reference;
}

export interface Specimen extends Resource {
  resourceType: 'Specimen';
  type?: CodeableConcept;
}

export interface ReferenceRange { low?: Quantity; high?: Quantity; text?: string }
export interface Observation extends Resource {
  resourceType: 'Observation';
  status?: string;
  code?: CodeableConcept;
  subject?: Reference;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  valueInteger?: number;
  valueBoolean?: boolean;
  dataAbsentReason?: CodeableConcept;
  interpretation?: CodeableConcept[];
  referenceRange?: ReferenceRange[];
  note?: Array<{ text?: string }>;
  specimen?: Reference;
  category?: CodeableConcept[];
  effectiveDateTime?: string;
  issued?: string;
  method?: CodeableConcept;
  basedOn?: Reference[];
  derivedFrom?: Reference[];
  component?: ObservationComponent[];
}
export interface ObservationComponent { code: CodeableConcept; valueQuantity?: Quantity; interpretation?: CodeableConcept[] }

export interface Timing { repeat?: { frequency?: number; period?: number; periodUnit?: string } }
export interface CarePlanActivity {
  detail?: { kind?: string; code?: CodeableConcept; status?: string; scheduledTiming?: Timing; description?: string };
}
export interface FhirCarePlan extends Resource {
  resourceType: 'CarePlan';
  identifier?: Identifier[];
  status?: string;
  intent?: string;
  category?: CodeableConcept[];
  title?: string;
  subject?: Reference;
  period?: Period;
  created?: string;
  activity?: CarePlanActivity[];
  note?: Array<{ text?: string }>;
}

/** The id in a `Type/id` (or absolute `…/Type/id`, or `…/_history/n`) reference, if it is of that type. */
export function idOf(reference: Reference | undefined, type: string): string | undefined {
  const ref = reference?.reference;
  if (!ref) return undefined;
  const parts = ref.split('/');
  const h = parts.lastIndexOf('_history');
  const [t, id] = h >= 2 ? [parts[h - 2], parts[h - 1]] : [parts[parts.length - 2], parts[parts.length - 1]];
  return t === type && id ? id : undefined;
}

export interface QuestionnaireAnswerOptionR4 { valueCoding?: Coding; extension?: Extension[] }
export interface QuestionnaireItemR4 {
  linkId: string;
  code?: Coding[];
  text?: string;
  _text?: PrimitiveElement;
  type: string;
  required?: boolean;
  maxLength?: number;
  answerOption?: QuestionnaireAnswerOptionR4[];
}
export interface FhirQuestionnaire extends Resource {
  resourceType: 'Questionnaire';
  url?: string;
  name?: string;
  title?: string;
  _title?: PrimitiveElement;
  status?: string;
  description?: string;
  _description?: PrimitiveElement;
  code?: Coding[];
  language?: string;
  item?: QuestionnaireItemR4[];
}
export interface QuestionnaireResponseAnswerR4 { valueCoding?: Coding; valueInteger?: number; valueBoolean?: boolean; valueString?: string }
export interface FhirQuestionnaireResponse extends Resource {
  resourceType: 'QuestionnaireResponse';
  identifier?: Identifier;
  questionnaire?: string;
  status?: string;
  subject?: Reference;
  basedOn?: Reference[];
  authored?: string;
  item?: Array<{ linkId: string; answer?: QuestionnaireResponseAnswerR4[] }>;
}
