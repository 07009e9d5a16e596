import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts } from '@ihkit/adapters';
import { SESSION_TTL_SECONDS } from '../src/auth.js';
import { loadConfig } from '../src/config.js';
import { API, auth, databases, demoPatient, login, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`demo login and session tokens (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true });
    });
    after(() => gw?.close());

    test('a demo account signs in and getMe returns the user, with an opaque id', async () => {
      const account = demoPatient();
      const res = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username: account.username, password: account.password } });
      assert.equal(res.statusCode, 201);
      const session = res.json();
      assert.equal(session.user.role, 'patient');
      assert.equal(session.user.displayName, account.displayName);
      assert.match(session.user.id, /^u_[A-Za-z0-9_-]+$/);
      assert.notEqual(session.user.id, account.patientId);
      const ttl = Date.parse(session.expiresAt) - gw.clock.now().getTime();
      assert.ok(Math.abs(ttl - SESSION_TTL_SECONDS * 1000) < 5000, 'expires in 8 hours');
      const me = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(session.token) });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json(), session.user);
    });

    test('passwords are stored as salted scrypt hashes', async () => {
      const { rows } = await gw.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = $1', [demoPatient().username]);
      assert.match(rows[0]!.password_hash, /^scrypt\$/);
      assert.ok(!rows[0]!.password_hash.includes(demoPatient().password));
    });

    test('wrong password and unknown user get the same INVALID_CREDENTIALS', async () => {
      const wrong = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username: demoPatient().username, password: 'nope' } });
      const unknown = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username: 'nobody-here', password: 'nope' } });
      for (const res of [wrong, unknown]) {
        assert.equal(res.statusCode, 401);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(res.json().code, 'INVALID_CREDENTIALS');
      }
      assert.equal(wrong.json().title, unknown.json().title);
    });

    test('no token, a malformed token, a forged token and an expired token are UNAUTHENTICATED', async () => {
      const token = await login(gw, demoPatient().username, demoPatient().password);
      const me = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
      const userId = me.json().id as string;
      const cases: Array<Record<string, string>> = [
        {},
        { authorization: 'Basic Zm9vOmJhcg==' },
        { authorization: 'Bearer not-a-jwt' },
        auth(await sessionToken(userId, { secret: 'another-secret-another-secret-1234' })),
        auth(await sessionToken(userId, { issuedAt: new Date(Date.now() - 9 * 3600_000), expiresAt: new Date(Date.now() - 3600_000) })),
        auth(await sessionToken('u_doesnotexist')),
      ];
      for (const headers of cases) {
        const res = await gw.app.inject({ method: 'GET', url: `${API}/appointments`, headers });
        assert.equal(res.statusCode, 401, JSON.stringify(headers));
        assert.equal(res.json().code, 'UNAUTHENTICATED');
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
    });

    test('a token turns invalid after 8 hours', async () => {
      const token = await login(gw, demoPatient().username, demoPatient().password);
      const start = gw.clock.ms;
      try {
        gw.clock.set(start + SESSION_TTL_SECONDS * 1000 + 1000);
        const res = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
        assert.equal(res.statusCode, 401);
      } finally {
        gw.clock.set(start);
      }
    });

    test('anonymous callers get 401 before any validation', async () => {
      const res = await gw.app.inject({ method: 'POST', url: `${API}/appointments`, payload: { nonsense: true } });
      assert.equal(res.statusCode, 401);
    });
  });

  describe(`demo login disabled (${database.name})`, () => {
    test('login answers DEMO_LOGIN_DISABLED when the demo is off', async () => {
      const { createDemoHis } = await import('@ihkit/adapters');
      // Without the demo login an identity provider is required (oidc.test.ts); it is not asked here.
      const gw = await startGateway(database, { demo: false, his: (db) => createDemoHis(db), idp: loadConfig({ IHKIT_JWT_ISSUER: 'https://sso.hospital.test', IHKIT_JWT_AUDIENCE: 'https://hospital.test/api' }).idp });
      try {
        const res = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username: demoAccounts[0]!.username, password: demoAccounts[0]!.password } });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'DEMO_LOGIN_DISABLED');
      } finally {
        await gw.close();
      }
    });
  });
}
