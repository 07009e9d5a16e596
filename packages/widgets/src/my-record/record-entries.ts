/**
 * A patient's record in one place: what the gateway's lists hold for one patient (the
 * appointments, the hospital's visits with their diagnoses, the online consults, the
 * prescriptions, the follow-up plans, the referrals to and from other hospitals) turned into one timeline,
 * newest first, and the diagnoses they name, each once with its latest date. Pure, so that what
 * the element shows can be checked without a page.
 */
import type { Appointment, CarePlan, Condition, Consult, PatientReferral, Prescription } from '@ihkit/core';

export type RecordKind = 'visit' | 'consult' | 'prescription' | 'care' | 'referral';
export const RECORD_KINDS: readonly RecordKind[] = ['visit', 'consult', 'prescription', 'care', 'referral'];

/** One line of the timeline. `source` says which list it came from (for its wording and its status). */
export type RecordEntry =
  | { kind: 'visit'; source: 'appointment'; id: string; at: string; item: Appointment }
  | { kind: 'visit'; source: 'encounter'; id: string; at: string; item: Condition }
  | { kind: 'consult'; source: 'consult'; id: string; at: string; item: Consult }
  | { kind: 'prescription'; source: 'prescription'; id: string; at: string; item: Prescription }
  | { kind: 'care'; source: 'care'; id: string; at: string; item: CarePlan }
  | { kind: 'referral'; source: 'referral'; id: string; at: string; item: PatientReferral };

/** What was read for one patient; a list that could not be read is undefined. */
export interface RecordSources {
  appointments?: Appointment[];
  conditions?: Condition[];
  consults?: Consult[];
  prescriptions?: Prescription[];
  plans?: CarePlan[];
  referrals?: PatientReferral[];
}

export interface Diagnosis {
  /** The ICD-10 code where one is known (a consult's written diagnosis has none). */
  code?: string;
  name: string;
  /** The latest date it was given (ISO date or date-time). */
  lastAt: string;
}

const time = (at: string) => Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);

/** The timeline of one patient, newest first (an upcoming appointment is at the top). */
export function recordEntries(patientId: string, s: RecordSources): RecordEntry[] {
  const mine = <T>(items: T[] | undefined, id: (t: T) => string) => (items ?? []).filter((t) => id(t) === patientId);
  const entries: RecordEntry[] = [
    ...mine(s.appointments, (a) => a.patientId)
      .filter((a) => a.status !== 'cancelled')
      .map((a): RecordEntry => ({ kind: 'visit', source: 'appointment', id: a.id, at: a.start, item: a })),
    ...(s.conditions ?? []).map((c): RecordEntry => ({ kind: 'visit', source: 'encounter', id: c.encounterId, at: c.date, item: c })),
    ...mine(s.consults, (c) => c.patient.id).map((c): RecordEntry => ({ kind: 'consult', source: 'consult', id: c.id, at: c.createdAt, item: c })),
    ...mine(s.prescriptions, (p) => p.patient.id).map((p): RecordEntry => ({ kind: 'prescription', source: 'prescription', id: p.id, at: p.issuedAt, item: p })),
    ...mine(s.plans, (p) => p.patientId).map((p): RecordEntry => ({ kind: 'care', source: 'care', id: p.id, at: p.startedAt, item: p })),
    ...mine(s.referrals, (r) => r.patientId).map((r): RecordEntry => ({ kind: 'referral', source: 'referral', id: r.id, at: r.createdAt, item: r })),
  ];
  return entries.sort((a, b) => time(b.at) - time(a.at));
}

/** The diagnoses the record names, each once (by code, else by name), the most recent first. */
export function recordDiagnoses(entries: readonly RecordEntry[]): Diagnosis[] {
  const found = new Map<string, Diagnosis>();
  const add = (name: string | undefined, code: string | undefined, at: string) => {
    const n = name?.trim();
    if (!n) return;
    const key = code ?? n;
    const had = found.get(key);
    if (!had || time(at) > time(had.lastAt)) found.set(key, { ...(code ? { code } : {}), name: n, lastAt: at });
  };
  for (const e of entries) {
    if (e.source === 'encounter') add(e.item.name, e.item.code, e.at);
    else if (e.source === 'prescription') add(e.item.diagnosis.name, e.item.diagnosis.code, e.at);
    else if (e.source === 'consult' && e.item.record) add(e.item.record.diagnosis, undefined, e.item.record.writtenAt);
  }
  return [...found.values()].sort((a, b) => time(b.lastAt) - time(a.lastAt));
}
