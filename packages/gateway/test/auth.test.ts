import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { demoAccounts } from '@ihkit/adapters';
import { SESSION_TTL_SECONDS } from '../src/auth.js';
import { API, auth, databases, demoPatient, login, SECRET, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';

const ISSUER = 'https://idp.hospital.test';
const AUDIENCE = 'ihkit-portal';

/** A throwaway identity provider publishing its JWKS on loopback. */
async function startIdp(): Promise<{ url: string; sign(claims: Record<string, unknown>, opts?: { audience?: string; expiresIn?: string; key?: CryptoKey }): Promise<string>; close(): Promise<void> }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    sign: (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(opts.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '10m')
        .sign(opts.key ?? privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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
      const gw = await startGateway(database, { demo: false, his: (db) => createDemoHis(db) });
      try {
        const res = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username: demoAccounts[0]!.username, password: demoAccounts[0]!.password } });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'DEMO_LOGIN_DISABLED');
      } finally {
        await gw.close();
      }
    });
  });

  describe(`hospital identity provider (${database.name})`, () => {
    let idp: Awaited<ReturnType<typeof startIdp>>;
    let gw: TestGateway;
    before(async () => {
      idp = await startIdp();
      gw = await startGateway(database, { demo: true, idp: { issuer: ISSUER, audience: AUDIENCE, jwksUrl: idp.url } });
    });
    after(async () => {
      await gw?.close();
      await idp?.close();
    });

    test('an IdP token (JWKS) is accepted and its subject becomes a patient user with the claimed HIS patient', async () => {
      const patientId = demoPatient().patientId;
      const token = await idp.sign({ sub: 'portal-user-42', name: 'Portal User', ihkit_patient_id: patientId });
      const me = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().role, 'patient');
      assert.equal(me.json().displayName, 'Portal User');
      const again = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
      assert.equal(again.json().id, me.json().id, 'same user on second sight');
      const { rows } = await gw.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE external_subject = 'portal-user-42'");
      assert.equal(rows[0]!.n, 1);
      const patients = await gw.app.inject({ method: 'GET', url: `${API}/patients`, headers: auth(token) });
      assert.equal(patients.statusCode, 200);
      assert.equal(patients.json().items[0].id, patientId);
      assert.equal(patients.json().items[0].relation, 'self');
    });

    test('IdP tokens with the wrong audience, expired, or signed by another key are refused', async () => {
      const { privateKey: otherKey } = await generateKeyPair('RS256');
      const tokens = [
        await idp.sign({ sub: 'portal-user-43' }, { audience: 'someone-else' }),
        await idp.sign({ sub: 'portal-user-43' }, { expiresIn: '-5m' }),
        await idp.sign({ sub: 'portal-user-43' }, { key: otherKey }),
      ];
      for (const token of tokens) {
        const res = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
        assert.equal(res.statusCode, 401);
        assert.equal(res.json().code, 'UNAUTHENTICATED');
      }
    });

    test("the gateway's own demo sessions still work beside the IdP", async () => {
      const token = await login(gw, demoPatient().username, demoPatient().password);
      const res = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });
      assert.equal(res.statusCode, 200);
    });
  });

  describe(`hospital identity provider with a shared secret (${database.name})`, () => {
    test('an HS256 IdP token with the right issuer and audience is accepted', async () => {
      const gw = await startGateway(database, { demo: true, idp: { issuer: ISSUER, audience: AUDIENCE } });
      try {
        const sign = (aud: string) =>
          new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(aud).setSubject('secret-user-1').setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
        const ok = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(await sign(AUDIENCE)) });
        assert.equal(ok.statusCode, 200, ok.body);
        const bad = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(await sign('other')) });
        assert.equal(bad.statusCode, 401);
      } finally {
        await gw.close();
      }
    });
  });
}
