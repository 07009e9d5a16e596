/**
 * The way back from the insurer's e-certificate page (医保电子凭证) to the element that sent the
 * patient there: what is paid is remembered by its id in the session (one key per kind), and
 * the state and code come back in the address's fragment, which no server sees. Small and eager:
 * the rest of paying with insurance is a chunk (insurance-pay.ts).
 */
import { insuranceReturn } from '@ihkit/core';

/** What is paid through insurance: a prescription (<ih-prescriptions>) or a consult's fee (<ih-clinic>). */
export type InsuredKind = 'prescription' | 'consult';

/** Where the id of what the patient left to authorise is remembered for the way back. */
export const insuranceKey = (kind: InsuredKind) => `ihkit-insurance-${kind}`;

/**
 * What the insurer's page sent back, if it is for `kind`, taken out of the address and the
 * session at once: a consult's only when one was left from; a prescription's otherwise (the
 * first to be paid with insurance, it takes a way back that names nothing).
 */
export function backFromInsurer(kind: InsuredKind): { id?: string; state: string; code?: string } | undefined {
  const back = insuranceReturn(location.hash);
  const left = sessionStorage.getItem(insuranceKey(kind));
  if (!back || (kind === 'consult' ? left === null : sessionStorage.getItem(insuranceKey('consult')) !== null)) return undefined;
  history.replaceState(history.state, '', location.pathname + location.search);
  sessionStorage.removeItem(insuranceKey(kind));
  return { state: back.state, ...(back.code ? { code: back.code } : {}), ...(left ? { id: left } : {}) };
}
