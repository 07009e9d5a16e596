/**
 * Malformed and oversized requests, generated from the contract (validation.test.ts has the
 * hand-written cases): for every operation, bodies that are not JSON, not objects, of the wrong
 * types, too long, too many, with unknown properties, nested thousands deep or too large; path
 * and query parameters and headers outside their schemas; text the database cannot keep; a URL
 * the router cannot read; headers over Node's limit. Every answer is a 4xx problem+json with a
 * stable code, never a 5xx, never a stack trace.
 *
 * Each operation is called by a role it allows (the router refuses other roles before it
 * validates), so a 400 here shows the operation's own schemas did the refusing; the operations
 * that end sessions are called with a throwaway user's new session each time.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ServerErrorCode } from '@ihkit/core';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contractPath, loadContract, type ContractOperation } from '../src/contract.js';
import { PROBLEMS } from '../src/problems.js';
import { BODY_LIMIT } from '../src/gateway.js';
import type { Role } from '@ihkit/core';
import { upsertUser } from '../src/users.js';
import { API, auth, databases, demoPatient, login, newKey, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR } from './helpers/consults.js';

type Schema = Record<string, any>;
type Res = { statusCode: number; headers: Record<string, unknown>; body: string };

const contract = loadContract();
const jsonBodied = contract.operations.filter((op) => op.schema.body && !op.binaryBody);

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Values of the wrong type (Ajv coerces scalars into each other and a scalar into an array, never into an object). */
function wrongTypes(s: Schema): unknown[] {
  const types = typesOf(s);
  if (s.enum || s.const !== undefined) return ['not-one-of-them', { a: 1 }];
  if (types.includes('object')) return ['text', 42, [1]];
  if (types.includes('array')) return [{ a: 1 }];
  if (types.includes('integer')) return ['x', 1.5, { a: 1 }];
  if (types.includes('number')) return ['x', { a: 1 }];
  if (types.includes('boolean')) return ['maybe', { a: 1 }];
  if (types.includes('string')) return [{ a: 1 }, [{ a: 1 }]];
  return [];
}

/** Values just past a schema's bounds. */
function pastBounds(s: Schema): unknown[] {
  const out: unknown[] = [];
  if (typeof s.maxLength === 'number') out.push('x'.repeat(s.maxLength + 1), '你'.repeat(s.maxLength + 1));
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push('');
  if (typeof s.maximum === 'number') out.push(s.maximum + 1);
  if (typeof s.minimum === 'number') out.push(s.minimum - 1);
  if (typeof s.maxItems === 'number') out.push(Array.from({ length: s.maxItems + 1 }, () => null));
  if (s.format === 'date') out.push('2030-02-30');
  if (s.format === 'date-time') out.push('2030-01-01T25:00:00Z');
  return out;
}

/** The smallest value a schema accepts: required properties only, ids that match their patterns. */
function validValue(s: Schema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (s.oneOf ?? s.anyOf) return validValue((s.oneOf ?? s.anyOf)[0]);
  const t = typesOf(s);
  if (t.includes('object')) {
    // With nothing required, the first property (a message needs its text or its image).
    const keys = (s.required ?? Object.keys(s.properties ?? {}).slice(0, 1)) as string[];
    return Object.fromEntries(keys.map((k) => [k, validValue(s.properties[k])]));
  }
  if (t.includes('array')) return Array.from({ length: s.minItems ?? 0 }, () => validValue(s.items));
  if (t.includes('integer') || t.includes('number')) return s.minimum ?? 1;
  if (t.includes('boolean')) return true;
  if (s.format === 'date') return '2030-01-01';
  if (s.format === 'date-time') return '2030-01-01T00:00:00Z';
  const fits = (c: string) => (!s.pattern || new RegExp(s.pattern, 'u').test(c)) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity);
  const value = ['x1', '1.2.3', '13800138000', 'I10', 'x'.repeat(s.minLength ?? 1)].find(fits);
  if (value === undefined) throw new Error(`no sample for ${JSON.stringify(s)}`);
  return value;
}

/** `base` with `value` at `path` (containers made as needed; '0' is an array's first item). */
function withValue(base: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const [key, ...rest] = path as [string, ...string[]];
  if (key === '0' && (Array.isArray(base) || base === undefined)) {
    const list = Array.isArray(base) ? [...base] : [];
    list[0] = withValue(list[0], rest, value);
    return list;
  }
  const obj = base && typeof base === 'object' ? { ...(base as object) } : {};
  return { ...obj, [key]: withValue((obj as Record<string, unknown>)[key], rest, value) };
}

interface BodyCase {
  what: string;
  body: unknown;
  /** The JSON pointer (under /body) an error must name. */
  pointer: string;
}

/** Every wrong value for every property of a body schema (nested ones and each oneOf branch's included), each in an otherwise valid body. */
function bodyCases(valid: unknown, schema: Schema, path: string[] = []): BodyCase[] {
  const pointer = path.length ? `/${path.join('/')}` : '';
  const at = (value: unknown, what: string, extra?: string): BodyCase => ({ what, body: withValue(valid, path, value), pointer: pointer + (extra ?? '') });
  const cases: BodyCase[] = [];
  if (path.length) {
    for (const v of wrongTypes(schema)) cases.push(at(v, `${pointer} of the wrong type (${JSON.stringify(v)})`));
    for (const v of pastBounds(schema)) cases.push(at(v, `${pointer} out of bounds (${JSON.stringify(v).slice(0, 24)})`));
  }
  if (typesOf(schema).includes('object') && schema.additionalProperties === false) {
    cases.push(at({ ...(validValue(schema) as object), ihkitUnknown: 1 }, `an unknown property in ${pointer || 'the body'}`, '/ihkitUnknown'));
  }
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) cases.push(...bodyCases(valid, sub, [...path, name]));
  if (schema.items) cases.push(...bodyCases(valid, schema.items as Schema, [...path, '0']));
  for (const branch of (schema.oneOf ?? schema.anyOf ?? []) as Schema[]) cases.push(...bodyCases(valid, branch, path));
  return cases;
}

/** A query string with the required parameters, valid, and `over` (raw, already encoded). */
function queryOf(op: ContractOperation, over: Record<string, string> = {}): string {
  const q = op.schema.querystring ?? {};
  const required = Object.fromEntries(((q.required ?? []) as string[]).map((k) => [k, encodeURIComponent(String(validValue((q.properties as Record<string, Schema>)[k]!)))]));
  const all = { ...required, ...over };
  return Object.keys(all).length ? `?${Object.entries(all).map(([k, v]) => `${k}=${v}`).join('&')}` : '';
}

/** Every string a request can carry in its body, query or headers, without a maxLength (enums, consts and dates are bounded). */
function unboundedStrings(op: ContractOperation): string[] {
  const found: string[] = [];
  const walk = (s: Schema | undefined, at: string) => {
    if (!s) return;
    if (typesOf(s).includes('string') && s.maxLength === undefined && !s.enum && s.const === undefined && s.format !== 'date') found.push(`${op.operationId} ${at}`);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) walk(v, `${at}/${k}`);
    if (s.items) walk(s.items, `${at}/0`);
    for (const b of (s.oneOf ?? s.anyOf ?? s.allOf ?? []) as Schema[]) walk(b, at);
  };
  walk(op.binaryBody ? undefined : op.schema.body, '/body');
  walk(op.schema.querystring, '/query');
  walk(op.schema.headers, '/header');
  return found;
}

/** A value each kind of path parameter accepts, so that only the part under test is wrong. */
function validParam(s: Schema): string {
  if (typesOf(s).includes('integer')) return '1';
  return '1.2.3'.match(new RegExp(s.pattern ?? '.')) ? '1.2.3' : 'x1';
}

function urlOf(op: ContractOperation, params: Record<string, string> = {}, query = ''): string {
  const props = (op.schema.params?.properties ?? {}) as Record<string, Schema>;
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => params[name] ?? validParam(props[name]!));
  return `${API}${path}${query}`;
}

/**
 * Odd path parameter values. No id pattern allows the first ones (400 naming the parameter); the
 * `maybe` ones are ids for some patterns (then the handler answers, 404); the router refuses the
 * `router` ones itself.
 */
const ODD_PARAMS: Array<{ value: string; maybe?: true; router?: true }> = [
  { value: '..%2F..%2Fetc%2Fpasswd' },
  { value: '%00' },
  { value: 'x%00y' },
  { value: '%E4%BD%A0%E5%A5%BD' },
  { value: '%F0%9F%98%80' },
  { value: '%E2%80%AEx' },
  { value: '%3Cscript%3Ealert(1)%3C%2Fscript%3E' },
  { value: 'a%20b' },
  { value: '%25' },
  { value: '-1', maybe: true },
  { value: '1e400', maybe: true },
  { value: 'a'.repeat(65), maybe: true },
  { value: '%ZZ', router: true },
  { value: '%C0%AE%C0%AE', router: true },
  { value: 'a'.repeat(5000), router: true },
];

/** A valid body for a binary operation, so that only its parameters are wrong. */
function binaryHeaders(op: ContractOperation): Record<string, string> {
  return op.binaryBody ? { 'content-type': op.binaryBody.contentTypes[0]! } : {};
}

function headersFor(op: ContractOperation, token: string, extra: Record<string, string> = {}): Record<string, string> {
  const needsKey = Object.keys((op.schema.headers?.properties ?? {}) as object).includes('idempotency-key');
  return { ...(op.secured ? auth(token) : {}), ...(needsKey ? { 'idempotency-key': newKey() } : {}), ...extra };
}

/** A 4xx problem+json with a stable code and no trace of the server's insides. */
function assertProblem(res: Res, what: string, expected?: { status: number; code: ServerErrorCode }): { code: string; errors?: Array<{ pointer: string }> } {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: ${res.headers['content-type']}`);
  const body = JSON.parse(res.body);
  assert.ok(body.code in PROBLEMS, `${what}: code ${body.code}`);
  assert.equal(body.status, res.statusCode, what);
  assert.doesNotMatch(res.body, /\bat .+:\d+:\d+|node_modules|\.ts:\d+|Error:/, `${what}: a stack trace or an internal error leaked`);
  if (expected) assert.deepEqual({ status: res.statusCode, code: body.code }, expected, `${what}: ${res.body.slice(0, 300)}`);
  return body;
}

function assertNames(body: { errors?: Array<{ pointer: string }> }, pointer: string, what: string): void {
  const pointers = (body.errors ?? []).map((e) => e.pointer);
  assert.ok(pointers.some((p) => p === pointer || p.startsWith(`${pointer}/`)), `${what}: no error at ${pointer}, only ${pointers.join(', ')}`);
}

const VALIDATION = { status: 400, code: 'VALIDATION_FAILED' } as const;

test('every string a request carries has a maxLength in the contract', () => {
  assert.deepEqual(contract.operations.flatMap(unboundedStrings), []);
});

/** PostgreSQL's integer, the column type of every count, seq and amount the gateway stores. */
const DB_INT_MAX = 2 ** 31 - 1;
const openapiDocument = (): unknown => parse(readFileSync(contractPath(), 'utf8'));

test('every integer in the contract, asked or answered, has a maximum the database can hold', () => {
  const unbounded: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const s = node as Schema;
    if (typesOf(s).includes('integer') && !(typeof s.maximum === 'number' && s.maximum <= DB_INT_MAX)) unbounded.push(at);
    for (const [k, v] of Object.entries(s)) walk(v, `${at}/${k}`);
  };
  walk(openapiDocument(), '');
  assert.deepEqual(unbounded, []);
});

for (const database of databases) {
  describe(`malformed and oversized requests (${database.name})`, () => {
    let gw: TestGateway;
    let token: string;
    let tokens: Record<Role, string>;
    let throwaway: string;
    before(async () => {
      gw = await startGateway(database, { demo: true });
      token = await login(gw, demoPatient().username, demoPatient().password);
      const admin = await upsertUser(gw.db, { username: 'malformed.admin', role: 'admin', displayName: 'Admin' });
      const nurse = await upsertUser(gw.db, { username: 'malformed.nurse', role: 'nurse', displayName: 'Nurse' });
      tokens = { patient: token, doctor: await login(gw, DOCTOR.username, DOCTOR.password), pharmacist: await login(gw, 'ph.sun', 'demo'), nurse: await sessionToken(nurse, { db: gw.db }), admin: await sessionToken(admin, { db: gw.db }) };
      throwaway = await upsertUser(gw.db, { username: 'malformed.throwaway', role: 'patient', displayName: 'Throwaway' });
    });
    const ENDS_SESSIONS = new Set(['logout', 'logoutEverywhere', 'revokeSession']);
    const tokenFor = async (op: ContractOperation) => (ENDS_SESSIONS.has(op.operationId) ? sessionToken(throwaway, { db: gw.db }) : tokens[op.roles[0] ?? 'patient']);
    after(() => gw?.close());

    const json = { 'content-type': 'application/json' };
    /** A request to `op` that passes its schemas, but for what `opts` changes. */
    const send = async (op: ContractOperation, opts: { url?: string; query?: Record<string, string>; payload?: string | Buffer; headers?: Record<string, string> } = {}) => {
      const payload = opts.payload ?? (op.binaryBody ? Buffer.from('OggS') : op.schema.body ? JSON.stringify(validValue(op.schema.body)) : undefined);
      const type = op.binaryBody ? binaryHeaders(op) : op.schema.body ? json : {};
      return gw.app.inject({ method: op.method, url: opts.url ?? urlOf(op, {}, queryOf(op, opts.query)), headers: headersFor(op, await tokenFor(op), { ...type, ...opts.headers }), ...(payload !== undefined ? { payload } : {}) });
    };

    test('every integer a request carries, at its maximum, is answered without a 5xx (the database holds it)', async () => {
      let count = 0;
      const integers = (s: Schema | undefined, path: string[]): Array<[string[], Schema]> =>
        !s ? [] : typesOf(s).includes('integer') ? [[path, s]] : [...Object.entries((s.properties ?? {}) as Record<string, Schema>).flatMap(([k, v]) => integers(v, [...path, k])), ...(s.items ? integers(s.items, [...path, '0']) : [])];
      for (const op of contract.operations) {
        const cases: Array<{ what: string; res: Res }> = [];
        for (const [[name], s] of integers(op.schema.querystring, [])) cases.push({ what: `?${name}=${s.maximum}`, res: await send(op, { query: { [name!]: String(s.maximum) } }) });
        for (const [[name], s] of integers(op.schema.params, [])) cases.push({ what: `/${name} = ${s.maximum}`, res: await send(op, { url: urlOf(op, { [name!]: String(s.maximum) }, queryOf(op)) }) });
        if (op.schema.body && !op.binaryBody) {
          for (const [path, s] of integers(op.schema.body, [])) cases.push({ what: `/body/${path.join('/')} = ${s.maximum}`, res: await send(op, { payload: JSON.stringify(withValue(validValue(op.schema.body), path, s.maximum)) }) });
        }
        for (const c of cases) {
          assert.ok(c.res.statusCode < 500, `${op.operationId}: ${c.what}: ${c.res.statusCode} ${c.res.body.slice(0, 300)}`);
          count++;
        }
      }
      assert.ok(count >= 5, `only ${count} cases`);
    });

    test('the requests the cases below change pass every schema', async () => {
      for (const op of contract.operations) {
        const res = await send(op);
        if (res.statusCode === 400) assert.notEqual(res.json().code, 'VALIDATION_FAILED', `${op.operationId}: ${res.body}`);
        assert.ok(res.statusCode < 500, `${op.operationId}: ${res.statusCode} ${res.body}`);
      }
    });

    test('bodies that are not JSON objects', async () => {
      const deep = 30_000;
      const notObjects = ['[]', '[{}]', '"text"', '42', 'true', '{"a":', '{a:1}', "{'a':1}", '{"a":1}{"b":2}', 'NaN', '\u00a0', `[${'['.repeat(deep)}${']'.repeat(deep)}]`, '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}'];
      for (const op of jsonBodied) {
        for (const payload of notObjects) {
          const what = `${op.operationId} with ${payload.slice(0, 30)}`;
          const res = await send(op, { payload });
          // A body of any object (a payment provider's notification) is its handler's to refuse.
          const anyObject = !op.schema.body!.properties && /^\{"[a-z]+":\{/.test(payload);
          assertProblem(res, what, anyObject ? undefined : VALIDATION);
        }
        assertProblem(await send(op, { payload: '' }), `${op.operationId} with an empty body`, op.bodyRequired ? VALIDATION : undefined);
        assertProblem(await send(op, { payload: 'null' }), `${op.operationId} with null`, op.bodyRequired ? VALIDATION : undefined);
      }
    });

    test('every property of every body: the wrong type, out of bounds, unknown, nested thousands deep', async () => {
      let count = 0;
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      for (const op of jsonBodied) {
        const valid = validValue(op.schema.body!);
        const cases = bodyCases(valid, op.schema.body!).map((c) => ({ ...c, payload: JSON.stringify(c.body) }));
        for (const [name, sub] of Object.entries((op.schema.body!.properties ?? {}) as Record<string, Schema>)) {
          // Too deep for JSON.stringify: spliced in.
          const payload = JSON.stringify(withValue(valid, [name], '<deep>')).replace('"<deep>"', deep);
          if (!typesOf(sub).includes('array')) cases.push({ what: `/${name} nested 20 000 deep`, body: undefined, payload, pointer: `/${name}` });
        }
        for (const c of cases) {
          const what = `${op.operationId}: ${c.what}`;
          assertNames(assertProblem(await send(op, { payload: c.payload }), what, VALIDATION), `/body${c.pointer}`, what);
          count++;
        }
      }
      assert.ok(count > 300, `only ${count} cases`);
    });

    test('text the database cannot keep as sent (NUL, half a surrogate pair) is refused where it is; other text passes', async () => {
      let count = 0;
      for (const op of jsonBodied) {
        const valid = validValue(op.schema.body!);
        const strings = (s: Schema, path: string[]): Array<[string[], Schema]> =>
          typesOf(s).includes('string') && !s.enum && !s.pattern && !s.format
            ? [[path, s]]
            : [...Object.entries((s.properties ?? {}) as Record<string, Schema>).flatMap(([k, v]) => strings(v, [...path, k])), ...(s.items ? strings(s.items, [...path, '0']) : [])];
        for (const [path, s] of strings(op.schema.body!, [])) {
          const pointer = `/body/${path.join('/')}`;
          // Long enough for the schema (which counts code points).
          const fit = (text: string) => text + 'x'.repeat(Math.max(0, (s.minLength ?? 0) - [...text].length));
          for (const bad of ['a\u0000b', 'a\ud800b', 'a\udc00b']) {
            const what = `${op.operationId}: ${pointer} = ${JSON.stringify(bad)}`;
            const body = assertProblem(await send(op, { payload: JSON.stringify(withValue(valid, path, fit(bad))) }), what, VALIDATION);
            assert.deepEqual(body.errors?.map((e) => e.pointer), [pointer], what);
            count++;
          }
          const fine = await send(op, { payload: JSON.stringify(withValue(valid, path, fit('x\u202e😀\u200b<b>'))) });
          assert.ok(fine.statusCode < 500 && !(fine.statusCode === 400 && fine.json().code === 'VALIDATION_FAILED'), `${op.operationId}: ${pointer} with emoji and RTL: ${fine.body}`);
        }
      }
      assert.ok(count > 30, `only ${count} cases`);
    });

    test('a body over the limit, and media types an operation does not take', async () => {
      for (const op of jsonBodied) {
        const big = JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT) });
        assertProblem(await send(op, { payload: big }), `${op.operationId}: ${big.length} bytes`, { status: 413, code: 'PAYLOAD_TOO_LARGE' });
        // A provider's notification (x-ihkit-raw-body) also takes a form: Alipay's.
        for (const type of ['text/plain', 'application/xml', 'text/html', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'image/png'].filter((t) => !op.rawBody?.contentTypes.includes(t))) {
          assertProblem(await send(op, { payload: '{}', headers: { 'content-type': type } }), `${op.operationId} as ${type}`, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
        }
      }
      for (const op of contract.operations.filter((o) => o.binaryBody)) {
        const code = (op.binaryBody!.unsupportedCode ?? 'UNSUPPORTED_MEDIA_TYPE') as ServerErrorCode;
        for (const type of ['application/json', 'text/html', 'image/svg+xml', 'application/octet-stream', 'text/plain']) {
          assertProblem(await send(op, { payload: '{}', headers: { 'content-type': type } }), `${op.operationId} as ${type}`, { status: 415, code });
        }
        assertProblem(await send(op, { payload: Buffer.alloc(op.binaryBody!.maxBytes + 1) }), `${op.operationId}: over ${op.binaryBody!.maxBytes} bytes`, { status: 413, code: 'PAYLOAD_TOO_LARGE' });
      }
    });

    test('every path parameter: traversal, NUL, Unicode, markup, too long, bad percent-encoding', async () => {
      for (const op of contract.operations.filter((o) => o.schema.params)) {
        for (const name of Object.keys(op.schema.params!.properties as object)) {
          for (const odd of ODD_PARAMS) {
            const what = `${op.operationId}: ${name} = ${odd.value.slice(0, 40)}`;
            const res = await send(op, { url: urlOf(op, { [name]: odd.value }, queryOf(op)) });
            const body = assertProblem(res, what);
            if (odd.router) continue;
            if (!odd.maybe) assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
            if (res.statusCode === 400) assertNames(body, `/path/${name}`, what);
          }
        }
      }
    });

    test('every query parameter and header out of its schema, and unknown query parameters', async () => {
      for (const op of contract.operations) {
        for (const [name, value] of [['ihkitUnknown', '1'], ['%00', '1'], ['a'.repeat(300), '1']] as const) {
          const what = `${op.operationId}: ?${name.slice(0, 20)}`;
          assertNames(assertProblem(await send(op, { query: { [name]: value } }), what, VALIDATION), '/query', what);
        }
        for (const [name, s] of Object.entries((op.schema.querystring?.properties ?? {}) as Record<string, Schema>)) {
          const values = [...wrongTypes(s).filter((v) => typeof v !== 'object'), ...pastBounds(s).filter((v) => !Array.isArray(v)), '\u0000', 'x'.repeat(3000)].map(String);
          for (const v of values) {
            const what = `${op.operationId}: ?${name}=${v.slice(0, 20)}`;
            assertNames(assertProblem(await send(op, { query: { [name]: encodeURIComponent(v) } }), what, VALIDATION), `/query/${name}`, what);
          }
          if (!typesOf(s).includes('array')) {
            const what = `${op.operationId}: ?${name} twice`;
            const valid = encodeURIComponent(String(validValue(s)));
            assertNames(assertProblem(await send(op, { url: urlOf(op, {}, `${queryOf(op, { [name]: valid })}&${name}=${valid}`) }), what, VALIDATION), `/query/${name}`, what);
          }
        }
        for (const [name, s] of Object.entries((op.schema.headers?.properties ?? {}) as Record<string, Schema>)) {
          // A header of free text (Prefer: any list of preferences, RFC 7240) is out of its schema only when too long.
          const outOfPattern = s.pattern ? ['a b c d e f g h', encodeURIComponent('短短短短短短短短短'), 'short'] : [];
          for (const v of ['x'.repeat((s.maxLength ?? 100) + 1), ...outOfPattern]) {
            const what = `${op.operationId}: ${name}: ${v.slice(0, 20)}`;
            assertNames(assertProblem(await send(op, { headers: { [name]: v } }), what, VALIDATION), `/header/${name}`, what);
          }
        }
      }
    });

    test('over real HTTP: headers and a URL over Node\'s limit, a parameter over the router\'s', async () => {
      const address = await gw.app.listen({ port: 0, host: '127.0.0.1' });
      try {
        // A raw socket: Node answers an oversized head and closes the connection while a client may still be writing.
        const { port } = new URL(address);
        const raw = (path: string, headers: Record<string, string> = {}) =>
          new Promise<Res>((resolve) => {
            const socket = connect(Number(port), '127.0.0.1');
            const chunks: Buffer[] = [];
            socket.on('data', (c: Buffer) => chunks.push(c));
            socket.on('error', () => undefined);
            socket.on('close', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const [head = '', body = ''] = text.split('\r\n\r\n');
              const [status, ...lines] = head.split('\r\n');
              const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
              resolve({ statusCode: Number(status?.split(' ')[1]), headers: fields, body });
            });
            const all = { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}`, connection: 'close', ...headers };
            socket.write(`GET ${path} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
          });
        for (const res of [await raw(`${API}/me`, { 'x-big': 'a'.repeat(64 * 1024) }), await raw(`${API}/consults?status=${'a'.repeat(64 * 1024)}`)]) {
          assert.ok(res.statusCode === 431 || res.statusCode === 414, `${res.statusCode} ${res.body}`);
          assert.doesNotMatch(res.body, /\bat .+:\d+:\d+|node_modules/);
        }
        assertProblem(await raw(`${API}/consults/${'a'.repeat(2000)}`), 'a parameter over maxParamLength');
        assertProblem(await raw(`${API}/consults/%E0%A4%A`), 'bad percent-encoding', VALIDATION);
        const ok = await raw(`${API}/me`);
        assert.equal(ok.statusCode, 200, 'the server still answers');
      } finally {
        gw.app.server.closeAllConnections();
      }
    });

    test('nothing above was an unexpected error', () => {
      assert.doesNotMatch(gw.logs.text, /"level":50|unexpected error/);
    });
  });
}
