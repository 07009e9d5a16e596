import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../src/config.js';
import { loadContract } from '../src/contract.js';
import { openPostgres } from '../src/db/index.js';
import type { Services } from '../src/operations.js';
import { registerOperations } from '../src/router.js';
import { handlers } from '../src/routes/index.js';
import { addressSubject, createRateLimiter, parseRateLimits, RATE_LIMIT_DEFAULTS, rateLimitsOff } from '../src/rate-limit.js';
import { upsertUser } from '../src/users.js';
import { createPostgresDatabase } from './helpers/databases.js';
import { API, auth, databases, demoPatient, login, newKey, otherDemoPatient, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, messages, say } from './helpers/consults.js';

const patient = demoPatient();
const other = otherDemoPatient();

function signIn(gw: TestGateway, username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) {
  return gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username, password }, remoteAddress, headers });
}

function assertLimited(res: LightMyRequestResponse, retryAfter: number) {
  assert.equal(res.statusCode, 429, res.body);
  assert.equal(res.json().code, 'RATE_LIMITED');
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.headers['retry-after'], String(retryAfter));
}

/** bookAppointment for a patient not the user's: refused (FORBIDDEN) by the handler, counted by the limits before it. */
function bookNothing(gw: TestGateway, token: string, remoteAddress: string) {
  return gw.app.inject({ method: 'POST', url: `${API}/appointments`, headers: auth(token, { 'idempotency-key': newKey() }), payload: { slotId: 'slot_none', patientId: 'pat_none' }, remoteAddress });
}

test('IHKIT_RATE_LIMITS: defaults, off, per-rule limits and mistakes', () => {
  assert.deepEqual(parseRateLimits(undefined), RATE_LIMIT_DEFAULTS);
  assert.deepEqual(RATE_LIMIT_DEFAULTS['login.username'], { limit: 10, windowSeconds: 900 });
  assert.deepEqual(parseRateLimits('off'), rateLimitsOff());
  const c = parseRateLimits('booking.user=100/1m, login.address=off,messages.address=5/30s');
  assert.deepEqual(c['booking.user'], { limit: 100, windowSeconds: 60 });
  assert.equal(c['login.address'], null);
  assert.deepEqual(c['messages.address'], { limit: 5, windowSeconds: 30 });
  assert.deepEqual(c['login.username'], RATE_LIMIT_DEFAULTS['login.username']);
  for (const bad of ['booking.user=100', 'nothing.user=1/1m', 'booking.user=0/1m', 'booking.user=10/1d']) assert.throws(() => parseRateLimits(bad), /IHKIT_RATE_LIMITS/, bad);
});

test('the contract names the limited operations and their class; an unknown class stops the gateway', () => {
  const limited = Object.fromEntries(loadContract().operations.filter((o) => o.rateLimit).map((o) => [o.operationId, o.rateLimit]));
  assert.deepEqual(limited, { login: 'login', addFamilyMember: 'booking', sendFamilyLinkCode: 'consent', confirmFamilyLink: 'consent', bookAppointment: 'booking', createConsult: 'booking', paymentNotify: 'notify', sendConsultMessage: 'messages', uploadConsultAttachment: 'messages', verifyPrescription: 'verify', recordCareReading: 'readings', listDepartments: 'schedule', listDoctors: 'schedule', listSlots: 'schedule', searchCarePatients: 'search', listArticles: 'articles', getArticle: 'articles', submitCareQuestionnaireResponse: 'readings' });
  const health = loadContract().operations.find((o) => o.operationId === 'health')!;
  assert.throws(() => registerOperations(Fastify(), { ...loadContract(), operations: [{ ...health, rateLimit: 'bulk' }] }, { health: handlers.health }, {} as Services), /rate-limit class bulk/);
  assert.deepEqual(loadConfig({ IHKIT_RATE_LIMITS: 'off' }).rateLimits, rateLimitsOff());
  assert.deepEqual(loadConfig({}).rateLimits, RATE_LIMIT_DEFAULTS);
});

test('an address counts as itself (IPv4) or by its /64 (IPv6)', () => {
  assert.equal(addressSubject('203.0.113.9'), '203.0.113.9');
  assert.equal(addressSubject('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(addressSubject('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(addressSubject('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.equal(addressSubject('2001:db8::1'), '2001:db8:0:0::/64');
  assert.notEqual(addressSubject('2001:db8:1:3::1'), addressSubject('2001:db8:1:2::1'));
});

for (const database of databases) {
  describe(`rate limits, with the defaults (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true, rateLimits: RATE_LIMIT_DEFAULTS });
    });
    after(() => gw?.close());

    test('failed sign-ins to one username from many addresses: 10, then RATE_LIMITED (even with the right password) until one has flowed back', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await signIn(gw, patient.username, 'wrong', `198.51.100.${i + 1}`)).statusCode, 401);
      const limited = await signIn(gw, patient.username, patient.password, '198.51.100.50', { 'accept-language': 'zh-CN' });
      assertLimited(limited, 90); // 10 per 15 minutes: one every 90 s
      assert.equal(limited.json().title, '请求过于频繁，请稍后再试。');
      assert.equal((await signIn(gw, other.username, other.password, '198.51.100.50')).statusCode, 201, 'another username is not limited');
      gw.clock.set(gw.clock.ms + 90_000);
      assert.equal((await signIn(gw, patient.username, patient.password, '198.51.100.51')).statusCode, 201);
    });

    test('successful sign-ins do not count against the username', async () => {
      for (let i = 0; i < 12; i++) assert.equal((await signIn(gw, other.username, other.password, `198.51.101.${i + 1}`)).statusCode, 201, `sign-in ${i + 1}`);
    });

    test('sign-in attempts from one address across usernames: 30 a minute, then RATE_LIMITED; other addresses are not affected', async () => {
      for (let i = 0; i < 30; i++) assert.equal((await signIn(gw, `stuffed-${i}`, 'guess', '192.0.2.7')).statusCode, 401, `attempt ${i + 1}`);
      assertLimited(await signIn(gw, other.username, other.password, '192.0.2.7'), 2);
      assert.equal((await signIn(gw, other.username, other.password, '192.0.2.8')).statusCode, 201);
      gw.clock.set(gw.clock.ms + 2_000);
      assert.equal((await signIn(gw, other.username, other.password, '192.0.2.7')).statusCode, 201, 'one more after 2 s');
      assertLimited(await signIn(gw, other.username, other.password, '192.0.2.7'), 2);
    });

    test('booking: 10 a minute per user, counted before the request is looked at; another user is not affected', async () => {
      const [a, b] = [await makeUser(gw, 'rl-book-a'), await makeUser(gw, 'rl-book-b')];
      for (let i = 0; i < 10; i++) assert.equal((await bookNothing(gw, a, '192.0.2.20')).statusCode, 403, `booking ${i + 1}`);
      assertLimited(await bookNothing(gw, a, '192.0.2.21'), 6);
      assert.equal((await bookNothing(gw, b, '192.0.2.20')).statusCode, 403);
      gw.clock.set(gw.clock.ms + 6_000);
      assert.equal((await bookNothing(gw, a, '192.0.2.20')).statusCode, 403);
    });

    test('booking: 60 a minute per address, whoever is signed in', async () => {
      const users = await Promise.all(Array.from({ length: 7 }, (_, i) => makeUser(gw, `rl-addr-${i}`)));
      for (let i = 0; i < 60; i++) assert.equal((await bookNothing(gw, users[i % 7]!, '192.0.2.30')).statusCode, 403, `booking ${i + 1}`);
      assertLimited(await bookNothing(gw, users[6]!, '192.0.2.30'), 1);
      assert.equal((await bookNothing(gw, users[6]!, '192.0.2.31')).statusCode, 403, 'from another address');
    });

    test('unsigned payment notifications: refused, counted per hour instead of audited one row each, and 60 a minute per address; verified ones never count', async () => {
      const auditRows = async () => Number((await gw.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'paymentNotify'`)).rows[0]!.n);
      const counted = async () => Number((await gw.db.query<{ n: string }>(`SELECT coalesce(sum(count), 0) AS n FROM audit_refusals WHERE action = 'paymentNotify' AND outcome = 'denied'`)).rows[0]!.n);
      const unsigned = (remoteAddress: string) => gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, payload: { id: 'ntf_x', orderId: 'pay_x', status: 'paid' }, remoteAddress });
      const rowsBefore = await auditRows();
      for (let i = 0; i < 60; i++) assert.equal((await unsigned('198.51.100.7')).statusCode, 401, `notification ${i + 1}`);
      assertLimited(await unsigned('198.51.100.7'), 1);
      assert.equal((await unsigned('198.51.100.8')).statusCode, 401, 'another address is not affected');
      assert.equal(await auditRows(), rowsBefore, 'a stranger cannot add audit rows');
      await gw.flushRefusals();
      assert.equal(await counted(), 61, 'but every refusal is counted');

      // The provider's own notifications from one address (it repeats them until answered): many more than 60, none limited.
      const token = (await signIn(gw, patient.username, 'demo', '192.0.2.90')).json().token as string;
      const self = (await gw.app.inject({ method: 'GET', url: `${API}/patients`, headers: auth(token) })).json().items.find((p: { relation: string }) => p.relation === 'self').id as string;
      const condition = (await gw.app.inject({ method: 'GET', url: `${API}/patients/${self}/conditions`, headers: auth(token) })).json().items[0];
      const consult = (await gw.app.inject({ method: 'POST', url: `${API}/consults`, headers: auth(token, { 'idempotency-key': newKey() }), payload: { patientId: self, doctorId: condition.doctorId, encounterId: condition.encounterId, conditionCode: condition.code, complaint: '复诊' }, remoteAddress: '192.0.2.90' })).json();
      const order = (await gw.app.inject({ method: 'POST', url: `${API}/consults/${consult.id}/payment`, headers: auth(token) })).json();
      for (let i = 0; i < 65; i++) {
        const paid = gw.sandbox!.payerPaid({ orderId: order.id, providerRef: order.id, amount: order.amount });
        const res = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, headers: paid.headers as Record<string, string>, payload: paid.body, remoteAddress: '198.51.100.9' });
        assert.equal(res.statusCode, 200, `verified notification ${i + 1}: ${res.body}`);
      }
    });

    test('the buckets keep no address or username, and idle ones are deleted', async () => {
      const { rows } = await gw.db.query<{ key: string }>('SELECT key FROM rate_limits');
      assert.ok(rows.length > 0);
      assert.ok(rows.every((r) => !/192\.0\.2|stuffed|zhang|lina/.test(r.key)), 'keys are HMACs');
      const limiter = createRateLimiter({ db: gw.db, limits: RATE_LIMIT_DEFAULTS, secret: new Uint8Array(32), now: gw.clock.now });
      const longest = Math.max(...Object.values(RATE_LIMIT_DEFAULTS).map((l) => l.windowSeconds));
      gw.clock.set(gw.clock.ms + longest * 1000 + 1000);
      assert.equal(await limiter.purge(), rows.length);
      assert.equal((await gw.db.query('SELECT 1 FROM rate_limits')).rows.length, 0);
    });
  });

  describe(`rate limits and IHKIT_TRUST_PROXY (${database.name})`, () => {
    const limits = { ...rateLimitsOff(), 'login.address': { limit: 2, windowSeconds: 60 } };
    test('behind a trusted proxy the client is X-Forwarded-For; otherwise the header is ignored', async () => {
      const trusting = await startGateway(database, { demo: true, rateLimits: limits, trustProxy: true });
      try {
        for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2']) {
          assert.equal((await signIn(trusting, 'nobody', 'x', '10.0.0.1', { 'x-forwarded-for': client })).statusCode, 401);
        }
        assertLimited(await signIn(trusting, 'nobody', 'x', '10.0.0.1', { 'x-forwarded-for': '203.0.113.1' }), 30);
      } finally {
        await trusting.close();
      }
      const direct = await startGateway(database, { demo: true, rateLimits: limits });
      try {
        for (const client of ['203.0.113.1', '203.0.113.2']) assert.equal((await signIn(direct, 'nobody', 'x', '10.0.0.1', { 'x-forwarded-for': client })).statusCode, 401);
        assertLimited(await signIn(direct, 'nobody', 'x', '10.0.0.1', { 'x-forwarded-for': '203.0.113.3' }), 30);
      } finally {
        await direct.close();
      }
    });
  });
}

for (const database of databases) {
  describe(`consult messages past their limit (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true, rateLimits: RATE_LIMIT_DEFAULTS });
    });
    after(() => gw?.close());

    test('60 messages a minute per user: the 61st is RATE_LIMITED and not stored, one more goes a second later, the doctor is not affected', async () => {
      const [patientToken, doctorToken] = [await login(gw, patient.username, patient.password), await login(gw, DOCTOR.username, DOCTOR.password)];
      const consult = await acceptedConsult(gw, patientToken, doctorToken);
      for (let i = 1; i <= 60; i++) assert.equal((await say(gw, patientToken, consult.id, `第 ${i} 条`)).statusCode, 201, `message ${i}`);
      const limited = await say(gw, patientToken, consult.id, '第 61 条');
      assertLimited(limited, 1);
      const mine = () => messages(gw, patientToken, consult.id).then((all) => all.filter((m) => m.text?.startsWith('第 ')).map((m) => m.text));
      assert.equal((await mine()).length, 60);
      assert.ok(!(await mine()).includes('第 61 条'), 'the refused message was not stored');
      assert.equal((await say(gw, doctorToken, consult.id, '请慢一点')).statusCode, 201, 'the doctor has a bucket of their own');
      gw.clock.set(gw.clock.ms + 1_000);
      assert.equal((await say(gw, patientToken, consult.id, '第 62 条')).statusCode, 201, 'one flowed back after a second');
      assertLimited(await say(gw, patientToken, consult.id, '第 63 条'), 1);
    });
  });
}

describe('two gateways on one PostgreSQL', () => {
  test('share their limits', async () => {
    const created = await createPostgresDatabase();
    const database = { open: () => openPostgres(created.url) };
    const rateLimits = { ...rateLimitsOff(), 'login.address': { limit: 4, windowSeconds: 60 } };
    const a = await startGateway(database, { demo: true, rateLimits });
    const b = await startGateway(database, { demo: true, rateLimits, now: a.clock.now });
    try {
      for (const gw of [a, b, a, b]) assert.equal((await signIn(gw, 'nobody', 'x', '192.0.2.99')).statusCode, 401);
      assertLimited(await signIn(a, 'nobody', 'x', '192.0.2.99'), 15);
      assertLimited(await signIn(b, 'nobody', 'x', '192.0.2.99'), 15);
    } finally {
      await a.close().catch(() => {});
      await b.close().catch(() => {});
      await created.drop();
    }
  });
});

/** A patient user with a session token, linked to no one. */
async function makeUser(gw: TestGateway, username: string): Promise<string> {
  const userId = await upsertUser(gw.db, { username, role: 'patient', displayName: username });
  return sessionToken(userId, { issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 3600_000), db: gw.db });
}
