import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoHis } from '@ihkit/adapters';
import { switchable, type HisMode } from './helpers/his-switch.js';
import { API, auth, databases, demoPatient, login, newKey, startGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`HIS failures (${database.name})`, () => {
    test('a failing or hanging HIS is HIS_UNAVAILABLE (503); an AdapterError keeps its code', async () => {
      const state: { mode: HisMode } = { mode: 'ok' };
      // The breaker stays closed here (it has a test of its own below), and nothing is served from
      // the catalog cache (the triage rules' check at start fills it; it has a test of its own too).
      const gw = await startGateway(database, { demo: true, hisTimeoutMs: 200, adapterBreakerFailures: 100, catalogCacheSeconds: 0, his: (db) => switchable(createDemoHis(db), state) });
      try {
        const token = await login(gw, demoPatient().username, demoPatient().password);
        for (const mode of ['fail', 'hang'] as const) {
          state.mode = mode;
          const started = Date.now();
          const res = await gw.app.inject({ method: 'GET', url: `${API}/departments`, headers: auth(token, { 'accept-language': 'zh-CN' }) });
          assert.equal(res.statusCode, 503, mode);
          assert.equal(res.json().code, 'HIS_UNAVAILABLE');
          assert.equal(res.json().title, '医院系统暂时无法访问，请稍后再试。');
          assert.ok(!res.body.includes('ECONNREFUSED'), 'no internals in the body');
          if (mode === 'hang') assert.ok(Date.now() - started < 2000, 'timed out quickly');
          const booking = await gw.app.inject({ method: 'POST', url: `${API}/appointments`, headers: auth(token, { 'idempotency-key': newKey() }), payload: { slotId: 's_1', patientId: demoPatient().patientId } });
          assert.equal(booking.statusCode, 503);
          const list = await gw.app.inject({ method: 'GET', url: `${API}/appointments`, headers: auth(token) });
          assert.equal(list.statusCode, 503);
        }
        state.mode = 'adapter-error';
        const taken = await gw.app.inject({ method: 'GET', url: `${API}/departments`, headers: auth(token) });
        assert.equal(taken.statusCode, 409);
        assert.equal(taken.json().code, 'SLOT_TAKEN');
        state.mode = 'ok';
        const back = await gw.app.inject({ method: 'GET', url: `${API}/departments`, headers: auth(token) });
        assert.equal(back.statusCode, 200);
        assert.ok(!gw.logs.text.includes('110101199003071234'), 'adapter error messages are not logged');
        const { rows } = await gw.db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE action = 'bookAppointment'");
        assert.deepEqual(rows.map((r) => r.outcome), ['error', 'error']);
      } finally {
        state.mode = 'ok';
        await gw.close();
      }
    });

    test('departments are cached and still served while the HIS fails; the breaker then spares it until it cools down', async () => {
      const state: { mode: HisMode; calls: string[] } = { mode: 'ok', calls: [] };
      const gw = await startGateway(database, {
        demo: true, hisTimeoutMs: 200, catalogCacheSeconds: 1, adapterBreakerFailures: 2, adapterBreakerCooldownMs: 300,
        his: (db) => switchable(createDemoHis(db), state),
      });
      try {
        const token = await login(gw, demoPatient().username, demoPatient().password);
        const get = (path: string) => gw.app.inject({ method: 'GET', url: `${API}${path}`, headers: auth(token) });
        const count = (method: string) => state.calls.filter((c) => c === method).length;
        const first = await get('/departments');
        assert.equal(first.statusCode, 200);
        assert.equal((await get('/departments')).body, first.body);
        assert.equal(count('listDepartments'), 1, 'the second request was answered from the cache');

        gw.clock.set(gw.clock.ms + 1_000); // the cached answer is now stale
        state.mode = 'fail';
        const stale = await get('/departments');
        assert.equal(stale.statusCode, 200, 'a stale catalog beats an error while the HIS fails');
        assert.equal(stale.body, first.body);
        assert.equal(count('listDepartments'), 2, 'the HIS was asked first');

        assert.equal((await get('/appointments')).statusCode, 503); // the second failure in a row opens the circuit
        const before = state.calls.length;
        const open = await get('/appointments');
        assert.equal(open.statusCode, 503);
        assert.equal(open.json().code, 'HIS_UNAVAILABLE');
        assert.equal(state.calls.length, before, 'with the circuit open the HIS is not called');

        state.mode = 'ok';
        gw.clock.set(gw.clock.ms + 299);
        assert.equal((await get('/appointments')).statusCode, 503, 'still cooling down');
        assert.equal(state.calls.length, before, 'and still not called');
        gw.clock.set(gw.clock.ms + 1);
        assert.equal((await get('/appointments')).statusCode, 200, 'after the cool-down one trial call finds it back');
        assert.ok(gw.logs.text.includes('circuit-open'), 'the open circuit is logged');
      } finally {
        state.mode = 'ok';
        await gw.close();
      }
    });

    test('who may practise online is cached for a short while and never served stale: when the HIS cannot say, nobody is let through', async () => {
      const state: { mode: HisMode; calls: string[] } = { mode: 'ok', calls: [] };
      const gw = await startGateway(database, {
        demo: true, hisTimeoutMs: 200, catalogCacheSeconds: 1, adapterBreakerFailures: 100,
        his: (db) => switchable(createDemoHis(db), state),
      });
      try {
        const token = await login(gw, 'dr.zhou', 'demo');
        const mine = () => gw.app.inject({ method: 'GET', url: `${API}/me/practitioner`, headers: auth(token) });
        const count = () => state.calls.filter((c) => c === 'getPractitioner').length;
        assert.equal((await mine()).json().standing, 'permitted');
        assert.equal((await mine()).json().standing, 'permitted');
        assert.equal(count(), 1, 'the second answer came from the cache');

        gw.clock.set(gw.clock.ms + 1_000); // past the cache time (here the catalog's 1 s; at most a minute)
        state.mode = 'fail';
        const res = await mine();
        assert.equal(res.statusCode, 503, 'no stale "permitted" while the HIS fails');
        assert.equal(res.json().code, 'HIS_UNAVAILABLE');
        assert.equal(count(), 2);
      } finally {
        state.mode = 'ok';
        await gw.close();
      }
    });

    test('an unexpected error is a bare INTERNAL problem', async () => {
      const gw = await startGateway(database, {
        demo: true,
        handlers: {
          listDepartments: {
            handle: async () => {
              throw new Error('secret internals at /srv/app.js:12');
            },
          },
        },
      });
      try {
        const token = await login(gw, demoPatient().username, demoPatient().password);
        const res = await gw.app.inject({ method: 'GET', url: `${API}/departments`, headers: auth(token) });
        assert.equal(res.statusCode, 500);
        assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'instance', 'status', 'title', 'type']);
        assert.equal(res.json().code, 'INTERNAL');
        assert.ok(!res.body.includes('secret internals'));
      } finally {
        await gw.close();
      }
    });
  });
}
