import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, auth, databases, demoPatient, login, startGateway, type TestGateway } from './helpers/gateway.js';

const PORTAL = 'https://portal.hospital.test';

for (const database of databases) {
  describe(`security headers (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true });
      // What an embedding server does: its own pages beside the API.
      gw.app.get('/page.html', async (_req, reply) => reply.type('text/html').send('<!doctype html><p>hi</p>'));
      // …and a root wildcard, as @fastify/static registers.
      gw.app.get('/*', async (_req, reply) => reply.code(404).type('text/html').send('<p>no such page</p>'));
    });
    after(() => gw?.close());

    test('API answers carry a strict CSP, nosniff, no-store and a request id — problems too', async () => {
      const token = await login(gw, demoPatient().username, demoPatient().password);
      for (const res of [
        await gw.app.inject({ method: 'GET', url: `${API}/departments`, headers: auth(token) }),
        await gw.app.inject({ method: 'GET', url: `${API}/nothing` }),
        await gw.app.inject({ method: 'GET', url: `${API}/me` }),
      ]) {
        assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.equal(res.headers['referrer-policy'], 'no-referrer');
        assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
        assert.equal(res.headers['access-control-allow-origin'], undefined, 'no CORS without allowed origins');
      }
    });

    test("the embedding server's own pages are left alone", async () => {
      const res = await gw.app.inject({ method: 'GET', url: '/page.html' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-security-policy'], undefined);
      assert.equal(res.headers['cache-control'], undefined);
    });

    test('unknown API paths stay NOT_FOUND problems beside a root wildcard route', async () => {
      for (const url of [`${API}/nothing`, `${API}/sessions/logout`, `${API}/appointments/a1/nothing`]) {
        const res = await gw.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().code, 'NOT_FOUND', url);
      }
      const page = await gw.app.inject({ method: 'GET', url: '/elsewhere' });
      assert.equal(page.headers['content-type'], 'text/html');
    });

    test('a cross-origin preflight is not answered with CORS headers by default', async () => {
      const res = await gw.app.inject({ method: 'OPTIONS', url: `${API}/appointments`, headers: { origin: PORTAL, 'access-control-request-method': 'POST' } });
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });
  });

  describe(`CORS for allowed origins (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true, allowedOrigins: [PORTAL] });
    });
    after(() => gw?.close());

    test('an allowed origin gets CORS headers, with the headers the contract needs', async () => {
      const preflight = await gw.app.inject({
        method: 'OPTIONS',
        url: `${API}/appointments`,
        headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], PORTAL);
      assert.match(String(preflight.headers['access-control-allow-headers']).toLowerCase(), /idempotency-key/);
      const get = await gw.app.inject({ method: 'GET', url: `${API}/health`, headers: { origin: PORTAL } });
      assert.equal(get.headers['access-control-allow-origin'], PORTAL);
    });

    test('any other origin gets none', async () => {
      const get = await gw.app.inject({ method: 'GET', url: `${API}/health`, headers: { origin: 'https://evil.test' } });
      assert.equal(get.headers['access-control-allow-origin'], undefined);
      const preflight = await gw.app.inject({ method: 'OPTIONS', url: `${API}/appointments`, headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' } });
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    });
  });
}
