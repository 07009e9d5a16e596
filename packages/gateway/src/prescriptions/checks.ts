/**
 * Runs @ihkit/core's prescription checks with what the HIS knows now: the drugs, the
 * patient's age and allergies, the interactions among the drugs. Used when the doctor types
 * (checkPrescription), signs (create, revise) and when the pharmacist approves.
 */
import type { HisPatient } from '@ihkit/adapters';
import { ageOn, checkPrescription, localDate, priceItems, type Allergy, type Drug, type Finding, type Money, type PrescriptionDraft, type PrescriptionItem } from '@ihkit/core';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';

export interface CheckedDraft {
  findings: Finding[];
  items: PrescriptionItem[];
  total: Money;
  allergies: Allergy[];
  patient: HisPatient;
  ageYears: number;
}

export async function checkDraft(services: Services, patientId: string, draft: PrescriptionDraft): Promise<CheckedDraft> {
  const { his } = services;
  const ids = [...new Set(draft.items.map((i) => i.drugId))];
  const [patient, drugList, allergies] = await Promise.all([his.findPatient({ patientId }), his.getDrugs(ids), his.listAllergies(patientId)]);
  if (!patient) throw new HttpProblem('PATIENT_NOT_FOUND');
  const drugs = new Map<string, Drug>(drugList.map((d) => [d.id, d]));
  const interactions = drugList.length > 1 ? await his.listInteractions(drugList) : [];
  const today = new Date(`${localDate(services.now(), his.timeZone)}T00:00:00Z`);
  const ageYears = ageOn(patient.birthDate, today);
  const findings = checkPrescription(draft, { drugs, ageYears, allergies, interactions, rules: services.prescriptionRules });
  return { findings, ...priceItems(draft, drugs), allergies, patient, ageYears };
}

/** PRESCRIPTION_CHECK_FAILED with the findings, when any of them is an error. */
export function refuseOnErrors(findings: Finding[]): void {
  if (findings.some((f) => f.level === 'error')) {
    throw new HttpProblem('PRESCRIPTION_CHECK_FAILED', `Failed checks: ${[...new Set(findings.filter((f) => f.level === 'error').map((f) => f.code))].join(', ')}.`, undefined, findings);
  }
}
