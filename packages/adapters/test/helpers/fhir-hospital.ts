/**
 * A small hospital on the test FHIR server: the fixtures in test/fixtures/fhir (catalog,
 * patients, lab — each a transaction Bundle with fixed ids) and Slots generated relative to
 * now: for each of the three doctors, 08:00–11:30 every 30 minutes on the next five days, one
 * slot yesterday, one `busy-unavailable` and one `entered-in-error` slot.
 */
import { readFileSync } from 'node:fs';
import { addDays, localDate } from '@ihkit/core';
import { createFhirClient, zonedInstant, type Fhir, type FhirClient } from '@ihkit/adapters';
import { startFhirServer, type FhirTestServer } from './fhir-server.js';

export const TZ = 'Asia/Shanghai';
export const FIXTURE_FILES = ['catalog', 'patients', 'lab'] as const;
export const SCHEDULES = ['zhou-min', 'zheng-haitao', 'sun-jiahe'] as const;
export const SLOT_TIMES = [480, 510, 540, 570, 600, 630, 660]; // minutes after midnight
export const SLOT_DAYS = 5;

export interface FhirHospital {
  server: FhirTestServer;
  client: FhirClient;
  /** Today in the hospital's zone (YYYY-MM-DD). */
  today: string;
  close(): Promise<void>;
}

export function fixture(name: (typeof FIXTURE_FILES)[number]): Fhir.Bundle {
  return JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}.json`, import.meta.url), 'utf8')) as Fhir.Bundle;
}

/** Posts a transaction and fails unless every entry succeeded. */
export async function transact(client: FhirClient, bundle: Fhir.Bundle): Promise<Fhir.Bundle> {
  const response = await client.transaction(bundle);
  const failed = (response.entry ?? []).filter((e) => !/^2\d\d/.test(e.response?.status ?? ''));
  if (failed.length || (response.entry ?? []).length !== (bundle.entry ?? []).length) {
    throw new Error(`transaction: ${failed.length} of ${bundle.entry?.length} entries failed: ${JSON.stringify(failed[0]?.response)}`);
  }
  return response;
}

function slot(schedule: string, start: Date, status: Fhir.SlotStatus = 'free'): Fhir.FhirSlot {
  return { resourceType: 'Slot', schedule: { reference: `Schedule/${schedule}` }, status, start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
}

export function generatedSlots(today: string): Fhir.FhirSlot[] {
  const slots: Fhir.FhirSlot[] = [];
  for (let day = 1; day <= SLOT_DAYS; day++) {
    for (const schedule of SCHEDULES) {
      for (const minutes of SLOT_TIMES) slots.push(slot(schedule, zonedInstant(addDays(today, day), minutes, TZ)));
    }
  }
  slots.push(slot('zhou-min', zonedInstant(addDays(today, -1), 600, TZ)));
  slots.push(slot('zhou-min', zonedInstant(addDays(today, 1), 840, TZ), 'busy-unavailable'));
  slots.push(slot('zhou-min', zonedInstant(addDays(today, 1), 870, TZ), 'entered-in-error'));
  return slots;
}

export async function startFhirHospital(): Promise<FhirHospital> {
  const server = await startFhirServer();
  const client = createFhirClient({ baseUrl: server.baseUrl });
  try {
    for (const name of FIXTURE_FILES) await transact(client, fixture(name));
    const today = localDate(new Date(), TZ);
    await transact(client, {
      resourceType: 'Bundle', type: 'transaction',
      entry: generatedSlots(today).map((resource) => ({ resource, request: { method: 'POST', url: 'Slot' } })),
    });
    server.requests.length = 0;
    return { server, client, today, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
}
