/** Extra data in the demo hospital's tables (demo_*), for tests that need more than the seed. */
import type { Queryable } from '@ihkit/adapters';
import { residentIdCheckChar } from '@ihkit/core';

/** Adds `n` adult patients with valid resident IDs; returns their ids. */
export async function createHisPatients(db: Queryable, n: number, prefix = 'pat_load'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const first17 = `44010619800101${String(100 + i).padStart(3, '0')}`;
    const id = `${prefix}_${i}`;
    await db.query('INSERT INTO demo_patients (id, name, gender, birth_date, id_number) VALUES ($1, $2, $3, $4, $5)', [
      id,
      `测试${i}`,
      Number(first17[16]) % 2 === 1 ? 'male' : 'female',
      '1980-01-01',
      first17 + residentIdCheckChar(first17),
    ]);
    ids.push(id);
  }
  return ids;
}

/** Sets a slot's capacity (the demo slot must not hold more bookings than that). */
export async function limitSlotCapacity(db: Queryable, slotId: string, capacity: number): Promise<void> {
  await db.query('UPDATE demo_slots SET capacity = $2 WHERE id = $1', [slotId, capacity]);
}
