/** The steps of asking for a follow-up consult, and the order of its doctors. */
import type { Condition, Doctor } from '@ihkit/core';

/** The steps of asking for a consult, then the consult itself. */
export const CLINIC_STEPS = ['patient', 'condition', 'doctor', 'complaint', 'consult'] as const;
export type ClinicStep = (typeof CLINIC_STEPS)[number];

/** A condition of an earlier visit, as one choice (one diagnosis of one encounter). */
export const conditionKey = (c: Pick<Condition, 'encounterId' | 'code'>) => `${c.encounterId}/${c.code}`;

/** The diagnosing doctor first, the others in the gateway's order. */
export function sortDoctorsFor(condition: Pick<Condition, 'doctorId'>, doctors: readonly Doctor[]): Doctor[] {
  return [...doctors].sort((a, b) => Number(b.id === condition.doctorId) - Number(a.id === condition.doctorId));
}
