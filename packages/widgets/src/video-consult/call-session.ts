import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { videoOf, type VideoRoom, type VideoRoomHandle } from '@ihkit/core';
import type { CallState, PeerState, PeerStats, VideoTransport } from '@ihkit/video';
import { emit } from '../internal/events.js';
import type { StringKey } from '../internal/localize.js';
import { networkQuality, worstQuality, type NetworkQuality } from './network-quality.js';
import { loadVideoEngine } from './video-engine.js';
import type { DeviceCheck } from './device-check.js';
import { VideoPart, type VideoHost, type ControlButton } from './video-part.js';

export type VideoParticipant = VideoRoom['participants'][number];

interface Remote {
  state: PeerState;
  stream?: MediaStream;
}

/** What the call tells the element, which hands it to the other parts. */
export interface CallEvents {
  /** The room as the gateway sees it now (joined, admitted, invited, recording asked…). */
  room(room: VideoRoom): void;
  /** The gateway says the call is over for this user. */
  ended(): void;
  remoteStream(stream: MediaStream): void;
  stats(peerId: string, stats: PeerStats): void;
  peerLeft(peerId: string): void;
}

const STATE_KEYS: Partial<Record<CallState, StringKey>> = {
  admitted: 'video.state.connecting',
  connecting: 'video.state.connecting',
  connected: 'video.state.connected',
  reconnecting: 'video.state.reconnecting',
};

/**
 * The call itself: the room joined on the live connection, the media transport (@ihkit/video's
 * mesh, or its Janus SFU transport when the room's `media` says the call is there; loaded when
 * the user is admitted), the remote participants and how the links
 * to them feel, mute and camera off, and the doctor's admitting from the waiting room.
 */
export class CallSession extends VideoPart<CallSession> {
  room?: VideoRoom;
  remotes = new Map<string, Remote>();
  quality?: NetworkQuality;
  muted = false;
  cameraOff = false;
  transport?: VideoTransport;
  #handle?: VideoRoomHandle;
  #stops: Array<() => void> = [];
  /** What stops listening to the transport (it is replaced when the call moves to the SFU). */
  #transportStops: Array<() => void> = [];
  /** Whether this call has moved from the mesh to the SFU (once). */
  #moved = false;
  #qualities = new Map<string, NetworkQuality>();
  /** Bumped by leave(): async steps of an older call stop there. */
  #generation = 0;

  readonly #media: DeviceCheck;
  readonly #events: CallEvents;

  constructor(host: VideoHost, media: DeviceCheck, events: CallEvents) {
    super(host);
    this.#media = media;
    this.#events = events;
  }

  /** The room joined, while in it. */
  get roomId(): string | undefined {
    return this.#handle?.roomId;
  }

  /** Joins the room of the active consult (or `invitedRoom`, a specialist's) with the checked devices. */
  async join(invitedRoom?: string): Promise<void> {
    const { host } = this;
    const client = host.client;
    const consultId = host.activeConsultId;
    const realtime = host.videoRealtime();
    const joinVideo = realtime?.joinVideo?.bind(realtime);
    if (!client || !consultId || !this.#media.stream || host.call !== 'device-check') return;
    if (!joinVideo) {
      host.actionError = new Error('no live connection');
      return;
    }
    const generation = this.#generation;
    await host.runAction(async () => {
      const room = invitedRoom ? await videoOf(client).getRoom(invitedRoom) : await videoOf(client).openRoom(consultId);
      if (generation !== this.#generation) return;
      this.#media.stopMic();
      host.go('devices-ready');
      const handle = joinVideo(room.id, room.self);
      this.#handle = handle;
      this.#stops.push(
        handle.onRoom((r) => this.#events.room(r)),
        // FORBIDDEN (not admitted yet) and NOT_FOUND are answered by the room updates that follow.
        handle.onError((code) => code === 'INVALID_STATE' && this.#events.ended()),
      );
      host.focusNext('[part~="call-state"], [part~="waiting"]');
      this.#events.room(room);
    });
  }

  /** Starts sending and receiving media (the user was admitted). */
  async connect(): Promise<void> {
    const { host } = this;
    const client = host.client;
    const handle = this.#handle;
    const stream = this.#media.stream;
    if (!client || !handle || !stream) return;
    const generation = this.#generation;
    try {
      const [engine, { iceServers }] = await Promise.all([loadVideoEngine(), videoOf(client).iceServers()]);
      if (generation !== this.#generation) return;
      const iceTransportPolicy = host.relayOnly ? 'relay' : 'all';
      const sfu = this.room?.media.janus;
      const transport = sfu
        ? new engine.JanusTransport({ url: sfu.url, room: sfu.room, pin: sfu.pin, selfId: handle.selfId, iceServers, iceTransportPolicy })
        : new engine.MeshTransport({ signaling: handle, iceServers, iceTransportPolicy });
      this.transport = transport;
      this.#transportStops.push(
        transport.on('remote-stream', ({ peerId, stream: s }) => {
          this.#setRemote(peerId, { stream: s });
          this.#events.remoteStream(s);
        }),
        transport.on('peer-state', ({ peerId, state }) => this.#setRemote(peerId, { state })),
        transport.on('stats', ({ peerId, stats }) => {
          this.#qualities.set(peerId, networkQuality(stats));
          this.set({ quality: worstQuality(this.#qualities.values()) });
          this.#events.stats(peerId, stats);
        }),
        transport.on('error', ({ code }) => {
          if (code === 'ROOM_FULL') host.notice = 'video.roomFull';
        }),
      );
      host.go('connect');
      transport.setMuted('audio', this.muted);
      transport.setMuted('video', this.cameraOff);
      await transport.join(stream);
      const consultId = this.room?.consultId ?? host.activeConsultId;
      if (consultId && !this.#moved) emit(host, 'ih-video-joined', { consultId, roomId: handle.roomId });
    } catch (e) {
      if (generation !== this.#generation) return;
      host.actionError = e;
      host.notice = 'video.engineFailed';
      host.go('give-up');
    }
  }

  /** The call moved to the SFU (a fifth participant came in): leaves the mesh and joins there. */
  followMedia(room: VideoRoom): void {
    const transport = this.transport;
    if (!transport || !room.media.janus || this.#moved) return;
    this.#moved = true;
    for (const stop of this.#transportStops.splice(0)) stop();
    void transport.leave();
    this.transport = undefined;
    this.#qualities.clear();
    this.set({ remotes: new Map() });
    void this.connect();
  }

  #setRemote(peerId: string, change: Partial<Remote>): void {
    const remotes = new Map(this.remotes);
    const next = { state: 'connecting' as PeerState, ...remotes.get(peerId), ...change };
    if (next.state === 'disconnected') {
      remotes.delete(peerId);
      this.#qualities.delete(peerId);
      this.#events.peerLeft(peerId);
      this.set({ quality: worstQuality(this.#qualities.values()) });
    } else remotes.set(peerId, next);
    this.set({ remotes });
    const states = [...remotes.values()].map((r) => r.state);
    const { host } = this;
    if (states.includes('connected')) host.go('connected');
    else if (states.includes('connecting')) host.go('connection-lost');
    else if (states.includes('failed')) host.go('give-up');
  }

  /** The doctor lets someone in from the waiting room. */
  async admit(participant: VideoParticipant): Promise<void> {
    const client = this.host.client;
    const room = this.room;
    if (client && room) await this.attempt(async () => this.#events.room(await videoOf(client).admit(room.id, participant.id)));
  }

  #toggleMute = () => {
    this.set({ muted: !this.muted });
    if (this.transport) this.transport.setMuted('audio', this.muted);
    else for (const t of this.#media.stream?.getAudioTracks() ?? []) t.enabled = !this.muted;
  };

  #toggleCamera = () => {
    this.set({ cameraOff: !this.cameraOff });
    if (this.transport) this.transport.setMuted('video', this.cameraOff);
    else for (const t of this.#media.stream?.getVideoTracks() ?? []) t.enabled = !this.cameraOff;
  };

  /** Leaves the room and stops the media transport; forgets what an unfinished step of the call would do. */
  leave(): void {
    this.#generation++;
    for (const stop of [...this.#stops.splice(0), ...this.#transportStops.splice(0)]) stop();
    this.#moved = false;
    void this.transport?.leave();
    this.transport = undefined;
    this.#handle?.leave();
    this.#handle = undefined;
    this.#qualities.clear();
    this.set({ remotes: new Map(), quality: undefined });
  }

  /** Forgets the room and the user's mute and camera choices (another consult, or starting again). */
  reset(): void {
    this.set({ room: undefined, muted: false, cameraOff: false });
  }

  /** The waiting room's message, or the call's state and network indicator. */
  renderState(): TemplateResult {
    const { host } = this;
    const call = host.call;
    return call === 'waiting-room'
      ? html`<div part="waiting" class="state" role="status" tabindex="-1">
          <p class="state-title">${host.msg('video.waiting')}</p>
          <p>${host.msg('video.waitingHint')}</p>
        </div>`
      : html`<p class="call-line">
          <span part="call-state call-state-${call}" class="call-state ${call}" role="status" tabindex="-1">${host.msg(STATE_KEYS[call] ?? 'video.state.connecting')}</span>
          ${this.quality
            ? html`<span part="network network-${this.quality}" class="network ${this.quality}" title=${host.msg('video.network')}>${host.msg(`video.network.${this.quality}`)}</span>`
            : nothing}
        </p>`;
  }

  /** The video tiles of the others admitted, and the self view; "alone" while no one else is connected. */
  renderTiles(): TemplateResult {
    const { host } = this;
    const room = this.room;
    const call = host.call;
    const others = (room?.participants ?? []).filter((p) => p.id !== room?.self && p.admitted);
    return html`<ul part="tiles" class="tiles" role="list">
        ${call === 'waiting-room' ? nothing : repeat(others, (p) => p.id, (p) => this.#renderTile(p))}
        <li part="tile tile-self" class="tile self">
          <video part="self-video" class="video" .srcObject=${this.#media.stream ?? null} .muted=${true} autoplay playsinline aria-label=${host.msg('video.you')}></video>
          <span part="tile-name" class="tile-name">${host.msg('video.you')}</span>
        </li>
      </ul>
      ${call === 'connected' && !others.some((p) => this.remotes.get(p.id)?.state === 'connected') ? html`<p class="muted">${host.msg('video.alone')}</p>` : nothing}`;
  }

  #renderTile(p: VideoParticipant): TemplateResult {
    const remote = this.remotes.get(p.id);
    return html`<li part="tile" class="tile" data-participant=${p.id}>
      ${remote?.stream
        ? html`<video part="remote-video" class="video" .srcObject=${remote.stream} autoplay playsinline aria-label=${p.name}></video>`
        : html`<div class="video placeholder" aria-hidden="true"></div>`}
      <span part="tile-name" class="tile-name">${p.name} · ${this.host.msg(`video.role.${p.role}`)}</span>
    </li>`;
  }

  /** The doctor's list of people waiting; `admit` lets one in, `locked` (with its reason) while that is not allowed. */
  renderWaitingList(admit: (p: VideoParticipant) => void, locked: TemplateResult | typeof nothing): TemplateResult {
    const { host } = this;
    const waiting = (this.room?.participants ?? []).filter((p) => !p.admitted);
    return html`<div class="panel">
      <div class="subheading" role="heading" aria-level=${host.headingLevel + 1}>${host.msg('video.waitingList')}</div>
      ${waiting.length
        ? html`<ul part="waiting-list" class="waiting-list" role="list">
            ${waiting.map(
              (p) => html`<li part="waiting-item" data-participant=${p.id}>
                <span id="waiting-${p.id}">${p.name} · ${host.msg(`video.role.${p.role}`)}</span>
                <button type="button" part="admit-button" class="button primary" aria-disabled=${locked === nothing ? 'false' : 'true'} aria-describedby="waiting-${p.id}" @click=${() => admit(p)}>
                  ${host.msg('video.admit')}
                </button>
              </li>`,
            )}
          </ul>
          ${locked}`
        : html`<p class="muted">${host.msg('video.waitingNone')}</p>`}
    </div>`;
  }

  /** Mute and camera off. */
  renderButtons(button: ControlButton): TemplateResult {
    return html`${button('mute-button', this.muted ? 'video.unmute' : 'video.mute', this.#toggleMute, this.muted)}
    ${button('camera-button', this.cameraOff ? 'video.cameraOn' : 'video.cameraOff', this.#toggleCamera, this.cameraOff)}`;
  }
}
