/** Patients' names for staff lists (alerts, worklists): asked of the HIS, once per patient; an item still shows when the HIS does not answer. */
import type { HisAdapter } from '@ihkit/adapters';

export async function withPatientNames<T extends { patientId: string; patientName?: string }>(his: Pick<HisAdapter, 'findPatient'>, items: T[]): Promise<T[]> {
  const names = new Map<string, string>();
  await Promise.all([...new Set(items.map((a) => a.patientId))].map(async (id) => {
    const p = await his.findPatient({ patientId: id }).catch(() => undefined);
    if (p) names.set(id, p.name);
  }));
  return items.map((a) => (names.has(a.patientId) ? { ...a, patientName: names.get(a.patientId) } : a));
}
