/**
 * The gateway through a PostgreSQL restart under booking traffic, on a server of its own (it
 * is stopped and started): requests meanwhile fail cleanly, the process lives on, it reconnects
 * by itself, nothing committed is lost, and live messages (LISTEN) flow again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { bookingViolations, setSlotCapacity, type BookingAnswer } from '@ihkit/adapters';
import type { ConsultMessage } from '@ihkit/core';
import { startPostgres } from '../../../scripts/postgres.mjs';
import { openPostgres } from '../src/db/index.js';
import { LIVE_CHANNEL } from '../src/realtime/notices.js';
import { createPostgresDatabase } from './helpers/databases.js';
import { bookableSlots, crowd, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, ok, say } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';

const PATIENTS = 80;
const WORKERS = 8;
/** How long the server stays down. */
const OUTAGE_MS = 800;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether the gateway's LISTEN on the live channel is in place on the server. */
async function listening(serverUrl: string, database: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    const { rows } = await c.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query = $2", [database, `LISTEN "${LIVE_CHANNEL}"`]);
    return rows.length > 0;
  } finally {
    await c.end();
  }
}

describe('a PostgreSQL restart under traffic (a server of its own)', () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  before(async () => {
    server = await startPostgres({ durable: true }); // committed means on disk, even through a crash
  });
  after(() => server?.stop());

  for (const mode of ['fast', 'immediate'] as const) {
    test(`${mode} shutdown: 503 DATABASE_UNAVAILABLE meanwhile, no crash, reconnects, every 201 kept, live messages again`, { timeout: 60_000 }, async () => {
      const crashes: unknown[] = [];
      const onCrash = (e: unknown) => crashes.push(e);
      process.on('uncaughtException', onCrash);
      process.on('unhandledRejection', onCrash);
      const live = connections();
      let gw: TestGateway | undefined;
      let serverDown = false;
      try {
        const created = await createPostgresDatabase(server.url);
        gw = await startGateway({ open: () => openPostgres(created.url) }, { demo: true, sweepIntervalMs: 0 });

        // A consult with the patient following it live.
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const consult = await acceptedConsult(gw, zhang, doctor);
        const got: ConsultMessage[] = [];
        const wsUrl = await listen(gw);
        const conn = live.connect(wsUrl, zhang);
        conn.subscribe(consult.id, 0, { message: (m) => got.push(m) });
        await eventually(() => assert.equal(conn.state, 'open', 'connected'));

        // Patients book, WORKERS at a time; each retries with its own key until it has an answer.
        // The first half books while the server is up (and as it goes down), the second while it is down and after.
        const slots = (await bookableSlots(gw, zhang)).slice(0, 3);
        for (const slot of slots) await setSlotCapacity(gw.db, slot.id, PATIENTS);
        const people = await crowd(gw, PATIENTS);
        const base = wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, ''); // …/api
        const answered: BookingAnswer[] = [];
        const failures: Array<{ status: number; type: string; code?: string }> = [];
        let next = 0;
        let down!: () => void;
        const outage = new Promise<void>((r) => (down = r));
        const worker = async () => {
          while (next < people.length) {
            if (next >= people.length / 2) await outage;
            if (next >= people.length) break;
            const i = next++;
            const { patientId, token } = people[i]!;
            const slotId = slots[i % slots.length]!.id;
            const key = newKey();
            for (;;) {
              const res = await fetch(`${base}/appointments`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
                body: JSON.stringify({ slotId, patientId }),
              });
              const body = (await res.json()) as { id: string; code?: string };
              if (res.status === 201) {
                answered.push({ id: body.id, slotId, patientId });
                break;
              }
              failures.push({ status: res.status, type: res.headers.get('content-type') ?? '', code: body.code });
              if (res.status !== 503) break;
              await sleep(50);
            }
          }
        };
        const traffic = Promise.all(Array.from({ length: WORKERS }, worker));
        await eventually(() => assert.ok(answered.length >= PATIENTS / 4, 'bookings under way'), 10_000);
        await server.halt(mode);
        serverDown = true;
        down();
        await sleep(OUTAGE_MS);
        await server.resume();
        serverDown = false;
        await traffic;

        assert.ok(failures.length > 0, 'requests were made during the outage');
        assert.deepEqual(new Set(failures.map((f) => `${f.status} ${f.code} ${f.type}`)), new Set(['503 DATABASE_UNAVAILABLE application/problem+json; charset=utf-8']));
        assert.equal(answered.length, PATIENTS, 'everyone booked in the end');
        assert.deepEqual(await bookingViolations(gw.db, slots.map((s) => s.id), answered), [], 'every 201 stored, nothing stored unanswered');
        assert.deepEqual(crashes, []);
        assert.deepEqual(gw.logs.lines.filter((l) => l.includes('"level":50')), [], 'no unexpected errors logged');

        // LISTEN is back: a reply reaches the patient live.
        await eventually(async () => assert.ok(await listening(server.url, created.name), 'the gateway LISTENs again within 10 s'), 10_000);
        const reply = ok<ConsultMessage>(await say(gw, doctor, consult.id, '重启后：请继续按时服药'), 201);
        await eventually(() => assert.equal(got.at(-1)?.id, reply.id, 'delivered live'));
      } finally {
        if (serverDown) await server.resume(); // for the next test
        live.closeAll();
        await gw?.close();
        process.off('uncaughtException', onCrash);
        process.off('unhandledRejection', onCrash);
      }
    });
  }
});
