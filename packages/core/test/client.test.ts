import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, IhError, isIhError } from '@ihkit/core';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A throwaway HTTP server on loopback that records what the client sent. */
async function serve(handler: Handler) {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api`, seen, close: () => new Promise((r) => server.close(r)) };
}

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
};
const problem = (code: string, status: number) => ({ type: 'about:blank', title: `t ${code}`, status, code, detail: 'd' });

test('GET calls carry the token from an async provider and parse JSON', async (t) => {
  const s = await serve((_q, res) => json(res, 200, { items: [{ id: 'dep_1', name: '心内科' }] }));
  t.after(s.close);
  let calls = 0;
  const client = createClient({ baseUrl: s.url, token: async () => `tok${++calls}`, locale: 'en' });
  const a = await client.listDepartments();
  await client.listDepartments();
  assert.deepEqual(a.items.map((d) => d.id), ['dep_1']);
  assert.equal(s.seen[0]!.url, '/api/departments');
  assert.equal(s.seen[0]!.headers.authorization, 'Bearer tok1');
  assert.equal(s.seen[1]!.headers.authorization, 'Bearer tok2');
  assert.equal(s.seen[0]!.headers['accept-language'], 'en');
});

test('query parameters are sent, empty ones left out', async (t) => {
  const s = await serve((_q, res) => json(res, 200, { items: [] }));
  t.after(s.close);
  await createClient({ baseUrl: s.url }).listSlots({ doctorId: 'doc_1', from: '2026-11-22', to: '2026-12-05', departmentId: undefined });
  assert.equal(s.seen[0]!.url, '/api/slots?doctorId=doc_1&from=2026-11-22&to=2026-12-05');
});

test('a problem+json answer becomes an IhError with its stable code', async (t) => {
  const s = await serve((_q, res) => json(res, 409, problem('SLOT_TAKEN', 409), 'application/problem+json'));
  t.after(s.close);
  const client = createClient({ baseUrl: s.url, retries: 0 });
  await assert.rejects(client.bookAppointment({ slotId: 'slot_1', patientId: 'pat_1' }), (e: unknown) => {
    assert.ok(isIhError(e));
    assert.equal(e.code, 'SLOT_TAKEN');
    assert.equal(e.status, 409);
    assert.equal(e.retryable, false);
    return true;
  });
});

test('a create retried after a 503 sends the same Idempotency-Key every time', async (t) => {
  let n = 0;
  const s = await serve((_q, res) => (++n < 3 ? json(res, 503, problem('HIS_UNAVAILABLE', 503), 'application/problem+json') : json(res, 201, { id: 'apt_1' })));
  t.after(s.close);
  const out = await createClient({ baseUrl: s.url, retries: 2 }).bookAppointment({ slotId: 'slot_1', patientId: 'pat_1' });
  assert.equal(out.id, 'apt_1');
  assert.equal(s.seen.length, 3);
  const keys = new Set(s.seen.map((r) => r.headers['idempotency-key']));
  assert.equal(keys.size, 1);
  assert.match([...keys][0] as string, /^[0-9a-f]{32}$/);
  assert.deepEqual(JSON.parse(s.seen[0]!.body), { slotId: 'slot_1', patientId: 'pat_1' });
});

test('a caller-given Idempotency-Key is used as is', async (t) => {
  const s = await serve((_q, res) => json(res, 201, { id: 'apt_1' }));
  t.after(s.close);
  await createClient({ baseUrl: s.url }).bookAppointment({ slotId: 's', patientId: 'p' }, { idempotencyKey: 'key-12345678' });
  assert.equal(s.seen[0]!.headers['idempotency-key'], 'key-12345678');
});

test('a POST without an Idempotency-Key (login) is never retried', async (t) => {
  const s = await serve((_q, res) => json(res, 503, problem('INTERNAL', 503), 'application/problem+json'));
  t.after(s.close);
  await assert.rejects(createClient({ baseUrl: s.url, retries: 2 }).login({ username: 'a', password: 'b' }), IhError);
  assert.equal(s.seen.length, 1);
});

test('a slow gateway gives TIMEOUT, an unreachable one NETWORK, a non-problem error UNEXPECTED_RESPONSE', async (t) => {
  const slow = await serve((_q, res) => setTimeout(() => json(res, 200, {}), 1_000));
  t.after(slow.close);
  await assert.rejects(createClient({ baseUrl: slow.url, timeout: 100, retries: 0 }).getMe(), (e: IhError) => e.code === 'TIMEOUT' && e.status === 0);

  const dead = await serve(() => {});
  await dead.close();
  await assert.rejects(createClient({ baseUrl: dead.url, retries: 0 }).getMe(), (e: IhError) => e.code === 'NETWORK' && e.retryable);

  const html = await serve((_q, res) => { res.writeHead(502, { 'content-type': 'text/html' }); res.end('<h1>Bad gateway</h1>'); });
  t.after(html.close);
  await assert.rejects(createClient({ baseUrl: html.url, retries: 0 }).getMe(), (e: IhError) => e.code === 'UNEXPECTED_RESPONSE' && e.status === 502);
});

test('aborting a call rejects with the AbortError, not an IhError', async (t) => {
  const slow = await serve((_q, res) => setTimeout(() => json(res, 200, {}), 1_000));
  t.after(slow.close);
  const ac = new AbortController();
  const p = createClient({ baseUrl: slow.url }).listDepartments({ signal: ac.signal });
  ac.abort();
  await assert.rejects(p, (e: Error) => e.name === 'AbortError');
});

test('path ids are encoded, so they can never change the path', async (t) => {
  const s = await serve((_q, res) => json(res, 200, { id: 'x' }));
  t.after(s.close);
  await createClient({ baseUrl: s.url }).cancelAppointment('../sessions');
  assert.equal(s.seen[0]!.url, '/api/appointments/..%2Fsessions/cancel');
});

test('logout posts to sessions/logout with the token; a token refused already counts as signed out', async (t) => {
  let refused = false;
  const s = await serve((_q, res) => (refused ? json(res, 401, problem('UNAUTHENTICATED', 401), 'application/problem+json') : json(res, 200, { revoked: 1 })));
  t.after(s.close);
  const client = createClient({ baseUrl: s.url, token: 'tok', retries: 0 });
  assert.deepEqual(await client.logout(), { revoked: 1 });
  assert.equal(s.seen[0]!.method, 'POST');
  assert.equal(s.seen[0]!.url, '/api/sessions/logout');
  assert.equal(s.seen[0]!.headers.authorization, 'Bearer tok');
  refused = true;
  assert.deepEqual(await client.logout(), { revoked: 0 });
  await assert.rejects(client.logoutEverywhere(), (e: IhError) => e.code === 'UNAUTHENTICATED', 'only logout takes a refused token as done');
  assert.equal(s.seen[2]!.url, '/api/sessions/logout-everywhere');
});

test('revokeSession and listMySessions address the session by its encoded id', async (t) => {
  const s = await serve((_q, res) => json(res, 200, { revoked: 1, items: [] }));
  t.after(s.close);
  const client = createClient({ baseUrl: s.url, token: 'tok' });
  await client.revokeSession('ses_a/b');
  await client.listMySessions();
  assert.deepEqual(s.seen.map((r) => `${r.method} ${r.url}`), ['POST /api/sessions/ses_a%2Fb/revoke', 'GET /api/sessions']);
});
