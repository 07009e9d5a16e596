/**
 * `JanusTransport`: a `VideoTransport` on a Janus SFU (its VideoRoom plugin), for calls larger
 * than the mesh's four and for one-to-many teaching (远程教育 / 手术示教).
 *
 * - Each participant sends its media once, on a publisher handle (mode 'publish'); in a broadcast
 *   the viewers (mode 'watch') join the room without publishing, so they still hear of publishers
 *   coming and going, and send nothing.
 * - Everyone receives every publisher's media on one subscriber handle (Janus 1.x multistream):
 *   one RTCPeerConnection whatever the size of the room, renegotiated when publishers come and go.
 *   Negotiations on it run one at a time.
 * - Participants are the room's publishers, known by the `display` they joined with (our selfId).
 * - The room id and pin come from the gateway, which created the room with the VideoRoom admin key;
 *   nothing here can create, change or destroy a room.
 */
import { JanusError, JanusSession, type JanusHandle, type PluginAnswer, type WebSocketLike } from './janus-session.js';
import { SendingTransport } from './local-media.js';
import { readStatsReport, statsBetween, type StatsReportLike, type StatsSample } from './peer-stats.js';
import {
  TypedEmitter,
  type MediaKind,
  type Participant,
  type PeerState,
  type PeerStats,
  type VideoTransport,
  type VideoTransportEvents,
} from './transport.js';

const VIDEOROOM = 'janus.plugin.videoroom';
/** VideoRoom's error code when the room has as many publishers as it allows. */
const TOO_MANY_PUBLISHERS = 432;

export interface JanusTransportOptions {
  /** The media server's WebSocket URL (from the gateway's join answer). */
  url: string;
  room: number;
  /** The room's pin (from the gateway's join answer). */
  pin?: string;
  /** Our id in the call; other participants know us by it. */
  selfId: string;
  /** 'publish' sends our media (a call, or a broadcast's presenter); 'watch' only receives. Default 'publish'. */
  mode?: 'publish' | 'watch';
  /** STUN/TURN servers (from the gateway). Required: `[]` means host candidates only. */
  iceServers: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Interval of 'stats' events; 0 for none. Default 2 s. */
  statsIntervalMs?: number;
  /** A WebSocket constructor; the global one by default. */
  WebSocket?: WebSocketLike;
}

interface Feed {
  peerId: string;
  state: PeerState;
  stream?: MediaStream;
  baseline?: StatsSample;
  connectedAt?: number;
}

export class JanusTransport extends SendingTransport implements VideoTransport {
  readonly #events = new TypedEmitter<VideoTransportEvents>();
  readonly #options: JanusTransportOptions;
  readonly #config: RTCConfiguration;
  readonly #feeds = new Map<number, Feed>();
  /** Which publisher (feed) each m-line of the subscriber connection carries. */
  readonly #feedOfMid = new Map<string, number>();
  #session?: JanusSession;
  #publisher?: JanusHandle;
  #subscriber?: Promise<JanusHandle>;
  #privateId?: number;
  #pubPc?: RTCPeerConnection;
  #subPc?: RTCPeerConnection;
  /** Negotiations of the subscriber connection, one after the other. */
  #queue: Promise<void> = Promise.resolve();
  #joined = false;
  #timer?: ReturnType<typeof setInterval>;

  constructor(options: JanusTransportOptions) {
    super('JanusTransport');
    if (!Array.isArray(options.iceServers)) throw new TypeError('JanusTransport: `iceServers` is required (use [] for host candidates only)');
    this.#options = options;
    this.#config = { iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all' };
  }

  get selfId(): string {
    return this.#options.selfId;
  }

  get participants(): readonly Participant[] {
    return [...this.#feeds.values()].map(({ peerId, state, stream }) => (stream ? { peerId, state, stream } : { peerId, state }));
  }

  /** The connection all remote media arrives on (diagnostics and tests). */
  get subscriberConnection(): RTCPeerConnection | undefined {
    return this.#subPc;
  }

  /** The connection our media leaves on, when publishing (diagnostics and tests). */
  get publisherConnection(): RTCPeerConnection | undefined {
    return this.#pubPc;
  }

  on<K extends keyof VideoTransportEvents>(type: K, listener: (detail: VideoTransportEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  async join(localStream: MediaStream): Promise<void> {
    if (this.#joined) throw new Error('JanusTransport: already joined; leave() first');
    this.#joined = true;
    this.local.use(localStream);
    const { url, room, pin, selfId } = this.#options;
    try {
      const session = (this.#session = await JanusSession.connect(url, this.#options.WebSocket));
      session.onClose = () => this.#lostServer();
      const publisher = (this.#publisher = await session.attach(VIDEOROOM));
      publisher.onEvent(({ data }) => this.#onRoomEvent(data));
      const joined = await publisher.request({ request: 'join', ptype: 'publisher', room, pin, display: selfId });
      this.#privateId = joined.data.private_id as number;
      if ((this.#options.mode ?? 'publish') === 'publish') await this.#publish(publisher, localStream);
      this.#onRoomEvent(joined.data);
    } catch (err) {
      const full = err instanceof JanusError && err.code === TOO_MANY_PUBLISHERS;
      this.#events.emit('error', full
        ? { code: 'ROOM_FULL', message: 'This room already has as many participants sending video as it holds.' }
        : { code: 'SIGNALING', message: `cannot join the room on the media server: ${(err as Error).message}` });
      await this.leave();
      return;
    }
    const every = this.#options.statsIntervalMs ?? 2000;
    if (every > 0) this.#timer = setInterval(() => void this.#emitStats(), every);
  }

  async leave(): Promise<void> {
    if (!this.#joined) return;
    this.#joined = false;
    clearInterval(this.#timer);
    this.#pubPc?.close();
    this.#subPc?.close();
    this.#pubPc = this.#subPc = undefined;
    const session = this.#session;
    this.#session = this.#publisher = this.#subscriber = undefined;
    for (const feed of this.#feeds.keys()) this.#dropFeed(feed);
    this.#feedOfMid.clear();
    if (session) session.onClose = undefined;
    await session?.destroy();
  }

  protected async sendTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    await this.#sender(kind)?.replaceTrack(track);
  }

  async getStats(): Promise<Map<string, PeerStats>> {
    const out = new Map<string, PeerStats>();
    const pc = this.#subPc;
    if (!pc) return out;
    let report: RTCStatsReport;
    try {
      report = await pc.getStats();
    } catch {
      return out; // closed meanwhile
    }
    const now = Date.now();
    for (const feed of this.#feeds.values()) {
      if (feed.state !== 'connected' || !feed.stream) continue;
      const ids = new Set(feed.stream.getTracks().map((t) => t.id));
      // this participant's inbound streams, and the connection's shared candidate pair and RTT
      const theirs: StatsReportLike = {
        forEach: (cb) => report.forEach((s: Record<string, unknown>) => {
          if (s.type !== 'inbound-rtp' || ids.has(String(s.trackIdentifier))) cb(s);
        }),
      };
      const { sample, rttMs, availableKbps } = readStatsReport(theirs, now);
      const previous = feed.baseline ?? { at: feed.connectedAt ?? now, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 };
      feed.baseline = sample;
      out.set(feed.peerId, statsBetween(previous, sample, rttMs, availableKbps));
    }
    return out;
  }

  /** Restarts ICE: on the subscriber connection (every remote participant), and on ours when publishing. */
  restart(): void {
    if (!this.#joined) return;
    const publisher = this.#publisher;
    const pc = this.#pubPc;
    if (publisher && pc) {
      void (async () => {
        const offer = await pc.createOffer({ iceRestart: true });
        await pc.setLocalDescription(offer);
        const answer = await publisher.request({ request: 'configure' }, offer);
        if (answer.jsep) await pc.setRemoteDescription(answer.jsep);
      })().catch((err: Error) => this.#events.emit('error', { code: 'MEDIA', message: `cannot restart sending: ${err.message}` }));
    }
    if (this.#subscriber) this.#negotiate(async (sub) => this.#onSubscriberAnswer(sub, await sub.request({ request: 'configure', restart: true })));
  }

  // ---- publishing ----

  async #publish(publisher: JanusHandle, stream: MediaStream): Promise<void> {
    const pc = (this.#pubPc = new RTCPeerConnection(this.#config));
    pc.onicecandidate = (e) => publisher.trickle(e.candidate);
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const answer = await publisher.request({ request: 'publish' }, offer);
    if (!answer.jsep) throw new Error('the media server sent no answer to our offer');
    await pc.setRemoteDescription(answer.jsep);
  }

  #sender(kind: MediaKind): RTCRtpSender | undefined {
    return this.#pubPc?.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender;
  }

  // ---- the room's publishers ----

  #onRoomEvent(data: Record<string, unknown>): void {
    if (!this.#joined) return;
    const fresh: number[] = [];
    for (const p of (data.publishers as Array<{ id: number; display?: string }> | undefined) ?? []) {
      if (this.#feeds.has(p.id)) continue;
      this.#feeds.set(p.id, { peerId: p.display ?? String(p.id), state: 'connecting' });
      this.#events.emit('peer-state', { peerId: p.display ?? String(p.id), state: 'connecting' });
      fresh.push(p.id);
    }
    if (fresh.length) this.#subscribe(fresh);
    // Janus renegotiates the subscriber connection by itself when a publisher goes
    for (const key of ['unpublished', 'leaving']) if (typeof data[key] === 'number') this.#dropFeed(data[key]);
  }

  #subscribe(feeds: number[]): void {
    const streams = feeds.map((feed) => ({ feed }));
    if (!this.#subscriber) {
      const { room, pin } = this.#options;
      this.#subscriber = (async () => {
        const sub = await this.#session!.attach(VIDEOROOM);
        sub.onEvent((answer) => this.#negotiate((h) => this.#onSubscriberAnswer(h, answer)));
        return sub;
      })();
      this.#negotiate(async (sub) => this.#onSubscriberAnswer(sub, await sub.request({ request: 'join', ptype: 'subscriber', room, pin, private_id: this.#privateId, streams })));
    } else {
      this.#negotiate(async (sub) => this.#onSubscriberAnswer(sub, await sub.request({ request: 'subscribe', streams })));
    }
  }

  /** Runs one negotiation of the subscriber connection after those before it. */
  #negotiate(step: (sub: JanusHandle) => Promise<void>): void {
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    this.#queue = this.#queue
      .then(async () => {
        const sub = await subscriber;
        if (this.#subscriber === subscriber) await step(sub);
      })
      .catch((err: Error) => {
        if (this.#joined) this.#events.emit('error', { code: 'SIGNALING', message: `cannot receive from the media server: ${err.message}` });
      });
  }

  /** Notes which m-line carries whom, and answers the media server's offer when there is one. */
  async #onSubscriberAnswer(sub: JanusHandle, { data, jsep }: PluginAnswer): Promise<void> {
    for (const s of (data.streams as Array<{ mid?: string; feed_id?: number; active?: boolean }> | undefined) ?? []) {
      if (s.mid === undefined) continue;
      if (typeof s.feed_id === 'number' && s.active !== false) this.#feedOfMid.set(s.mid, s.feed_id);
      else this.#feedOfMid.delete(s.mid);
    }
    if (jsep?.type !== 'offer') return;
    const pc = (this.#subPc ??= this.#subscriberConnection(sub));
    await pc.setRemoteDescription(jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.#attachTracks();
    await sub.request({ request: 'start' }, answer);
  }

  /**
   * Puts every live track of the subscriber connection into its publisher's stream, from the
   * m-line map (a track may arrive before the map names its m-line, or on an m-line reused for
   * another publisher).
   */
  #attachTracks(): void {
    for (const transceiver of this.#subPc?.getTransceivers() ?? []) {
      const feedId = transceiver.mid === null ? undefined : this.#feedOfMid.get(transceiver.mid);
      const feed = feedId === undefined ? undefined : this.#feeds.get(feedId);
      const track = transceiver.receiver.track;
      if (!feed || track.readyState === 'ended' || feed.stream?.getTracks().includes(track)) continue;
      const first = !feed.stream;
      feed.stream ??= new MediaStream();
      feed.stream.addTrack(track);
      if (first) this.#events.emit('remote-stream', { peerId: feed.peerId, stream: feed.stream });
    }
    this.#refreshStates();
  }

  #subscriberConnection(sub: JanusHandle): RTCPeerConnection {
    const pc = new RTCPeerConnection(this.#config);
    pc.onicecandidate = (e) => sub.trickle(e.candidate);
    pc.ontrack = () => this.#attachTracks();
    pc.onconnectionstatechange = () => this.#refreshStates();
    return pc;
  }

  #refreshStates(): void {
    const link = this.#subPc?.connectionState;
    for (const feed of this.#feeds.values()) {
      const state: PeerState = link === 'failed' ? 'failed' : link === 'connected' && feed.stream ? 'connected' : 'connecting';
      if (state === feed.state) continue;
      if (state === 'connected') feed.connectedAt ??= Date.now();
      feed.state = state;
      this.#events.emit('peer-state', { peerId: feed.peerId, state });
    }
  }

  #dropFeed(feedId: number): void {
    const feed = this.#feeds.get(feedId);
    if (!feed) return;
    this.#feeds.delete(feedId);
    for (const [mid, id] of this.#feedOfMid) if (id === feedId) this.#feedOfMid.delete(mid);
    this.#events.emit('peer-state', { peerId: feed.peerId, state: 'disconnected' });
  }

  #lostServer(): void {
    if (!this.#joined) return;
    this.#events.emit('error', { code: 'SIGNALING', message: 'the media server closed the session' });
    for (const feed of this.#feeds.values()) {
      feed.state = 'failed';
      this.#events.emit('peer-state', { peerId: feed.peerId, state: 'failed' });
    }
  }

  async #emitStats(): Promise<void> {
    const all = await this.getStats();
    for (const [peerId, stats] of all) this.#events.emit('stats', { peerId, stats });
  }
}
