import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { IhError, parseProblem } from './errors.js';
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

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];

/** A typed client for the ihkit gateway; one method per operationId in openapi.yaml. */
export class IhClient {
  readonly #http: KyInstance;
  readonly #prefixUrl: string;

  constructor(readonly options: ClientOptions) {
    const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    const prefixUrl = new URL(base, globalThis.location?.href ?? 'http://localhost/').href;
    this.#prefixUrl = prefixUrl;
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

  async #call<T>(method: 'get' | 'post', path: string, init: { query?: object; body?: unknown; idempotent?: boolean; key?: string } & CallOptions = {}): Promise<T> {
    const opts: Options = { method, signal: init.signal };
    if (init.query) {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(init.query)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
      opts.searchParams = sp;
    }
    if (init.body !== undefined) opts.json = init.body;
    if (init.key) opts.headers = { 'Idempotency-Key': init.key };
    if (method === 'post' && (init.key || init.idempotent)) {
      // A create that carries an Idempotency-Key, or an operation that is idempotent by nature, is safe to retry.
      opts.retry = { limit: this.options.retries ?? 2, methods: ['post'], statusCodes: RETRY_STATUS, backoffLimit: 2_000 };
    }
    try {
      return await this.#http(path, opts).json<T>();
    } catch (e) {
      throw await toIhError(e);
    }
  }

  #create<T>(path: string, body: unknown, o: CallOptions = {}): Promise<T> {
    return this.#call<T>('post', path, { body, signal: o.signal, key: o.idempotencyKey ?? newIdempotencyKey() });
  }

  health(o?: CallOptions) {
    return this.#call<ResponseBody<'health'>>('get', 'health', o);
  }
  login(body: RequestBody<'login'>, o?: CallOptions) {
    return this.#call<ResponseBody<'login'>>('post', 'sessions', { ...o, body });
  }
  getMe(o?: CallOptions) {
    return this.#call<ResponseBody<'getMe'>>('get', 'me', o);
  }
  listDepartments(o?: CallOptions) {
    return this.#call<ResponseBody<'listDepartments'>>('get', 'departments', o);
  }
  listDoctors(query: Query<'listDoctors'> = {}, o?: CallOptions) {
    return this.#call<ResponseBody<'listDoctors'>>('get', 'doctors', { ...o, query });
  }
  listSlots(query: Query<'listSlots'>, o?: CallOptions) {
    return this.#call<ResponseBody<'listSlots'>>('get', 'slots', { ...o, query });
  }
  listMyPatients(o?: CallOptions) {
    return this.#call<ResponseBody<'listMyPatients'>>('get', 'patients', o);
  }
  addFamilyMember(body: RequestBody<'addFamilyMember'>, o?: CallOptions) {
    return this.#create<ResponseBody<'addFamilyMember'>>('patients', body, o);
  }
  listMyAppointments(query: Query<'listMyAppointments'> = {}, o?: CallOptions) {
    return this.#call<ResponseBody<'listMyAppointments'>>('get', 'appointments', { ...o, query });
  }
  bookAppointment(body: RequestBody<'bookAppointment'>, o?: CallOptions) {
    return this.#create<ResponseBody<'bookAppointment'>>('appointments', body, o);
  }
  getAppointment(appointmentId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'getAppointment'>>('get', `appointments/${encodeURIComponent(appointmentId)}`, o);
  }
  cancelAppointment(appointmentId: string, body: RequestBody<'cancelAppointment'> = {}, o?: CallOptions) {
    return this.#call<ResponseBody<'cancelAppointment'>>('post', `appointments/${encodeURIComponent(appointmentId)}/cancel`, { ...o, body, idempotent: true });
  }

  // Online clinic
  listConditions(patientId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'listConditions'>>('get', `patients/${encodeURIComponent(patientId)}/conditions`, o);
  }
  listConsults(query: Query<'listConsults'> = {}, o?: CallOptions) {
    return this.#call<ResponseBody<'listConsults'>>('get', 'consults', { ...o, query });
  }
  createConsult(body: RequestBody<'createConsult'>, o?: CallOptions) {
    return this.#create<ResponseBody<'createConsult'>>('consults', body, o);
  }
  getConsult(consultId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'getConsult'>>('get', consultPath(consultId), o);
  }
  getConsultHistory(consultId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'getConsultHistory'>>('get', consultPath(consultId, 'history'), o);
  }
  payConsult(consultId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'payConsult'>>('post', consultPath(consultId, 'payment'), { ...o, idempotent: true });
  }
  sandboxPay(paymentId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'sandboxPay'>>('post', `payments/${encodeURIComponent(paymentId)}/sandbox-pay`, { ...o, idempotent: true });
  }
  cancelConsult(consultId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'cancelConsult'>>('post', consultPath(consultId, 'cancel'), { ...o, idempotent: true });
  }
  acceptConsult(consultId: string, o?: CallOptions) {
    return this.#call<ResponseBody<'acceptConsult'>>('post', consultPath(consultId, 'accept'), { ...o, idempotent: true });
  }
  completeConsult(consultId: string, body: RequestBody<'completeConsult'>, o?: CallOptions) {
    return this.#call<ResponseBody<'completeConsult'>>('post', consultPath(consultId, 'complete'), { ...o, body, idempotent: true });
  }
  referConsult(consultId: string, body: RequestBody<'referConsult'>, o?: CallOptions) {
    return this.#call<ResponseBody<'referConsult'>>('post', consultPath(consultId, 'refer'), { ...o, body, idempotent: true });
  }
  listConsultMessages(consultId: string, query: Query<'listConsultMessages'> = {}, o?: CallOptions) {
    return this.#call<ResponseBody<'listConsultMessages'>>('get', consultPath(consultId, 'messages'), { ...o, query });
  }
  sendConsultMessage(consultId: string, body: RequestBody<'sendConsultMessage'>, o?: CallOptions) {
    return this.#create<ResponseBody<'sendConsultMessage'>>(consultPath(consultId, 'messages'), body, o);
  }
  /** Uploads an image (PNG, JPEG or WebP, at most 5 MB); send it afterwards with sendConsultMessage. */
  async uploadConsultAttachment(consultId: string, image: Blob, o: CallOptions = {}): Promise<ResponseBody<'uploadConsultAttachment'>> {
    try {
      return await this.#http(consultPath(consultId, 'attachments'), { method: 'post', body: image, headers: { 'Content-Type': image.type || 'application/octet-stream' }, signal: o.signal, retry: 0 }).json();
    } catch (e) {
      throw await toIhError(e);
    }
  }
  /** An image of the consult as a Blob (for URL.createObjectURL): the request carries the token, so an <img src> cannot fetch it. */
  async getConsultAttachment(consultId: string, attachmentId: string, o: CallOptions = {}): Promise<Blob> {
    try {
      return await this.#http(`${consultPath(consultId, 'attachments')}/${encodeURIComponent(attachmentId)}`, { signal: o.signal }).blob();
    } catch (e) {
      throw await toIhError(e);
    }
  }
  markConsultRead(consultId: string, seq: number, o?: CallOptions) {
    return this.#call<ResponseBody<'markConsultRead'>>('post', consultPath(consultId, 'read'), { ...o, body: { seq }, idempotent: true });
  }

  /** The gateway's WebSocket address (live consult messages), next to the API base. */
  realtimeUrl(): string {
    const url = new URL('ws', this.#prefixUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  /** The current bearer token (for the WebSocket's first message). */
  async token(): Promise<string | undefined> {
    const t = this.options.token;
    return (typeof t === 'function' ? await t() : t) ?? undefined;
  }
}

function consultPath(consultId: string, sub?: string): string {
  return `consults/${encodeURIComponent(consultId)}${sub ? `/${sub}` : ''}`;
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
