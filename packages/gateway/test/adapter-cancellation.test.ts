/**
 * A call the guard gives up on is cancelled, not left running: the adapters that speak HTTP get
 * the guard's AbortSignal and abort their request, which the hospital system sees as its
 * connection closing. The systems here accept a request and never answer; the adapters' own
 * timeouts are far longer than the test waits, so only the guard's signal can close them.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createDicomWebPacs, createFhirHis } from '@ihkit/adapters';
import { guardHis, guardPacs } from '../src/adapter-guard.js';

const ADAPTER_TIMEOUT_MS = 60_000;

/** A server that takes requests and never answers; `closed` resolves with the path of a request whose connection closed. */
async function silentServer(): Promise<{ server: Server; base: string; received: () => Promise<IncomingMessage>; closed: () => Promise<string> }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req) => {
    requests.push(req);
    server.emit('held', req);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const received = async () => requests.shift() ?? ((await once(server, 'held')) as [IncomingMessage])[0];
  const closed = async () => {
    const req = await received();
    if (!req.socket.destroyed) await once(req.socket, 'close');
    return req.url ?? '';
  };
  return { server, base, received, closed };
}

/** Rejects when `promise` has not settled within `ms`. */
const within = <T>(ms: number, promise: Promise<T>, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms).unref())]);

describe('adapter calls the guard gives up on are cancelled', () => {
  let his: Awaited<ReturnType<typeof silentServer>>;
  let pacs: Awaited<ReturnType<typeof silentServer>>;
  before(async () => {
    [his, pacs] = await Promise.all([silentServer(), silentServer()]);
  });
  after(() => {
    for (const { server } of [his, pacs]) server.closeAllConnections();
    for (const { server } of [his, pacs]) server.close();
  });

  test('the FHIR HIS: the request for the departments is closed when the guard times out', async () => {
    const failures: string[] = [];
    const guarded = guardHis(createFhirHis({ baseUrl: `${his.base}/fhir`, timeoutMs: ADAPTER_TIMEOUT_MS }), { timeoutMs: 150, onFailure: (f) => failures.push(`${f.method}:${f.reason}`) });
    const closed = his.closed();
    await assert.rejects(guarded.listDepartments(), (e: { code?: string }) => e.code === 'HIS_UNAVAILABLE');
    assert.match(await within(2000, closed, 'closing the FHIR request'), /^\/fhir\/HealthcareService\?/);
    assert.deepEqual(failures, ['listDepartments:timeout']);
  });

  test('the FHIR HIS: a booking (a read, then writes) stops at the request it was making', async () => {
    const guarded = guardHis(createFhirHis({ baseUrl: `${his.base}/fhir`, timeoutMs: ADAPTER_TIMEOUT_MS }), { timeoutMs: 150 });
    const closed = his.closed();
    await assert.rejects(guarded.book({ slotId: 'slot-1', patientId: 'p-1', idempotencyKey: 'k-1' }), (e: { code?: string }) => e.code === 'HIS_UNAVAILABLE');
    assert.match(await within(2000, closed, 'closing the FHIR request'), /^\/fhir\//);
  });

  test('the DICOMweb PACS: the QIDO-RS search is closed when the guard times out', async () => {
    const guarded = guardPacs(createDicomWebPacs({ baseUrl: `${pacs.base}/dicom-web`, timeoutMs: ADAPTER_TIMEOUT_MS }), { timeoutMs: 150 });
    const closed = pacs.closed();
    await assert.rejects(guarded.listStudies('P-0001'), (e: { code?: string }) => e.code === 'PACS_UNAVAILABLE');
    assert.match(await within(2000, closed, 'closing the DICOMweb request'), /^\/dicom-web\/studies\?PatientID=P-0001/);
  });

  test('a caller that passes no signal keeps the adapters working as before', async () => {
    const fhir = createFhirHis({ baseUrl: `${his.base}/fhir`, timeoutMs: 200 });
    const closed = his.closed();
    await assert.rejects(fhir.listDepartments(), (e: Error) => e.name === 'FhirError' && /timed out/.test(e.message));
    await within(2000, closed, 'closing the timed-out FHIR request');
  });
});
