// Critical values: from an HL7 v2 ORU^R01 arriving over MLLP at the gateway to the alert
// arriving on the ordering doctor's WebSocket (what makes their desk show it), through one
// gateway (PGlite, PostgreSQL) and across two gateways sharing one PostgreSQL server (the
// laboratory sends to one, the doctor is connected to the other). Also the ACK time (the
// message is stored when the LIS gets its AA).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { connectRealtime, createClient } from '@ihkit/core';
import { demoAccounts, sendMllp } from '@ihkit/adapters';
import { freshDatabase, startGateway } from './gateway-process.mjs';
import { percentile } from './figures.mjs';

const N = Number(process.env.BENCH_LAB_ALERTS ?? 100);
const patientId = demoAccounts.find((a) => a.username === 'zhangwei').patientId;
const doctorId = demoAccounts.find((a) => a.username === 'dr.zhou').doctorId;
const freePort = () => 30000 + Math.floor(Math.random() * 20000);

function oru(order) {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  return [
    `MSH|^~\\&|LIS|BENCH-LAB|IHKIT|BENCH|${stamp}||ORU^R01^ORU_R01|${order}|P|2.5.1`,
    `PID|1||${patientId}^^^BENCH^PI`,
    `ORC|RE|P${order}|F${order}|||||||||${doctorId}`,
    `OBR|1|P${order}|F${order}|24326-1^Electrolytes^LN|||${stamp}||||||||||${doctorId}||||||${stamp}|||F`,
    `OBX|1|NM|2823-3^Potassium^LN||6.9|mmol/L|3.5-5.3|HH|||F`,
    `OBX|2|NM|2951-2^Sodium^LN||139|mmol/L|137-147|N|||F`,
  ].join('\r');
}

let runs = 0;

async function measure(labGateway, doctorBase) {
  const run = ++runs; // each run sends new orders: a re-sent identical result is (rightly) not a new alert
  const session = await createClient({ baseUrl: doctorBase }).login({ username: 'dr.zhou', password: 'demo' });
  const conn = connectRealtime(createClient({ baseUrl: doctorBase, token: session.token }), { WebSocket });
  let arrived = () => {};
  conn.onCriticalAlert((id) => id && arrived(performance.now()));
  await new Promise((resolve) => {
    const wait = () => (conn.state === 'open' ? setTimeout(resolve, 200) : setTimeout(wait, 10));
    wait();
  });
  const toAlert = [];
  const toAck = [];
  for (let i = 0; i < N; i++) {
    const got = new Promise((resolve) => (arrived = resolve));
    const t0 = performance.now();
    const ack = await sendMllp(labGateway.mllpPort, '127.0.0.1', oru(`B${process.pid}-${run}-${i}`));
    toAck.push(performance.now() - t0);
    if (!ack.includes('MSA|AA')) throw new Error(`not accepted: ${ack}`);
    toAlert.push((await got) - t0);
  }
  conn.close();
  toAlert.sort((a, b) => a - b);
  toAck.sort((a, b) => a - b);
  return { alert: { p50: percentile(toAlert, 50), p99: percentile(toAlert, 99) }, ack: { p50: percentile(toAck, 50), p99: percentile(toAck, 99) } };
}

async function labGateway(env) {
  const mllpPort = freePort();
  const gw = await startGateway({ ...env, IHKIT_MLLP_PORT: String(mllpPort) });
  return { ...gw, mllpPort };
}

export async function labAlertBench({ postgresUrl }) {
  const print = (label, r) => console.log(`  ${label.padEnd(34)} to the doctor's socket p50 ${r.alert.p50.toFixed(1).padStart(5)} ms  p99 ${r.alert.p99.toFixed(1).padStart(6)} ms · ACK p50 ${r.ack.p50.toFixed(1)} ms  (${N} ORU^R01)`);
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-bench-lab-'));
  let gw = await labGateway({ IHKIT_DATA_DIR: dir });
  try {
    print('one gateway, PGlite', await measure(gw, gw.base));
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const db = await freshDatabase(postgresUrl, `ihkit_bench_lab_${process.pid}`);
  gw = await labGateway({ DATABASE_URL: db.url });
  const other = await startGateway({ DATABASE_URL: db.url });
  try {
    print('one gateway, PostgreSQL', await measure(gw, gw.base));
    print('across two gateways, PostgreSQL', await measure(gw, other.base));
  } finally {
    await gw.stop();
    await other.stop();
    await db.drop();
  }
}
