import type { EcgLeadName } from './types.js';

/**
 * The twelve standard leads in the order carts store them and the standard layout reads them:
 * the limb leads (Einthoven's I, II, III and Goldberger's aVR, aVL, aVF), then the chest leads.
 */
export const ECG_LEADS: readonly EcgLeadName[] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** Whether `name` is one of the twelve standard leads, spelt as ECG_LEADS spells it. */
export function isEcgLead(name: string): name is EcgLeadName {
  return (ECG_LEADS as readonly string[]).includes(name);
}
