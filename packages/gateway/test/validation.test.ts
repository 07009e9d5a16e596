import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '@ihkit/core';
import { API, auth, databases, demoPatient, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`validation problems (${database.name})`, () => {
    let gw: TestGateway;
    let token: string;
    before(async () => {
      gw = await startGateway(database, { demo: true });
      token = await login(gw, demoPatient().username, demoPatient().password);
    });
    after(() => gw?.close());

    const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string) => {
      assert.equal(res.statusCode, status);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const body = res.json();
      assert.equal(body.code, code);
      assert.equal(body.status, status);
      assert.equal(typeof body.title, 'string');
      assert.match(body.type, /^urn:ihkit:problem:/);
      return body;
    };

    test('a body that breaks the contract lists every field error as a JSON pointer', async () => {
      const res = await gw.app.inject({
        method: 'POST',
        url: `${API}/appointments`,
        headers: auth(token, { 'idempotency-key': newKey() }),
        payload: { slotId: 'has spaces!', extra: 1 },
      });
      const body = problem(res, 400, 'VALIDATION_FAILED');
      const pointers = body.errors.map((e: { pointer: string }) => e.pointer).sort();
      assert.deepEqual(pointers, ['/body/extra', '/body/patientId', '/body/slotId']);
      for (const e of body.errors) assert.equal(typeof e.message, 'string');
    });

    test('a missing or malformed Idempotency-Key is refused', async () => {
      const missing = await gw.app.inject({ method: 'POST', url: `${API}/appointments`, headers: auth(token), payload: { slotId: 's1', patientId: 'p1' } });
      assert.deepEqual(problem(missing, 400, 'VALIDATION_FAILED').errors.map((e: { pointer: string }) => e.pointer), ['/header/idempotency-key']);
      const short = await gw.app.inject({ method: 'POST', url: `${API}/appointments`, headers: auth(token, { 'idempotency-key': 'a b' }), payload: { slotId: 's1', patientId: 'p1' } });
      problem(short, 400, 'VALIDATION_FAILED');
    });

    test('dates are checked by format, and an unknown query parameter is refused', async () => {
      const bad = await gw.app.inject({ method: 'GET', url: `${API}/slots?from=2030-02-30&to=2030-03-01`, headers: auth(token) });
      assert.deepEqual(problem(bad, 400, 'VALIDATION_FAILED').errors[0].pointer, '/query/from');
      const missing = await gw.app.inject({ method: 'GET', url: `${API}/slots?from=2030-02-01`, headers: auth(token) });
      assert.equal(problem(missing, 400, 'VALIDATION_FAILED').errors[0].pointer, '/query/to');
      const unknown = await gw.app.inject({ method: 'GET', url: `${API}/doctors?name=x`, headers: auth(token) });
      assert.equal(problem(unknown, 400, 'VALIDATION_FAILED').errors[0].pointer, '/query/name');
      const enumBad = await gw.app.inject({ method: 'GET', url: `${API}/appointments?status=lost`, headers: auth(token) });
      problem(enumBad, 400, 'VALIDATION_FAILED');
    });

    test('listSlots: to before from, or more than 31 days, is VALIDATION_FAILED', async () => {
      const from = '2030-01-01';
      const backwards = await gw.app.inject({ method: 'GET', url: `${API}/slots?from=${from}&to=2029-12-31`, headers: auth(token) });
      problem(backwards, 400, 'VALIDATION_FAILED');
      const tooLong = await gw.app.inject({ method: 'GET', url: `${API}/slots?from=${from}&to=${addDays(from, 31)}`, headers: auth(token) });
      problem(tooLong, 400, 'VALIDATION_FAILED');
      const longest = await gw.app.inject({ method: 'GET', url: `${API}/slots?from=${from}&to=${addDays(from, 30)}`, headers: auth(token) });
      assert.equal(longest.statusCode, 200, longest.body);
    });

    test('a path parameter outside the Id pattern is refused', async () => {
      const res = await gw.app.inject({ method: 'GET', url: `${API}/appointments/${encodeURIComponent('a.b')}`, headers: auth(token) });
      assert.equal(problem(res, 400, 'VALIDATION_FAILED').errors[0].pointer, '/path/appointmentId');
    });

    test('bad JSON is VALIDATION_FAILED, a body over 64 KB PAYLOAD_TOO_LARGE, XML UNSUPPORTED_MEDIA_TYPE', async () => {
      const bad = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
      problem(bad, 400, 'VALIDATION_FAILED');
      const big = await gw.app.inject({
        method: 'POST',
        url: `${API}/sessions`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'x', password: 'y', pad: 'z'.repeat(70 * 1024) }),
      });
      problem(big, 413, 'PAYLOAD_TOO_LARGE');
      const text = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
      problem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
      // A payment provider posting text is told about JSON, not about pictures.
      const notice = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, headers: { 'content-type': 'text/plain' }, payload: 'paid' });
      const body = problem(notice, 415, 'UNSUPPORTED_MEDIA_TYPE');
      assert.doesNotMatch(`${body.title} ${body.detail}`, /PNG|JPEG|image/i);
      assert.match(body.detail, /JSON/);
    });

    test('an unknown route is a NOT_FOUND problem', async () => {
      const res = await gw.app.inject({ method: 'GET', url: `${API}/nothing-here` });
      problem(res, 404, 'NOT_FOUND');
    });

    test('titles follow Accept-Language: zh* Chinese, anything else English', async () => {
      const zh = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
      assert.equal(zh.json().title, '请先登录。');
      assert.equal(zh.headers['content-language'], 'zh-CN');
      const en = await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: { 'accept-language': 'en-GB,zh;q=0.5' } });
      assert.equal(en.json().title, 'Please sign in.');
      const none = await gw.app.inject({ method: 'GET', url: `${API}/me` });
      assert.equal(none.json().title, 'Please sign in.');
    });

    test('cancel takes an optional body', async () => {
      const res = await gw.app.inject({ method: 'POST', url: `${API}/appointments/a_unknown/cancel`, headers: auth(token) });
      problem(res, 404, 'NOT_FOUND');
      const bad = await gw.app.inject({ method: 'POST', url: `${API}/appointments/a_unknown/cancel`, headers: auth(token), payload: { reason: 'x'.repeat(201) } });
      problem(bad, 400, 'VALIDATION_FAILED');
    });
  });
}
