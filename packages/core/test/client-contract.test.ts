// Every method of the SDK's clients calls an operation of the contract: each is called with an
// intercepting fetch, and the method and path it sent must match one of openapi.yaml's
// operations, each placeholder filled from the method's argument of that name. The operations no
// method calls must be the ones listed here as the gateway's own. The compile errors a wrong path
// or method gives are checked by `tsc -p tsconfig.tests.json` on the last test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as core from '@ihkit/core';

interface Operation {
  id: string;
  method: string;
  template: string;
  placeholders: string[];
  pattern: RegExp;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const contract = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };
const operations: Operation[] = Object.entries(contract.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([method]) => HTTP_METHODS.includes(method))
    .map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      template,
      placeholders: [...template.matchAll(/{(\w+)}/g)].map((m) => m[1]!),
      pattern: new RegExp(`^${template.replace(/{\w+}/g, '([^/]+)')}$`),
    })),
);

/** The operation a request is for: of those whose template matches, the one with the fewest placeholders (`/family-links/in-person` over `/family-links/{linkId}`). */
function operationOf(method: string, path: string): { op: Operation; values: Record<string, string> } | undefined {
  const matches = operations.filter((op) => op.method === method && op.pattern.test(path)).sort((a, b) => a.placeholders.length - b.placeholders.length);
  const op = matches[0];
  if (!op) return undefined;
  const found = op.pattern.exec(path)!.slice(1);
  return { op, values: Object.fromEntries(op.placeholders.map((name, i) => [name, decodeURIComponent(found[i]!)])) };
}

/**
 * The operations no client method calls (yet): a payment provider's notification, an
 * administrator's reconciliation and reports to the regulator, the records a doctor shares
 * with another organization (access grants), the referrals and remote consultations between
 * organizations, which no widget offers yet.
 */
const SERVER_ONLY = [
  'acceptReferral',
  'cancelReferral',
  'closeReferral',
  'createAccessGrant',
  'createReferral',
  'declineReferral',
  'getReferral',
  'listAccessGrants',
  'listReconciliation',
  'listReferrals',
  'listRegulatorReports',
  'markReferralArrived',
  'paymentNotify',
  'retryRegulatorReport',
  'revokeAccessGrant',
  'runReconciliation',
];

const BASE = 'http://gateway.test/api';
const sent: Request[] = [];
const intercept: typeof fetch = async (input, init) => {
  sent.push(input instanceof Request ? input : new Request(input, init));
  return new Response(JSON.stringify({ items: [] }), { headers: { 'content-type': 'application/json' } });
};
const client = core.createClient({ baseUrl: BASE, fetch: intercept, retries: 0 });
/** A request's path under the API base: `/consults/c1/messages`. */
const pathOf = (r: Request) => new URL(r.url).pathname.slice(new URL(BASE).pathname.length);

type Method = (...args: unknown[]) => Promise<unknown>;
/** The SDK's clients: IhClient, and every class named …Client made on it (ClinicClient, CareClient, …). */
const clients = Object.values(core as Record<string, unknown>)
  .filter((v): v is new (c: core.IhClient) => object => typeof v === 'function' && /^[A-Z]\w*Client$/.test(v.name))
  .map((Client) => ((Client as unknown) === core.IhClient ? client : new Client(client)));
/** IhClient's general calls, which the methods are made of. */
const GENERAL = new Set(['request', 'create', 'call']);

/** Argument values by parameter name: objects where a method reads or spreads one; any other is a string with a slash in it, named after its parameter. */
const OBJECT_ARGUMENTS: Record<string, unknown> = {
  o: undefined,
  body: { code: '000000' }, // FamilyClient.confirm reads body.code
  query: {},
  choice: undefined,
  recording: new Blob(['x'], { type: 'audio/webm' }),
  image: new Blob(['x'], { type: 'image/png' }),
};
const argumentFor = (name: string) => (name in OBJECT_ARGUMENTS ? OBJECT_ARGUMENTS[name] : `v/${name}`);
/** A method's parameter names, from its source: `getConsultAttachment(consultId, attachmentId, o)`. */
const parameterNames = (fn: Method) => /^(?:async\s+)?[\w$]+\s*\(([^)]*)\)/.exec(fn.toString())![1]!.split(',').map((p) => p.split('=')[0]!.trim()).filter(Boolean);

test('every client method calls an operation of the contract, each placeholder filled from its argument of that name', async () => {
  const problems: string[] = [];
  const called = new Set<string>();
  let methods = 0;
  for (const c of clients) {
    const proto = Object.getPrototypeOf(c) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = proto[name];
      if (name === 'constructor' || typeof fn !== 'function' || (c === client && GENERAL.has(name))) continue;
      const where = `${c.constructor.name}.${name}`;
      methods++;
      sent.length = 0;
      const params = parameterNames(fn as Method);
      await (fn as Method).apply(c, params.map(argumentFor));
      if (sent.length !== 1) {
        problems.push(`${where}: sent ${sent.length} requests`);
        continue;
      }
      const { method } = sent[0]!;
      const path = pathOf(sent[0]!);
      const match = operationOf(method, path);
      if (!match) {
        problems.push(`${where}: ${method} ${path} is no operation of openapi.yaml`);
        continue;
      }
      called.add(match.op.id);
      for (const [placeholder, value] of Object.entries(match.values)) {
        if (!params.includes(placeholder) || value !== argumentFor(placeholder)) problems.push(`${where}: {${placeholder}} of ${match.op.template} is "${value}", not its argument ${placeholder}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(methods >= 90, `only ${methods} client methods were found`);
  const uncalled = operations.map((op) => op.id).filter((id) => !called.has(id)).sort();
  assert.deepEqual(uncalled, SERVER_ONLY, 'the operations no client method calls: give each a client method, or list it in SERVER_ONLY when only the gateway and its own callers use it');
});

test('a call outside the contract does not compile, and the check above would not match it either', async () => {
  sent.length = 0;
  // @ts-expect-error: the contract has no such path
  await client.call('get', '/no-such-path');
  // @ts-expect-error: the contract has no POST on /health
  await client.call('post', '/health');
  // @ts-expect-error: /consults/{consultId} takes the consult's id
  await client.call('get', '/consults/{consultId}');
  // @ts-expect-error: the frame is a number in the contract
  await client.call('get', '/imaging-studies/{studyId}/series/{seriesId}/instances/{instanceId}/frames/{frame}', 's', 'r', 'i', '1', { as: 'blob' });
  // @ts-expect-error: an image's bytes are read as a Blob
  await client.call('get', '/recordings/{recordingId}', 'rec_1');
  // @ts-expect-error: listSlots has no query parameter `day`
  await client.call('get', '/slots', { query: { day: '2026-12-01' } });
  const slots: core.Slot[] = (await client.call('get', '/slots', { query: { from: '2026-12-01', to: '2026-12-07' } })).items;
  assert.deepEqual(slots, []);
  assert.deepEqual(sent.map((r) => `${r.method} ${pathOf(r)}`), [
    'GET /no-such-path',
    'POST /health',
    'GET /consults/undefined',
    'GET /imaging-studies/s/series/r/instances/i/frames/1',
    'GET /recordings/rec_1',
    'GET /slots',
    'GET /slots',
  ]);
  assert.equal(operationOf('GET', '/no-such-path'), undefined);
  assert.equal(operationOf('POST', '/health'), undefined);
});
