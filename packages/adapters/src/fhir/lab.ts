/**
 * Lab reports from FHIR R4 DiagnosticReport and its result Observations.
 *
 * | LabReport        | DiagnosticReport                                                            |
 * |------------------|-----------------------------------------------------------------------------|
 * | patientId        | subject (a Patient; reports of other subjects are left out)                 |
 * | title / titleEn  | code: text (else a display); English: a translation, else a display in Latin letters differing from the title |
 * | specimen         | specimen[0]: its display, else the Specimen's type                          |
 * | status           | registered/partial/preliminary → preliminary, final, amended/corrected/appended → corrected, cancelled; entered-in-error is left out |
 * | orderingDoctorId | basedOn ServiceRequest.requester (a Practitioner, or a PractitionerRole's practitioner) |
 * | collectedAt      | effectiveDateTime (or effectivePeriod.start)                                |
 * | issuedAt         | issued (else meta.lastUpdated)                                              |
 * | observations     | result, in order                                                            |
 *
 * | LabObservation   | Observation                                                                 |
 * |------------------|-----------------------------------------------------------------------------|
 * | code             | the LOINC code, else the first code, else the text                          |
 * | value / numeric / unit | valueQuantity (a comparator such as `<` stays in value, no numeric), valueInteger, valueString (numeric when it is a number), valueCodeableConcept, valueBoolean, else dataAbsentReason |
 * | referenceRange   | referenceRange[0] low, high, text                                           |
 * | interpretation   | v3 ObservationInterpretation / v2 0078: N, H, L, HH, LL, A, AA as they are; HU, `>` → H; LU, `<` → L; NEG, ND → N; POS, DET → A; others none. Without a code, a number outside its range reads H or L (never critical). |
 * | note             | note[0].text                                                                |
 *
 * The referenced Observations, ServiceRequests and Specimens are asked for with `_include`;
 * those a server did not include are fetched in one `_id` search per type (no N+1).
 */
import type { Interpretation, LabObservation, LabReport } from '@ihkit/core';
import { zonedIso } from '@ihkit/core';
import { resolve } from './catalog.js';
import type { FhirClient } from './client.js';
import { conceptText, conceptTextEn } from './conventions.js';
import { idOf, type CodeableConcept, type DiagnosticReport, type Observation, type PractitionerRole, type Resource, type ServiceRequest, type Specimen } from './resources.js';

export const REPORT_INCLUDES = ['DiagnosticReport:result', 'DiagnosticReport:based-on', 'DiagnosticReport:specimen'] as const;

const LOINC = 'http://loinc.org';
const INTERPRETATION_SYSTEMS = new Set(['http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'http://terminology.hl7.org/CodeSystem/v2-0078', 'http://hl7.org/fhir/v2/0078']);
const INTERPRETATION: Readonly<Record<string, Interpretation>> = {
  N: 'N', H: 'H', L: 'L', HH: 'HH', LL: 'LL', A: 'A', AA: 'AA',
  HU: 'H', '>': 'H', LU: 'L', '<': 'L',
  NEG: 'N', ND: 'N', POS: 'A', DET: 'A',
};
const STATUS: Readonly<Record<string, LabReport['status']>> = {
  registered: 'preliminary', partial: 'preliminary', preliminary: 'preliminary', final: 'final',
  amended: 'corrected', corrected: 'corrected', appended: 'corrected', cancelled: 'cancelled',
};

/** A display in Latin letters that differs from the title: an English name. */
function englishDisplay(concept: CodeableConcept | undefined, title: string): string | undefined {
  return conceptTextEn(concept) ?? concept?.coding?.map((c) => c.display).find((d) => d && d !== title && /^[\x20-\x7e]+$/.test(d));
}

function interpretationOf(o: Observation, numeric: number | undefined, low: number | undefined, high: number | undefined): Interpretation | undefined {
  for (const concept of o.interpretation ?? []) {
    for (const c of concept.coding ?? []) {
      if (c.code && (!c.system || INTERPRETATION_SYSTEMS.has(c.system))) {
        const mapped = INTERPRETATION[c.code.toUpperCase()] ?? INTERPRETATION[c.code];
        if (mapped) return mapped;
      }
    }
  }
  if (o.interpretation?.length || numeric === undefined) return undefined;
  if (high !== undefined && numeric > high) return 'H';
  if (low !== undefined && numeric < low) return 'L';
  return undefined;
}

const NUMBER = /^[-+]?\d+(\.\d+)?$/;

export function observationShape(o: Observation): LabObservation | undefined {
  const code = o.code?.coding?.find((c) => c.system === LOINC && c.code)?.code ?? o.code?.coding?.find((c) => c.code)?.code ?? o.code?.text;
  const name = conceptText(o.code);
  if (!code || !name || o.status === 'entered-in-error' || o.status === 'cancelled') return undefined;
  let value: string | undefined;
  let numeric: number | undefined;
  let unit: string | undefined;
  if (o.valueQuantity?.value !== undefined) {
    const q = o.valueQuantity;
    value = `${q.comparator ?? ''}${q.value}`;
    if (!q.comparator) numeric = q.value;
    unit = q.unit ?? q.code;
  } else if (o.valueInteger !== undefined) {
    value = String(o.valueInteger);
    numeric = o.valueInteger;
  } else if (o.valueString !== undefined) {
    value = o.valueString;
    if (NUMBER.test(value.trim())) numeric = Number(value.trim());
  } else if (o.valueCodeableConcept) {
    value = conceptText(o.valueCodeableConcept);
  } else if (o.valueBoolean !== undefined) {
    value = String(o.valueBoolean);
  }
  value ??= conceptText(o.dataAbsentReason) ?? '';
  const range = o.referenceRange?.[0];
  const low = range?.low?.value;
  const high = range?.high?.value;
  const shaped: LabObservation = { code, name, value };
  const nameEn = englishDisplay(o.code, name);
  const interpretation = interpretationOf(o, numeric, low, high);
  if (nameEn) shaped.nameEn = nameEn;
  if (numeric !== undefined && Number.isFinite(numeric)) shaped.numeric = numeric;
  if (unit) shaped.unit = unit;
  if (range && (low !== undefined || high !== undefined || range.text)) {
    shaped.referenceRange = { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}), ...(range.text ? { text: range.text } : {}) };
  }
  if (interpretation) shaped.interpretation = interpretation;
  if (o.note?.[0]?.text) shaped.note = o.note[0].text;
  return shaped;
}

const dateTime = (text: string, timeZone: string) => zonedIso(new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text), timeZone);

/** Reports as the contract has them, fetching what the server did not `_include`. */
export async function reportShapes(client: FhirClient, reports: readonly DiagnosticReport[], included: readonly Resource[], timeZone: string): Promise<LabReport[]> {
  const refs = (pick: (r: DiagnosticReport) => Array<{ reference?: string }> | undefined, type: string) => reports.flatMap((r) => (pick(r) ?? []).flatMap((x) => idOf(x, type) ?? []));
  const [observations, requests, specimens] = await Promise.all([
    resolve<Observation>(client, 'Observation', refs((r) => r.result, 'Observation'), included),
    resolve<ServiceRequest>(client, 'ServiceRequest', refs((r) => r.basedOn, 'ServiceRequest'), included),
    resolve<Specimen>(client, 'Specimen', reports.filter((r) => !r.specimen?.[0]?.display).flatMap((r) => idOf(r.specimen?.[0], 'Specimen') ?? []), included),
  ]);
  const roles = await resolve<PractitionerRole>(client, 'PractitionerRole', [...requests.values()].flatMap((s) => idOf(s.requester, 'PractitionerRole') ?? []), included);

  const out: LabReport[] = [];
  for (const r of reports) {
    const patientId = idOf(r.subject, 'Patient');
    const status = STATUS[r.status ?? ''];
    const title = conceptText(r.code);
    const issued = r.issued ?? r.meta?.lastUpdated;
    if (!r.id || !patientId || !status || !title || !issued) continue;
    const report: LabReport = {
      id: r.id, patientId, title, status, issuedAt: dateTime(issued, timeZone),
      observations: (r.result ?? []).flatMap((ref) => {
        const o = observations.get(idOf(ref, 'Observation') ?? '');
        return (o && observationShape(o)) ?? [];
      }),
    };
    const titleEn = englishDisplay(r.code, title);
    const specimen = r.specimen?.[0]?.display ?? conceptText(specimens.get(idOf(r.specimen?.[0], 'Specimen') ?? '')?.type);
    const request = r.basedOn?.map((b) => requests.get(idOf(b, 'ServiceRequest') ?? '')).find(Boolean);
    const orderingDoctorId = idOf(request?.requester, 'Practitioner') ?? idOf(roles.get(idOf(request?.requester, 'PractitionerRole') ?? '')?.practitioner, 'Practitioner');
    const collected = r.effectiveDateTime ?? r.effectivePeriod?.start;
    if (titleEn) report.titleEn = titleEn;
    if (specimen) report.specimen = specimen;
    if (orderingDoctorId) report.orderingDoctorId = orderingDoctorId;
    if (collected) report.collectedAt = dateTime(collected, timeZone);
    out.push(report);
  }
  return out;
}
