/**
 * The gateway restarts under live clients: a patient and a doctor connected through
 * RealtimeConnection to a listening gateway, which is closed and started again on the same
 * port and the same database (PGlite keeps its data directory). Their connections come back by
 * themselves and every message — written before, right after the restart (before they are
 * back) and after — arrives once, in order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsultMessage } from '@ihkit/core';
import { durables } from './helpers/databases.js';
import { login, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, get, ok, say } from './helpers/consults.js';
import { assertContiguous, connections, eventually } from './helpers/live.js';

for (const durable of durables) {
  describe(`a gateway restart under live clients (${durable.name})`, () => {
    test('patient and doctor reconnect by themselves and resume: every message once, in order', async () => {
      const database = await durable.make();
      const live = connections();
      const gateways: TestGateway[] = [];
      const start = async () => {
        const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
        gateways.push(gw);
        return gw;
      };
      try {
        let gw = await start();
        const address = await gw.app.listen({ port: 0, host: '127.0.0.1' });
        const port = new URL(address).port;
        const url = `ws://127.0.0.1:${port}/api/ws`;
        const zhang = await login(gw, 'zhangwei', 'demo');
        const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        const consult = await acceptedConsult(gw, zhang, doctor);

        const patientGot: ConsultMessage[] = [];
        const doctorGot: ConsultMessage[] = [];
        const patientConn = live.connect(url, zhang);
        const doctorConn = live.connect(url, doctor);
        patientConn.subscribe(consult.id, 0, { message: (m) => patientGot.push(m) });
        doctorConn.subscribe(consult.id, 0, { message: (m) => doctorGot.push(m) });
        const states: string[] = [];
        patientConn.onState((s) => states.push(s));
        await eventually(() => assert.ok(patientConn.state === 'open' && doctorConn.state === 'open', 'both connected'));
        const before = ok<ConsultMessage>(await say(gw, doctor, consult.id, '重启前：请按时服药'), 201);
        await eventually(() => assert.ok(patientGot.at(-1)?.id === before.id && doctorGot.at(-1)?.id === before.id, 'both got the message before the restart'));

        // The gateway goes away: both connections notice and keep trying.
        await gw.close();
        await eventually(() => assert.ok(patientConn.state === 'connecting' && doctorConn.state === 'connecting', 'both reconnecting'));

        // A new gateway on the same database. Before it listens, the doctor writes (through it):
        // nobody can be connected to it yet.
        gw = await start();
        const whileAway = ok<ConsultMessage>(await say(gw, doctor, consult.id, '重启后第一条：血压记录发我'), 201);
        await gw.app.listen({ port: Number(port), host: '127.0.0.1' });
        await eventually(() => assert.ok(patientConn.state === 'open' && doctorConn.state === 'open', 'both back'), 10_000);
        await eventually(() => assert.ok(patientGot.at(-1)?.id === whileAway.id && doctorGot.at(-1)?.id === whileAway.id, 'the message written before they were back arrived'));

        // After: both ways, live.
        const reply = ok<ConsultMessage>(await say(gw, zhang, consult.id, '好的，今早 135/85'), 201);
        const answer = ok<ConsultMessage>(await say(gw, doctor, consult.id, '收到，继续观察'), 201);
        await eventually(() => assert.ok(patientGot.at(-1)?.id === answer.id && doctorGot.at(-1)?.id === answer.id, 'the messages after the restart arrived'));
        await new Promise((r) => setTimeout(r, 300)); // anything late would be a duplicate

        const all = ok<{ items: ConsultMessage[] }>(await get(gw, zhang, `/consults/${consult.id}/messages?after=0`)).items;
        for (const got of [patientGot, doctorGot]) {
          assertContiguous(got, 1);
          assert.deepEqual(got.map((m) => m.id), all.map((m) => m.id), 'every message of the consult, once, in order');
        }
        assert.ok([before, whileAway, reply, answer].every((m) => patientGot.some((g) => g.id === m.id)));
        assert.deepEqual(states.slice(-2), ['connecting', 'open'], `reconnected by itself: ${states.join(' → ')}`);
      } finally {
        live.closeAll();
        for (const gw of gateways) await gw.close().catch(() => {});
        await database.remove();
      }
    });
  });
}
