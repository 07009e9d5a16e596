/**
 * Follow-up care in FHIR R4, for a hospital whose record takes it: a plan as a CarePlan, home
 * readings as vital-signs Observations coded in LOINC.
 *
 * - Plan → CarePlan (intent `plan`; `active`, or `completed` when it ended because its goal was
 *   met and `revoked` for any other end), identified by the gateway's plan id; each reading the
 *   plan asks for is an activity with its LOINC code and `scheduledTiming` (once every N days),
 *   the revisit an `Appointment` activity. Targets and alert limits are not Goals here: they
 *   travel as text in the note.
 * - Reading → Observation (`final`, `effectiveDateTime` when it was taken, `issued` when it was
 *   recorded, `method` manual or Bluetooth meter, `basedOn` the plan; `interpretation` H/L/HH/LL
 *   from its breaches): blood pressure as the vital-signs BP panel 85354-9 with systolic 8480-6
 *   and diastolic 8462-4 in mm[Hg] (profile `bp`), a pulse as heart rate 8867-4 in /min
 *   (profile `heartrate`; a pulse taken with a blood pressure is an Observation of its own), weight
 *   29463-7 in kg (profile `bodyweight`), glucose as 2339-0 (blood glucose) or, fasting, 1558-6 —
 *   both mass per volume, so the gateway's mmol/L are given in mg/dL (× 18.016, glucose's molar
 *   mass 180.16 g/mol), category `laboratory` (glucose is no vital sign).
 */
import type { CareBreach, CareMeasure, CarePlan, CareReading } from '@ihkit/core';
import type { CodeableConcept, FhirCarePlan, Observation, Quantity } from './resources.js';

export const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const VITALS = 'http://hl7.org/fhir/StructureDefinition';
/** The gateway's plan ids (`CarePlan.identifier.system`). */
export const CARE_PLAN_ID_SYSTEM = 'urn:ihkit:care-plan';
/** mg/dL in one mmol/L of glucose. */
export const GLUCOSE_MG_DL_PER_MMOL_L = 18.016;

const loinc = (code: string, display: string): CodeableConcept => ({ coding: [{ system: LOINC, code, display }], text: display });
const CODES = {
  bp: loinc('85354-9', 'Blood pressure panel with all children optional'),
  systolic: loinc('8480-6', 'Systolic blood pressure'),
  diastolic: loinc('8462-4', 'Diastolic blood pressure'),
  pulse: loinc('8867-4', 'Heart rate'),
  weight: loinc('29463-7', 'Body weight'),
  glucose: loinc('2339-0', 'Glucose [Mass/volume] in Blood'),
  fasting: loinc('1558-6', 'Fasting glucose [Mass/volume] in Serum or Plasma'),
};
const category = (code: 'vital-signs' | 'laboratory'): CodeableConcept[] => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }];
const mmHg = (value: number): Quantity => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });

/** The LOINC code of what a measure (or reading) is. */
export function careCode(m: Pick<CareMeasure, 'kind' | 'meal'>): CodeableConcept {
  if (m.kind === 'blood-pressure') return CODES.bp;
  if (m.kind === 'pulse') return CODES.pulse;
  if (m.kind === 'weight') return CODES.weight;
  return m.meal === 'fasting' ? CODES.fasting : CODES.glucose;
}

const END_STATUS = (p: CarePlan) => (p.status === 'active' ? 'active' : p.endReason === 'goal-met' ? 'completed' : 'revoked');

/** The plan as a CarePlan of the patient (`patientRef`: `Patient/<id>` in the server). */
export function toFhirCarePlan(p: CarePlan, patientRef: string): FhirCarePlan {
  const limits = p.thresholds.map((t) => `${t.metric}: target ${t.targetLow ?? '–'}–<${t.targetHigh ?? '–'}, alert <${t.alertLow ?? '–'} or ≥${t.alertHigh ?? '–'} ${t.unit}`);
  return {
    resourceType: 'CarePlan',
    identifier: [{ system: CARE_PLAN_ID_SYSTEM, value: p.id }],
    status: END_STATUS(p),
    intent: 'plan',
    category: [{ coding: [{ system: CARE_PLAN_ID_SYSTEM.replace('care-plan', 'care-template'), code: p.templateId }], text: p.templateId }],
    title: p.templateId,
    subject: { reference: patientRef },
    period: { start: p.startedAt, ...(p.endedAt ? { end: p.endedAt } : {}) },
    created: p.startedAt,
    activity: [
      ...p.measures.map((m) => ({
        detail: { kind: 'ServiceRequest', code: careCode(m), status: p.status === 'active' ? 'in-progress' : 'stopped', scheduledTiming: { repeat: { frequency: 1, period: m.everyDays, periodUnit: 'd' } } },
      })),
      { detail: { kind: 'Appointment', status: p.status === 'active' ? 'scheduled' : 'stopped', description: 'revisit', scheduledTiming: { repeat: { frequency: 1, period: p.revisitEveryDays, periodUnit: 'd' } } } },
    ],
    ...(limits.length ? { note: [{ text: limits.join('; ') }] } : {}),
  };
}

/** H, L, HH or LL for a value's breach, if it has one. */
function interpretation(breaches: readonly CareBreach[], metrics: readonly string[]): CodeableConcept[] | undefined {
  const b = breaches.find((x) => metrics.includes(x.metric));
  if (!b) return undefined;
  const code = (b.level === 'alert' ? (b.direction === 'high' ? 'HH' : 'LL') : b.direction === 'high' ? 'H' : 'L');
  return [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code }] }];
}
const withInterpretation = (i: CodeableConcept[] | undefined) => (i ? { interpretation: i } : {});

/** The reading as Observations of the patient: one, or two for a blood pressure taken with a pulse. */
export function toFhirObservations(r: CareReading, patientRef: string, planRef?: string): Observation[] {
  const base = {
    resourceType: 'Observation' as const,
    status: 'final',
    subject: { reference: patientRef },
    effectiveDateTime: r.takenAt,
    issued: r.recordedAt,
    method: { text: r.source === 'bluetooth' ? 'Bluetooth meter' : 'Entered by the patient' },
    ...(planRef ? { basedOn: [{ reference: planRef }] } : {}),
  };
  const vital = (profile: string) => ({ ...base, meta: { profile: [`${VITALS}/${profile}`] }, category: category('vital-signs') });
  const pulse = (value: number): Observation => ({ ...vital('heartrate'), code: CODES.pulse, valueQuantity: { value, unit: '/min', system: UCUM, code: '/min' }, ...withInterpretation(interpretation(r.breaches, ['pulse'])) });
  switch (r.kind) {
    case 'blood-pressure':
      return [
        {
          ...vital('bp'), code: CODES.bp,
          component: [
            { code: CODES.systolic, valueQuantity: mmHg(r.systolic!), ...withInterpretation(interpretation(r.breaches, ['systolic'])) },
            { code: CODES.diastolic, valueQuantity: mmHg(r.diastolic!), ...withInterpretation(interpretation(r.breaches, ['diastolic'])) },
          ],
        },
        ...(r.pulse !== undefined ? [pulse(r.pulse)] : []),
      ];
    case 'pulse':
      return [pulse(r.pulse!)];
    case 'weight':
      return [{ ...vital('bodyweight'), code: CODES.weight, valueQuantity: { value: r.weight!, unit: 'kg', system: UCUM, code: 'kg' }, ...withInterpretation(interpretation(r.breaches, ['weight'])) }];
    case 'glucose':
      return [{
        ...base, category: category('laboratory'), code: careCode(r),
        valueQuantity: { value: Math.round(r.glucose! * GLUCOSE_MG_DL_PER_MMOL_L * 10) / 10, unit: 'mg/dL', system: UCUM, code: 'mg/dL' },
        ...withInterpretation(interpretation(r.breaches, ['glucose-fasting', 'glucose-after-meal'])),
      }];
  }
}
