/**
 * The care desk's patient search: what the text typed means (a whole resident ID number, the
 * last digits of an ID number or phone, or the start of a name), and the patients found as the
 * desk shows them — enough to tell them apart (birth year, the last four of the ID number and
 * phone), never the whole number.
 */
import type { HisAdapter, HisPatient, PatientSearch, Queryable } from '@ihkit/adapters';
import { isValidResidentId, type CarePatientMatch, type CareTemplateId } from '@ihkit/core';

/** At most this many patients answer a search. */
export const SEARCH_LIMIT = 10;

/** What the text asks for; undefined when it is neither a name nor digits enough to search by. */
export function searchOf(text: string): { idNumber: string } | PatientSearch | undefined {
  const q = text.trim().replace(/\s+/g, ' ');
  if (isValidResidentId(q.toUpperCase())) return { idNumber: q.toUpperCase() };
  if (/^\d{3,7}[\dXx]$/.test(q)) return { digits: q.toUpperCase() };
  if (q.length >= 2 && !/[\d%_\\]/.test(q)) return { name: q };
  return undefined;
}

/** The patients the HIS finds for the search, by name. */
export async function findPatients(his: HisAdapter, search: { idNumber: string } | PatientSearch): Promise<HisPatient[]> {
  if ('idNumber' in search) {
    const p = await his.findPatient(search);
    return p ? [p] : [];
  }
  return his.searchPatients ? (await his.searchPatients(search, SEARCH_LIMIT)).slice(0, SEARCH_LIMIT) : [];
}

/** The patients as the desk shows them, with their running plans in the desk's organization. */
export async function toMatches(q: Queryable, patients: HisPatient[], organizationId: string): Promise<CarePatientMatch[]> {
  const { rows } = await q.query<{ id: string; patient_id: string; template_id: CareTemplateId }>(
    'SELECT id, patient_id, template_id FROM care_plans WHERE organization_id = $2 AND patient_id = ANY($1::text[]) AND ended_at IS NULL ORDER BY started_at, id',
    [patients.map((p) => p.id), organizationId]);
  return patients.map((p) => ({
    patientId: p.id, name: p.name, gender: p.gender, birthYear: Number(p.birthDate.slice(0, 4)),
    ...(p.idNumber ? { idNumberTail: p.idNumber.slice(-4) } : {}),
    ...(p.phone ? { phoneTail: p.phone.slice(-4) } : {}),
    plans: rows.filter((r) => r.patient_id === p.id).map((r) => ({ id: r.id, templateId: r.template_id })),
  }));
}
