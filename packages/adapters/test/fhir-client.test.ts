import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFhirClient, FhirError, isFhirError, isVersionConflict, type Fhir } from '@ihkit/adapters';
import { startFhirServer, type FhirTestServer } from './helpers/fhir-server.js';

describe('FHIR REST client against a FHIR R4 server (Medplum in-memory)', () => {
  let server: FhirTestServer;
  before(async () => {
    server = await startFhirServer();
  });
  after(() => server.close());

  test('creates, reads and updates with If-Match; a stale version is a typed 412', async () => {
    const client = createFhirClient({ baseUrl: `${server.baseUrl}/` });
    const { resource, created } = await client.create<Fhir.Patient>({ resourceType: 'Patient', name: [{ text: '测试' }] });
    assert.equal(created, true);
    assert.ok(resource.id && resource.meta?.versionId);
    assert.deepEqual(await client.read<Fhir.Patient>('Patient', resource.id), resource);
    assert.equal(await client.read('Patient', 'no-such-patient'), undefined);
    assert.equal(await client.read('Patient', 'a/../../b'), undefined, 'not a FHIR id: no request');

    const v1 = resource.meta!.versionId!;
    const updated = await client.update({ ...resource, id: resource.id, gender: 'female' }, { ifMatch: v1 });
    assert.notEqual(updated.meta?.versionId, v1);
    const stale = await client.update({ ...resource, id: resource.id, gender: 'male' }, { ifMatch: v1 }).then(() => undefined, (e: unknown) => e);
    assert.ok(isFhirError(stale) && stale instanceof FhirError);
    assert.equal(stale.status, 412);
    assert.equal(stale.kind, 'http');
    assert.ok(isVersionConflict(stale));
    assert.equal(stale.outcome?.resourceType, 'OperationOutcome');
    assert.doesNotMatch(stale.message, /Patient\//, 'the message names no resource');
  });

  test('a conditional create returns the match instead of a second resource', async () => {
    const client = createFhirClient({ baseUrl: server.baseUrl });
    const resource: Fhir.FhirAppointment = { resourceType: 'Appointment', status: 'booked', identifier: [{ system: 'urn:ihkit:idempotency-key', value: 'k-1' }], participant: [] };
    const first = await client.create(resource, { ifNoneExist: { identifier: 'urn:ihkit:idempotency-key|k-1' } });
    const second = await client.create(resource, { ifNoneExist: { identifier: 'urn:ihkit:idempotency-key|k-1' } });
    assert.deepEqual([first.created, second.created], [true, false]);
    assert.equal(second.resource.id, first.resource.id);
    const header = server.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/Appointment')).map((r) => r.headers['if-none-exist']);
    assert.deepEqual(header, ['identifier=urn%3Aihkit%3Aidempotency-key%7Ck-1', 'identifier=urn%3Aihkit%3Aidempotency-key%7Ck-1']);
  });

  test('search follows next links up to the limit, and can keep its parameters out of the URL', async () => {
    const client = createFhirClient({ baseUrl: server.baseUrl });
    for (let i = 0; i < 7; i++) await client.create<Fhir.Observation>({ resourceType: 'Observation', status: 'final', code: { text: `paging-${i}` }, valueInteger: i });
    const since = server.requests.length;
    const all = await client.search<Fhir.Observation>('Observation', { status: 'final', _count: 3 });
    assert.equal(all.resources.length, 7);
    assert.equal(server.requests.length - since, 3, 'three pages');
    const some = await client.search<Fhir.Observation>('Observation', { status: 'final', _count: 3 }, { limit: 4 });
    assert.equal(some.resources.length, 4);

    const posted = await client.search<Fhir.Observation>('Observation', { code: 'nothing-matches' }, { post: true });
    assert.deepEqual(posted.resources, []);
    const last = server.requests.at(-1)!;
    assert.equal(last.method, 'POST');
    assert.match(last.url, /\/Observation\/_search$/);
    assert.equal(last.headers['content-type'], 'application/x-www-form-urlencoded');
  });

  test('sends the bearer token and headers, and times out', async () => {
    let token = 't-1';
    const client = createFhirClient({ baseUrl: server.baseUrl, token: () => token, headers: { 'x-tenant': 'h1' }, timeoutMs: 100 });
    await client.read('Patient', 'no-such-patient');
    token = 't-2';
    await client.read('Patient', 'no-such-patient');
    assert.deepEqual(server.requests.slice(-2).map((r) => [r.headers.authorization, r.headers['x-tenant']]), [['Bearer t-1', 'h1'], ['Bearer t-2', 'h1']]);

    server.latencyMs = 300;
    try {
      const e = await client.search('Patient', {}).then(() => undefined, (x: unknown) => x);
      assert.ok(isFhirError(e));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.status, 0);
    } finally {
      server.latencyMs = 0;
    }
  });

  test('this server does not roll a transaction back when its If-Match fails (why booking claims the Slot first)', async () => {
    const client = createFhirClient({ baseUrl: server.baseUrl });
    const { resource: slot } = await client.create<Fhir.FhirSlot>({ resourceType: 'Slot', status: 'free', schedule: { reference: 'Schedule/s' }, start: '2030-01-01T00:00:00Z', end: '2030-01-01T00:30:00Z' });
    await client.update({ ...slot, id: slot.id!, comment: 'changed' } as Fhir.FhirSlot & { id: string });
    const busy: Fhir.FhirSlot = { ...slot, status: 'busy' };
    const attempt = await client.transaction({
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { request: { method: 'PUT', url: `Slot/${slot.id}`, ifMatch: `W/"${slot.meta!.versionId}"` }, resource: busy },
        { request: { method: 'POST', url: 'Appointment' }, resource: { resourceType: 'Appointment', status: 'booked', slot: [{ reference: `Slot/${slot.id}` }], participant: [] } as Fhir.FhirAppointment },
      ],
    }).then(() => undefined, (e: unknown) => e);
    assert.ok(isFhirError(attempt) && attempt.status === 412, 'the stale If-Match fails the transaction');
    const left = await client.search<Fhir.FhirAppointment>('Appointment', { slot: `Slot/${slot.id}` });
    assert.equal(left.resources.length, 1, 'yet the Appointment it created first is still there');
  });

  test('refuses a next link to another origin and a non-FHIR answer', async () => {
    const fake: typeof fetch = async (input) => {
      const url = String(input);
      if (url.includes('/Patient?')) return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Patient?page=2' }] }), { status: 200 });
      return new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    };
    const client = createFhirClient({ baseUrl: 'https://his.example/fhir', fetch: fake });
    await assert.rejects(client.search('Patient', {}), (e: unknown) => isFhirError(e) && e.kind === 'invalid-response' && /another origin/.test(e.message));
    await assert.rejects(client.read('Patient', 'p1'), (e: unknown) => isFhirError(e) && e.kind === 'invalid-response');
  });
});
