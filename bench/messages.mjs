// Consult message delivery latency: from the doctor's POST of a message to its arrival on the
// patient's WebSocket, through one gateway (PGlite, PostgreSQL) and across two gateways that
// share one PostgreSQL server (sent through one, received through the other).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { clinicOf, connectRealtime, createClient } from '@ihkit/core';
import { freshDatabase, startGateway } from './gateway-process.mjs';
import { percentile } from './figures.mjs';

const N = Number(process.env.BENCH_MESSAGES ?? 300);

async function signIn(base, username) {
  const s = await createClient({ baseUrl: base }).login({ username, password: 'demo' });
  return { token: s.token, client: createClient({ baseUrl: base, token: s.token, retries: 0 }) };
}

/** 张伟 asks 周敏 about his hypertension; paid in the sandbox; accepted. */
async function openConsult(base) {
  const patient = await signIn(base, 'zhangwei');
  const doctor = await signIn(base, 'dr.zhou');
  const self = (await patient.client.listMyPatients()).items.find((p) => p.relation === 'self');
  const condition = (await clinicOf(patient.client).listConditions(self.id)).items.find((c) => c.code === 'I10');
  const consult = await clinicOf(patient.client).createConsult({ patientId: self.id, doctorId: condition.doctorId, encounterId: condition.encounterId, conditionCode: 'I10', complaint: 'bench' });
  const payment = await clinicOf(patient.client).payConsult(consult.id);
  await clinicOf(patient.client).sandboxPay(payment.id);
  await clinicOf(doctor.client).acceptConsult(consult.id);
  return { consultId: consult.id, patient, doctor };
}

async function measure(sendBase, receiveBase) {
  const { consultId, patient } = await openConsult(sendBase);
  const doctor = await signIn(sendBase, 'dr.zhou');
  const arrived = new Map();
  const conn = connectRealtime(createClient({ baseUrl: receiveBase, token: patient.token }), { WebSocket });
  const head = await clinicOf(patient.client).listConsultMessages(consultId, { after: 0 });
  await new Promise((resolve) => {
    conn.subscribe(consultId, head.lastSeq, { message: (m) => arrived.get(m.text)?.(performance.now()) });
    const wait = () => (conn.state === 'open' ? resolve() : setTimeout(wait, 10));
    wait();
  });
  const latencies = [];
  for (let i = 0; i < N; i++) {
    const text = `bench ${i}`;
    const got = new Promise((resolve) => arrived.set(text, resolve));
    const t0 = performance.now();
    await clinicOf(doctor.client).sendConsultMessage(consultId, { text });
    latencies.push((await got) - t0);
    arrived.delete(text);
  }
  conn.close();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function messageBench({ postgresUrl }) {
  const print = (label, r) => console.log(`  ${label.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${N} messages, POST → WebSocket)`);
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-bench-msg-'));
  let gw = await startGateway({ IHKIT_DATA_DIR: dir });
  try {
    print('one gateway, PGlite', await measure(gw.base, gw.base));
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const db = await freshDatabase(postgresUrl, `ihkit_bench_msg_${process.pid}`);
  gw = await startGateway({ DATABASE_URL: db.url });
  const other = await startGateway({ DATABASE_URL: db.url });
  try {
    print('one gateway, PostgreSQL', await measure(gw.base, gw.base));
    print('across two gateways, PostgreSQL', await measure(gw.base, other.base));
  } finally {
    await gw.stop();
    await other.stop();
    await db.drop();
  }
}
