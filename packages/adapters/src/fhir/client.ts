/**
 * A small FHIR R4 REST client on the global fetch: read, search (following `next` links),
 * conditional create, versioned update and transactions, with a timeout on every request, a
 * caller's AbortSignal honoured (`withSignal`), and OperationOutcomes surfaced as FhirError.
 *
 * Privacy: URLs carry resource types, FHIR ids and the search parameters a call names. Calls
 * that search by something identifying (a resident ID number, a card number) pass `post: true`
 * and go as `POST [type]/_search` with a form body, so the value never reaches a URL or an
 * access log. Error messages name the interaction and resource type, never a query.
 */
import { requestSignal } from '../call-options.js';
import type { Bundle, OperationOutcome, Resource } from './resources.js';

export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface FhirClientOptions {
  /** The server's base URL, e.g. https://his.example/fhir/R4 (a trailing slash is ignored). */
  baseUrl: string;
  /** A bearer token, or a function that returns the current one (called for every request). */
  token?: TokenSource;
  /** Extra headers on every request (e.g. an API key or a tenant). */
  headers?: Record<string, string>;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Search parameters; an array value repeats the parameter (`date=ge…&date=lt…`). */
export type SearchParams = Record<string, string | number | readonly string[] | undefined>;

export interface SearchOptions {
  /** Stop after this many matches (default 1000); pages are followed until then. */
  limit?: number;
  /** Send as `POST [type]/_search` with a form body, keeping the parameters out of the URL. */
  post?: boolean;
  /** Aborts the search (every page's request) when the caller stops waiting. */
  signal?: AbortSignal;
}

/** A caller's cancellation of one interaction. */
export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SearchResult<T extends Resource> {
  /** The matches, of the searched type. */
  resources: T[];
  /** Other resources the server returned alongside (`_include`d). */
  included: Resource[];
}

/** `aborted`: the caller's signal cancelled the request. */
export type FhirErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response' | 'aborted';

/** A FHIR interaction failed; `outcome` holds the server's OperationOutcome, when it sent one. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  constructor(
    readonly kind: FhirErrorKind,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    message: string,
    readonly outcome?: OperationOutcome,
  ) {
    super(message);
  }

  /** The first issue's code (e.g. `conflict`, `not-found`, `processing`). */
  get issueCode(): string | undefined {
    return this.outcome?.issue?.[0]?.code;
  }
}

export function isFhirError(e: unknown): e is FhirError {
  return e instanceof Error && e.name === 'FhirError' && typeof (e as FhirError).status === 'number';
}

/** The version of a PUT's If-Match went stale: someone else updated the resource first. */
export function isVersionConflict(e: unknown): boolean {
  return isFhirError(e) && (e.status === 412 || e.status === 409);
}

/** A FHIR id: letters, digits, '-' and '.', 1–64 long. */
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;
export function isFhirId(id: string): boolean {
  return FHIR_ID.test(id);
}

export interface FhirClient {
  readonly baseUrl: string;
  /** The resource, or undefined when the server answers 404 or 410 (or the id is not a FHIR id). */
  read<T extends Resource>(type: T['resourceType'], id: string, options?: RequestOptions): Promise<T | undefined>;
  search<T extends Resource>(type: T['resourceType'], params: SearchParams, options?: SearchOptions): Promise<SearchResult<T>>;
  /**
   * Creates a resource. With `ifNoneExist` (search parameters) the create is conditional: when
   * one resource matches, the server returns it instead and `created` is false.
   */
  create<T extends Resource>(resource: T, options?: { ifNoneExist?: SearchParams } & RequestOptions): Promise<{ resource: T; created: boolean }>;
  /**
   * Updates a resource (PUT). With `ifMatch` (a versionId) the server applies it only if the
   * resource is still at that version; otherwise it answers 412 (FhirError, isVersionConflict).
   */
  update<T extends Resource>(resource: T & { id: string }, options?: { ifMatch?: string } & RequestOptions): Promise<T>;
  /** Posts a transaction (or batch) Bundle and returns the response Bundle. */
  transaction(bundle: Bundle, options?: RequestOptions): Promise<Bundle>;
}

/**
 * The client with `signal` on every request it makes: what a caller's cancellation reaches
 * through code that only takes a client. Without a signal, the client itself.
 */
export function withSignal(client: FhirClient, signal: AbortSignal | undefined): FhirClient {
  if (!signal) return client;
  return {
    baseUrl: client.baseUrl,
    read: <T extends Resource>(type: T['resourceType'], id: string) => client.read<T>(type, id, { signal }),
    search: <T extends Resource>(type: T['resourceType'], params: SearchParams, options?: SearchOptions) => client.search<T>(type, params, { ...options, signal }),
    create: <T extends Resource>(resource: T, options?: { ifNoneExist?: SearchParams }) => client.create(resource, { ...options, signal }),
    update: <T extends Resource>(resource: T & { id: string }, options?: { ifMatch?: string }) => client.update(resource, { ...options, signal }),
    transaction: (bundle) => client.transaction(bundle, { signal }),
  };
}

function toQuery(params: SearchParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else q.append(k, String(v));
  }
  return q;
}

/** The server's error, without anything from the request (no URL, no query, no diagnostics). */
function errorFor(method: string, what: string, status: number, body: unknown): FhirError {
  const outcome = (body as Resource | undefined)?.resourceType === 'OperationOutcome' ? body as OperationOutcome : undefined;
  const code = outcome?.issue?.[0]?.code;
  return new FhirError('http', status, `FHIR ${method} ${what} failed with HTTP ${status}${code ? ` (${code})` : ''}`, outcome);
}

export function createFhirClient(options: FhirClientOptions): FhirClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const origin = new URL(baseUrl).origin;

  async function headers(extra: Record<string, string>): Promise<Record<string, string>> {
    const h: Record<string, string> = { accept: 'application/fhir+json', ...options.headers, ...extra };
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  /** One request; `what` names it in errors (`read Patient`). Returns status and parsed body. */
  async function request(method: string, url: string, what: string, init: { body?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<{ status: number; body: unknown }> {
    // Only ever talk to the configured server: `next` links come from it, but check anyway.
    if (new URL(url).origin !== origin) throw new FhirError('invalid-response', 0, `FHIR ${method} ${what}: the server sent a link to another origin`);
    const cancelled = () => new FhirError('aborted', 0, `FHIR ${method} ${what} was cancelled`);
    if (init.signal?.aborted) throw cancelled();
    let res: Response;
    try {
      res = await doFetch(url, { method, headers: await headers(init.headers ?? {}), body: init.body, signal: requestSignal(timeoutMs, init.signal) });
    } catch (e) {
      if (init.signal?.aborted) throw cancelled();
      const timedOut = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError';
      throw new FhirError(timedOut ? 'timeout' : 'network', 0, timedOut ? `FHIR ${method} ${what} timed out after ${timeoutMs} ms` : `FHIR ${method} ${what}: the server could not be reached`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      if (init.signal?.aborted) throw cancelled();
      throw new FhirError('timeout', res.status, `FHIR ${method} ${what}: the response did not arrive within ${timeoutMs} ms`);
    }
    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        if (res.ok) throw new FhirError('invalid-response', res.status, `FHIR ${method} ${what}: the response is not JSON`);
      }
    }
    if (!res.ok) throw errorFor(method, what, res.status, body);
    return { status: res.status, body };
  }

  function expectResource<T extends Resource>(body: unknown, type: string, what: string): T {
    if ((body as Resource | undefined)?.resourceType !== type) throw new FhirError('invalid-response', 0, `FHIR ${what}: expected a ${type}`);
    return body as T;
  }

  return {
    baseUrl,

    async read<T extends Resource>(type: T['resourceType'], id: string, opts: RequestOptions = {}): Promise<T | undefined> {
      if (!isFhirId(id)) return undefined;
      try {
        const { body } = await request('GET', `${baseUrl}/${type}/${id}`, `read ${type}`, { signal: opts.signal });
        return expectResource<T>(body, type, `read ${type}`);
      } catch (e) {
        if (isFhirError(e) && (e.status === 404 || e.status === 410)) return undefined;
        throw e;
      }
    },

    async search<T extends Resource>(type: T['resourceType'], params: SearchParams, opts: SearchOptions = {}): Promise<SearchResult<T>> {
      const limit = opts.limit ?? 1000;
      const what = `search ${type}`;
      const resources: T[] = [];
      const included: Resource[] = [];
      let page = opts.post
        ? await request('POST', `${baseUrl}/${type}/_search`, what, { body: toQuery(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: opts.signal })
        : await request('GET', `${baseUrl}/${type}?${toQuery(params)}`, what, { signal: opts.signal });
      const seen = new Set<string>();
      for (let pages = 1; ; pages++) {
        const bundle = expectResource<Bundle>(page.body, 'Bundle', what);
        for (const entry of bundle.entry ?? []) {
          const r = entry.resource;
          if (!r) continue;
          const key = `${r.resourceType}/${r.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const isMatch = entry.search?.mode ? entry.search.mode === 'match' : r.resourceType === type;
          if (isMatch) {
            if (resources.length < limit) resources.push(r as T);
          } else if (entry.search?.mode !== 'outcome') {
            included.push(r);
          }
        }
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        if (!next || resources.length >= limit || pages >= 1000) break;
        page = await request('GET', new URL(next, `${baseUrl}/`).href, what, { signal: opts.signal });
      }
      return { resources, included };
    },

    async create<T extends Resource>(resource: T, opts: { ifNoneExist?: SearchParams } & RequestOptions = {}) {
      const what = `create ${resource.resourceType}`;
      const extra: Record<string, string> = { 'content-type': 'application/fhir+json', prefer: 'return=representation' };
      if (opts.ifNoneExist) extra['if-none-exist'] = toQuery(opts.ifNoneExist).toString();
      const { status, body } = await request('POST', `${baseUrl}/${resource.resourceType}`, what, { body: JSON.stringify(resource), headers: extra, signal: opts.signal });
      return { resource: expectResource<T>(body, resource.resourceType, what), created: status === 201 };
    },

    async update<T extends Resource>(resource: T & { id: string }, opts: { ifMatch?: string } & RequestOptions = {}) {
      const what = `update ${resource.resourceType}`;
      if (!isFhirId(resource.id)) throw new FhirError('invalid-response', 0, `FHIR ${what}: not a FHIR id`);
      const extra: Record<string, string> = { 'content-type': 'application/fhir+json', prefer: 'return=representation' };
      if (opts.ifMatch) extra['if-match'] = `W/"${opts.ifMatch}"`;
      const { body } = await request('PUT', `${baseUrl}/${resource.resourceType}/${resource.id}`, what, { body: JSON.stringify(resource), headers: extra, signal: opts.signal });
      return expectResource<T>(body, resource.resourceType, what);
    },

    async transaction(bundle: Bundle, opts: RequestOptions = {}): Promise<Bundle> {
      const what = `${bundle.type ?? 'transaction'} Bundle`;
      const { body } = await request('POST', baseUrl, what, { body: JSON.stringify(bundle), headers: { 'content-type': 'application/fhir+json', prefer: 'return=representation' }, signal: opts.signal });
      return expectResource<Bundle>(body, 'Bundle', what);
    },
  };
}
