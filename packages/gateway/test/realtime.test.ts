import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { assertContiguous, connections, eventually, listen, WS } from './helpers/live.js';
import { decodeJwt } from 'jose';
import { RealtimeConnection, type RealtimeOptions, type Consult, type ConsultMessage } from '@ihkit/core';
import { openPostgres } from '../src/db/index.js';
import { createPostgresDatabase } from './helpers/databases.js';
import { databases, login, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { conditions, DOCTOR, get, ok, paidConsult, post, say } from './helpers/consults.js';

function collector() {
  const got: ConsultMessage[] = [];
  const typing: string[] = [];
  const reads: number[] = [];
  const errors: string[] = [];
  let changed = 0;
  return {
    got, typing, reads, errors,
    get changed() { return changed; },
    listener: { message: (m: ConsultMessage) => got.push(m), typing: (s: string) => typing.push(s), read: (_s: string, seq: number) => reads.push(seq), changed: () => { changed += 1; }, error: (c: string) => errors.push(c) },
  };
}

for (const database of databases) {
  describe(`live consult messages (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    let zhang: string;
    let lina: string;
    let doctor: string;
    let consult: Consult;
    const live = connections();
    const connect = (token: RealtimeOptions['token']) => live.connect(url, token);

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      url = await listen(gw);
      zhang = await login(gw, 'zhangwei', 'demo');
      lina = await login(gw, 'lina', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
      consult = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${consult.id}/accept`));
      void conditions;
    });
    after(async () => {
      live.closeAll();
      await gw?.close();
    });

    test('the doctor’s reply reaches the patient live, in order, with typing and read marks', async () => {
      const patient = collector();
      const conn = connect(zhang);
      conn.subscribe(consult.id, 0, patient.listener);
      await eventually(() => assert.equal(conn.state, 'open'));
      await eventually(() => assert.equal(patient.got.at(-1)?.event, 'accepted'));
      const doctorConn = connect(doctor);
      const doc = collector();
      doctorConn.subscribe(consult.id, consult.lastSeq, doc.listener);
      await eventually(() => assert.equal(doctorConn.state, 'open'));

      const reply = ok<ConsultMessage>(await say(gw, doctor, consult.id, '您好，请问最近血压多少？'), 201);
      await eventually(() => assert.equal(patient.got.at(-1)?.id, reply.id));
      assertContiguous(patient.got, 1);
      assert.equal(patient.got.at(-1)?.text, '您好，请问最近血压多少？');
      await eventually(() => assert.ok(patient.changed > 0, 'told of the change'), 2000); // accepted → in progress

      doctorConn.typing(consult.id);
      await eventually(() => assert.deepEqual(patient.typing, ['doctor']));
      ok(await post(gw, zhang, `/consults/${consult.id}/read`, { seq: reply.seq }));
      await eventually(() => assert.deepEqual(doc.reads, [reply.seq]));
    });

    test('a dropped socket resumes from its last seq: nothing lost, nothing twice', async () => {
      const patient = collector();
      const conn = connect(zhang);
      conn.subscribe(consult.id, 0, patient.listener);
      await eventually(() => assert.equal(conn.state, 'open'));
      const before = ok<{ lastSeq: number }>(await get(gw, zhang, `/consults/${consult.id}/messages?after=0`)).lastSeq;
      await eventually(() => assert.equal(patient.got.at(-1)?.seq, before));
      for (let round = 0; round < 3; round++) {
        conn.drop();
        // Written while the patient is away, and right as they come back.
        ok(await say(gw, doctor, consult.id, `第 ${round + 1} 条：请按时服药`), 201);
        ok(await say(gw, zhang, consult.id, `收到 ${round + 1}`), 201);
        await eventually(() => assert.equal(conn.state, 'open'));
        ok(await say(gw, doctor, consult.id, `第 ${round + 1} 条补充`), 201);
      }
      const last = ok<{ lastSeq: number }>(await get(gw, zhang, `/consults/${consult.id}/messages?after=0`)).lastSeq;
      await eventually(() => assert.equal(patient.got.at(-1)?.seq, last));
      await new Promise((r) => setTimeout(r, 200)); // anything late would be a duplicate
      assertContiguous(patient.got, 1);
    });

    test('only participants may subscribe; a bad token is refused', async () => {
      const stranger = collector();
      const conn = connect(lina);
      conn.subscribe(consult.id, 0, stranger.listener);
      await eventually(() => assert.deepEqual(stranger.errors, ['NOT_FOUND']));
      assert.equal(stranger.got.length, 0);

      const raw = new WebSocket(url);
      const frames: string[] = [];
      raw.on('message', (d) => frames.push(String(d)));
      const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
      raw.on('open', () => raw.send(JSON.stringify({ type: 'auth', token: 'not-a-token' })));
      assert.equal(await closed, 4401);
      assert.match(frames.join(), /UNAUTHENTICATED/);
    });

    test('a socket is closed when its token expires; a fresh token resumes it, an expired one ends it', async () => {
      const patientId = decodeJwt(zhang).sub!;
      const soon = () => sessionToken(patientId, { issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 1500), db: gw.db }); // whole seconds in the token: between 0.5 and 1.5 s
      const first = await soon();

      // The page refreshed its token before the old one ran out: the connection carries on.
      let current = first;
      const fresh = collector();
      const renewed = connect(() => current);
      renewed.subscribe(consult.id, 0, fresh.listener);
      await eventually(() => assert.equal(renewed.state, 'open'));
      const before = fresh.got.length;
      current = await sessionToken(patientId, { issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 3600_000), db: gw.db });
      gw.clock.set(gw.clock.ms + 2000); // the first token is now past its expiry
      await eventually(() => assert.notEqual(renewed.state, 'open'), 4000); // closed by the gateway at expiry
      await eventually(() => assert.equal(renewed.state, 'open'), 4000); // back, with the fresh token
      const after = ok<ConsultMessage>(await say(gw, doctor, consult.id, 'after the token was renewed'), 201);
      await eventually(() => assert.ok(fresh.got.some((m) => m.seq === after.seq), 'the message after renewal arrived'));
      assertContiguous(fresh.got.slice(before), fresh.got[before]?.seq ?? after.seq);

      // Nobody renewed it: the gateway closes the socket and the reconnect is refused.
      const stale = connect(await soon());
      await eventually(() => assert.equal(stale.state, 'open'));
      gw.clock.set(gw.clock.ms + 2000);
      await eventually(() => assert.equal(stale.state, 'closed'), 4000);
    });

    test('the doctor’s queue is told when a consult is paid', async () => {
      const conn = connect(doctor);
      let told = 0;
      conn.onQueue(() => (told += 1));
      await eventually(() => assert.equal(conn.state, 'open'));
      const base = told;
      const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
      await paidConsult(gw, zhang, self, 'I10');
      await eventually(() => assert.ok(told > base, 'the queue was told'));
    });
  });
}

describe('two gateways on one PostgreSQL', () => {
  test('a message sent through one reaches a client connected to the other', async () => {
    const created = await createPostgresDatabase();
    const database = { open: () => openPostgres(created.url) };
    const a = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    const b = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    const conns: RealtimeConnection[] = [];
    try {
      const urlB = await listen(b);
      const zhang = await login(a, 'zhangwei', 'demo');
      const doctor = await login(a, DOCTOR.username, DOCTOR.password);
      const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(a, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
      const consult = await paidConsult(a, zhang, self, 'I10');
      ok(await post(a, doctor, `/consults/${consult.id}/accept`));
      const got: ConsultMessage[] = [];
      const conn = new RealtimeConnection({ url: urlB, token: zhang, WebSocket: WS, minDelayMs: 50 });
      conns.push(conn);
      conn.subscribe(consult.id, consult.lastSeq, { message: (m) => got.push(m) });
      await eventually(() => assert.equal(conn.state, 'open'));
      const sent = ok<ConsultMessage>(await say(a, doctor, consult.id, '经由另一台网关发送'), 201);
      await eventually(() => assert.equal(got.at(-1)?.id, sent.id));
      assertContiguous(got, consult.lastSeq + 1);
    } finally {
      for (const c of conns) c.close();
      await a.close().catch(() => {});
      await b.close().catch(() => {});
      await created.drop();
    }
  });
});
