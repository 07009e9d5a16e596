// One patient flooding the realtime socket, and everyone else: another patient's GET /consults
// latency while nobody floods and while 张伟 floods — four WebSockets each sending `typing`
// every 20 ms and a `subscribe` to a made-up consult id every 20 ms, reconnecting whenever the
// gateway closes one — measured one after the other in the same run, on PGlite and on
// PostgreSQL, with the ratio. Also what the flood got through: the typing frames his doctor's
// socket received, the pg_notify notices they cost (PostgreSQL: counted by LISTENing), the
// audit rows and counted refusals it left, and how its sockets were closed.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { clinicOf, createClient } from '@ihkit/core';
import { benchDatabase, runAlone, startGateway } from './gateway-process.mjs';
import { percentile } from './figures.mjs';

/** How long each phase asks, one request after another. */
const PHASE_MS = Number(process.env.BENCH_FLOOD_SECONDS ?? 10) * 1000;
const SOCKETS = 4;
const EVERY_MS = 20;

async function signIn(base, username) {
  const s = await createClient({ baseUrl: base }).login({ username, password: 'demo' });
  return { token: s.token, client: createClient({ baseUrl: base, token: s.token, retries: 0, timeout: 120_000 }) };
}

/** A consult of `username`'s patient `relation` with 周敏 about hypertension: paid, accepted. */
async function acceptedConsult(base, username, relation, doctor) {
  const patient = await signIn(base, username);
  const who = (await patient.client.listMyPatients()).items.find((p) => p.relation === relation);
  const condition = (await clinicOf(patient.client).listConditions(who.id)).items.find((c) => c.code === 'I10');
  const consult = await clinicOf(patient.client).createConsult({ patientId: who.id, doctorId: condition.doctorId, encounterId: condition.encounterId, conditionCode: 'I10', complaint: 'bench' });
  const payment = await clinicOf(patient.client).payConsult(consult.id);
  await clinicOf(patient.client).sandboxPay(payment.id);
  await clinicOf(doctor.client).acceptConsult(consult.id);
  return { ...patient, consultId: consult.id };
}

/** A raw socket signed in as `token`: resolves once the gateway said `ready`. */
function socketOf(wsUrl, token, onFrame = () => {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === 'ready') resolve(ws);
      onFrame(frame);
    });
    ws.on('error', reject);
    ws.on('close', () => reject(new Error('closed before ready')));
  });
}

/**
 * Four sockets of one user, each sending typing and a random subscribe every 20 ms; a socket
 * the gateway closes is opened again at once, as an attacker would. stop() ends it and says
 * what it sent and how its sockets were closed.
 */
function flood(wsUrl, token, consultId) {
  let running = true;
  const sent = { typing: 0, subscribe: 0 };
  const closes = {};
  const open = new Set();
  const one = async () => {
    while (running) {
      const ws = new WebSocket(wsUrl);
      open.add(ws);
      await new Promise((resolve) => {
        let timer;
        ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
        ws.on('message', (data) => {
          if (JSON.parse(String(data)).type !== 'ready') return;
          ws.send(JSON.stringify({ type: 'subscribe', consultId, after: 0 }));
          timer = setInterval(() => {
            if (ws.readyState !== WebSocket.OPEN) return;
            ws.send(JSON.stringify({ type: 'typing', consultId }));
            ws.send(JSON.stringify({ type: 'subscribe', consultId: `con_${randomUUID()}`, after: 0 }));
            sent.typing++;
            sent.subscribe++;
          }, EVERY_MS);
        });
        ws.on('error', () => {});
        ws.on('close', (code) => {
          clearInterval(timer);
          open.delete(ws);
          if (running) closes[code] = (closes[code] ?? 0) + 1;
          resolve();
        });
      });
    }
  };
  const loops = Array.from({ length: SOCKETS }, one);
  return async () => {
    running = false;
    for (const ws of open) ws.close();
    await Promise.all(loops);
    return { sent, closes };
  };
}

/** GET /consults one after another for `ms` (the last one is waited for, however long it takes). */
async function latencies(base, token, ms = PHASE_MS) {
  const out = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const res = await fetch(`${base}/consults`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /consults answered ${res.status}`);
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  return { n: out.length, p50: percentile(out, 50), p99: percentile(out, 99), max: out.at(-1) };
}

async function countNotices(driver, env) {
  if (driver !== 'postgres') return undefined;
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: env.DATABASE_URL });
  await c.connect();
  const counts = { typing: 0, all: 0 };
  c.on('notification', (n) => {
    counts.all++;
    if (JSON.parse(n.payload).k === 'typing') counts.typing++;
  });
  await c.query('LISTEN ihkit_consult');
  return { counts, stop: () => c.end() };
}

async function run(driver, serverUrl) {
  const db = await benchDatabase(driver, serverUrl, `ihkit_bench_flood_${driver}_${process.pid}`);
  const gw = await startGateway(db.env);
  const wsUrl = `${gw.base.replace('http', 'ws')}/ws`;
  let result;
  try {
    const doctor = await signIn(gw.base, 'dr.zhou');
    const flooder = await acceptedConsult(gw.base, 'zhangwei', 'self', doctor);
    const victim = await acceptedConsult(gw.base, 'wangfang', 'spouse', doctor);
    // The doctor follows the flooder's consult, as the desk does while the conversation is open.
    let typingFrames = 0;
    const doctorSocket = await socketOf(wsUrl, doctor.token, (f) => f.type === 'typing' && typingFrames++);
    doctorSocket.send(JSON.stringify({ type: 'subscribe', consultId: flooder.consultId, after: 0 }));
    await latencies(gw.base, victim.token, 1000); // warm-up

    const quiet = await latencies(gw.base, victim.token);
    const notices = await countNotices(driver, db.env);
    typingFrames = 0;
    const started = performance.now();
    const stop = flood(wsUrl, flooder.token, flooder.consultId);
    await new Promise((r) => setTimeout(r, 500)); // the flood under way
    const flooded = await latencies(gw.base, victim.token);
    const flooder_ = await stop();
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 300));
    await notices?.stop();
    doctorSocket.close();
    result = { quiet, flooded, seconds, typingFrames, notices: notices?.counts, flood: flooder_ };
  } finally {
    await gw.stop();
  }
  try {
    const q = await db.open();
    try {
      const audit = await q.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'subscribeConsult'`);
      const refusals = await q.query(`SELECT action, outcome, sum(count)::int AS n FROM audit_refusals GROUP BY action, outcome ORDER BY action, outcome`).catch(() => ({ rows: [] }));
      result.auditRows = audit.rows[0].n;
      result.refusals = Object.fromEntries(refusals.rows.map((r) => [`${r.action}/${r.outcome}`, r.n]));
    } finally {
      await q.close();
    }
  } finally {
    await db.drop();
  }
  return result;
}

const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;

export async function socketFloodBench({ postgresUrl } = {}) {
  const results = [];
  for (const [driver, url] of [['pglite', null], ...(postgresUrl ? [['postgres', postgresUrl]] : [])]) {
    const r = await run(driver, url);
    results.push({ driver, ...r });
    const partial = (p) => ` (${p.n} requests)`;
    console.log(`  ${driver.padEnd(8)} another patient's GET /consults  quiet   p50 ${ms(r.quiet.p50)}  p99 ${ms(r.quiet.p99)}  max ${ms(r.quiet.max)}${partial(r.quiet)}`);
    console.log(`  ${' '.repeat(8)} while 张伟 floods                  flooded p50 ${ms(r.flooded.p50)}  p99 ${ms(r.flooded.p99)}  max ${ms(r.flooded.max)}${partial(r.flooded)}`);
    console.log(`  ${' '.repeat(8)} ratio flooded/quiet: p50 ×${(r.flooded.p50 / r.quiet.p50).toFixed(2)}, p99 ×${(r.flooded.p99 / r.quiet.p99).toFixed(2)}`);
    const perSecond = (n) => (n / r.seconds).toFixed(1);
    console.log(`  ${' '.repeat(8)} the flood: ${r.flood.sent.typing} typing + ${r.flood.sent.subscribe} random subscribes in ${r.seconds.toFixed(1)} s on ${SOCKETS} sockets (closed by the gateway: ${JSON.stringify(r.flood.closes)}) → `
      + `the doctor's socket got ${r.typingFrames} typing frames (${perSecond(r.typingFrames)}/s)${r.notices ? `, ${r.notices.typing} typing notices on the channel` : ''}; `
      + `${r.auditRows} subscribe audit rows; refusals counted ${JSON.stringify(r.refusals)}`);
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAlone(`socket flood: another patient's GET /consults while one patient floods the realtime socket (${SOCKETS} sockets, typing + random subscribe every ${EVERY_MS} ms)`, socketFloodBench);
