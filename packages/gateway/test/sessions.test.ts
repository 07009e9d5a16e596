import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { SessionInfo } from '@ihkit/core';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/index.js';
import { purgeSessions } from '../src/sessions.js';
import { SESSION_EXPIRED_CLOSE } from '../src/realtime/socket.js';
import { createPostgresDatabase } from './helpers/databases.js';
import { API, auth, databases, demoPatient, login, otherDemoPatient, startGateway, type TestGateway } from './helpers/gateway.js';
import { listen } from './helpers/live.js';
import { startIdentityProvider } from './helpers/identity-provider.js';

const me = demoPatient();
const other = otherDemoPatient();

const getMe = (gw: TestGateway, token: string) => gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
const call = (gw: TestGateway, token: string, path: string, method: 'GET' | 'POST' = 'POST') => gw.app.inject({ method, url: `${API}${path}`, headers: auth(token) });
const sessionsOf = async (gw: TestGateway, token: string): Promise<SessionInfo[]> => (await call(gw, token, '/sessions', 'GET')).json().items;

/** A WebSocket signed in with `token`: resolves once ready; `closed` resolves with the close code. */
async function liveSocket(url: string, token: string): Promise<{ closed: Promise<number>; socket: WebSocket }> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (d) => (JSON.parse(String(d)).type === 'ready' ? resolve() : reject(new Error(String(d)))));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    void closed.then((code) => reject(new Error(`closed with ${code} before ready`)));
  });
  return { closed, socket };
}

/** Resolves with the close code, or rejects after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);
}

for (const database of databases) {
  describe(`sessions: list, sign out, revoke (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      url = await listen(gw);
    });
    after(() => gw?.close());

    test('listMySessions: my active sessions, the current one marked, no tokens; nobody else’s', async () => {
      const first = await login(gw, me.username, me.password);
      const second = await login(gw, me.username, me.password);
      const theirs = await login(gw, other.username, other.password);
      const mine = await sessionsOf(gw, second);
      assert.ok(mine.length >= 2);
      assert.equal(mine.filter((s) => s.current).length, 1);
      assert.deepEqual(Object.keys(mine[0]!).sort(), ['createdAt', 'current', 'expiresAt', 'id']);
      assert.ok(!JSON.stringify(mine).includes(first) && !JSON.stringify(mine).includes(second), 'no token is shown');
      const fromFirst = await sessionsOf(gw, first);
      assert.notEqual(fromFirst.find((s) => s.current)!.id, mine.find((s) => s.current)!.id);
      const theirIds = new Set((await sessionsOf(gw, theirs)).map((s) => s.id));
      assert.ok(mine.every((s) => !theirIds.has(s.id)));
    });

    test('logout: the token is refused at once on HTTP, its WebSocket is closed (4001), other sessions carry on', async () => {
      const token = await login(gw, me.username, me.password);
      const otherDevice = await login(gw, me.username, me.password);
      const live = await liveSocket(url, token);
      const res = await call(gw, token, '/sessions/logout');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { revoked: 1 });
      assert.equal(await within(live.closed, 3000), SESSION_EXPIRED_CLOSE);

      const refused = await getMe(gw, token);
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().code, 'UNAUTHENTICATED');
      assert.equal((await call(gw, token, '/sessions/logout')).statusCode, 401, 'a second logout: the session is over');
      await assert.rejects(liveSocket(url, token), /UNAUTHENTICATED/);
      assert.equal((await getMe(gw, otherDevice)).statusCode, 200);
    });

    test('revokeSession: one of mine (another device) is signed out; someone else’s is NOT_FOUND and keeps working', async () => {
      const mine = await login(gw, me.username, me.password);
      const laptop = await login(gw, me.username, me.password);
      const theirs = await login(gw, other.username, other.password);
      const laptopId = (await sessionsOf(gw, laptop)).find((s) => s.current)!.id;
      const theirId = (await sessionsOf(gw, theirs)).find((s) => s.current)!.id;
      const live = await liveSocket(url, laptop);

      const denied = await call(gw, mine, `/sessions/${theirId}/revoke`);
      assert.equal(denied.statusCode, 404);
      assert.equal(denied.json().code, 'NOT_FOUND');
      assert.equal((await getMe(gw, theirs)).statusCode, 200);
      assert.equal((await call(gw, mine, '/sessions/ses_unknown/revoke')).json().code, 'NOT_FOUND');

      assert.deepEqual((await call(gw, mine, `/sessions/${laptopId}/revoke`)).json(), { revoked: 1 });
      assert.equal(await within(live.closed, 3000), SESSION_EXPIRED_CLOSE);
      assert.equal((await getMe(gw, laptop)).statusCode, 401);
      assert.deepEqual((await call(gw, mine, `/sessions/${laptopId}/revoke`)).json(), { revoked: 0 }, 'again: nothing changes');
      assert.ok(!(await sessionsOf(gw, mine)).some((s) => s.id === laptopId), 'no longer listed');
      assert.equal((await getMe(gw, mine)).statusCode, 200);
    });

    test('logoutEverywhere: every session of mine, this one included; other users’ are untouched', async () => {
      const tokens = [await login(gw, me.username, me.password), await login(gw, me.username, me.password)];
      const theirs = await login(gw, other.username, other.password);
      const active = (await sessionsOf(gw, tokens[0]!)).length;
      const res = await call(gw, tokens[0]!, '/sessions/logout-everywhere');
      assert.deepEqual(res.json(), { revoked: active });
      for (const t of tokens) assert.equal((await getMe(gw, t)).statusCode, 401);
      assert.equal((await getMe(gw, theirs)).statusCode, 200);
      const fresh = await login(gw, me.username, me.password);
      assert.equal((await sessionsOf(gw, fresh)).length, 1, 'a new sign-in works');
    });

    test('sessions past their expiry are deleted by the sweep', async () => {
      await login(gw, me.username, me.password);
      const before = (await gw.db.query('SELECT 1 FROM sessions')).rows.length;
      assert.equal(await purgeSessions(gw.db, new Date(gw.clock.ms + 3600_000)), 0, 'none has expired an hour on');
      assert.equal(await purgeSessions(gw.db, new Date(gw.clock.ms + 9 * 3600_000)), before);
    });
  });

  describe(`sessions and a hospital identity provider (${database.name})`, () => {
    test('an IdP token is no gateway session: logout revokes nothing and the token keeps working until it expires', async () => {
      const idp = await startIdentityProvider([{ subject: 'idp-user-1', name: 'P', claims: { ihkit_role: 'patient' } }]);
      const gw = await startGateway(database, { demo: true, idp: loadConfig({ IHKIT_JWT_ISSUER: idp.issuer, IHKIT_JWT_AUDIENCE: idp.audience }).idp });
      try {
        const token = (await idp.browser().signIn('idp-user-1')).access_token;
        assert.deepEqual((await call(gw, token, '/sessions/logout')).json(), { revoked: 0 });
        assert.deepEqual(await sessionsOf(gw, token), []);
        assert.equal((await getMe(gw, token)).statusCode, 200);
      } finally {
        await gw.close();
        await idp.close();
      }
    });
  });
}

describe('two gateways on one PostgreSQL', () => {
  test('signing out through one closes the live connection held by the other, and the token is refused by both', async () => {
    const created = await createPostgresDatabase();
    const database = { open: () => openPostgres(created.url) };
    const a = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    const b = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    try {
      const token = await login(a, me.username, me.password);
      const live = await liveSocket(await listen(b), token);
      assert.deepEqual((await call(a, token, '/sessions/logout')).json(), { revoked: 1 });
      assert.equal(await within(live.closed, 3000), SESSION_EXPIRED_CLOSE);
      assert.equal((await getMe(b, token)).statusCode, 401);
    } finally {
      await a.close().catch(() => {});
      await b.close().catch(() => {});
      await created.drop();
    }
  });
});
