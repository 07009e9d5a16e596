/**
 * The live side of the gateway: one WebSocket per page, next to the API base (`…/api/ws`).
 * Messages of a consult arrive in seq order; after a reconnect each subscription resumes
 * from the last seq it delivered, so nothing is lost and nothing is delivered twice.
 *
 * Protocol (JSON text frames). The token goes in the first frame, never in the URL.
 *   client → gateway: {type:'auth', token} · {type:'subscribe', consultId, after} ·
 *                     {type:'unsubscribe', consultId} · {type:'typing', consultId} · {type:'queue'} ·
 *                     {type:'watch', topic} (topic: 'consults' | 'prescriptions' | 'invitations' | 'reports' | 'care') ·
 *                     {type:'video-join', roomId} · {type:'video-leave', roomId} ·
 *                     {type:'video-signal', roomId, to, message} (see VideoRoomHandle)
 *   gateway → client: {type:'ready'} · {type:'message', consultId, message} ·
 *                     {type:'consult', consultId} (its state or record changed) ·
 *                     {type:'typing', consultId, sender} · {type:'read', consultId, sender, seq} ·
 *                     {type:'queue'} (a doctor's queue changed) ·
 *                     {type:'consults', consultId} (a consult of the patient's accounts changed state —
 *                       accepted, referred, completed, ended —, for their list) ·
 *                     {type:'critical-alert', alertId} (a critical result for the doctor) ·
 *                     {type:'prescription', prescriptionId} (one the user sees changed: signed, reviewed,
 *                       paid, at the pharmacy, cancelled, expired; for the patient's accounts, its doctor,
 *                       and every pharmacist while it enters or leaves review) ·
 *                     {type:'invitation', roomId} (a call the doctor is invited to: invited, ended) ·
 *                     {type:'report', patientId, reportId | studyId} (a new or changed lab report or imaging
 *                       study, for the patient's own and family accounts) ·
 *                     {type:'care-alert', alertId} (a home reading crossed the thresholds of a follow-up plan
 *                       the nurse or doctor manages) ·
 *                     {type:'signature', signatureRequestId} (a signature request of the signer's ended:
 *                       signed, refused or lapsed on their phone) ·
 *                     {type:'video-room', roomId, room} · {type:'video-signal', roomId, from, message} ·
 *                     {type:'error', code, consultId? | roomId?}
 *   Each watched topic's frame comes without its id after the gateway lost the database's
 *   notices for a while: everything of the topic may have changed and is read again.
 * Frames carry ids only, and each goes only to users the gateway's HTTP routes would show the thing to.
 * When the token expires or is revoked the gateway closes the socket (code 4001); the connection then
 * reconnects with the token its page holds now, and stops if that one is refused too.
 *
 * Limits (REALTIME_LIMITS and REALTIME_CLOSE in realtime-limits.ts, enforced per gateway process):
 * - a frame is at most 32 KB (larger: closed with 1009), a video signal's message at most 16 KB;
 * - every frame counts against its connection's budget (200 at once, 10 a second after) and its
 *   user's on that gateway (400, 20 a second); frames past either are dropped (a subscribe or
 *   video-join answered RATE_LIMITED), and a connection that sends 100 past them is closed with
 *   1008 (policy violation);
 * - typing: one notice per user and consult every 2 s reaches the other side, the rest are dropped
 *   silently (RealtimeConnection.typing sends no more often);
 * - subscribe and video-join: 30 at once per user, then one every 2 s; past it
 *   {type:'error', code:'RATE_LIMITED', consultId | roomId}, asked again 5 s later by
 *   RealtimeConnection; at most 50 subscriptions per connection (RATE_LIMITED too);
 *   `after` is an integer from 0 to 2147483647 (else VALIDATION_FAILED);
 * - at most 10 signed-in sockets per user on a gateway: the next gets
 *   {type:'error', code:'TOO_MANY_CONNECTIONS'} and is closed with 4429;
 * - a socket that has not authenticated within 10 s is closed with 4401.
 * After 1008, 1009 or 4429 RealtimeConnection waits 30 s before it connects again.
 */
import type { IhClient } from './client.js';
import { RATE_LIMITED_RETRY_MS, REALTIME_CLOSE, REALTIME_LIMITS, REFUSED_RECONNECT_MS } from './realtime-limits.js';
import type { ConsultMessage, VideoRoom } from './types.js';

/** The gateway's WebSocket address for a client: `ws` next to its API base. */
export function realtimeUrl(client: IhClient): string {
  const base = client.options.baseUrl.endsWith('/') ? client.options.baseUrl : `${client.options.baseUrl}/`;
  const url = new URL('ws', new URL(base, globalThis.location?.href ?? 'http://localhost/'));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** A RealtimeConnection for a client: its WebSocket address and its current token. */
export function connectRealtime(client: IhClient, options: Partial<RealtimeOptions> = {}): RealtimeConnection {
  const t = client.options.token;
  return new RealtimeConnection({ url: realtimeUrl(client), token: typeof t === 'function' ? t : () => t, ...options });
}

export type Sender = 'patient' | 'doctor';

export type ServerFrame =
  | { type: 'ready' }
  | { type: 'message'; consultId: string; message: ConsultMessage }
  | { type: 'consult'; consultId: string }
  | { type: 'typing'; consultId: string; sender: Sender }
  | { type: 'read'; consultId: string; sender: Sender; seq: number }
  | { type: 'queue' }
  /** Without an id: alerts may have been missed; read them again. */
  | { type: 'critical-alert'; alertId?: string }
  /** Without an id (here and below): anything of the topic may have changed; read it again. */
  | { type: 'consults'; consultId?: string }
  | { type: 'prescription'; prescriptionId?: string }
  | { type: 'invitation'; roomId?: string }
  | ({ type: 'report' } & Partial<ReportNotice>)
  | { type: 'care-alert'; alertId?: string }
  | { type: 'signature'; signatureRequestId?: string }
  | { type: 'video-room'; roomId: string; room: VideoRoom }
  | { type: 'video-signal'; roomId: string; from: string; message: VideoSignal }
  | { type: 'error'; code: string; consultId?: string; roomId?: string };

/** What peers of a video call send each other through the gateway (opaque to it, at most 16 KB). */
export interface VideoSignal {
  /** The sender's per-peer session: a receiver drops messages of a session it no longer has. */
  sessionId: string;
  kind: 'signal' | 'hello' | 'bye';
  data?: unknown;
}

/** What a `report` frame names: the patient and the new or changed lab report or imaging study. */
export interface ReportNotice {
  patientId: string;
  reportId?: string;
  studyId?: string;
}

/** What a client may watch besides its consults and a doctor's queue (`{type:'watch', topic}`). */
export type WatchTopic = 'consults' | 'prescriptions' | 'invitations' | 'reports' | 'care' | 'signatures';

/** Everyone in the room (`to` of a video signal). */
export const VIDEO_BROADCAST = '*';

export type ClientFrame =
  | { type: 'auth'; token: string }
  | { type: 'subscribe'; consultId: string; after: number }
  | { type: 'unsubscribe'; consultId: string }
  | { type: 'typing'; consultId: string }
  | { type: 'queue' }
  | { type: 'watch'; topic: WatchTopic }
  | { type: 'video-join'; roomId: string }
  | { type: 'video-leave'; roomId: string }
  | { type: 'video-signal'; roomId: string; to: string; message: VideoSignal };

/** Every type of client frame, by a record the compiler checks is complete: what tests go through. */
const CLIENT_FRAMES: Record<ClientFrame['type'], true> = {
  auth: true, subscribe: true, unsubscribe: true, typing: true, queue: true, watch: true, 'video-join': true, 'video-leave': true, 'video-signal': true,
};
export const CLIENT_FRAME_TYPES = Object.keys(CLIENT_FRAMES) as ReadonlyArray<ClientFrame['type']>;

/**
 * A joined video room: signals to and from its other participants, and the room as it
 * changes (who is admitted, who is online, ended). `selfId` is the user's participant id.
 * Its `send`/`onMessage` are what @ihkit/video's Signaling asks for.
 */
export interface VideoRoomHandle {
  readonly roomId: string;
  readonly selfId: string;
  send(to: string, message: VideoSignal): void;
  onMessage(handler: (from: string, message: VideoSignal) => void): () => void;
  onRoom(handler: (room: VideoRoom) => void): () => void;
  /** The gateway refused something (NOT_FOUND: not a participant; FORBIDDEN: not admitted yet; INVALID_STATE: ended). */
  onError(handler: (code: string) => void): () => void;
  leave(): void;
}

interface VideoJoin {
  selfId: string;
  messages: Set<(from: string, message: VideoSignal) => void>;
  rooms: Set<(room: VideoRoom) => void>;
  errors: Set<(code: string) => void>;
}

export interface ConsultListener {
  message?(message: ConsultMessage): void;
  /** The consult's state, record or read marks changed: fetch it again. */
  changed?(): void;
  typing?(sender: Sender): void;
  read?(sender: Sender, seq: number): void;
  /** The gateway refused the subscription (NOT_FOUND: not a participant). */
  error?(code: string): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** The small part of the WebSocket API used here (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface RealtimeOptions {
  /** The WebSocket address, e.g. `client.realtimeUrl()`. */
  url: string;
  /** The bearer token, or a function giving the current one. */
  token: string | (() => string | null | undefined | Promise<string | null | undefined>);
  /** A WebSocket constructor (Node 20 has none built in: pass `ws`'s). */
  WebSocket?: new (url: string) => WebSocketLike;
  /**
   * Delay before the first reconnect, doubled after each failure up to maxDelayMs. Each wait is
   * jittered (see reconnectWait), so a gateway restart does not bring every page back at once.
   */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A number in [0, 1), Math.random by default (tests pass their own). */
  random?: () => number;
}

/**
 * The wait before a reconnect at backoff `delay`: somewhere in its upper half ("equal jitter"),
 * so the pages a restart dropped spread out over the window instead of arriving together, and
 * none comes back sooner than half the backoff.
 */
export function reconnectWait(delay: number, random: () => number = Math.random): number {
  return Math.round(delay / 2 + random() * (delay / 2));
}

interface Subscription {
  listeners: Set<ConsultListener>;
  /** The last seq delivered to the listeners. */
  last: number;
}

const OPEN = 1;
/** Closes after which RealtimeConnection waits REFUSED_RECONNECT_MS before connecting again. */
const REFUSED_CLOSES: readonly number[] = [REALTIME_CLOSE.policyViolation, REALTIME_CLOSE.tooBig, REALTIME_CLOSE.tooManySockets];
const WATCH_TOPICS: readonly WatchTopic[] = ['consults', 'prescriptions', 'invitations', 'reports', 'care', 'signatures'];

/** What a topic's listeners are told (nothing after a reconnect). */
interface TopicChange {
  consults: string;
  prescriptions: string;
  invitations: string;
  reports: ReportNotice;
  care: string;
  signatures: string;
}

/**
 * One connection for all the consults a page shows. Reconnects by itself with backoff;
 * subscriptions survive reconnects.
 */
export class RealtimeConnection {
  #socket?: WebSocketLike;
  #subs = new Map<string, Subscription>();
  #video = new Map<string, VideoJoin>();
  #queueListeners = new Set<() => void>();
  #alertListeners = new Set<(alertId?: string) => void>();
  #watchers = Object.fromEntries(WATCH_TOPICS.map((t) => [t, new Set()])) as { [T in WatchTopic]: Set<(change?: TopicChange[T]) => void> };
  #stateListeners = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState = 'closed';
  #closed = false;
  #delay: number;
  #timer?: ReturnType<typeof setTimeout>;
  #ready = false;
  /** When a typing frame last went out, per consult. */
  #typingAt = new Map<string, number>();
  /** Subscribes and joins to ask again after RATE_LIMITED. */
  #retries = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly options: RealtimeOptions) {
    this.#delay = options.minDelayMs ?? 500;
    this.#connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Told whenever the connection state changes (for a "reconnecting…" hint). */
  onState(fn: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(fn);
    return () => this.#stateListeners.delete(fn);
  }

  /**
   * Delivers the consult's messages with seq greater than `after`, then live ones, in order and
   * once each. Returns the unsubscribe function.
   */
  subscribe(consultId: string, after: number, listener: ConsultListener): () => void {
    let sub = this.#subs.get(consultId);
    if (!sub) {
      sub = { listeners: new Set(), last: after };
      this.#subs.set(consultId, sub);
      this.#send({ type: 'subscribe', consultId, after });
    } else if (after < sub.last) {
      // A newcomer wants older messages than the others have seen: ask again from there.
      sub.last = after;
      this.#send({ type: 'subscribe', consultId, after });
    }
    sub.listeners.add(listener);
    return () => {
      const s = this.#subs.get(consultId);
      if (!s) return;
      s.listeners.delete(listener);
      if (!s.listeners.size) {
        this.#subs.delete(consultId);
        this.#send({ type: 'unsubscribe', consultId });
      }
    };
  }

  /** For a doctor: told whenever their queue changes (a consult paid, accepted, cancelled…). */
  onQueue(fn: () => void): () => void {
    this.#queueListeners.add(fn);
    this.#watchDoctor();
    return () => this.#queueListeners.delete(fn);
  }

  /**
   * For a doctor: told of every critical result raised to them (with its alert id), and with
   * no id after a reconnect, when alerts may have been missed and should be read again.
   */
  onCriticalAlert(fn: (alertId?: string) => void): () => void {
    this.#alertListeners.add(fn);
    this.#watchDoctor();
    return () => this.#alertListeners.delete(fn);
  }

  /**
   * For a patient's accounts: told whenever one of their consults changes state (its id) —
   * the doctor accepted, referred or completed it, it ended —, for a list of them; with no id
   * after a reconnect. (An open consult's own changes come through `subscribe`.)
   */
  onConsults(fn: (consultId?: string) => void): () => void {
    return this.#watch('consults', fn);
  }

  /**
   * Told whenever a prescription the user sees changes (its id): for a patient's accounts
   * their prescriptions, for a doctor the ones they signed, for a pharmacist those entering or
   * leaving review. With no id after a reconnect, when changes may have been missed.
   */
  onPrescription(fn: (prescriptionId?: string) => void): () => void {
    return this.#watch('prescriptions', fn);
  }

  /**
   * For a doctor: told whenever the calls they are invited to change (a room id: invited,
   * ended, its consult over), and with no id after a reconnect.
   */
  onInvitation(fn: (roomId?: string) => void): () => void {
    return this.#watch('invitations', fn);
  }

  /**
   * For a patient's accounts: told of every new or changed lab report or imaging study of
   * their patients, and with nothing after a reconnect.
   */
  onReport(fn: (report?: ReportNotice) => void): () => void {
    return this.#watch('reports', fn);
  }

  /**
   * For a nurse or doctor: told of every follow-up alert raised on a plan they manage (its
   * alert id: a home reading crossed the plan's thresholds), and with no id after a reconnect.
   */
  onCareAlert(fn: (alertId?: string) => void): () => void {
    return this.#watch('care', fn);
  }

  /**
   * For a signer: told whenever one of their signature requests ended (its id: signed, refused
   * or lapsed on their phone; getSignatureRequest says which), and with no id after a reconnect.
   */
  onSignature(fn: (signatureRequestId?: string) => void): () => void {
    return this.#watch('signatures', fn);
  }

  /** Adds a listener of `topic`; the first one asks the gateway for the topic's notices. */
  #watch<T extends WatchTopic>(topic: T, fn: (change?: TopicChange[T]) => void): () => void {
    const listeners = this.#watchers[topic] as Set<(change?: TopicChange[T]) => void>;
    listeners.add(fn);
    if (listeners.size === 1) this.#send({ type: 'watch', topic });
    return () => listeners.delete(fn);
  }

  /** Asks the gateway for the doctor's queue and alert notices, once per connection. */
  #watchDoctor(): void {
    if (this.#queueListeners.size + this.#alertListeners.size === 1) this.#send({ type: 'queue' });
  }

  /**
   * Joins a video room (after asking for it with POST /consults/{id}/video-room, whose answer
   * names `self`). Stays joined across reconnects until `leave()`.
   */
  joinVideo(roomId: string, selfId: string): VideoRoomHandle {
    let join = this.#video.get(roomId);
    if (!join) {
      join = { selfId, messages: new Set(), rooms: new Set(), errors: new Set() };
      this.#video.set(roomId, join);
      this.#send({ type: 'video-join', roomId });
    }
    const j = join;
    const add = <T>(set: Set<T>, fn: T) => {
      set.add(fn);
      return () => set.delete(fn);
    };
    return {
      roomId,
      selfId,
      send: (to, message) => this.#send({ type: 'video-signal', roomId, to, message }),
      onMessage: (fn) => add(j.messages, fn),
      onRoom: (fn) => add(j.rooms, fn),
      onError: (fn) => add(j.errors, fn),
      leave: () => {
        if (this.#video.get(roomId) !== j) return;
        this.#video.delete(roomId);
        this.#send({ type: 'video-leave', roomId });
      },
    };
  }

  /**
   * Tells the other side that the user is typing. Sent at most once per consult every
   * REALTIME_LIMITS.typingIntervalMs (the gateway passes on no more); calls in between are dropped.
   */
  typing(consultId: string): void {
    const now = Date.now();
    if (now - (this.#typingAt.get(consultId) ?? -Infinity) < REALTIME_LIMITS.typingIntervalMs || !this.#isReady()) return;
    this.#typingAt.set(consultId, now);
    this.#send({ type: 'typing', consultId });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const t of this.#retries) clearTimeout(t);
    this.#retries.clear();
    this.#socket?.close(1000, 'closed by the page');
    this.#setState('closed');
  }

  /** Drops the connection as a network failure would (tests, and "reconnect now"). */
  drop(): void {
    this.#socket?.close(4000, 'dropped');
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const fn of this.#stateListeners) fn(state);
  }

  #isReady(): boolean {
    return this.#ready && this.#socket?.readyState === OPEN;
  }

  #send(frame: ClientFrame): void {
    if (this.#isReady()) this.#socket!.send(JSON.stringify(frame));
  }

  /** Sends `frame()` again RATE_LIMITED_RETRY_MS from now, on this same socket, if it still says something. */
  #retryLater(frame: () => ClientFrame | undefined): void {
    const socket = this.#socket;
    const timer = setTimeout(() => {
      this.#retries.delete(timer);
      const f = this.#socket === socket ? frame() : undefined;
      if (f) this.#send(f);
    }, RATE_LIMITED_RETRY_MS);
    this.#retries.add(timer);
  }

  #connect(): void {
    if (this.#closed) return;
    this.#setState('connecting');
    this.#ready = false;
    const Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    if (!Ctor) throw new Error('ihkit realtime: no WebSocket implementation (pass options.WebSocket)');
    const socket = new Ctor(this.options.url);
    this.#socket = socket;
    socket.onopen = () => {
      void (async () => {
        const t = this.options.token;
        const token = (typeof t === 'function' ? await t() : t) ?? '';
        if (this.#socket === socket && socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'auth', token } satisfies ClientFrame));
      })();
    };
    socket.onmessage = (ev) => {
      if (this.#socket !== socket) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      this.#receive(frame);
    };
    socket.onerror = () => {};
    socket.onclose = (ev) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#ready = false;
      if (this.#closed) return;
      this.#setState('connecting');
      // Refused for flooding, a frame too big or too many sockets: at once would be refused again.
      const refused = REFUSED_CLOSES.includes((ev as { code?: number } | null)?.code as number);
      const wait = reconnectWait(this.#delay, this.options.random);
      this.#timer = setTimeout(() => this.#connect(), refused ? Math.max(wait, REFUSED_RECONNECT_MS) : wait);
      this.#delay = Math.min(this.#delay * 2, this.options.maxDelayMs ?? 10_000);
    };
  }

  #receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ready':
        this.#ready = true;
        this.#delay = this.options.minDelayMs ?? 500;
        for (const [consultId, sub] of this.#subs) this.#send({ type: 'subscribe', consultId, after: sub.last });
        for (const roomId of this.#video.keys()) this.#send({ type: 'video-join', roomId });
        if (this.#queueListeners.size + this.#alertListeners.size) this.#send({ type: 'queue' });
        for (const topic of WATCH_TOPICS) if (this.#watchers[topic].size) this.#send({ type: 'watch', topic });
        this.#setState('open');
        // Whatever changed while the connection was down.
        for (const sub of this.#subs.values()) for (const l of sub.listeners) l.changed?.();
        for (const fn of this.#queueListeners) fn();
        for (const fn of this.#alertListeners) fn();
        for (const topic of WATCH_TOPICS) for (const fn of this.#watchers[topic]) fn();
        return;
      case 'message': {
        const sub = this.#subs.get(frame.consultId);
        if (!sub || frame.message.seq <= sub.last) return; // already delivered
        sub.last = frame.message.seq;
        for (const l of sub.listeners) l.message?.(frame.message);
        return;
      }
      case 'consult':
        for (const l of this.#subs.get(frame.consultId)?.listeners ?? []) l.changed?.();
        return;
      case 'typing':
        for (const l of this.#subs.get(frame.consultId)?.listeners ?? []) l.typing?.(frame.sender);
        return;
      case 'read':
        for (const l of this.#subs.get(frame.consultId)?.listeners ?? []) l.read?.(frame.sender, frame.seq);
        return;
      case 'queue':
        for (const fn of this.#queueListeners) fn();
        return;
      case 'critical-alert':
        for (const fn of this.#alertListeners) fn(frame.alertId);
        return;
      case 'consults':
        for (const fn of this.#watchers.consults) fn(frame.consultId);
        return;
      case 'prescription':
        for (const fn of this.#watchers.prescriptions) fn(frame.prescriptionId);
        return;
      case 'invitation':
        for (const fn of this.#watchers.invitations) fn(frame.roomId);
        return;
      case 'report': {
        const { type: _, ...report } = frame;
        for (const fn of this.#watchers.reports) fn(report.patientId ? (report as ReportNotice) : undefined);
        return;
      }
      case 'care-alert':
        for (const fn of this.#watchers.care) fn(frame.alertId);
        return;
      case 'signature':
        for (const fn of this.#watchers.signatures) fn(frame.signatureRequestId);
        return;
      case 'video-room':
        for (const fn of this.#video.get(frame.roomId)?.rooms ?? []) fn(frame.room);
        return;
      case 'video-signal':
        for (const fn of this.#video.get(frame.roomId)?.messages ?? []) fn(frame.from, frame.message);
        return;
      case 'error': {
        const { roomId, consultId } = frame;
        if (frame.code === 'RATE_LIMITED' && roomId) {
          const join = this.#video.get(roomId);
          this.#retryLater(() => (join && this.#video.get(roomId) === join ? { type: 'video-join', roomId } : undefined));
        } else if (frame.code === 'RATE_LIMITED' && consultId) {
          const sub = this.#subs.get(consultId);
          this.#retryLater(() => (sub && this.#subs.get(consultId) === sub ? { type: 'subscribe', consultId, after: sub.last } : undefined));
        }
        if (roomId) for (const fn of this.#video.get(roomId)?.errors ?? []) fn(frame.code);
        else if (consultId) for (const l of this.#subs.get(consultId)?.listeners ?? []) l.error?.(frame.code);
        else if (frame.code === 'UNAUTHENTICATED') this.close();
        return;
      }
    }
  }
}
