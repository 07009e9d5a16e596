/**
 * Patients, their visits and their allergies over FHIR R4.
 *
 * - findPatient searches Patient.identifier (resident ID or card number system) with
 *   `POST Patient/_search` and a form body: the number never appears in a URL. By id it reads
 *   the Patient. A gender other than male/female, or a missing birth date, is taken from the
 *   resident ID number (GB 11643).
 * - listEncounters reads the patient's Encounters and Conditions (two searches) and joins them
 *   by Condition.encounter or Encounter.diagnosis.condition. Diagnoses are the ICD-10 codings
 *   (http://hl7.org/fhir/sid/icd-10, or any system naming ICD-10) of Conditions not refuted.
 *   The doctor is the Practitioner among the participants (or a PractitionerRole's), the
 *   department that role's HealthcareService. class AMB/PRENC/HH → outpatient,
 *   IMP/ACUTE/NONAC/EMER → inpatient, VR → online; no class, or another, → unknown, which is no
 *   offline visit (its diagnoses cannot be followed up online).
 * - listAllergies reads AllergyIntolerance that is not inactive, resolved, refuted or in error.
 *   The group is the `urn:ihkit:allergy-group` coding (else the first code, else the text).
 */
import { localDate, parseResidentId, type Allergy } from '@ihkit/core';
import type { Diagnosis, Encounter, HisPatient, PatientLookup, PatientSearch } from '../his.js';
import { practitionerRoles, resolve, roleFacts } from './catalog.js';
import { ALLERGY_GROUP_SYSTEM, codeIn, conceptText, conceptTextEn, ICD10_SYSTEM, personName } from './conventions.js';
import { idOf, type AllergyIntolerance, type Condition, type FhirEncounter, type Patient, type PractitionerRole } from './resources.js';
import type { HisContext } from './context.js';

export interface IdentifierSystems {
  /** Patient.identifier system of resident ID numbers (default urn:oid:2.16.156.10011.1.1). */
  residentId: string;
  /** Patient.identifier system of the hospital's patient card numbers (default urn:ihkit:patient-card). */
  card: string;
}

function patientShape(p: Patient, systems: IdentifierSystems): HisPatient | undefined {
  if (!p.id) return undefined;
  const idNumber = p.identifier?.find((i) => i.system === systems.residentId)?.value?.toUpperCase() ?? '';
  const cardNo = p.identifier?.find((i) => i.system === systems.card)?.value;
  const phone = p.telecom?.find((t) => t.system === 'phone' || t.system === 'sms')?.value;
  const parsed = idNumber ? parseResidentId(idNumber) : undefined;
  const fromId = parsed?.ok ? parsed.value : undefined;
  const gender = p.gender === 'male' || p.gender === 'female' ? p.gender : fromId?.gender;
  const birthDate = p.birthDate?.slice(0, 10) ?? fromId?.birthDate;
  if (!gender || !birthDate) return undefined;
  return { id: p.id, name: personName(p.name).name, gender, birthDate, idNumber, ...(cardNo ? { cardNo } : {}), ...(phone ? { phone } : {}) };
}

export async function findPatient(lookup: PatientLookup, systems: IdentifierSystems, ctx: HisContext): Promise<HisPatient | undefined> {
  if ('patientId' in lookup) {
    const p = await ctx.client.read<Patient>('Patient', lookup.patientId);
    return p && patientShape(p, systems);
  }
  const [system, value] = 'idNumber' in lookup ? [systems.residentId, lookup.idNumber.trim().toUpperCase()] : [systems.card, lookup.cardNo.trim()];
  if (!value || /[\\,$|]/.test(value)) return undefined;
  const { resources } = await ctx.client.search<Patient>('Patient', { identifier: `${system}|${value}` }, { post: true, limit: 2 });
  // Token search may ignore case; an ID number's X is matched upper-case, a card number exactly.
  const exact = resources.filter((p) => p.identifier?.some((i) => i.system === system && (system === systems.residentId ? i.value?.toUpperCase() : i.value) === value));
  return exact.length === 1 ? patientShape(exact[0]!, systems) : undefined;
}

/**
 * By the start of the name (FHIR's `name` search, sent by POST so that no name goes into a URL).
 * FHIR search has no "ends with" on identifiers or phone numbers: a search by digits answers none.
 */
export async function searchPatients(query: PatientSearch, limit: number, systems: IdentifierSystems, ctx: HisContext): Promise<HisPatient[]> {
  if (!('name' in query)) return [];
  const { resources } = await ctx.client.search<Patient>('Patient', { name: query.name }, { post: true, limit });
  return resources.slice(0, limit).map((p) => patientShape(p, systems)).filter((p): p is HisPatient => !!p);
}

const KIND: Readonly<Record<string, Encounter['kind']>> = { AMB: 'outpatient', IMP: 'inpatient', ACUTE: 'inpatient', NONAC: 'inpatient', EMER: 'inpatient', PRENC: 'outpatient', VR: 'online', HH: 'outpatient' };

function diagnosesOf(conditions: readonly Condition[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  for (const c of conditions) {
    const verification = c.verificationStatus?.coding?.[0]?.code;
    if (verification === 'refuted' || verification === 'entered-in-error') continue;
    const icd = c.code?.coding?.find((x) => x.code && (x.system === ICD10_SYSTEM || /icd-?10/i.test(x.system ?? '')));
    if (!icd?.code) continue;
    const name = c.code?.text ?? icd.display ?? icd.code;
    if (!out.some((d) => d.code === icd.code)) out.push({ code: icd.code, name });
  }
  return out;
}

/** The patient's visits, newest first, each with its diagnoses. */
export async function listEncounters(patientId: string, ctx: HisContext): Promise<Encounter[]> {
  const subject = `Patient/${patientId}`;
  const [encounters, conditions] = await Promise.all([
    ctx.client.search<FhirEncounter>('Encounter', { subject, _count: 200 }, { limit: 2000 }),
    ctx.client.search<Condition>('Condition', { subject, _count: 500 }, { limit: 10_000 }),
  ]);
  const conditionsById = new Map(conditions.resources.map((c) => [c.id, c]));
  const roleIds = encounters.resources.flatMap((e) => e.participant?.flatMap((p) => idOf(p.individual, 'PractitionerRole') ?? []) ?? []);
  const roles = await resolve<PractitionerRole>(ctx.client, 'PractitionerRole', roleIds);
  const doctorOf = (e: FhirEncounter) => e.participant?.map((p) => idOf(p.individual, 'Practitioner')).find(Boolean)
    ?? e.participant?.map((p) => idOf(roles.get(idOf(p.individual, 'PractitionerRole') ?? '')?.practitioner, 'Practitioner')).find(Boolean);
  const firstRoles = await practitionerRoles(ctx.client, encounters.resources.flatMap((e) => doctorOf(e) ?? []), ctx.currency);

  const out: Encounter[] = [];
  for (const e of encounters.resources) {
    if (!e.id || e.status === 'entered-in-error' || e.status === 'cancelled' || idOf(e.subject, 'Patient') !== patientId) continue;
    const start = e.period?.start ?? e.period?.end;
    if (!start) continue;
    const ownRole = e.participant?.map((p) => roles.get(idOf(p.individual, 'PractitionerRole') ?? '')).find(Boolean);
    const doctorId = doctorOf(e) ?? '';
    const departmentId = (ownRole && roleFacts(ownRole, ctx.currency)?.departmentId) ?? firstRoles.get(doctorId)?.departmentId ?? '';
    const linked = conditions.resources.filter((c) => idOf(c.encounter, 'Encounter') === e.id);
    for (const d of e.diagnosis ?? []) {
      const c = conditionsById.get(idOf(d.condition, 'Condition'));
      if (c && !linked.includes(c)) linked.push(c);
    }
    const date = /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : localDate(new Date(start), ctx.timeZone);
    out.push({ id: e.id, patientId, departmentId, doctorId, date, kind: KIND[e.class?.code ?? ''] ?? 'unknown', diagnoses: diagnosesOf(linked) });
  }
  return out.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}

const INACTIVE = new Set(['inactive', 'resolved', 'refuted', 'entered-in-error']);

export async function listAllergies(patientId: string, ctx: HisContext): Promise<Allergy[]> {
  const { resources } = await ctx.client.search<AllergyIntolerance>('AllergyIntolerance', { patient: `Patient/${patientId}`, _count: 200 });
  const out: Allergy[] = [];
  for (const a of resources) {
    if (idOf(a.patient, 'Patient') !== patientId) continue;
    if (INACTIVE.has(a.clinicalStatus?.coding?.[0]?.code ?? '') || INACTIVE.has(a.verificationStatus?.coding?.[0]?.code ?? '')) continue;
    const name = conceptText(a.code);
    if (!name) continue;
    const group = codeIn(a.code, ALLERGY_GROUP_SYSTEM) ?? a.code?.coding?.find((c) => c.code)?.code ?? name.toLowerCase();
    const allergy: Allergy = { group, name };
    const nameEn = conceptTextEn(a.code);
    const reaction = a.reaction?.[0]?.manifestation?.map(conceptText).find(Boolean) ?? a.reaction?.[0]?.description;
    const reactionEn = a.reaction?.[0]?.manifestation?.map(conceptTextEn).find(Boolean);
    if (nameEn) allergy.nameEn = nameEn;
    if (reaction) allergy.reaction = reaction;
    if (reactionEn) allergy.reactionEn = reactionEn;
    out.push(allergy);
  }
  return out;
}
