/**
 * Runs @ihkit/core's prescription checks with what the HIS knows now: the drugs, the
 * patient's age and allergies, the interactions among the drugs, and the consult's other
 * prescriptions (its limits hold per consult). Used when the doctor types (checkPrescription),
 * signs (create, revise) and when the pharmacist approves.
 */
import type { HisPatient, Queryable } from '@ihkit/adapters';
import { ageOn, blockingFindings, checkPrescription, localDate, priceItems, type Allergy, type ConsultItem, type Drug, type Finding, type Money, type PrescriptionDraft, type PrescriptionItem } from '@ihkit/core';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { SPENT, type PrescriptionRow } from './store.js';

/** Which consult a draft is for, and the prescription it is (when revised or reviewed), which does not count against itself. */
export interface ConsultScope {
  consultId: string;
  except?: string;
}

export interface CheckedDraft {
  findings: Finding[];
  items: PrescriptionItem[];
  total: Money;
  allergies: Allergy[];
  patient: HisPatient;
  ageYears: number;
  /** The consult's other prescriptions the checks counted, as `id:version,…`: to see, when storing, that none came or changed meanwhile. */
  basis: string;
}

/** The consult's other prescriptions that count against its limits (not cancelled or expired), in id order. */
export async function consultPrescriptions(q: Queryable, scope: ConsultScope): Promise<Array<Pick<PrescriptionRow, 'id' | 'version' | 'content'>>> {
  const { rows } = await q.query<Pick<PrescriptionRow, 'id' | 'version' | 'content'>>(
    'SELECT id, version, content FROM prescriptions WHERE consult_id = $1 AND id <> $2 AND NOT (status = ANY($3::text[])) ORDER BY id',
    [scope.consultId, scope.except ?? '', SPENT],
  );
  return rows;
}

export const basisOf = (rows: ReadonlyArray<Pick<PrescriptionRow, 'id' | 'version'>>): string => rows.map((r) => `${r.id}:${r.version}`).join(',');

/**
 * INVALID_STATE unless the consult's other prescriptions are still those `checked` counted; run
 * in the transaction that stores the prescription, with the consult row locked, so that two
 * prescriptions signed at once for one consult cannot each pass its limits alone.
 */
export async function assertSameBasis(tx: Queryable, scope: ConsultScope, checked: Pick<CheckedDraft, 'basis'>): Promise<void> {
  await tx.query('SELECT 1 FROM consults WHERE id = $1 FOR UPDATE', [scope.consultId]);
  if (basisOf(await consultPrescriptions(tx, scope)) !== checked.basis) {
    throw new HttpProblem('INVALID_STATE', 'Another prescription of this consult was signed or changed meanwhile; check the prescription again.');
  }
}

export async function checkDraft(services: Services, patientId: string, draft: PrescriptionDraft, scope: ConsultScope): Promise<CheckedDraft> {
  const { his } = services;
  const others = await consultPrescriptions(services.db, scope);
  const consultItems: ConsultItem[] = others.flatMap((p) => p.content.items.map(({ drugId, dose, frequency, days, quantity }) => ({ drugId, dose, frequency, days, quantity })));
  const ids = [...new Set([...draft.items.map((i) => i.drugId), ...consultItems.map((i) => i.drugId)])];
  const [patient, drugList, allergies] = await Promise.all([his.findPatient({ patientId }), his.getDrugs(ids), his.listAllergies(patientId)]);
  if (!patient) throw new HttpProblem('PATIENT_NOT_FOUND');
  const drugs = new Map<string, Drug>(drugList.map((d) => [d.id, d]));
  const inDraft = drugList.filter((d) => draft.items.some((i) => i.drugId === d.id));
  const interactions = inDraft.length > 1 ? await his.listInteractions(inDraft) : [];
  const today = new Date(`${localDate(services.now(), his.timeZone)}T00:00:00Z`);
  const ageYears = ageOn(patient.birthDate, today);
  const findings = checkPrescription(draft, { drugs, ageYears, allergies, interactions, rules: services.prescriptionRules, consultItems });
  return { findings, ...priceItems(draft, drugs), allergies, patient, ageYears, basis: basisOf(others) };
}

/** PRESCRIPTION_CHECK_FAILED with the findings, when any of them is an error. */
export function refuseOnErrors(findings: Finding[]): void {
  const blocking = blockingFindings(findings);
  if (blocking.length) throw new HttpProblem('PRESCRIPTION_CHECK_FAILED', `Failed checks: ${[...new Set(blocking.map((f) => f.code))].join(', ')}.`, undefined, findings);
}
