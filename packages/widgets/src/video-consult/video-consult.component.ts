import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { clinicOf, videoOf, type Doctor, type RealtimeConnection, type VideoRecording, type VideoRoom, type VideoRoomHandle } from '@ihkit/core';
import { nextCallState, type CallEvent, type CallState, type MeshTransport, type PeerState } from '@ihkit/video';
import { IhElement } from '../internal/ih-element.js';
import { viewHeader } from '../internal/view-header.js';
import { deepActiveElement } from '../internal/focus.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import type { Realtime } from '../internal/context.js';
import type { StringKey } from '../internal/localize.js';
import { consultErrorStrings, videoStrings } from '../locales/areas.js';
import { createRealtime } from '../consult/default-realtime.js';
import { LiveNotices } from '../internal/live-notices.js';
import { listDevices, openDevice, openDevices, stopStream, watchMicLevel, type DeviceChoice, type DeviceLists, type DeviceProblem } from './media-devices.js';
import { networkQuality, worstQuality, type NetworkQuality } from './network-quality.js';
import { LowBandwidthWatch } from './low-bandwidth.js';
import { canShareScreen, shareImage, shareScreen, type SharedTrack } from './sharing.js';
import { canRecord, startMixedRecording, type MixedRecording } from './recorder.js';
import { loadVideoEngine } from './video-engine.js';
import styles from './video-consult.styles.js';

/** The live connection with the video part of RealtimeConnection. */
type VideoRealtime = Realtime & Partial<Pick<RealtimeConnection, 'joinVideo'>>;

type VideoParticipant = VideoRoom['participants'][number];

interface Remote {
  state: PeerState;
  stream?: MediaStream;
}

/** Whether the room asks this user to agree to a recording (and they have not answered yet). */
const consentAsked = (room: VideoRoom): boolean => room.recording.status === 'requested' && room.participants.find((p) => p.id === room.self)?.consent == null;

/** The states in which the user is in a call (devices open, room joined). */
const IN_CALL: CallState[] = ['waiting-room', 'admitted', 'connecting', 'connected', 'reconnecting'];

/**
 * @summary A video consult for an accepted online consult: a device check (preview, microphone
 * level, camera and microphone choice), then the call — the patient waits until the doctor
 * admits them; the doctor sees who waits and admits them, and can invite a specialist (a city
 * expert joining a county consult: `call-role="specialist"`). In the call: mute, camera off,
 * another camera or microphone, screen or image sharing, a network indicator with audio-only
 * fallback when the bandwidth stays too low, and recording of the sound — only once every
 * participant has agreed, then saved with the consult. The call engine (@ihkit/video,
 * simple-peer) is loaded only when a call starts.
 *
 * Without `consult-id`, a patient's element uses their consult that is accepted or in progress,
 * and a specialist's the calls they are invited to (the newest, or the one they choose),
 * kept live: an invitation shows the moment the doctor sends it and goes when the call ends;
 * with none, the element says so.
 *
 * @event ih-video-joined - The user's media went into the call. `detail: { consultId, roomId }`.
 * @event ih-video-ended - The call ended for the user (hung up, or ended by the doctor). `detail: { consultId, roomId }`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The heading row.
 * @csspart heading - The heading.
 * @csspart start-button - Starts the device check.
 * @csspart consult-select - Chooses the consult (a patient with several, a specialist invited to several calls).
 * @csspart invitation - The call a specialist is invited to (when there is one).
 * @csspart device-check - The device check panel.
 * @csspart heading-device - The device check's heading (focused when it opens).
 * @csspart preview - The local preview video.
 * @csspart camera-select - Chooses the camera.
 * @csspart microphone-select - Chooses the microphone.
 * @csspart mic-level - The microphone level meter.
 * @csspart device-error - Why the devices could not be opened.
 * @csspart retry-button - Tries to open the devices again.
 * @csspart join-button - Joins the call.
 * @csspart cancel-button - Closes the device check.
 * @csspart waiting - The patient's waiting-room message.
 * @csspart waiting-list - The doctor's list of people waiting.
 * @csspart waiting-item - One person waiting.
 * @csspart admit-button - Admits a person waiting.
 * @csspart call - The call view.
 * @csspart call-state - Connecting / connected / reconnecting.
 * @csspart tiles - The video tiles.
 * @csspart tile - One participant's tile (also `tile-self`).
 * @csspart remote-video - A remote participant's video.
 * @csspart self-video - The self view.
 * @csspart tile-name - The name on a tile.
 * @csspart controls - The call buttons.
 * @csspart mute-button - Mute / unmute.
 * @csspart devices-button - Shows the camera and microphone choice during the call.
 * @csspart devices - The camera and microphone choice during the call.
 * @csspart share-screen-button - Shares the screen.
 * @csspart share-image-button - Shares an image.
 * @csspart stop-sharing-button - Goes back to the camera.
 * @csspart sharing - What is being shared.
 * @csspart audio-only - The audio-only fallback notice.
 * @csspart video-back-button - Turns video back on.
 * @csspart invite-button - Opens the specialist invitation (doctor).
 * @csspart invite-panel - The invitation.
 * @csspart invite-select - Chooses the specialist.
 * @csspart invite-send-button - Invites the chosen specialist.
 * @csspart invite-close-button - Closes the invitation.
 * @csspart record-button - Asks everyone to agree to a recording (doctor).
 * @csspart record-stop-button - Stops the recording.
 * @csspart consent - The request to agree to the recording.
 * @csspart consent-agree-button - Agrees to the recording.
 * @csspart consent-decline-button - Declines the recording.
 * @csspart recording - The recording indicator and its state.
 * @csspart recordings - The consult's saved recordings.
 * @csspart recording-item - One saved recording.
 * @csspart listen-button - Plays one (fetched with the user's token, played from memory).
 * @csspart camera-button - Camera off / on.
 * @csspart hang-up-button - Hangs up (the doctor: ends for all).
 * @csspart network - The network indicator; also `network-good`, `network-fair`, `network-poor`.
 * @csspart ended - The message after the call.
 * @csspart restart-button - Starts again.
 * @csspart action-error - Why an action failed.
 * @csspart empty - No consult to call about.
 * @csspart sign-in - Signed out.
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
    notice: { state: true },
    candidates: { state: true },
    invitationsError: { state: true },
    pickedConsult: { state: true },
    devicesOpen: { state: true },
    shared: { state: true },
    audioOnly: { state: true },
    inviteOpen: { state: true },
    doctors: { state: true },
    inviteDoctor: { state: true },
    recording: { state: true },
    invited: { state: true },
    recordings: { state: true },
    listening: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultErrorStrings, videoStrings];

  protected override get signInHint(): StringKey {
    return 'video.signInHint';
  }

  /** The consult to call about. A doctor's desk sets it on `<ih-video-consult slot="video">`. */
  consultId?: string;
  /**
   * Whose side of the call this is: `patient`, `doctor` (the consult's) or `specialist` (invited
   * by the doctor). Attribute `call-role`; not `role`, which is ARIA's: `role="doctor"` on the
   * element would be an invalid ARIA role.
   */
  callRole: 'patient' | 'doctor' | 'specialist' = 'patient';
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
  private notice?: StringKey;
  /** Without consult-id: the consults the user can call about (a specialist: by their room), and the one chosen. */
  private candidates?: { id: string; roomId?: string; label: string }[];
  private pickedConsult?: string;
  private devicesOpen = false;
  private shared?: { kind: 'screen' | 'image' } & SharedTrack;
  /** Video paused because the bandwidth stayed too low (audio-only fallback). */
  private audioOnly = false;
  private inviteOpen = false;
  private doctors?: Doctor[];
  private inviteDoctor?: string;
  /** The doctor's side of a recording: running, or being saved. */
  private recording?: 'on' | 'saving';
  /** The specialist just invited, for the confirmation. */
  private invited?: string;
  /** The consult's recordings (kept with its record), and the one being listened to. */
  private recordings?: VideoRecording[];
  private listening?: { id: string; url: string };

  #handle?: VideoRoomHandle;
  #transport?: MeshTransport;
  #stopMic?: () => void;
  #stops: Array<() => void> = [];
  #qualities = new Map<string, NetworkQuality>();
  #bandwidth = new LowBandwidthWatch();
  #recorder?: MixedRecording;
  #focus?: string;
  /** What had focus on the page when the recording question came up (null: nothing). */
  #beforeConsent?: HTMLElement | null;
  /** Bumped whenever a call is torn down: async steps of an older call stop there. */
  #generation = 0;

  /** The consult this element calls about. */
  get activeConsultId(): string | undefined {
    return this.consultId ?? this.pickedConsult;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown();
    this.#stopListening();
    this.call = 'idle';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another consult (or none: the desk went back to its queue): the call of the old one is over.
    if (changed.has('consultId') && changed.get('consultId') !== undefined) this.#reset();
    if (this.client && this.activeConsultId !== this.#recordingsOf) void this.#loadRecordings();
    if (this.#invitationsOf !== (this.#followsInvitations ? this.client : undefined)) void this.#loadInvitations();
  }

  // ——— a specialist's invitations ———

  /** A specialist's element without consult-id lists the calls they are invited to, live. */
  get #followsInvitations(): boolean {
    return this.callRole === 'specialist' && !this.consultId && !!this.client;
  }

  /** The client the invitations were loaded with (undefined: none loaded). */
  #invitationsOf?: IhElement['client'];
  #invitationsLoad = 0;
  /** Why the invitations could not be loaded. */
  private invitationsError?: unknown;

  readonly #invitations = new LiveNotices<string>(
    this,
    () => (this.#followsInvitations ? this.#realtime() : undefined),
    (realtime, fn) => realtime.onInvitation(fn),
    () => void this.#loadInvitations(),
  );

  /**
   * Reads the specialist's invitations (again). The call chosen stays chosen while it is still
   * an invitation; in a call, nothing but the list changes.
   */
  async #loadInvitations(): Promise<void> {
    const client = this.#followsInvitations ? this.client : undefined;
    if (client !== this.#invitationsOf) this.candidates = this.invitationsError = undefined;
    this.#invitationsOf = client;
    if (!client) return;
    const load = ++this.#invitationsLoad;
    try {
      const candidates = await this.#candidates();
      if (load !== this.#invitationsLoad || client !== this.#invitationsOf) return;
      this.candidates = candidates;
      this.invitationsError = undefined;
      if (this.call === 'idle' && !candidates.some((c) => c.id === this.pickedConsult)) this.pickedConsult = candidates[0]?.id;
    } catch (e) {
      if (load === this.#invitationsLoad && !this.candidates) this.invitationsError = e;
    }
  }

  #recordingsOf?: string;

  /** The recordings kept with the consult (none, for a consult never recorded). */
  async #loadRecordings(): Promise<void> {
    const consultId = this.activeConsultId;
    this.#recordingsOf = consultId;
    this.#stopListening();
    this.recordings = undefined;
    if (!consultId || !this.client) return;
    try {
      const items = await videoOf(this.client).listRecordings(consultId);
      if (this.activeConsultId === consultId) this.recordings = items;
    } catch {
      // The list is a convenience beside the call: without it the call still works.
    }
  }

  #listen = async (r: VideoRecording) => {
    if (!this.client) return;
    this.actionError = undefined;
    try {
      const blob = await videoOf(this.client).downloadRecording(r.id);
      this.#stopListening();
      this.listening = { id: r.id, url: URL.createObjectURL(blob) };
      this.#focus = `audio[data-recording="${r.id}"]`;
    } catch (e) {
      this.actionError = e;
    }
  };

  #stopListening(): void {
    if (this.listening) URL.revokeObjectURL(this.listening.url);
    this.listening = undefined;
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
    if (!this.consultId && this.callRole !== 'doctor' && !this.pickedConsult) {
      await this.runAction(async () => {
        this.candidates = await this.#candidates();
        this.pickedConsult = this.candidates[0]?.id;
      });
      if (!this.pickedConsult) return;
    }
    if (!this.#go('check-devices')) return;
    this.#focus = '[part~="device-check"] [part~="heading-device"]';
    await this.#openDevices();
  };

  /** What the user can call about without consult-id: a patient's current consults, a specialist's invitations. */
  async #candidates(): Promise<NonNullable<typeof this.candidates>> {
    const api = videoOf(this.client!);
    if (this.callRole === 'specialist') {
      // The calls they were invited to, not the ones they hold as the consult's own doctor.
      const rooms = (await api.listRooms()).filter((r) => r.participants.find((p) => p.id === r.self)?.role === 'specialist');
      const who = (r: VideoRoom, role: VideoParticipant['role']) => r.participants.find((p) => p.role === role)?.name ?? '';
      return rooms.map((r) => ({ id: r.consultId, roomId: r.id, label: [who(r, 'doctor'), who(r, 'patient')].filter(Boolean).join(' · ') }));
    }
    const { items } = await clinicOf(this.client!).listConsults({ status: 'accepted,in_progress' });
    return items.map((c) => ({ id: c.id, label: `${c.patient.name} · ${c.condition.name}` }));
  }

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
    const joinVideo = realtime?.joinVideo?.bind(realtime);
    if (!client || !consultId || !this.stream || this.call !== 'device-check') return;
    if (!joinVideo) {
      this.actionError = new Error('no live connection');
      return;
    }
    const generation = this.#generation;
    await this.runAction(async () => {
      const invited = this.candidates?.find((c) => c.id === consultId)?.roomId;
      const room = invited ? await videoOf(client).getRoom(invited) : await videoOf(client).openRoom(consultId);
      if (generation !== this.#generation) return;
      this.#stopMic?.();
      this.#stopMic = undefined;
      this.#go('devices-ready');
      const handle = joinVideo(room.id, room.self);
      this.#handle = handle;
      this.#stops.push(
        handle.onRoom((r) => this.#onRoom(r)),
        handle.onError((code) => this.#onSignalingError(code)),
      );
      this.#focus = '[part~="call-state"], [part~="waiting"]';
      this.#onRoom(room);
    });
  };

  #onRoom(room: VideoRoom): void {
    if (!this.#handle || room.id !== this.#handle.roomId) return;
    this.#moveFocusForConsent(this.room, room);
    this.room = room;
    if (room.status === 'ended') {
      this.#finish();
      return;
    }
    const self = room.participants.find((p) => p.id === room.self);
    if (this.call === 'waiting-room' && self?.admitted && this.#go('admit')) void this.#connect();
    this.#followRecording(room);
  }

  /**
   * The recording question is an alertdialog: when it appears, focus moves to its least
   * consequential answer (decline); once it is answered, focus goes back to where it was.
   */
  #moveFocusForConsent(before: VideoRoom | undefined, after: VideoRoom): void {
    const asked = consentAsked(after);
    if (asked && !(before && consentAsked(before))) {
      const active = deepActiveElement(); // through shadow roots: it may be in the clinic around this element
      this.#beforeConsent = active instanceof HTMLElement && active !== document.body ? active : null;
      this.#focus = '[part~="consent-decline-button"]';
    } else if (!asked && this.#beforeConsent !== undefined) {
      const back = this.#beforeConsent;
      this.#beforeConsent = undefined;
      if (this.shadowRoot?.activeElement?.closest('[part~="consent"]')) {
        void this.updateComplete.then(() => (back?.isConnected ? back : this.renderRoot.querySelector<HTMLElement>('[part~="call-state"]'))?.focus());
      }
    }
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
      const [engine, { iceServers }] = await Promise.all([loadVideoEngine(), videoOf(client).iceServers()]);
      if (generation !== this.#generation) return;
      const transport = new engine.MeshTransport({ signaling: handle, iceServers, iceTransportPolicy: this.relayOnly ? 'relay' : 'all' });
      this.#transport = transport;
      this.#stops.push(
        transport.on('remote-stream', ({ peerId, stream: s }) => {
          this.#setRemote(peerId, { stream: s });
          this.#recorder?.add(s);
        }),
        transport.on('peer-state', ({ peerId, state }) => this.#setRemote(peerId, { state })),
        transport.on('stats', ({ peerId, stats }) => {
          this.#qualities.set(peerId, networkQuality(stats));
          this.quality = worstQuality(this.#qualities.values());
          if (this.#bandwidth.sample(peerId, stats) && !this.audioOnly) void this.#fallBackToAudio();
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
      this.#bandwidth.forget(peerId);
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
    // Someone let in during a recording would be recorded without their consent.
    if (!client || !room || this.recording) return;
    this.actionError = undefined;
    try {
      const updated = await videoOf(client).admit(room.id, participant.id);
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

  /** What the camera slot sends now: nothing in audio-only, else the shared screen or image, else the camera. */
  #videoSource(): MediaStreamTrack | null {
    if (this.audioOnly) return null;
    return this.shared?.track ?? this.stream?.getVideoTracks()[0] ?? null;
  }

  async #sendVideo(): Promise<void> {
    try {
      await this.#transport?.replaceVideoTrack(this.#videoSource());
    } catch (e) {
      this.actionError = e;
    }
  }

  async #fallBackToAudio(): Promise<void> {
    this.audioOnly = true;
    await this.#sendVideo();
  }

  #videoBack = async () => {
    this.audioOnly = false;
    this.#bandwidth.forget();
    await this.#sendVideo();
  };

  /** Another camera or microphone during the call: the new track replaces the old on every connection. */
  async #switchDevice(kind: keyof DeviceChoice, id: string): Promise<void> {
    const stream = this.stream;
    const transport = this.#transport;
    if (!stream || !transport) return;
    const type = kind === 'cameraId' ? 'video' : 'audio';
    const generation = this.#generation;
    this.actionError = this.notice = undefined;
    try {
      const track = await openDevice(type, id);
      if (generation !== this.#generation) return track.stop();
      const old = type === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
      await transport.switchDevice(type, track);
      old?.stop();
      this.choice = { ...this.choice, [kind]: id };
      if (type === 'video') await this.#sendVideo(); // sharing or audio-only stays as it was
      this.requestUpdate();
    } catch (problem) {
      this.notice = typeof problem === 'string' ? (`video.device.${problem}` as StringKey) : undefined;
      if (!this.notice) this.actionError = problem;
    }
  }

  #toggleDevices = async () => {
    this.devicesOpen = !this.devicesOpen;
    if (this.devicesOpen) this.devices = await listDevices();
  };

  async #share(kind: 'screen' | 'image', file?: Blob): Promise<void> {
    this.actionError = this.notice = undefined;
    let shared: SharedTrack;
    try {
      shared = kind === 'screen' ? await shareScreen() : await shareImage(file!);
    } catch {
      this.notice = 'video.shareFailed';
      return;
    }
    if (!this.#transport) return shared.stop();
    this.shared?.stop();
    this.shared = { kind, ...shared };
    // The browser's own "stop sharing" bar ends the track: back to the camera.
    shared.track.addEventListener('ended', () => this.shared?.track === shared.track && void this.#stopSharing());
    await this.#sendVideo();
  }

  #pickImage = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.#share('image', file);
  };

  #stopSharing = async () => {
    const shared = this.shared;
    this.shared = undefined;
    await this.#sendVideo();
    shared?.stop();
  };

  // ——— specialist invitation (the consult's doctor) ———

  /** Opens the invitation panel with focus on its choice of doctor; closing it puts focus back on its button. */
  #toggleInvite = async () => {
    this.inviteOpen = !this.inviteOpen;
    this.#focus = this.inviteOpen ? '[part~="invite-select"]' : '[part~="invite-button"]';
    if (!this.inviteOpen || this.doctors || !this.client) return;
    try {
      this.doctors = (await this.client.listDoctors()).items;
      this.inviteDoctor = this.doctors[0]?.id;
      if (this.inviteOpen) this.#focus = '[part~="invite-select"]';
    } catch (e) {
      this.actionError = e;
    }
  };

  #invite = async () => {
    const client = this.client;
    const room = this.room;
    const doctor = this.doctors?.find((d) => d.id === this.inviteDoctor);
    if (!client || !room || !doctor || this.recording) return;
    this.notice = undefined;
    await this.runAction(async () => {
      this.#onRoom(await videoOf(client).invite(room.id, doctor.id));
      this.inviteOpen = false;
      this.invited = this.l10n.pick(doctor.name, doctor.nameEn);
      this.#focus = '[part~="invite-button"]';
    });
  };

  // ——— recording, with everyone's consent ———

  #requestRecording = async () => {
    const client = this.client;
    const room = this.room;
    if (!client || !room) return;
    this.actionError = undefined;
    try {
      this.#onRoom(await videoOf(client).requestRecording(room.id));
    } catch (e) {
      this.actionError = e;
    }
  };

  #consent = async (consent: boolean) => {
    const client = this.client;
    const room = this.room;
    if (!client || !room) return;
    this.actionError = undefined;
    try {
      this.#onRoom(await videoOf(client).consent(room.id, consent));
    } catch (e) {
      this.actionError = e;
    }
  };

  /** The doctor's element records while everyone has agreed, and saves what it has when that ends. */
  #followRecording(room: VideoRoom): void {
    if (this.callRole !== 'doctor' || !this.#transport) return;
    const agreed = room.recording.status === 'consented' && room.status === 'open';
    if (agreed && !this.#recorder && !this.recording && canRecord() && this.stream) {
      this.#recorder = startMixedRecording([this.stream, ...[...this.remotes.values()].flatMap((r) => (r.stream ? [r.stream] : []))]);
      this.recording = 'on';
    } else if (!agreed && this.#recorder) void this.#stopRecording();
  }

  /** Stops the recording (if any) and saves it with the consult. */
  #stopRecording = async (): Promise<void> => {
    const recorder = this.#recorder;
    const client = this.client;
    const room = this.room;
    if (!recorder || !client || !room) return;
    this.#recorder = undefined;
    this.recording = 'saving';
    try {
      const { blob, durationMs } = await recorder.stop();
      await videoOf(client).uploadRecording(room.id, blob, { durationMs });
      this.notice = 'video.record.saved';
    } catch (e) {
      this.actionError = e;
    } finally {
      this.recording = undefined;
    }
  };

  #hangUp = async () => {
    const client = this.client;
    const room = this.room;
    // The doctor's hang-up ends the call for everyone; the patient only leaves it.
    if (this.callRole === 'doctor' && client && room && room.status === 'open') {
      try {
        await this.#stopRecording();
        await videoOf(client).end(room.id);
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
    void this.#loadRecordings(); // one may have been made in this call
    if (room && joined) emit(this, 'ih-video-ended', { consultId: room.consultId, roomId: room.id });
  }

  /** Stops everything of the current call: media, the transport, the room subscription. */
  #teardown(): void {
    if (this.#recorder) void this.#stopRecording(); // what was recorded with consent is kept
    this.#generation++;
    this.shared?.stop();
    this.shared = undefined;
    this.audioOnly = this.devicesOpen = this.inviteOpen = false;
    this.invited = undefined;
    this.#bandwidth.forget();
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
    if (this.#followsInvitations) void this.#loadInvitations(); // the call just left may be gone
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
          </div>
          ${this.#renderRecordings()}`;
      default:
        return this.#renderCall();
    }
  }

  #renderIdle(): TemplateResult {
    if (this.#followsInvitations) {
      if (this.invitationsError !== undefined) return this.renderError(this.invitationsError, () => void this.#loadInvitations());
      if (!this.candidates) return this.renderLoading(2);
      // Nothing to join, nothing to press: the invitation shows here the moment it is sent.
      if (!this.candidates.length) return this.renderEmpty(this.msg('video.invitations.none'), this.msg('video.invitations.noneHint'));
    }
    if (!this.activeConsultId && this.candidates && !this.candidates.length) return this.renderEmpty(this.msg('video.noConsult'), this.msg('video.noConsultHint'), this.#startButton());
    const only = this.#followsInvitations && this.candidates?.length === 1 ? this.candidates[0] : undefined;
    return html`${only ? html`<p part="invitation" class="invitation" role="status">${this.msg('video.invitedTo', { call: only.label })}</p>` : nothing}
      ${this.candidates && this.candidates.length > 1 && !this.consultId
        ? html`<div class="field">
            <label for="consult-select">${this.msg(this.callRole === 'specialist' ? 'video.invitationPick' : 'video.consultPick')}</label>
            <select id="consult-select" part="consult-select" .value=${this.pickedConsult ?? ''} @change=${(e: Event) => (this.pickedConsult = (e.target as HTMLSelectElement).value)}>
              ${this.candidates.map((c) => html`<option value=${c.id} ?selected=${c.id === this.pickedConsult}>${c.label}</option>`)}
            </select>
          </div>`
        : nothing}
      <p class="muted">${this.msg('video.startHint')}</p>
      <div class="actions">${this.#startButton()}</div>
      ${this.#renderRecordings()}`;
  }

  #startButton(label: StringKey = 'video.start'): TemplateResult {
    return html`<button type="button" part="start-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#start}>${this.msg(label)}</button>`;
  }

  #renderDeviceCheck(): TemplateResult {
    const select = (kind: keyof DeviceChoice, part: string, label: StringKey, list: MediaDeviceInfo[]) =>
      this.#deviceSelect(kind, part, label, list, (id) => this.#choose(kind, id));
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

  #deviceSelect(kind: keyof DeviceChoice, part: string, label: StringKey, list: MediaDeviceInfo[], choose: (id: string) => void): TemplateResult | typeof nothing {
    return list.length
      ? html`<div class="field">
          <label for=${part}>${this.msg(label)}</label>
          <select id=${part} part=${part} @change=${(e: Event) => choose((e.target as HTMLSelectElement).value)}>
            ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === this.choice[kind]}>${d.label || `${this.msg(label)} ${i + 1}`}</option>`)}
          </select>
        </div>`
      : nothing;
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
        ${this.call === 'waiting-room' ? nothing : repeat(others, (p) => p.id, (p) => this.#renderTile(p))}
        <li part="tile tile-self" class="tile self">
          <video part="self-video" class="video" .srcObject=${this.stream ?? null} .muted=${true} autoplay playsinline aria-label=${this.msg('video.you')}></video>
          <span part="tile-name" class="tile-name">${this.msg('video.you')}</span>
        </li>
      </ul>
      ${this.call === 'connected' && !others.some((p) => this.remotes.get(p.id)?.state === 'connected') ? html`<p class="muted">${this.msg('video.alone')}</p>` : nothing}
      ${this.#renderRecording()} ${this.#renderSharing()}
      ${this.callRole === 'doctor' ? this.#renderWaitingList(waiting) : nothing}
      ${live ? this.#renderControls() : nothing}
      ${live && this.devicesOpen
        ? html`<div part="devices" class="device-fields panel">
            ${this.#deviceSelect('cameraId', 'camera-select', 'video.device.camera', this.devices.cameras, (id) => void this.#switchDevice('cameraId', id))}
            ${this.#deviceSelect('microphoneId', 'microphone-select', 'video.device.microphone', this.devices.microphones, (id) => void this.#switchDevice('microphoneId', id))}
          </div>`
        : nothing}
      ${live && this.inviteOpen ? this.#renderInvite() : nothing}
      ${this.invited ? html`<p class="muted" role="status">${this.msg('video.invite.sent', { name: this.invited })}</p>` : nothing}
    </div>`;
  }

  #renderControls(): TemplateResult {
    const joined = !!this.#transport;
    const button = (part: string, label: StringKey, onClick: () => unknown, pressed?: boolean) =>
      html`<button type="button" part=${part} class="button" aria-pressed=${pressed === undefined ? nothing : pressed ? 'true' : 'false'} @click=${onClick}>${this.msg(label)}</button>`;
    return html`<div part="controls" class="actions controls">
      ${button('mute-button', this.muted ? 'video.unmute' : 'video.mute', this.#toggleMute, this.muted)}
      ${button('camera-button', this.cameraOff ? 'video.cameraOn' : 'video.cameraOff', this.#toggleCamera, this.cameraOff)}
      ${joined ? button('devices-button', 'video.devices', this.#toggleDevices, this.devicesOpen) : nothing}
      ${joined && this.shared ? button('stop-sharing-button', 'video.stopSharing', this.#stopSharing) : nothing}
      ${joined && !this.shared && canShareScreen() ? button('share-screen-button', 'video.shareScreen', () => this.#share('screen')) : nothing}
      ${joined && !this.shared
        ? html`<label part="share-image-button" class="button file-button"
            >${this.msg('video.shareImage')}<input type="file" accept="image/*" class="visually-hidden" @change=${this.#pickImage}
          /></label>`
        : nothing}
      ${joined && this.callRole === 'doctor' ? button('invite-button', 'video.invite.open', this.#toggleInvite, this.inviteOpen) : nothing}
      ${joined && this.callRole === 'doctor' && canRecord() && !this.recording && this.room?.recording.status !== 'requested' && this.room?.recording.status !== 'consented'
        ? button('record-button', 'video.record.request', this.#requestRecording)
        : nothing}
      ${this.recording === 'on' ? button('record-stop-button', 'video.record.stop', this.#stopRecording) : nothing}
      <button type="button" part="hang-up-button" class="button danger" @click=${this.#hangUp}>
        ${this.msg(this.callRole === 'doctor' ? 'video.endForAll' : 'video.hangUp')}
      </button>
    </div>`;
  }

  #renderRecordings(): TemplateResult | typeof nothing {
    const items = this.recordings;
    if (!items?.length) return nothing;
    const length = (ms?: number) => (ms === undefined ? '' : ` · ${Math.floor(ms / 60000)}:${String(Math.round(ms / 1000) % 60).padStart(2, '0')}`);
    return html`<div part="recordings" class="panel">
      <div class="subheading" role="heading" aria-level=${this.headingLevel + 1}>${this.msg('video.recordings')}</div>
      <ul class="waiting-list" role="list">
        ${items.map(
          (r) => html`<li part="recording-item">
            <span id="rec-${r.id}">${this.l10n.date(r.createdAt)} ${this.l10n.time(r.createdAt)}${length(r.durationMs)}</span>
            ${this.listening?.id === r.id
              ? html`<audio data-recording=${r.id} controls src=${this.listening.url} aria-labelledby="rec-${r.id}"></audio>`
              : html`<button type="button" part="listen-button" class="button" aria-describedby="rec-${r.id}" @click=${() => void this.#listen(r)}>${this.msg('video.recordings.listen')}</button>`}
          </li>`,
        )}
      </ul>
    </div>`;
  }

  #renderSharing(): TemplateResult | typeof nothing {
    if (this.audioOnly) {
      return html`<div part="audio-only" class="alert info" role="status">
        <p>${this.msg('video.audioOnly')}</p>
        <button type="button" part="video-back-button" class="button" @click=${this.#videoBack}>${this.msg('video.videoBack')}</button>
      </div>`;
    }
    return this.shared
      ? html`<p part="sharing" class="muted" role="status">${this.msg(this.shared.kind === 'screen' ? 'video.sharingScreen' : 'video.sharingImage')}</p>`
      : nothing;
  }

  #renderRecording(): TemplateResult | typeof nothing {
    const room = this.room;
    const rec = room?.recording;
    if (!room || !rec || rec.status === 'off') return nothing;
    if (consentAsked(room)) {
      return html`<div part="consent" class="panel" role="alertdialog" aria-labelledby="consent-text">
        <p id="consent-text">${this.msg('video.record.asked')}</p>
        <div class="actions">
          <button type="button" part="consent-agree-button" class="button primary" @click=${() => this.#consent(true)}>${this.msg('video.record.agree')}</button>
          <button type="button" part="consent-decline-button" class="button" @click=${() => this.#consent(false)}>${this.msg('video.record.decline')}</button>
        </div>
      </div>`;
    }
    const key: StringKey =
      this.recording === 'saving' ? 'video.record.saving' : rec.status === 'consented' ? 'video.record.on' : rec.status === 'declined' ? 'video.record.declined' : 'video.record.waiting';
    return html`<p part="recording recording-${rec.status}" class="recording ${rec.status}" role="status">${this.msg(key)}</p>`;
  }

  #renderInvite(): TemplateResult {
    const doctors = this.doctors;
    return html`<div part="invite-panel" class="panel">
      ${doctors === undefined
        ? this.renderLoading()
        : html`<div class="field">
              <label for="invite-select">${this.msg('video.invite.doctor')}</label>
              <select id="invite-select" part="invite-select" @change=${(e: Event) => (this.inviteDoctor = (e.target as HTMLSelectElement).value)}>
                ${doctors.map((d) => {
                  const specialty = this.l10n.pick(d.specialty, d.specialtyEn);
                  return html`<option value=${d.id} ?selected=${d.id === this.inviteDoctor}>${this.l10n.pick(d.name, d.nameEn)}${specialty ? ` · ${specialty}` : ''}</option>`;
                })}
              </select>
            </div>
            <div class="actions">
              <button type="button" part="invite-send-button" class="button primary" aria-disabled=${this.busy || this.recording ? 'true' : 'false'} @click=${this.#invite}>
                ${this.msg('video.invite.send')}
              </button>
              <button type="button" part="invite-close-button" class="button" @click=${this.#toggleInvite}>${this.msg('video.invite.close')}</button>
            </div>
            ${this.recording ? html`<p class="muted">${this.msg('video.record.locked')}</p>` : nothing}`}
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
                <button type="button" part="admit-button" class="button primary" aria-describedby="waiting-${p.id}" aria-disabled=${this.recording ? 'true' : 'false'} @click=${() => void this.#admit(p)}>
                  ${this.msg('video.admit')}
                </button>
              </li>`,
            )}
          </ul>
          ${this.recording ? html`<p class="muted">${this.msg('video.record.locked')}</p>` : nothing}`
        : html`<p class="muted">${this.msg('video.waitingNone')}</p>`}
    </div>`;
  }
}
