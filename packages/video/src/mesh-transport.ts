/**
 * `MeshTransport`: a `VideoTransport` in which every participant holds one simple-peer
 * (WebRTC) connection to every other — at most four participants, past which a call needs an SFU.
 *
 * - The lower id of a pair initiates, so two peers never both offer.
 * - ICE servers are always ours (`iceServers`, required; TURN from the gateway), never
 *   simple-peer's default public STUN.
 * - Sessions (see signaling.ts): each connection attempt with a peer has a fresh session id;
 *   messages of any other session are dropped, and a peer's `hello` with a new session replaces
 *   the connection. A connection that fails or closes unexpectedly is started over with a new
 *   session, and the peer is reported `failed` only when none has connected within `graceMs`.
 *
 * simple-peer is loaded from its self-contained browser build (`simplepeer.min.js`), so a host
 * page needs no bundler settings or Node polyfills.
 */
import * as bundledSimplePeer from 'simple-peer/simplepeer.min.js';
import type SimplePeer from 'simple-peer';
import { SendingTransport } from './local-media.js';
import { readStatsReport, statsBetween, type StatsSample } from './peer-stats.js';
import { BROADCAST, newSessionId, type SignalMessage, type Signaling } from './signaling.js';
import {
  TypedEmitter,
  type MediaKind,
  type Participant,
  type PeerState,
  type PeerStats,
  type VideoTransport,
  type VideoTransportEvents,
} from './transport.js';

/** The most participants (us included) a mesh call holds. */
export const MAX_MESH_PARTICIPANTS = 4;

/** What a peer factory is given to create the connection to one remote participant. */
export interface PeerInit {
  peerId: string;
  initiator: boolean;
  stream: MediaStream;
  /** Always carries our iceServers and iceTransportPolicy. */
  config: RTCConfiguration;
}

/** The part of a simple-peer instance the mesh uses; tests give the mesh fakes of it. */
export interface PeerLike {
  /** Feeds SDP or ICE from the remote side. */
  signal(data: unknown): void;
  destroy(): void;
  /** Events: 'signal' (data), 'stream' (MediaStream), 'connect', 'close', 'error' (Error). */
  on(event: 'signal', listener: (data: unknown) => void): unknown;
  on(event: 'stream', listener: (stream: MediaStream) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'connect' | 'close', listener: () => void): unknown;
  /** Sends `track` (or nothing) on the sender created for the local stream's track of that kind. */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void>;
  /** The underlying RTCPeerConnection, where there is one (stats, diagnostics). */
  readonly connection?: RTCPeerConnection;
}

export type PeerFactory = (init: PeerInit) => PeerLike;

export interface MeshTransportOptions {
  signaling: Signaling;
  /** STUN/TURN servers (from the gateway). Required: `[]` means host candidates only. */
  iceServers: RTCIceServer[];
  /** 'relay' sends media through TURN only (hides participants' addresses from each other). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** How long a lost or unconnected peer may take to connect again before it is `failed`. Default 10 s. */
  graceMs?: number;
  /** Interval of 'stats' events; 0 for none. Default 2 s. */
  statsIntervalMs?: number;
  /** Creates one peer connection; simple-peer by default. */
  createPeer?: PeerFactory;
}

/** simple-peer's constructor: the module's default export where the build was loaded as CommonJS, the global it sets in a browser otherwise. */
function simplePeerConstructor(): SimplePeer.SimplePeer {
  const ctor = (bundledSimplePeer as { default?: unknown }).default ?? (globalThis as { SimplePeer?: unknown }).SimplePeer;
  if (typeof ctor !== 'function') throw new Error('@ihkit/video: simple-peer did not load; pass `createPeer` where there is no browser');
  return ctor as SimplePeer.SimplePeer;
}

/** The default `PeerFactory`: a simple-peer instance with our RTCConfiguration and trickle ICE. */
export const createSimplePeer: PeerFactory = ({ initiator, stream, config }) => {
  const Peer = simplePeerConstructor();
  const peer = new Peer({ initiator, streams: [stream], config, trickle: true }) as SimplePeer.Instance & { _pc?: RTCPeerConnection };
  const pc = peer._pc;
  // simple-peer's own replaceTrack() drops the promise of RTCRtpSender.replaceTrack() and loses
  // track of the sender after a replacement by null, so we hold on to the senders ourselves.
  const senderOf = (track?: MediaStreamTrack) => track && pc?.getSenders().find((s) => s.track === track);
  const senders = { audio: senderOf(stream.getAudioTracks()[0]), video: senderOf(stream.getVideoTracks()[0]) };
  return {
    signal: (data) => peer.signal(data as SimplePeer.SignalData),
    destroy: () => peer.destroy(),
    on: (event, listener) => peer.on(event as 'close', listener),
    connection: pc,
    async replaceTrack(kind, track) {
      const sender = senders[kind];
      if (!sender) throw new Error(`this connection has no ${kind} sender`);
      await sender.replaceTrack(track);
    },
  };
};

interface PeerEntry {
  peerId: string;
  /** Our session id with this peer (stamped on what we send). */
  local: string;
  /** Their session id we accept; undefined while we wait for their hello. */
  remote?: string;
  peer?: PeerLike;
  state: PeerState;
  stream?: MediaStream;
  /** Running while the peer is not connected: when it fires, the peer is `failed`. */
  grace?: ReturnType<typeof setTimeout>;
  retry?: ReturnType<typeof setTimeout>;
  attempts: number;
  helloAt: number;
  connectedAt: number;
  iceDisconnectedSince?: number;
  baseline?: StatsSample;
}

const isActive = (e: PeerEntry) => e.state === 'connecting' || e.state === 'connected';
/** ICE 'disconnected' longer than this starts a new session (Chrome takes ~30 s to say 'failed'). */
const ICE_DISCONNECTED_MS = 4000;
const HELLO_RESEND_MS = 2000;
const WATCHDOG_MS = 1000;

export class MeshTransport extends SendingTransport implements VideoTransport {
  readonly #signaling: Signaling;
  readonly #config: RTCConfiguration;
  readonly #graceMs: number;
  readonly #statsIntervalMs: number;
  readonly #createPeer: PeerFactory;
  readonly #events = new TypedEmitter<VideoTransportEvents>();
  readonly #entries = new Map<string, PeerEntry>();
  #joined = false;
  /** Our session id in the first (broadcast) hello; our session with a peer until one restarts. */
  #joinId = '';
  #unsubscribe?: () => void;
  #timers: Array<ReturnType<typeof setInterval>> = [];
  /** Messages dropped because their session was not the current one (for tests and diagnostics). */
  droppedMessages = 0;

  constructor(options: MeshTransportOptions) {
    super('MeshTransport');
    if (!options?.signaling) throw new TypeError('MeshTransport: `signaling` is required');
    if (!Array.isArray(options.iceServers)) throw new TypeError('MeshTransport: `iceServers` is required (use [] for host candidates only)');
    this.#signaling = options.signaling;
    this.#config = { iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all' };
    this.#graceMs = options.graceMs ?? 10_000;
    this.#statsIntervalMs = options.statsIntervalMs ?? 2000;
    this.#createPeer = options.createPeer ?? createSimplePeer;
  }

  get selfId(): string {
    return this.#signaling.selfId;
  }

  get participants(): readonly Participant[] {
    return [...this.#entries.values()]
      .filter((e) => e.state !== 'disconnected')
      .map(({ peerId, state, stream }) => (stream ? { peerId, state, stream } : { peerId, state }));
  }

  on<K extends keyof VideoTransportEvents>(type: K, listener: (detail: VideoTransportEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** The RTCPeerConnection to one peer, if connected through one (diagnostics and tests). */
  peerConnection(peerId: string): RTCPeerConnection | undefined {
    return this.#entries.get(peerId)?.peer?.connection;
  }

  async join(localStream: MediaStream): Promise<void> {
    if (this.#joined) throw new Error('MeshTransport: already joined; leave() first');
    this.#joined = true;
    this.#joinId = newSessionId();
    this.local.use(localStream);
    this.#unsubscribe = this.#signaling.onMessage((from, message) => this.#onMessage(from, message));
    this.#timers.push(setInterval(() => this.#watchdog(), WATCHDOG_MS));
    if (this.#statsIntervalMs > 0) this.#timers.push(setInterval(() => void this.#emitStats(), this.#statsIntervalMs));
    this.#signaling.send(BROADCAST, { sessionId: this.#joinId, kind: 'hello' });
  }

  async leave(): Promise<void> {
    if (!this.#joined) return;
    this.#joined = false;
    for (const e of this.#entries.values()) {
      if (isActive(e)) this.#signaling.send(e.peerId, { sessionId: e.local, kind: 'bye' });
      this.#end(e, 'disconnected');
    }
    this.#entries.clear();
    this.#unsubscribe?.();
    this.#timers.forEach(clearInterval);
    this.#timers = [];
  }

  protected async sendTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    await Promise.all([...this.#entries.values()].flatMap((e) => (e.peer ? [e.peer.replaceTrack(kind, track)] : [])));
  }

  async getStats(): Promise<Map<string, PeerStats>> {
    const out = new Map<string, PeerStats>();
    await Promise.all(
      [...this.#entries.values()].map(async (e) => {
        const pc = e.peer?.connection;
        if (e.state !== 'connected' || !pc) return;
        const peer = e.peer;
        let report: RTCStatsReport;
        try {
          report = await pc.getStats();
        } catch {
          return; // closed meanwhile
        }
        if (e.peer !== peer) return;
        const { sample, rttMs, availableKbps } = readStatsReport(report, Date.now());
        const previous = e.baseline ?? { at: e.connectedAt, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 };
        e.baseline = sample;
        out.set(e.peerId, statsBetween(previous, sample, rttMs, availableKbps));
      }),
    );
    return out;
  }

  restart(peerId?: string): void {
    if (!this.#joined) return;
    for (const e of this.#entries.values()) {
      if (peerId !== undefined && e.peerId !== peerId) continue;
      if (e.state === 'disconnected') continue;
      this.#startOver(e);
    }
  }

  // ---- signaling ----

  #onMessage(from: string, message: SignalMessage): void {
    if (!this.#joined || from === this.selfId) return;
    if (!message || typeof message.sessionId !== 'string') return;
    const data = (message.data ?? {}) as { ack?: unknown; reason?: unknown };
    if (message.kind === 'hello') this.#onHello(from, message.sessionId, typeof data.ack === 'string' ? data.ack : undefined);
    else if (message.kind === 'signal') this.#onSignal(from, message.sessionId, message.data);
    else if (message.kind === 'bye') this.#onBye(from, message.sessionId, data);
  }

  #onHello(from: string, session: string, ack: string | undefined): void {
    let e = this.#entries.get(from);
    if (!e) {
      // Our first hello (to everyone) carried #joinId, so that is our session with a new peer.
      if (ack !== undefined && ack !== this.#joinId) return void this.droppedMessages++;
      if (this.#activeCount() >= MAX_MESH_PARTICIPANTS - 1) return this.#refuse(from, session);
      e = { peerId: from, local: this.#joinId, state: 'disconnected', attempts: 0, helloAt: 0, connectedAt: 0 };
      this.#entries.set(from, e);
    }
    // an answer to a session of ours that is over
    if (ack !== undefined && ack !== e.local) return void this.droppedMessages++;
    if (session === e.remote) {
      // the same session again (their hello crossed ours, or ours was lost): answer it again
      if (ack === undefined) this.#hello(e, session);
      return;
    }
    if (!isActive(e) && this.#activeCount() >= MAX_MESH_PARTICIPANTS - 1) return this.#refuse(from, session);
    // They started over while we were in a session with them: ours ends too.
    if (e.remote !== undefined && ack === undefined) e.local = newSessionId();
    e.remote = session;
    if (ack === undefined) this.#hello(e, session);
    this.#connect(e);
  }

  #onSignal(from: string, session: string, data: unknown): void {
    const e = this.#entries.get(from);
    if (!e?.peer || session !== e.remote) return void this.droppedMessages++;
    try {
      e.peer.signal(data);
    } catch {
      // a destroyed peer: its 'close' has started a new session already
    }
  }

  #onBye(from: string, session: string, data: { ack?: unknown; reason?: unknown }): void {
    if (data.reason === 'room-full') {
      const e = this.#entries.get(from);
      if (data.ack !== this.#joinId && data.ack !== e?.local) return void this.droppedMessages++;
      this.#events.emit('error', {
        code: 'ROOM_FULL',
        message: `This call already has ${MAX_MESH_PARTICIPANTS} participants, the most a mesh call holds.`,
        peerId: from,
      });
      if (![...this.#entries.values()].some(isActive)) void this.leave();
      return;
    }
    const e = this.#entries.get(from);
    if (!e || session !== e.remote) return void this.droppedMessages++;
    this.#end(e, 'disconnected');
  }

  #hello(e: PeerEntry, ack?: string): void {
    e.helloAt = Date.now();
    this.#signaling.send(e.peerId, { sessionId: e.local, kind: 'hello', ...(ack === undefined ? {} : { data: { ack } }) });
  }

  #refuse(to: string, session: string): void {
    this.#signaling.send(to, { sessionId: newSessionId(), kind: 'bye', data: { reason: 'room-full', ack: session } });
  }

  #activeCount(): number {
    let n = 0;
    for (const e of this.#entries.values()) if (isActive(e)) n++;
    return n;
  }

  // ---- connections ----

  #connect(e: PeerEntry): void {
    this.#dropPeer(e);
    const local = e.local;
    let peer: PeerLike;
    try {
      peer = this.#createPeer({ peerId: e.peerId, initiator: this.selfId < e.peerId, stream: this.local.stream!, config: { ...this.#config } });
    } catch (err) {
      this.#events.emit('error', { code: 'MEDIA', message: `cannot create a peer connection: ${(err as Error).message}`, peerId: e.peerId });
      this.#end(e, 'failed');
      return;
    }
    e.peer = peer;
    const current = () => e.peer === peer;
    peer.on('error', () => current() && this.#lost(e));
    peer.on('close', () => current() && this.#lost(e));
    peer.on('signal', (data) => current() && this.#signaling.send(e.peerId, { sessionId: local, kind: 'signal', data }));
    peer.on('stream', (stream: MediaStream) => {
      if (!current()) return;
      e.stream = stream;
      this.#events.emit('remote-stream', { peerId: e.peerId, stream });
    });
    peer.on('connect', () => {
      if (!current()) return;
      this.#clearTimers(e);
      e.attempts = 0;
      e.connectedAt = Date.now();
      e.baseline = undefined;
      this.#setState(e, 'connected');
    });
    if (this.local.sending !== (this.local.cameraTrack ?? null)) {
      peer.replaceTrack('video', this.local.sending).catch(() => {}); // sharing or camera off carries over to a new session
    }
    this.#setState(e, 'connecting');
    this.#armGrace(e);
  }

  /** The current connection to `e` failed or closed without a bye: start over within the grace period. */
  #lost(e: PeerEntry): void {
    this.#dropPeer(e);
    if (!this.#joined || !isActive(e)) return;
    e.attempts++;
    const delay = e.attempts === 1 ? 0 : Math.min(500 * e.attempts, 3000);
    this.#setState(e, 'connecting');
    this.#armGrace(e);
    clearTimeout(e.retry);
    e.retry = setTimeout(() => this.#joined && isActive(e) && !e.peer && this.#startOver(e), delay);
  }

  /** A new session of ours with `e`: the peer is created when their hello answers it. */
  #startOver(e: PeerEntry): void {
    clearTimeout(e.retry);
    e.retry = undefined;
    this.#dropPeer(e);
    e.local = newSessionId();
    e.remote = undefined;
    this.#setState(e, 'connecting');
    this.#armGrace(e);
    this.#hello(e);
  }

  #armGrace(e: PeerEntry): void {
    if (e.grace !== undefined) return;
    e.grace = setTimeout(() => {
      e.grace = undefined;
      if (this.#joined && e.state !== 'connected') this.#end(e, 'failed');
    }, this.#graceMs);
  }

  /** Ends the session with `e` (bye, give-up or leave); a later hello from them starts a new one. */
  #end(e: PeerEntry, state: 'disconnected' | 'failed'): void {
    this.#clearTimers(e);
    this.#dropPeer(e);
    e.remote = undefined;
    e.local = newSessionId();
    e.stream = undefined;
    e.attempts = 0;
    this.#setState(e, state);
  }

  #dropPeer(e: PeerEntry): void {
    const peer = e.peer;
    e.peer = undefined;
    e.iceDisconnectedSince = undefined;
    if (!peer) return;
    try {
      peer.destroy();
    } catch {
      // already destroyed
    }
  }

  #clearTimers(e: PeerEntry): void {
    clearTimeout(e.grace);
    clearTimeout(e.retry);
    e.grace = e.retry = undefined;
  }

  #setState(e: PeerEntry, state: PeerState): void {
    if (e.state === state) return;
    e.state = state;
    this.#events.emit('peer-state', { peerId: e.peerId, state });
  }

  /** Notices what simple-peer does not report (a connection closed under it, ICE stuck in 'disconnected') and resends unanswered hellos. */
  #watchdog(): void {
    const now = Date.now();
    for (const e of this.#entries.values()) {
      if (!isActive(e)) continue;
      if (e.remote === undefined && !e.peer && !e.retry && now - e.helloAt >= HELLO_RESEND_MS) this.#hello(e);
      const pc = e.peer?.connection;
      if (!pc) continue;
      if (pc.signalingState === 'closed' || pc.connectionState === 'closed') {
        this.#lost(e);
      } else if (pc.iceConnectionState === 'disconnected') {
        e.iceDisconnectedSince ??= now;
        if (now - e.iceDisconnectedSince >= ICE_DISCONNECTED_MS) this.#lost(e);
      } else {
        e.iceDisconnectedSince = undefined;
      }
    }
  }

  async #emitStats(): Promise<void> {
    const all = await this.getStats();
    for (const [peerId, stats] of all) this.#events.emit('stats', { peerId, stats });
  }
}
