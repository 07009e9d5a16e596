/**
 * Janus's JSON API over its WebSocket transport (subprotocol `janus-protocol`): one session, kept
 * alive, with plugin handles that send requests and receive the plugin's events.
 *
 * Written by hand rather than with janus.js (npm `janus-gateway`, Meetecho's client): importing it
 * brings webrtc-adapter, which rewrites the host page's RTCPeerConnection and getUserMedia globals
 * on load — a hospital's portal must not be changed under it by a video element — and its
 * callback API with a global `Janus.init` would take more code to wrap than the few messages the
 * VideoRoom needs: create, attach, message (with its ack, then its event), trickle, keepalive,
 * detach and destroy. Works in browsers and in Node ≥ 22 (or with any WHATWG WebSocket passed in).
 */

/** What the plugin answered: its data, and the SDP when it sent one. */
export interface PluginAnswer {
  data: Record<string, unknown>;
  jsep?: RTCSessionDescriptionInit;
}

/** A plugin event that was not the answer to one of our requests (another participant joined…). */
export type PluginEventListener = (event: PluginAnswer) => void;

type Message = Record<string, unknown> & { janus: string; transaction?: string; sender?: number };

/** A WebSocket constructor (the browser's, or Node's `ws` in tests). */
export type WebSocketLike = new (url: string, protocols: string) => WebSocket;

/** Janus refused a request: its error code and reason (a room full, a wrong pin…). */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`Janus error ${code}: ${reason}`);
    this.name = 'JanusError';
  }
}

const KEEPALIVE_MS = 25_000;
const REQUEST_TIMEOUT_MS = 15_000;

let txnCounter = 0;
const newTransaction = () => `${Date.now().toString(36)}-${(++txnCounter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

interface Pending {
  resolve(m: Message): void;
  reject(e: Error): void;
  /** Requests to a plugin are first acked, then answered by an event with the same transaction. */
  waitForEvent: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class JanusSession {
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, JanusHandle>();
  #id = 0;
  #keepalive?: ReturnType<typeof setInterval>;
  #closed = false;
  /** Called once when the server or the network ends the session. */
  onClose?: () => void;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener('message', (e) => this.#onMessage(String(e.data)));
    ws.addEventListener('close', () => this.#onClose());
  }

  /** Opens the WebSocket and creates a Janus session on it. */
  static async connect(url: string, WS: WebSocketLike = WebSocket): Promise<JanusSession> {
    const ws = new WS(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('cannot reach the media server')), { once: true });
    });
    const session = new JanusSession(ws);
    const created = await session.#send({ janus: 'create' });
    session.#id = (created.data as { id: number }).id;
    session.#keepalive = setInterval(() => void session.#send({ janus: 'keepalive' }).catch(() => undefined), KEEPALIVE_MS);
    return session;
  }

  /** Attaches a handle to `plugin` (e.g. 'janus.plugin.videoroom'). */
  async attach(plugin: string): Promise<JanusHandle> {
    const attached = await this.#send({ janus: 'attach', plugin });
    const handle = new JanusHandle(this, (attached.data as { id: number }).id);
    this.#handles.set(handle.id, handle);
    return handle;
  }

  /** Destroys the session (its handles hang up) and closes the WebSocket. */
  async destroy(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#send({ janus: 'destroy' });
    } catch {
      // the server may already be gone
    }
    this.#ws.close();
    this.#onClose();
  }

  /** @internal Sends one message for a handle of this session. */
  _send(body: Record<string, unknown>, waitForEvent = false): Promise<Message> {
    return this.#send(body, waitForEvent);
  }

  /** @internal */
  _forget(handleId: number): void {
    this.#handles.delete(handleId);
  }

  #send(body: Record<string, unknown>, waitForEvent = false): Promise<Message> {
    if (this.#closed) return Promise.reject(new Error('the media server session is closed'));
    const transaction = newTransaction();
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new Error(`the media server did not answer ${String(body.janus)} in time`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(transaction, { resolve, reject, waitForEvent, timer });
      this.#ws.send(JSON.stringify({ ...body, transaction, ...(this.#id ? { session_id: this.#id } : {}) }));
    });
  }

  #onMessage(raw: string): void {
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    const pending = m.transaction ? this.#pending.get(m.transaction) : undefined;
    if (pending && !(m.janus === 'ack' && pending.waitForEvent)) {
      this.#pending.delete(m.transaction!);
      clearTimeout(pending.timer);
      if (m.janus === 'error') {
        const { code, reason } = m.error as { code: number; reason: string };
        pending.reject(new JanusError(code, reason));
      } else {
        pending.resolve(m);
      }
      return;
    }
    const handle = typeof m.sender === 'number' ? this.#handles.get(m.sender) : undefined;
    if (handle) handle._receive(m);
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('the media server session closed'));
    }
    this.#pending.clear();
    for (const h of this.#handles.values()) h._receive({ janus: 'detached' });
    this.#handles.clear();
    this.onClose?.();
  }
}

/** One plugin handle: requests to the plugin, trickled ICE candidates, and its unsolicited events. */
export class JanusHandle {
  readonly #session: JanusSession;
  readonly #listeners = new Set<PluginEventListener>();
  /** Called when Janus closes this handle's PeerConnection ('hangup') or the handle goes ('detached'). */
  onHangup?: () => void;

  constructor(
    session: JanusSession,
    readonly id: number,
  ) {
    this.#session = session;
  }

  /**
   * Sends `body` to the plugin (with `jsep` when negotiating) and resolves to its answer: the
   * synchronous reply, or the event that answers an asynchronous request. A plugin error
   * (`error_code` in its data) rejects with a JanusError.
   */
  async request(body: Record<string, unknown>, jsep?: RTCSessionDescriptionInit, waitForEvent = true): Promise<PluginAnswer> {
    const m = await this.#session._send({ janus: 'message', handle_id: this.id, body, ...(jsep ? { jsep: { type: jsep.type, sdp: jsep.sdp } } : {}) }, waitForEvent);
    return answerOf(m);
  }

  /** Listens for the plugin's events that answer none of our requests. */
  onEvent(listener: PluginEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sends one local ICE candidate, or null when gathering has completed. */
  trickle(candidate: RTCIceCandidate | null): void {
    const c = candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : { completed: true };
    void this.#session._send({ janus: 'trickle', handle_id: this.id, candidate: c }).catch(() => undefined);
  }

  async detach(): Promise<void> {
    this.#session._forget(this.id);
    try {
      await this.#session._send({ janus: 'detach', handle_id: this.id });
    } catch {
      // the session may already be gone
    }
  }

  /** @internal */
  _receive(m: Message): void {
    if (m.janus === 'event') {
      let answer: PluginAnswer;
      try {
        answer = answerOf(m);
      } catch {
        return; // an error about a request of ours that has already timed out
      }
      for (const l of this.#listeners) l(answer);
    } else if (m.janus === 'hangup' || m.janus === 'detached') {
      this.onHangup?.();
    }
  }
}

function answerOf(m: Message): PluginAnswer {
  const data = ((m.plugindata as { data?: Record<string, unknown> } | undefined)?.data ?? {}) as Record<string, unknown>;
  if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'error'));
  return m.jsep ? { data, jsep: m.jsep as RTCSessionDescriptionInit } : { data };
}
