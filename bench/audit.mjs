// The audit write's cost per request: a call that changes something commits one small change
// and its audit row in one transaction (audited-db.ts). Measured side by side, on PGlite and on
// a PostgreSQL server (durable settings):
//   no audit row        the change alone (the floor)
//   row, unchained      the change + an INSERT into a table like audit_log before the chain
//   row, one chain      the change + writeAudit with every transaction held to chain 0, as the
//                       single head of gw_015_audit_chain was: the trigger locks the head until
//                       the commit, hashes the row, moves the head
//   row, hash chains    the change + writeAudit as the gateway writes it (gw_033_audit_chains: a
//                       transaction takes the first of 16 heads no other one holds)
// one request at a time, and (on the server) with CONCURRENCY at once — where one head, held
// from the row to the commit, makes the audit writes of concurrent requests take turns.
// and the audit rows of realtime deliveries (realtime/delivery-audit.ts): every message or notice
// carrying patient data that goes out on a WebSocket leaves a row before it is sent, written
//   a row per delivery  one INSERT per frame (as writeAudit per request)
//   grouped             DeliveryAudit: what is asked while one INSERT is on its way goes in the next
// with DELIVERY_SOCKETS connections delivering at once.
// `node bench/audit.mjs` runs it alone (after `npm run build`), on a server of its own.
import { fileURLToPath } from 'node:url';
import { openPglite, openPostgres, migrate } from '../packages/gateway/dist/db/index.js';
import { migrationsOf } from '../packages/gateway/dist/migrations/index.js';
import { writeAudit } from '../packages/gateway/dist/audit.js';
import { DeliveryAudit } from '../packages/gateway/dist/realtime/delivery-audit.js';
import { verifyAuditChain } from '../packages/gateway/dist/audit-chain.js';
import { freshDatabase, runAlone } from './gateway-process.mjs';
import { percentile } from './figures.mjs';

const N = Number(process.env.BENCH_AUDIT_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_AUDIT_CONCURRENCY ?? 16);
const DELIVERY_SOCKETS = Number(process.env.BENCH_AUDIT_SOCKETS ?? 50);

const entry = (i) => ({
  actorId: `usr_${i % 50}`, actorRole: 'patient', action: 'sendConsultMessage', patientIds: [`pat_${i % 50}`],
  resourceType: 'consult_message', resourceId: `msg_${i}`, outcome: 'ok', requestId: `req_${i}`,
});

const MODES = {
  'no audit row': async () => {},
  'row, unchained': (tx, i) => {
    const e = entry(i);
    return tx.query(
      'INSERT INTO bench_audit_plain (actor_id, actor_role, action, patient_id, resource_type, resource_id, outcome, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.actorId, e.actorRole, e.action, e.patientIds[0], e.resourceType, e.resourceId, e.outcome, e.requestId]);
  },
  'row, one chain': async (tx, i) => {
    await tx.query(`SELECT set_config('ihkit.audit_chain', '0', true)`);
    await writeAudit(tx, entry(i));
  },
  'row, hash chains': (tx, i) => writeAudit(tx, entry(i)),
};

async function prepare(db) {
  await migrate(db, migrationsOf(false));
  await db.query(`CREATE TABLE bench_counter (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)`);
  await db.query(`INSERT INTO bench_counter (id) SELECT generate_series(0, ${CONCURRENCY - 1})`);
  // audit_log as it was before the chain (gw_005's columns and defaults).
  await db.query(`CREATE TABLE bench_audit_plain (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), actor_id text, actor_role text, action text NOT NULL,
    patient_id text, resource_type text, resource_id text, outcome text NOT NULL, request_id text)`);
}

/** `n` requests, `workers` at a time: each a transaction of one UPDATE and the mode's audit write. Latencies in ms, sorted, and the wall time. */
async function run(db, mode, n, workers) {
  const write = MODES[mode];
  const latencies = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    for (let i = next++; i < n; i = next++) {
      const t = performance.now();
      await db.transaction(async (tx) => {
        await tx.query('UPDATE bench_counter SET n = n + 1 WHERE id = $1', [w]);
        await write(tx, i);
      });
      latencies.push(performance.now() - t);
    }
  }));
  const wallMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  return { mean: latencies.reduce((a, b) => a + b, 0) / latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: (n / wallMs) * 1000 };
}

async function measure(label, db, workers) {
  // A warm-up, then the modes in turn, twice (the second round is printed), so that none runs on a colder cache.
  for (const mode of Object.keys(MODES)) await run(db, mode, Math.min(200, N), workers);
  const results = {};
  for (let round = 0; round < 2; round++) for (const mode of Object.keys(MODES)) results[mode] = await run(db, mode, N, workers);
  const floor = results['no audit row'];
  console.log(`  ${label}`);
  for (const [mode, r] of Object.entries(results)) {
    const cost = mode === 'no audit row' ? '' : `  audit write +${(r.mean - floor.mean).toFixed(3)} ms/request`;
    console.log(`    ${mode.padEnd(16)} mean ${r.mean.toFixed(3).padStart(7)} ms  p50 ${r.p50.toFixed(3).padStart(7)} ms  p99 ${r.p99.toFixed(3).padStart(7)} ms  ${r.perSecond.toFixed(0).padStart(6)} requests/s${cost}`);
  }
  const chained = results['row, hash chains'];
  const single = results['row, one chain'];
  const plain = results['row, unchained'];
  console.log(`    the chains' own cost: +${(chained.mean - plain.mean).toFixed(3)} ms/request over an unchained row (a request ${((chained.mean / plain.mean - 1) * 100).toFixed(0)}% longer); ${(chained.perSecond).toFixed(0)} vs ${plain.perSecond.toFixed(0)} requests/s`);
  console.log(`    16 heads against one: ${chained.perSecond.toFixed(0)} vs ${single.perSecond.toFixed(0)} requests/s (×${(chained.perSecond / single.perSecond).toFixed(2)}), p99 ${chained.p99.toFixed(1)} vs ${single.p99.toFixed(1)} ms`);
  const verdict = await verifyAuditChain(db);
  if (!verdict.ok) throw new Error(`audit bench: the chain is broken: ${JSON.stringify(verdict.broken)}`);
}

const delivery = (i) => ({ ...entry(i), action: 'deliverConsultMessage', patientId: `pat_${i % 50}` });

/** `n` deliveries, `sockets` at a time, each awaiting its audit row as a connection does before it sends. */
async function deliver(db, grouped, n, sockets) {
  const audit = new DeliveryAudit(db);
  let next = 0;
  let inserts = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: sockets }, async () => {
    for (let i = next++; i < n; i = next++) {
      if (grouped) await audit.record([delivery(i)]);
      else {
        const { patientId, ...rest } = delivery(i);
        await writeAudit(db, { ...rest, patientIds: [patientId] });
        inserts += 1;
      }
    }
  }));
  const wallMs = performance.now() - t0;
  return { perDelivery: wallMs / n, perSecond: (n / wallMs) * 1000, inserts: grouped ? audit.flushes : inserts };
}

async function measureDeliveries(label, db) {
  await deliver(db, true, Math.min(200, N), DELIVERY_SOCKETS); // warm-up
  console.log(`  ${label}`);
  for (const [name, grouped] of [['a row per delivery', false], ['grouped', true]]) {
    const r = await deliver(db, grouped, N, DELIVERY_SOCKETS);
    console.log(`    ${name.padEnd(18)} ${r.perDelivery.toFixed(3).padStart(7)} ms/delivery  ${r.perSecond.toFixed(0).padStart(6)} deliveries/s  ${String(r.inserts).padStart(5)} INSERTs for ${N} deliveries`);
  }
  const verdict = await verifyAuditChain(db);
  if (!verdict.ok) throw new Error(`audit bench: the chain is broken after the deliveries: ${JSON.stringify(verdict.broken)}`);
}

export async function auditBench({ postgresUrl } = {}) {
  const lite = await openPglite();
  try {
    await prepare(lite);
    await measure(`PGlite (in memory), one request at a time, ${N} requests per mode`, lite, 1);
    await measureDeliveries(`PGlite (in memory), realtime deliveries' audit rows, ${DELIVERY_SOCKETS} sockets delivering at once`, lite);
  } finally {
    await lite.close();
  }
  if (!postgresUrl) return;
  const created = await freshDatabase(postgresUrl, `ihkit_bench_audit_${process.pid}`);
  const db = await openPostgres(created.url, { max: CONCURRENCY + 2 });
  try {
    await prepare(db);
    await measure(`PostgreSQL, one request at a time, ${N} requests per mode`, db, 1);
    await measure(`PostgreSQL, ${CONCURRENCY} requests at once, ${N} requests per mode`, db, CONCURRENCY);
    await measureDeliveries(`PostgreSQL, realtime deliveries' audit rows, ${DELIVERY_SOCKETS} sockets delivering at once`, db);
  } finally {
    await db.close();
    await created.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAlone('audit log: the audit write per request, with and without the hash chain', auditBench);
