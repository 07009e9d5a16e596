/**
 * The demo HIS's drug calls over the static catalog in drugs.ts: search, lookup, the
 * interactions among a prescription's drugs, and patients' recorded allergies.
 */
import type { Allergy, Drug } from '@ihkit/core';
import type { DrugInteraction } from '../his.js';
import { allergiesByPatient, drugs, interactions } from './drugs.js';

const byId = new Map(drugs.map((d) => [d.id, d]));

export async function searchDrugs(text: string, limit: number): Promise<Drug[]> {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const scored: Array<{ drug: Drug; score: number }> = [];
  for (const drug of drugs) {
    const fields = [drug.name, drug.nameEn ?? '', drug.ingredient ?? ''].map((f) => f.toLowerCase());
    const score = fields.some((f) => f.startsWith(q)) ? 0 : fields.some((f) => f.includes(q)) ? 1 : -1;
    if (score >= 0) scored.push({ drug, score });
  }
  scored.sort((a, b) => a.score - b.score || a.drug.name.localeCompare(b.drug.name, 'zh-CN'));
  return scored.slice(0, limit).map((s) => s.drug);
}

export async function getDrugs(ids: string[]): Promise<Drug[]> {
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function listInteractions(list: Drug[]): Promise<DrugInteraction[]> {
  const keys = new Set(list.flatMap((d) => [d.id, ...(d.classes ?? [])]));
  return interactions.filter((i) => keys.has(i.a) && keys.has(i.b));
}

export async function listAllergies(patientId: string): Promise<Allergy[]> {
  return [...(allergiesByPatient[patientId] ?? [])];
}
