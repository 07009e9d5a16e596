/**
 * The follow-up rule's reading of the HIS's visits (DOMAIN.md: no online diagnosis for a first
 * visit): only a visit the HIS says was offline — outpatient or inpatient — establishes a
 * diagnosis an online consult may continue. A visit whose kind the HIS left out, or gave in a
 * form ihkit does not know, does not.
 */
import type { EncounterKind } from './types.js';

const KINDS: readonly EncounterKind[] = ['outpatient', 'inpatient', 'online', 'unknown'];

/** A visit's kind as ihkit reads what the HIS gave: anything else, or nothing, is `unknown`. */
export function encounterKindOf(value: unknown): EncounterKind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value) ? (value as EncounterKind) : 'unknown';
}

/** Whether a visit of this kind was an offline one (its diagnoses may be followed up online). */
export function isOfflineVisit(kind: unknown): boolean {
  return kind === 'outpatient' || kind === 'inpatient';
}
