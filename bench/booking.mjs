// Booking throughput and latency through the real gateway (its CLI, in its own process) at
// 1, 16 and 64 concurrent clients, on embedded PGlite and on a PostgreSQL server. Each run
// books distinct places (no contention: that is the hot-slot bench's job) on a fresh database.
import { fileURLToPath } from 'node:url';
import { benchDatabase, runAlone, startGateway } from './gateway-process.mjs';
import { percentile } from './figures.mjs';
import { ofPgbench, pgbenchInserts } from './pgbench.mjs';
import { demoAccounts } from '@ihkit/adapters';
import { addDays, createClient } from '@ihkit/core';

const PER_RUN = Number(process.env.BENCH_BOOKINGS ?? 400);

/** Distinct (slot, patient) pairs, at most one per patient per doctor and day. */
async function workItems(base) {
  const clients = [];
  for (const a of demoAccounts.filter((x) => x.role === 'patient')) {
    const s = await createClient({ baseUrl: base }).login({ username: a.username, password: a.password });
    const client = createClient({ baseUrl: base, token: s.token, retries: 0, timeout: 30_000 });
    const patients = (await client.listMyPatients()).items;
    for (const p of patients) clients.push({ client, patientId: p.id });
  }
  const today = new Date().toISOString().slice(0, 10);
  const slots = (await clients[0].client.listSlots({ from: today, to: addDays(today, 13) })).items
    .filter((s) => s.available > 0 && Date.parse(s.start) > Date.now() + 2 * 3600_000);
  const used = new Set();
  const items = [];
  for (const slot of slots) {
    let places = slot.available;
    for (const c of clients) {
      if (!places) break;
      const key = `${c.patientId}|${slot.doctorId}|${slot.start.slice(0, 10)}`;
      if (used.has(key)) continue;
      used.add(key);
      items.push({ ...c, slotId: slot.id });
      places--;
    }
  }
  return items;
}

async function run(base, concurrency) {
  const items = (await workItems(base)).slice(0, PER_RUN);
  const latencies = [];
  const outcomes = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const item = items[next++];
      const s = performance.now();
      try {
        await item.client.bookAppointment({ slotId: item.slotId, patientId: item.patientId });
        outcomes.booked = (outcomes.booked ?? 0) + 1;
      } catch (e) {
        outcomes[e.code ?? e.message] = (outcomes[e.code ?? e.message] ?? 0) + 1;
      }
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { n: items.length, perSecond: items.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), outcomes };
}

export const BOOKING_CONCURRENCIES = [1, 16, 64];

/**
 * `pgbench`: pgbench's single-row inserts per second on the same server by concurrency
 * (measured here when not given); each figure is printed as a share of it.
 */
export async function bookingBench({ postgresUrl, pgbench } = {}) {
  const ceiling = pgbench ?? (postgresUrl ? await pgbenchInserts(postgresUrl, BOOKING_CONCURRENCIES) : undefined);
  const results = [];
  const drivers = [['pglite', null], ...(postgresUrl ? [['postgres', postgresUrl]] : [])];
  for (const [driver, url] of drivers) {
    for (const concurrency of BOOKING_CONCURRENCIES) {
      const db = await benchDatabase(driver, url, `ihkit_bench_${driver}_${concurrency}_${process.pid}`);
      const gw = await startGateway(db.env);
      try {
        const r = await run(gw.base, concurrency);
        results.push({ driver, concurrency, startupMs: gw.startupMs, ...r });
        console.log(`  ${driver.padEnd(8)} c=${String(concurrency).padStart(2)}  ${r.perSecond.toFixed(0).padStart(5)} bookings/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.n} bookings: ${JSON.stringify(r.outcomes)}${ceiling?.has(concurrency) ? `; ${ofPgbench(r.perSecond, ceiling.get(concurrency))}` : ''})`);
      } finally {
        await gw.stop();
        await db.drop();
      }
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAlone('booking through the gateway (HTTP, one booking = POST /appointments), beside pgbench on the same server', bookingBench);
