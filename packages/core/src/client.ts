import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { IhError, isIhError, parseProblem } from './errors.js';
import type { ContractArgs, HttpMethod, OperationAt, PathFor, ResultOf } from './contract-paths.js';
import { newIdempotencyKey } from './idempotency.js';
import type { Query, RequestBody, ResponseBody } from './types.js';

export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>;

export interface ClientOptions {
  /** The gateway's API base, e.g. `https://h.example/ihkit/api` or `/api`. */
  baseUrl: string;
  /** A bearer token, or a function that returns the current one (called before every request). */
  token?: string | TokenProvider;
  /** Milliseconds before one attempt is given up. Default 10 000. */
  timeout?: number;
  /** How many times a safe or idempotent call is tried again after a network error or 5xx. Default 2. */
  retries?: number;
  /** Sent as Accept-Language, so problem titles come back in the user's language. */
  locale?: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** For creating calls: the key that makes a retry safe. A fresh one is made when omitted. */
  idempotencyKey?: string;
}

export interface RequestInit extends CallOptions {
  query?: object;
  body?: unknown;
  /** A file body (an image, a recording), sent as is with its type; retried only with a `key`. */
  raw?: Blob;
  /** Safe to retry a POST (idempotent by nature). */
  idempotent?: boolean;
  /** The Idempotency-Key header. */
  key?: string;
  /** A create: it carries an Idempotency-Key (`idempotencyKey`, or a fresh one), so retrying it is safe. */
  creates?: boolean;
  as?: 'json' | 'blob';
  /** `Prefer: respond-async` (RFC 7240): a signing call answers 202 with its signature request instead of waiting. */
  respondAsync?: boolean;
  /** Milliseconds before one attempt is given up, over the client's `timeout` (a large upload). */
  timeout?: number;
}

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];

/** A typed client for the ihkit gateway; one method per operationId in openapi.yaml. */
export class IhClient {
  readonly #http: KyInstance;

  constructor(readonly options: ClientOptions) {
    const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    const prefixUrl = new URL(base, globalThis.location?.href ?? 'http://localhost/').href;
    this.#http = ky.create({
      prefixUrl,
      timeout: options.timeout ?? 10_000,
      fetch: options.fetch,
      retry: { limit: options.retries ?? 2, methods: ['get', 'head', 'options'], statusCodes: RETRY_STATUS, backoffLimit: 2_000 },
      throwHttpErrors: true,
      hooks: {
        beforeRequest: [
          async (request) => {
            const t = options.token;
            const token = typeof t === 'function' ? await t() : t;
            if (token) request.headers.set('Authorization', `Bearer ${token}`);
            if (options.locale) request.headers.set('Accept-Language', options.locale);
          },
        ],
      },
    });
  }

  /**
   * One call to the gateway: `path` relative to the API base, JSON in and out (or a Blob with
   * `raw` / `as: 'blob'`), errors as IhError. The capability clients (ClinicClient) use it.
   */
  async request<T>(method: 'get' | 'post' | 'put', path: string, init: RequestInit = {}): Promise<T> {
    const opts: Options = { method, signal: init.signal, ...(init.timeout ? { timeout: init.timeout } : {}) };
    if (init.query) {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(init.query)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
      opts.searchParams = sp;
    }
    if (init.body !== undefined) opts.json = init.body;
    const headers: Record<string, string> = {};
    if (init.raw) {
      opts.body = init.raw;
      headers['Content-Type'] = init.raw.type || 'application/octet-stream';
      opts.retry = 0;
    }
    const key = init.key ?? (init.creates ? init.idempotencyKey ?? newIdempotencyKey() : undefined);
    if (key) headers['Idempotency-Key'] = key;
    if (init.respondAsync) headers.Prefer = 'respond-async';
    if (Object.keys(headers).length) opts.headers = headers;
    if (method === 'post' && (key || init.idempotent)) {
      // A create that carries an Idempotency-Key, or an operation that is idempotent by nature, is safe to retry.
      opts.retry = { limit: this.options.retries ?? 2, methods: ['post'], statusCodes: RETRY_STATUS, backoffLimit: 2_000 };
    }
    try {
      const response = this.#http(path, opts);
      return (await (init.as === 'blob' ? response.blob() : response.json<T>())) as T;
    } catch (e) {
      throw await toIhError(e);
    }
  }

  /** A create: a POST with an Idempotency-Key (the caller's, or a fresh one), safe to retry. */
  create<T>(path: string, body: unknown, o?: CallOptions): Promise<T> {
    return this.request<T>('post', path, { ...o, body, creates: true });
  }

  /**
   * A call the contract has: `path` is a path template of openapi.yaml with a `method` it has, so
   * a wrong one does not compile. The values of its placeholders come next, in the template's
   * order and of the contract's types, then the options; the query, body and answer are the
   * operation's types. Every method of the SDK's clients is one of these:
   * `call('get', '/consults/{consultId}/history', consultId, o)`.
   */
  call<M extends HttpMethod, P extends PathFor<M>>(method: M, path: P, ...args: ContractArgs<OperationAt<M, P>, P, RequestInit>): Promise<ResultOf<OperationAt<M, P>>> {
    let i = 0;
    const filled = path.slice(1).replace(/{\w+}/g, () => encodeURIComponent(args[i++] as string | number));
    return this.request(method, filled, args[i] as RequestInit | undefined);
  }

  health(o?: CallOptions) {
    return this.call('get', '/health', o);
  }
  login(body: RequestBody<'login'>, o?: CallOptions) {
    return this.call('post', '/sessions', { ...o, body });
  }
  /** Signs out: the token is refused from now on. One refused already (UNAUTHENTICATED) is signed out too. */
  async logout(o?: CallOptions): Promise<ResponseBody<'logout'>> {
    try {
      return await this.call('post', '/sessions/logout', { ...o, idempotent: true });
    } catch (e) {
      if (isIhError(e) && e.code === 'UNAUTHENTICATED') return { revoked: 0 };
      throw e;
    }
  }
  /** Signs every session of the user out, this one included. */
  logoutEverywhere(o?: CallOptions) {
    return this.call('post', '/sessions/logout-everywhere', { ...o, idempotent: true });
  }
  listMySessions(o?: CallOptions) {
    return this.call('get', '/sessions', o);
  }
  revokeSession(sessionId: string, o?: CallOptions) {
    return this.call('post', '/sessions/{sessionId}/revoke', sessionId, { ...o, idempotent: true });
  }
  getMe(o?: CallOptions) {
    return this.call('get', '/me', o);
  }
  /** The signed-in doctor's or pharmacist's record at the HIS, and whether they may practise online today. */
  getMyPractitioner(o?: CallOptions) {
    return this.call('get', '/me/practitioner', o);
  }
  listDepartments(o?: CallOptions) {
    return this.call('get', '/departments', o);
  }
  listDoctors(query: Query<'listDoctors'> = {}, o?: CallOptions) {
    return this.call('get', '/doctors', { ...o, query });
  }
  listSlots(query: Query<'listSlots'>, o?: CallOptions) {
    return this.call('get', '/slots', { ...o, query });
  }
  /** The hospital's triage rules (public); run them with `triage()` on the device, never send the answers. */
  getTriageRules(o?: CallOptions) {
    return this.call('get', '/triage/rules', o);
  }
  listMyPatients(o?: CallOptions) {
    return this.call('get', '/patients', o);
  }
  addFamilyMember(body: RequestBody<'addFamilyMember'>, o?: CallOptions) {
    return this.call('post', '/patients', { ...o, body, creates: true });
  }
  /** The referrals (双向转诊) of the account's patients: where and when to go; no clinical text. */
  listMyReferrals(o?: CallOptions) {
    return this.call('get', '/my-referrals', o);
  }
  listMyAppointments(query: Query<'listMyAppointments'> = {}, o?: CallOptions) {
    return this.call('get', '/appointments', { ...o, query });
  }
  bookAppointment(body: RequestBody<'bookAppointment'>, o?: CallOptions) {
    return this.call('post', '/appointments', { ...o, body, creates: true });
  }
  getAppointment(appointmentId: string, o?: CallOptions) {
    return this.call('get', '/appointments/{appointmentId}', appointmentId, o);
  }
  cancelAppointment(appointmentId: string, body: RequestBody<'cancelAppointment'> = {}, o?: CallOptions) {
    return this.call('post', '/appointments/{appointmentId}/cancel', appointmentId, { ...o, body, idempotent: true });
  }
}

export function createClient(options: ClientOptions): IhClient {
  return new IhClient(options);
}

async function toIhError(e: unknown): Promise<unknown> {
  if (e instanceof HTTPError) {
    const body: unknown = await e.response.clone().json().catch(() => undefined);
    const problem = parseProblem(body);
    if (problem) return IhError.fromProblem(problem);
    return new IhError('UNEXPECTED_RESPONSE', e.response.status, `Unexpected ${e.response.status} response`, { cause: e });
  }
  if (e instanceof TimeoutError) return new IhError('TIMEOUT', 0, 'The gateway did not answer in time', { cause: e });
  if (e instanceof Error && e.name === 'AbortError') return e; // the caller asked for it
  if (e instanceof TypeError) return new IhError('NETWORK', 0, 'The gateway could not be reached', { cause: e });
  if (e instanceof SyntaxError) return new IhError('UNEXPECTED_RESPONSE', 200, 'The gateway sent a response that is not JSON', { cause: e });
  return e;
}
