import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { RealtimeConnection, VideoRoom, VideoRoomHandle } from '@ihkit/core';
import { nextCallState, type CallEvent, type CallState, type MeshTransport, type PeerState } from '@ihkit/video';
import { IhElement } from '../internal/ih-element.js';
import { viewHeader } from '../internal/view-header.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import type { Realtime } from '../internal/context.js';
import type { StringKey } from '../internal/localize.js';
import { consultErrorStrings, videoStrings } from '../locales/areas.js';
import { createRealtime } from '../consult/default-realtime.js';
import { videoApi, type VideoParticipant } from './video-api.js';
import { listDevices, openDevices, stopStream, watchMicLevel, type DeviceChoice, type DeviceLists, type DeviceProblem } from './media-devices.js';
import { networkQuality, worstQuality, type NetworkQuality } from './network-quality.js';
import { loadVideoEngine } from './video-engine.js';
import styles from './video-consult.styles.js';

/** The live connection with the video part of RealtimeConnection. */
type VideoRealtime = Realtime & Partial<Pick<RealtimeConnection, 'joinVideo'>>;

interface Remote {
  state: PeerState;
  stream?: MediaStream;
}

/** The states in which the user is in a call (devices open, room joined). */
const IN_CALL: CallState[] = ['waiting-room', 'admitted', 'connecting', 'connected', 'reconnecting'];

/**
 * @summary A video consult for an accepted online consult: a device check (preview, microphone
 * level, camera and microphone choice), then the call — the patient waits until the doctor
 * admits them; the doctor sees who waits and admits them. Mute, camera off, hang up, and a
 * network indicator. The call engine (@ihkit/video, simple-peer) is loaded only when a call starts.
 *
 * Without `consult-id`, a patient's element uses their consult that is accepted or in progress
 * (the newest, or the one they choose when there are several).
 *
 * @event ih-video-joined - The user's media went into the call. `detail: { consultId, roomId }`.
 * @event ih-video-ended - The call ended for the user (hung up, or ended by the doctor). `detail: { consultId, roomId }`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The heading row. @csspart heading - The heading.
 * @csspart start-button - Starts the device check.
 * @csspart consult-select - Chooses the consult (a patient with several).
 * @csspart device-check - The device check panel.
 * @csspart preview - The local preview video.
 * @csspart camera-select - Chooses the camera. @csspart microphone-select - Chooses the microphone.
 * @csspart mic-level - The microphone level meter.
 * @csspart device-error - Why the devices could not be opened. @csspart retry-button - Tries again.
 * @csspart join-button - Joins the call. @csspart cancel-button - Closes the device check.
 * @csspart waiting - The patient's waiting-room message.
 * @csspart waiting-list - The doctor's list of people waiting. @csspart waiting-item - One of them.
 * @csspart admit-button - Admits one of them.
 * @csspart call - The call view. @csspart call-state - Connecting / connected / reconnecting.
 * @csspart tiles - The video tiles. @csspart tile - One participant's tile (also `tile-self`).
 * @csspart remote-video - A remote participant's video. @csspart self-video - The self view.
 * @csspart tile-name - The name on a tile.
 * @csspart controls - The call buttons. @csspart mute-button - Mute / unmute.
 * @csspart camera-button - Camera off / on. @csspart hang-up-button - Hangs up (the doctor: ends for all).
 * @csspart network - The network indicator; also `network-good`, `network-fair`, `network-poor`.
 * @csspart ended - The message after the call. @csspart restart-button - Starts again.
 * @csspart action-error - Why an action failed.
 * @csspart empty - No consult to call about. @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors, hang up, poor network.
 * @cssproperty --ih-color-success - Connected, good network.
 * @cssproperty --ih-color-warning - Reconnecting, fair network.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhVideoConsult extends IhElement {
  static override styles = styles;
  static override properties = {
    consultId: { attribute: 'consult-id' },
    callRole: { attribute: 'call-role' },
    headingLevel: { attribute: 'heading-level', type: Number },
    relayOnly: { attribute: 'relay-only', type: Boolean },
    call: { state: true },
    checking: { state: true },
    deviceProblem: { state: true },
    stream: { state: true },
    devices: { state: true },
    choice: { state: true },
    micLevel: { state: true },
    room: { state: true },
    remotes: { state: true },
    muted: { state: true },
    cameraOff: { state: true },
    quality: { state: true },
    busy: { state: true },
    actionError: { state: true },
    notice: { state: true },
    candidates: { state: true },
    pickedConsult: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultErrorStrings, videoStrings];

  /** The consult to call about. A doctor's desk sets it on `<ih-video-consult slot="video">`. */
  consultId?: string;
  /**
   * Whose side of the call this is: `patient` or `doctor` (attribute `call-role`; not `role`,
   * which is ARIA's: `role="doctor"` on the element would be an invalid ARIA role).
   */
  callRole: 'patient' | 'doctor' = 'patient';
  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;
  /** Send media through the gateway's TURN server only (hides participants' addresses from each other). */
  relayOnly = false;

  /** The call as the user sees it (the state machine of @ihkit/video). */
  call: CallState = 'idle';
  private checking = false;
  private deviceProblem?: DeviceProblem;
  private stream?: MediaStream;
  private devices: DeviceLists = { cameras: [], microphones: [] };
  private choice: DeviceChoice = {};
  private micLevel = 0;
  private room?: VideoRoom;
  private remotes = new Map<string, Remote>();
  private muted = false;
  private cameraOff = false;
  private quality?: NetworkQuality;
  private busy = false;
  private actionError?: unknown;
  private notice?: StringKey;
  /** A patient without consult-id: the consults they can call about, and the one chosen. */
  private candidates?: { id: string; label: string }[];
  private pickedConsult?: string;

  #handle?: VideoRoomHandle;
  #transport?: MeshTransport;
  #stopMic?: () => void;
  #stops: Array<() => void> = [];
  #qualities = new Map<string, NetworkQuality>();
  #focus?: string;
  /** Bumped whenever a call is torn down: async steps of an older call stop there. */
  #generation = 0;

  /** The consult this element calls about. */
  get activeConsultId(): string | undefined {
    return this.consultId ?? this.pickedConsult;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown();
    this.call = 'idle';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another consult (or none: the desk went back to its queue): the call of the old one is over.
    if (changed.has('consultId') && changed.get('consultId') !== undefined) this.#reset();
  }

  protected override updated(): void {
    if (this.#focus) {
      this.renderRoot.querySelector<HTMLElement>(this.#focus)?.focus();
      this.#focus = undefined;
    }
  }

  #go(event: CallEvent): boolean {
    const next = nextCallState(this.call, event);
    if (next) this.call = next;
    return next !== undefined;
  }

  #realtime(): VideoRealtime | undefined {
    return this.client ? (this.config?.realtime(createRealtime) as VideoRealtime | undefined) : undefined;
  }

  // ——— device check ———

  #start = async () => {
    const client = this.client;
    if (!client || this.busy) return;
    this.actionError = this.notice = undefined;
    if (!this.consultId && this.callRole === 'patient' && !this.pickedConsult) {
      this.busy = true;
      try {
        const items = await videoApi.currentConsults(client);
        this.candidates = items.map((c) => ({ id: c.id, label: `${c.patient.name} · ${c.condition.name}` }));
        this.pickedConsult = items[0]?.id;
      } catch (e) {
        this.actionError = e;
      } finally {
        this.busy = false;
      }
      if (!this.pickedConsult) return;
    }
    if (!this.#go('check-devices')) return;
    this.#focus = '[part~="device-check"] [part~="heading-device"]';
    await this.#openDevices();
  };

  async #openDevices(): Promise<void> {
    const generation = this.#generation;
    this.checking = true;
    this.deviceProblem = undefined;
    this.#stopMic?.();
    stopStream(this.stream);
    this.stream = undefined;
    try {
      const stream = await openDevices(this.choice);
      if (generation !== this.#generation || this.call !== 'device-check') return stopStream(stream);
      this.stream = stream;
      this.#stopMic = watchMicLevel(stream, (level) => (this.micLevel = level));
      this.devices = await listDevices();
      const id = (t?: MediaStreamTrack) => t?.getSettings?.().deviceId;
      this.choice = { cameraId: id(stream.getVideoTracks()[0]) ?? this.choice.cameraId, microphoneId: id(stream.getAudioTracks()[0]) ?? this.choice.microphoneId };
    } catch (problem) {
      if (generation !== this.#generation) return;
      this.deviceProblem = typeof problem === 'string' ? (problem as DeviceProblem) : 'unsupported';
      this.#focus = '[part~="device-error"]';
    } finally {
      this.checking = false;
    }
  }

  #choose(kind: keyof DeviceChoice, id: string): void {
    this.choice = { ...this.choice, [kind]: id };
    void this.#openDevices();
  }

  #cancel = () => {
    this.#teardown();
    this.call = 'idle';
    this.#focus = '[part~="start-button"]';
  };

  // ——— joining ———

  #join = async () => {
    const client = this.client;
    const consultId = this.activeConsultId;
    const realtime = this.#realtime();
    if (!client || !consultId || !this.stream || this.busy || this.call !== 'device-check') return;
    if (!realtime?.joinVideo) {
      this.actionError = new Error('no live connection');
      return;
    }
    const generation = this.#generation;
    this.busy = true;
    this.actionError = undefined;
    try {
      const room = await videoApi.openRoom(client, consultId);
      if (generation !== this.#generation) return;
      this.#stopMic?.();
      this.#stopMic = undefined;
      this.#go('devices-ready');
      const handle = realtime.joinVideo(room.id, room.self);
      this.#handle = handle;
      this.#stops.push(
        handle.onRoom((r) => this.#onRoom(r)),
        handle.onError((code) => this.#onSignalingError(code)),
      );
      this.#focus = '[part~="call-state"], [part~="waiting"]';
      this.#onRoom(room);
    } catch (e) {
      this.actionError = e;
    } finally {
      this.busy = false;
    }
  };

  #onRoom(room: VideoRoom): void {
    if (!this.#handle || room.id !== this.#handle.roomId) return;
    this.room = room;
    if (room.status === 'ended') {
      this.#finish();
      return;
    }
    const self = room.participants.find((p) => p.id === room.self);
    if (this.call === 'waiting-room' && self?.admitted && this.#go('admit')) void this.#connect();
  }

  #onSignalingError(code: string): void {
    if (code === 'INVALID_STATE') this.#finish();
    // FORBIDDEN (not admitted yet) and NOT_FOUND are answered by the room updates that follow.
  }

  async #connect(): Promise<void> {
    const client = this.client;
    const handle = this.#handle;
    const stream = this.stream;
    if (!client || !handle || !stream) return;
    const generation = this.#generation;
    try {
      const [engine, { iceServers }] = await Promise.all([loadVideoEngine(), videoApi.iceServers(client)]);
      if (generation !== this.#generation) return;
      const transport = new engine.MeshTransport({ signaling: handle, iceServers, iceTransportPolicy: this.relayOnly ? 'relay' : 'all' });
      this.#transport = transport;
      this.#stops.push(
        transport.on('remote-stream', ({ peerId, stream: s }) => this.#setRemote(peerId, { stream: s })),
        transport.on('peer-state', ({ peerId, state }) => this.#setRemote(peerId, { state })),
        transport.on('stats', ({ peerId, stats }) => {
          this.#qualities.set(peerId, networkQuality(stats));
          this.quality = worstQuality(this.#qualities.values());
        }),
        transport.on('error', ({ code }) => {
          if (code === 'ROOM_FULL') this.notice = 'video.roomFull';
        }),
      );
      this.#go('connect');
      transport.setMuted('audio', this.muted);
      transport.setMuted('video', this.cameraOff);
      await transport.join(stream);
      const consultId = this.room?.consultId ?? this.activeConsultId;
      if (consultId) emit(this, 'ih-video-joined', { consultId, roomId: handle.roomId });
    } catch (e) {
      if (generation !== this.#generation) return;
      this.actionError = e;
      this.notice = 'video.engineFailed';
      this.#go('give-up');
    }
  }

  #setRemote(peerId: string, change: Partial<Remote>): void {
    const remotes = new Map(this.remotes);
    const next = { state: 'connecting' as PeerState, ...remotes.get(peerId), ...change };
    if (next.state === 'disconnected') {
      remotes.delete(peerId);
      this.#qualities.delete(peerId);
      this.quality = worstQuality(this.#qualities.values());
    } else remotes.set(peerId, next);
    this.remotes = remotes;
    const states = [...remotes.values()].map((r) => r.state);
    if (states.includes('connected')) this.#go('connected');
    else if (states.includes('connecting')) this.#go('connection-lost');
    else if (states.includes('failed')) this.#go('give-up');
  }

  // ——— in the call ———

  #admit = async (participant: VideoParticipant) => {
    const client = this.client;
    const room = this.room;
    if (!client || !room) return;
    this.actionError = undefined;
    try {
      const updated = await videoApi.admit(client, room.id, participant.id);
      this.#onRoom(updated);
    } catch (e) {
      this.actionError = e;
    }
  };

  #toggleMute = () => {
    this.muted = !this.muted;
    if (this.#transport) this.#transport.setMuted('audio', this.muted);
    else for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !this.muted;
  };

  #toggleCamera = () => {
    this.cameraOff = !this.cameraOff;
    if (this.#transport) this.#transport.setMuted('video', this.cameraOff);
    else for (const t of this.stream?.getVideoTracks() ?? []) t.enabled = !this.cameraOff;
  };

  #hangUp = async () => {
    const client = this.client;
    const room = this.room;
    // The doctor's hang-up ends the call for everyone; the patient only leaves it.
    if (this.callRole === 'doctor' && client && room && room.status === 'open') {
      try {
        await videoApi.end(client, room.id);
      } catch {
        // Leaving still works; the room ends when the consult does.
      }
    }
    this.#finish();
  };

  /** Leaves the call and ends it on this side; `ih-video-ended` when a room was joined. */
  #finish(): void {
    const room = this.room;
    const joined = this.#handle;
    this.#teardown();
    this.#go('hang-up');
    this.call = 'ended';
    this.#focus = '[part~="ended"]';
    if (room && joined) emit(this, 'ih-video-ended', { consultId: room.consultId, roomId: room.id });
  }

  /** Stops everything of the current call: media, the transport, the room subscription. */
  #teardown(): void {
    this.#generation++;
    this.#stopMic?.();
    this.#stopMic = undefined;
    for (const stop of this.#stops.splice(0)) stop();
    void this.#transport?.leave();
    this.#transport = undefined;
    this.#handle?.leave();
    this.#handle = undefined;
    stopStream(this.stream);
    this.stream = undefined;
    this.remotes = new Map();
    this.#qualities.clear();
    this.quality = undefined;
    this.micLevel = 0;
    this.busy = false;
  }

  #reset(): void {
    this.#teardown();
    this.call = 'idle';
    this.room = undefined;
    this.muted = this.cameraOff = false;
    this.actionError = this.notice = this.deviceProblem = undefined;
  }

  #restart = () => {
    this.#reset();
    if (!this.consultId) this.pickedConsult = undefined;
    this.#focus = '[part~="start-button"]';
  };

  // ——— rendering ———

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('video.label')}>
      ${viewHeader({ heading: this.msg('video.label'), level: this.headingLevel })} ${this.#renderBody()}
      ${this.actionError !== undefined && !this.notice
        ? html`<div part="action-error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.actionError)}</p></div>`
        : nothing}
      ${this.notice ? html`<div part="action-error" class="alert" role="alert">${iconAlert}<p>${this.msg(this.notice)}</p></div>` : nothing}
    </section>`;
  }

  #renderBody(): TemplateResult {
    if (!this.config) return this.renderNotConfigured();
    if (!this.config.session.signedIn) return this.renderSignIn();
    switch (this.call) {
      case 'idle':
        return this.#renderIdle();
      case 'device-check':
        return this.#renderDeviceCheck();
      case 'ended':
      case 'failed':
        return html`<p part="ended" class="message-line" role="status" tabindex="-1">${this.msg(this.call === 'ended' ? 'video.state.ended' : 'video.state.failed')}</p>
          <div class="actions">
            ${this.call === 'failed'
              ? html`<button type="button" part="hang-up-button" class="button danger" @click=${this.#hangUp}>${this.msg('video.hangUp')}</button>`
              : nothing}
            <button type="button" part="restart-button" class="button" @click=${this.#restart}>${this.msg('video.restart')}</button>
          </div>`;
      default:
        return this.#renderCall();
    }
  }

  #renderIdle(): TemplateResult {
    if (!this.activeConsultId && this.candidates && !this.candidates.length) {
      return this.renderEmpty(this.msg('video.noConsult'), this.msg('video.noConsultHint'), this.#startButton());
    }
    return html`${this.candidates && this.candidates.length > 1 && !this.consultId
        ? html`<div class="field">
            <label for="consult-select">${this.msg('video.consultPick')}</label>
            <select id="consult-select" part="consult-select" .value=${this.pickedConsult ?? ''} @change=${(e: Event) => (this.pickedConsult = (e.target as HTMLSelectElement).value)}>
              ${this.candidates.map((c) => html`<option value=${c.id} ?selected=${c.id === this.pickedConsult}>${c.label}</option>`)}
            </select>
          </div>`
        : nothing}
      <p class="muted">${this.msg('video.startHint')}</p>
      <div class="actions">${this.#startButton()}</div>`;
  }

  #startButton(): TemplateResult {
    return html`<button type="button" part="start-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#start}>${this.msg('video.start')}</button>`;
  }

  #renderDeviceCheck(): TemplateResult {
    const select = (kind: keyof DeviceChoice, part: string, label: StringKey, list: MediaDeviceInfo[]) =>
      list.length
        ? html`<div class="field">
            <label for=${part}>${this.msg(label)}</label>
            <select id=${part} part=${part} @change=${(e: Event) => this.#choose(kind, (e.target as HTMLSelectElement).value)}>
              ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === this.choice[kind]}>${d.label || `${this.msg(label)} ${i + 1}`}</option>`)}
            </select>
          </div>`
        : nothing;
    return html`<div part="device-check" class="panel">
      <div part="heading-device" class="subheading" role="heading" aria-level=${this.headingLevel + 1} tabindex="-1">${this.msg('video.device.title')}</div>
      ${this.deviceProblem
        ? html`<div part="device-error" class="alert" role="alert" tabindex="-1">${iconAlert}<p>${this.msg(`video.device.${this.deviceProblem}`)}</p></div>
            <div class="actions">
              <button type="button" part="retry-button" class="button" @click=${() => void this.#openDevices()}>${this.msg('video.device.retry')}</button>
              <button type="button" part="cancel-button" class="button" @click=${this.#cancel}>${this.msg('video.cancel')}</button>
            </div>`
        : html`${this.checking && !this.stream ? html`<p class="muted" role="status">${this.msg('video.checking')}</p>` : nothing}
            <div class="preview-row">
              <video part="preview self-video" class="video" aria-label=${this.msg('video.device.preview')} .srcObject=${this.stream ?? null} .muted=${true} autoplay playsinline></video>
              <div class="device-fields">
                ${select('cameraId', 'camera-select', 'video.device.camera', this.devices.cameras)}
                ${select('microphoneId', 'microphone-select', 'video.device.microphone', this.devices.microphones)}
                <div class="field">
                  <label for="mic-level">${this.msg('video.device.micLevel')}</label>
                  <meter id="mic-level" part="mic-level" min="0" max="1" low="0.05" .value=${this.micLevel}></meter>
                  <p class="muted">${this.msg('video.device.micHint')}</p>
                </div>
              </div>
            </div>
            <div class="actions">
              <button type="button" part="join-button" class="button primary" aria-disabled=${!this.stream || this.busy ? 'true' : 'false'} @click=${this.#join}>
                ${this.msg(this.busy ? 'video.joining' : 'video.join')}
              </button>
              <button type="button" part="cancel-button" class="button" @click=${this.#cancel}>${this.msg('video.cancel')}</button>
            </div>`}
    </div>`;
  }

  #renderCall(): TemplateResult {
    const room = this.room;
    const others = (room?.participants ?? []).filter((p) => p.id !== room?.self && p.admitted);
    const waiting = this.callRole === 'doctor' ? (room?.participants ?? []).filter((p) => !p.admitted) : [];
    const stateKey: Partial<Record<CallState, StringKey>> = {
      admitted: 'video.state.connecting',
      connecting: 'video.state.connecting',
      connected: 'video.state.connected',
      reconnecting: 'video.state.reconnecting',
    };
    const live = IN_CALL.includes(this.call);
    return html`<div part="call" class="call">
      ${this.call === 'waiting-room'
        ? html`<div part="waiting" class="state" role="status" tabindex="-1">
            <p class="state-title">${this.msg('video.waiting')}</p>
            <p>${this.msg('video.waitingHint')}</p>
          </div>`
        : html`<p class="call-line">
            <span part="call-state call-state-${this.call}" class="call-state ${this.call}" role="status" tabindex="-1">${this.msg(stateKey[this.call] ?? 'video.state.connecting')}</span>
            ${this.quality
              ? html`<span part="network network-${this.quality}" class="network ${this.quality}" title=${this.msg('video.network')}>${this.msg(`video.network.${this.quality}`)}</span>`
              : nothing}
          </p>`}
      <ul part="tiles" class="tiles" role="list">
        ${this.call === 'waiting-room' ? nothing : others.map((p) => this.#renderTile(p))}
        <li part="tile tile-self" class="tile self">
          <video part="self-video" class="video" .srcObject=${this.stream ?? null} .muted=${true} autoplay playsinline aria-label=${this.msg('video.you')}></video>
          <span part="tile-name" class="tile-name">${this.msg('video.you')}</span>
        </li>
      </ul>
      ${this.call === 'connected' && !others.some((p) => this.remotes.get(p.id)?.state === 'connected') ? html`<p class="muted">${this.msg('video.alone')}</p>` : nothing}
      ${this.callRole === 'doctor' ? this.#renderWaitingList(waiting) : nothing}
      ${live
        ? html`<div part="controls" class="actions controls">
            <button type="button" part="mute-button" class="button" aria-pressed=${this.muted ? 'true' : 'false'} @click=${this.#toggleMute}>
              ${this.msg(this.muted ? 'video.unmute' : 'video.mute')}
            </button>
            <button type="button" part="camera-button" class="button" aria-pressed=${this.cameraOff ? 'true' : 'false'} @click=${this.#toggleCamera}>
              ${this.msg(this.cameraOff ? 'video.cameraOn' : 'video.cameraOff')}
            </button>
            <button type="button" part="hang-up-button" class="button danger" @click=${this.#hangUp}>
              ${this.msg(this.callRole === 'doctor' ? 'video.endForAll' : 'video.hangUp')}
            </button>
          </div>`
        : nothing}
    </div>`;
  }

  #renderTile(p: VideoParticipant): TemplateResult {
    const remote = this.remotes.get(p.id);
    return html`<li part="tile" class="tile" data-participant=${p.id}>
      ${remote?.stream
        ? html`<video part="remote-video" class="video" .srcObject=${remote.stream} autoplay playsinline aria-label=${p.name}></video>`
        : html`<div class="video placeholder" aria-hidden="true"></div>`}
      <span part="tile-name" class="tile-name">${p.name} · ${this.msg(`video.role.${p.role}`)}</span>
    </li>`;
  }

  #renderWaitingList(waiting: VideoParticipant[]): TemplateResult {
    return html`<div class="panel">
      <div class="subheading" role="heading" aria-level=${this.headingLevel + 1}>${this.msg('video.waitingList')}</div>
      ${waiting.length
        ? html`<ul part="waiting-list" class="waiting-list" role="list">
            ${waiting.map(
              (p) => html`<li part="waiting-item" data-participant=${p.id}>
                <span id="waiting-${p.id}">${p.name} · ${this.msg(`video.role.${p.role}`)}</span>
                <button type="button" part="admit-button" class="button primary" aria-describedby="waiting-${p.id}" @click=${() => void this.#admit(p)}>
                  ${this.msg('video.admit')}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${this.msg('video.waitingNone')}</p>`}
    </div>`;
  }
}
