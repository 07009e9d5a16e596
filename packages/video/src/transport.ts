/**
 * `VideoTransport`: what a call needs from the media layer, whatever carries the media — the
 * simple-peer mesh (`MeshTransport`, up to four participants) or the Janus SFU (`JanusTransport`).
 * Also the tiny typed event emitter the transports share.
 */

/** How the link to one remote participant stands. */
export type PeerState = 'connecting' | 'connected' | 'disconnected' | 'failed';

/** Link quality to one remote participant, over the interval since the previous sample. */
export interface PeerStats {
  /** Round-trip time of the selected ICE candidate pair; null until it has been measured. */
  rttMs: number | null;
  /** Inbound RTP packets lost, as a percentage of packets expected, over the interval. */
  lossPct: number;
  /** Inbound media bitrate (audio + video) from that participant over the interval. */
  bitrateKbps: number;
  /** The browser's estimate of the bandwidth we can send to that participant; null until known. */
  availableKbps: number | null;
}

/** One remote participant as the transport sees it. */
export interface Participant {
  peerId: string;
  state: PeerState;
  stream?: MediaStream;
}

/** A transport's events and what each one carries (ids and media, never patient data). */
export interface VideoTransportEvents {
  'remote-stream': { peerId: string; stream: MediaStream };
  'peer-state': { peerId: string; state: PeerState };
  stats: { peerId: string; stats: PeerStats };
  /** Something the caller should show: the room is full, the local media cannot be sent… */
  error: { code: 'ROOM_FULL' | 'MEDIA' | 'SIGNALING'; message: string; peerId?: string };
}

export type MediaKind = 'audio' | 'video';

export interface VideoTransport {
  readonly selfId: string;
  /** The remote participants currently known, in no particular order. */
  readonly participants: readonly Participant[];
  /** Starts sending `localStream` to everyone in the room and receiving theirs. */
  join(localStream: MediaStream): Promise<void>;
  /** Tells every peer that we are leaving and closes every connection. */
  leave(): Promise<void>;
  /**
   * Sends `track` in place of the camera (screen or image sharing) without renegotiating;
   * `null` sends no video at all (camera off). The original camera track comes back with
   * `replaceVideoTrack(cameraTrack)`.
   */
  replaceVideoTrack(track: MediaStreamTrack | null): Promise<void>;
  /**
   * Uses another camera or microphone from now on (the user chose another device during the
   * call): `track` replaces the local stream's track of that kind, on every connection and in
   * the ones made later. The caller stops the old track.
   */
  switchDevice(kind: MediaKind, track: MediaStreamTrack): Promise<void>;
  /** Mutes or unmutes the local audio or video (the track keeps running; peers get silence/black). */
  setMuted(kind: MediaKind, muted: boolean): void;
  /** Link quality per remote participant, from the deltas since the previous call. */
  getStats(): Promise<Map<string, PeerStats>>;
  /** Starts a fresh connection with one peer, or with every peer. */
  restart(peerId?: string): void;
  /** Listens for an event; returns the function that stops listening. */
  on<K extends keyof VideoTransportEvents>(type: K, listener: (detail: VideoTransportEvents[K]) => void): () => void;
}

/** A minimal typed emitter on EventTarget: `on(type, fn)` returns its own unsubscribe. */
export class TypedEmitter<M extends object> {
  readonly #target = new EventTarget();

  on<K extends keyof M & string>(type: K, listener: (detail: M[K]) => void): () => void {
    const wrapped = (e: Event) => listener((e as CustomEvent<M[K]>).detail);
    this.#target.addEventListener(type, wrapped);
    return () => this.#target.removeEventListener(type, wrapped);
  }

  emit<K extends keyof M & string>(type: K, detail: M[K]): void {
    this.#target.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
