// Hot slots: the 7 a.m. rush. Hundreds of patients, each signed in with a session of their own
// (a token of the hospital's identity provider), wait at one barrier and are released at once
// onto a few slots with few places, through the real gateway (its CLI, in its own process) on
// PGlite and on a PostgreSQL server. Prints throughput, latency and outcomes, then reads the
// tables: a slot holding more than its places, a patient booked twice, a 201 with no
// appointment behind it (or one nobody was told of) fails the bench. It runs twice: booking at
// once, and with registration fees charged online (IHKIT_BOOKING_HOLD_MINUTES), where each 201 is
// a hold that takes its place until paid — holds must fill the slots exactly as bookings do.
// `node bench/hot-slots.mjs` runs it alone (after `npm run build`), on a server of its own.
import { fileURLToPath } from 'node:url';
import { addDemoPatients, bookingViolations, setSlotCapacity } from '@ihkit/adapters';
import { createClient } from '@ihkit/core';
import { benchDatabase, runAlone, startGateway } from './gateway-process.mjs';
import { startBenchIdp } from './identity-provider.mjs';
import { percentile } from './figures.mjs';
import { ofPgbench, pgbenchInserts } from './pgbench.mjs';

const CLIENTS = Number(process.env.BENCH_HOT_CLIENTS ?? 500);
const SLOTS = Number(process.env.BENCH_HOT_SLOTS ?? 3);
const PLACES = Number(process.env.BENCH_HOT_PLACES ?? 30);

/** Runs `fn` with SQL access to the bench's database. */
async function withSql(db, fn) {
  const sql = await db.open();
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/** Signs everyone in, holds them at the barrier, lets them all book at once. */
async function rush(base, slotIds, patientIds, holds, idp) {
  const clients = await Promise.all(patientIds.map(async (patientId, i) => {
    const client = createClient({ baseUrl: base, token: await idp.token(`hot-${i}`, patientId), retries: 0, timeout: 120_000 });
    const [self] = (await client.listMyPatients()).items; // makes the account; the connection stays open
    if (self?.id !== patientId) throw new Error('an identity provider token did not give its patient');
    return { client, patientId, slotId: slotIds[i % slotIds.length] };
  }));
  let sevenAm;
  const barrier = new Promise((r) => (sevenAm = r));
  const latencies = [];
  const outcomes = {};
  const created = [];
  const unheld = [];
  const bookings = clients.map(async ({ client, patientId, slotId }) => {
    await barrier;
    const t = performance.now();
    let outcome = '201';
    try {
      const a = await client.bookAppointment({ slotId, patientId });
      created.push({ id: a.id, slotId, patientId });
      if (holds && a.registration?.status !== 'held') unheld.push(a.id);
    } catch (e) {
      outcome = e.code ?? e.message;
    }
    latencies.push(performance.now() - t);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  const t0 = performance.now();
  sevenAm();
  await Promise.all(bookings);
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: clients.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), outcomes, created, unheld };
}

async function run(driver, serverUrl, holds) {
  const db = await benchDatabase(driver, serverUrl, `ihkit_bench_hot_${driver}${holds ? '_holds' : ''}_${process.pid}`);
  try {
    // The gateway makes its tables and the demo hospital; the crowd is added while none runs
    // (a PGlite directory has one process at a time).
    await (await startGateway(db.env)).stop();
    const { slotIds, patientIds } = await withSql(db, async (sql) => {
      const { rows } = await sql.query("SELECT id FROM demo_slots WHERE start_at > now() + interval '1 day' ORDER BY start_at, id LIMIT $1", [SLOTS]);
      for (const { id } of rows) await setSlotCapacity(sql, id, PLACES);
      return { slotIds: rows.map((r) => r.id), patientIds: await addDemoPatients(sql, CLIENTS, 'pat_hot') };
    });
    const idp = await startBenchIdp();
    const gw = await startGateway({ ...db.env, ...idp.env, ...(holds ? { IHKIT_BOOKING_HOLD_MINUTES: '15' } : {}) }).catch(async (e) => {
      await idp.close();
      throw e;
    });
    let r;
    try {
      r = await rush(gw.base, slotIds, patientIds, holds, idp);
    } finally {
      await gw.stop();
      await idp.close();
    }
    const violations = [...await withSql(db, (sql) => bookingViolations(sql, slotIds, r.created)), ...r.unheld.map((id) => `appointment ${id} was booked at once, not held for its fee`)];
    return { ...r, slots: slotIds.length, violations };
  } finally {
    await db.drop();
  }
}

/** `pgbench`: pgbench's single-row inserts per second on the same server by concurrency (its highest is the comparison). */
export async function hotSlotBench({ postgresUrl, pgbench } = {}) {
  const ceiling = pgbench ?? (postgresUrl ? await pgbenchInserts(postgresUrl, [64]) : undefined);
  const top = ceiling && Math.max(...ceiling.keys());
  const results = [];
  const drivers = [['pglite', null], ...(postgresUrl ? [['postgres', postgresUrl]] : [])];
  for (const [driver, url, holds] of drivers.flatMap(([d, u]) => [[d, u, false], [d, u, true]])) {
    const r = await run(driver, url, holds);
    results.push({ driver: `${driver}${holds ? ' (holds)' : ''}`, ...r });
    console.log(`  ${driver.padEnd(8)} ${holds ? 'holds ' : 'booked'} ${CLIENTS} clients → ${r.slots} slots × ${PLACES} places  ${r.perSecond.toFixed(0).padStart(5)} requests/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${JSON.stringify(r.outcomes)}${top ? `  (${ofPgbench(r.perSecond, ceiling.get(top))} at ${top} clients)` : ''}`);
    console.log(r.violations.length
      ? `  ${' '.repeat(8)} DOUBLE BOOKING, read from the tables:\n${r.violations.map((v) => `             ${v}`).join('\n')}`
      : `  ${' '.repeat(8)} read from the tables: no slot over its places, no patient booked twice, each 201 stored and nothing else`);
  }
  const bad = results.filter((r) => r.violations.length);
  if (bad.length) throw new Error(`hot slots: double bookings on ${bad.map((r) => r.driver).join(', ')}`);
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAlone(`hot slots: ${CLIENTS} patients released at once (booking through the gateway, HTTP)`, hotSlotBench);
