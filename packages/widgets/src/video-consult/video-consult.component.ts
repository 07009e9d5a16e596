import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { nextCallState, type CallEvent, type CallState } from '@ihkit/video';
import { videoOf, type VideoRoom } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { viewHeader } from '../internal/view-header.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import type { StringKey } from '../internal/localize.js';
import { consultErrorStrings } from '../locales/areas.js';
import { videoStrings } from '../locales/video/area.js';
import { createRealtime } from '../consult/default-realtime.js';
import type { VideoHost, VideoRealtime, ControlButton } from './video-part.js';
import { ConsultChoice } from './consult-choice.js';
import { DeviceCheck } from './device-check.js';
import { CallSession, type VideoParticipant } from './call-session.js';
import { OutgoingVideo } from './outgoing-video.js';
import { RecordingConsent } from './recording-consent.js';
import { SpecialistInvite } from './specialist-invite.js';
import { SavedRecordings } from './saved-recordings.js';
import styles from './video-consult.styles.js';

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
    notice: { state: true },
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
  /** Shown in place of the action error: a device that failed, a full room, a recording saved… */
  private notice?: StringKey;
  readonly #focus = new FocusAfterUpdate(this);

  /** This element as its parts see it. */
  readonly #host = this as unknown as VideoHost;

  readonly #choice = new ConsultChoice(this.#host);
  readonly #media = new DeviceCheck(this.#host);
  readonly #call = new CallSession(this.#host, this.#media, {
    room: (room) => this.#onRoom(room),
    ended: () => this.#finish(),
    remoteStream: (stream) => this.#recording.add(stream),
    stats: (peerId, stats) => this.#outgoing.sample(peerId, stats),
    peerLeft: (peerId) => this.#outgoing.forget(peerId),
  });
  readonly #outgoing = new OutgoingVideo(this.#host, this.#media, () => this.#call.transport);
  readonly #recording = new RecordingConsent(this.#host, this.#call, this.#media, (room) => this.#onRoom(room));
  readonly #invite = new SpecialistInvite(this.#host, this.#call, (room) => this.#onRoom(room), this.#recording);
  readonly #recordings = new SavedRecordings(this.#host);

  /** The consult this element calls about. */
  get activeConsultId(): string | undefined {
    return this.consultId ?? this.#choice.picked;
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

  /** Moves the call's state machine on; false when the event does not apply in this state. */
  protected go(event: CallEvent): boolean {
    const next = nextCallState(this.call, event);
    if (next) this.call = next;
    return next !== undefined;
  }

  /** Focuses what `selector` matches after the next update. */
  protected focusNext(selector: string): void {
    this.#focus.next(selector);
  }

  /** The page's live connection (while signed in), with its video part. */
  protected videoRealtime(): VideoRealtime | undefined {
    return this.client ? (this.config?.realtime(createRealtime) as VideoRealtime | undefined) : undefined;
  }

  // ——— the steps of a call; each part does its own share ———

  #start = async () => {
    if (!this.client || this.busy) return;
    this.actionError = this.notice = undefined;
    if (!(await this.#choice.pick())) return;
    if (!this.go('check-devices')) return;
    this.#focus.next('[part~="device-check"] [part~="heading-device"]');
    await this.#media.open();
  };

  #cancel = () => {
    this.#teardown();
    this.call = 'idle';
    this.#focus.next('[part~="start-button"]');
  };

  #join = () => void this.#call.join(this.#choice.roomOf(this.activeConsultId));

  /** The room as the gateway sees it now, from the live connection or an action's answer. */
  #onRoom(room: VideoRoom): void {
    if (room.id !== this.#call.roomId) return;
    this.#recording.moveFocus(this.#call.room, room);
    this.#call.room = room;
    this.requestUpdate();
    if (room.status === 'ended') return this.#finish();
    const self = room.participants.find((p) => p.id === room.self);
    if (this.call === 'waiting-room' && self?.admitted && this.go('admit')) void this.#call.connect();
    else this.#call.followMedia(room);
    this.#recording.follow(room);
  }

  #hangUp = async () => {
    const client = this.client;
    const room = this.#call.room;
    // The doctor's hang-up ends the call for everyone; the patient only leaves it.
    if (this.callRole === 'doctor' && client && room && room.status === 'open') {
      try {
        await this.#recording.stop();
        await videoOf(client).end(room.id);
      } catch {
        // Leaving still works; the room ends when the consult does.
      }
    }
    this.#finish();
  };

  /** Leaves the call and ends it on this side; `ih-video-ended` when a room was joined. */
  #finish(): void {
    const room = this.#call.room;
    const joined = this.#call.roomId;
    this.#teardown();
    this.go('hang-up');
    this.call = 'ended';
    this.#focus.next('[part~="ended"]');
    void this.#recordings.load(); // one may have been made in this call
    if (room && joined) emit(this, 'ih-video-ended', { consultId: room.consultId, roomId: room.id });
  }

  /** Stops everything of the current call: the recording (saved), sharing, the room and its media, the devices. */
  #teardown(): void {
    this.#recording.close();
    this.#outgoing.close();
    this.#invite.close();
    this.#call.leave();
    this.#media.close();
    this.busy = false;
  }

  #reset(): void {
    this.#teardown();
    this.call = 'idle';
    this.#call.reset();
    this.actionError = this.notice = undefined;
  }

  #restart = () => {
    this.#reset();
    this.#choice.restart();
    this.#focus.next('[part~="start-button"]');
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
        return this.#media.render(this.#join, this.#cancel);
      case 'ended':
      case 'failed':
        return html`<p part="ended" class="message-line" role="status" tabindex="-1">${this.msg(this.call === 'ended' ? 'video.state.ended' : 'video.state.failed')}</p>
          <div class="actions">
            ${this.call === 'failed'
              ? html`<button type="button" part="hang-up-button" class="button danger" @click=${this.#hangUp}>${this.msg('video.hangUp')}</button>`
              : nothing}
            <button type="button" part="restart-button" class="button" @click=${this.#restart}>${this.msg('video.restart')}</button>
          </div>
          ${this.#recordings.render()}`;
      default:
        return this.#renderCall();
    }
  }

  #renderIdle(): TemplateResult {
    const { candidates, error } = this.#choice;
    if (this.#choice.follows) {
      if (error !== undefined) return this.renderError(error, () => void this.#choice.load());
      if (!candidates) return this.renderLoading(2);
      // Nothing to join, nothing to press: the invitation shows here the moment it is sent.
      if (!candidates.length) return this.renderEmpty(this.msg('video.invitations.none'), this.msg('video.invitations.noneHint'));
    }
    if (!this.activeConsultId && candidates && !candidates.length) return this.renderEmpty(this.msg('video.noConsult'), this.msg('video.noConsultHint'), this.#startButton());
    return html`${this.#choice.render()}
      <p class="muted">${this.msg('video.startHint')}</p>
      <div class="actions">${this.#startButton()}</div>
      ${this.#recordings.render()}`;
  }

  #startButton(): TemplateResult {
    return html`<button type="button" part="start-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#start}>${this.msg('video.start')}</button>`;
  }

  #renderCall(): TemplateResult {
    const live = IN_CALL.includes(this.call);
    return html`<div part="call" class="call">
      ${this.#call.renderState()} ${this.#call.renderTiles()} ${this.#recording.render()} ${this.#outgoing.render()}
      ${this.callRole === 'doctor' ? this.#call.renderWaitingList(this.#admit, this.#recording.renderLocked()) : nothing}
      ${live ? this.#renderControls() : nothing} ${live ? this.#media.renderInCall((kind, id) => void this.#media.switchDevice(kind, id, this.#call.transport, this.#outgoing.send)) : nothing}
      ${this.#invite.render(live)}
    </div>`;
  }

  /** Someone let in during a recording would be recorded without their consent. */
  #admit = (participant: VideoParticipant) => {
    if (!this.#recording.status) void this.#call.admit(participant);
  };

  #renderControls(): TemplateResult {
    const joined = !!this.#call.transport;
    const button: ControlButton = (part, label, onClick, pressed) =>
      html`<button type="button" part=${part} class="button" aria-pressed=${pressed === undefined ? nothing : pressed ? 'true' : 'false'} @click=${onClick}>${this.msg(label)}</button>`;
    return html`<div part="controls" class="actions controls">
      ${this.#call.renderButtons(button)}
      ${joined ? html`${button('devices-button', 'video.devices', this.#media.toggleInCall, this.#media.inCallOpen)} ${this.#outgoing.renderButtons(button)} ${this.#invite.renderButton(button)}` : nothing}
      ${this.#recording.renderButtons(button, joined)}
      <button type="button" part="hang-up-button" class="button danger" @click=${this.#hangUp}>
        ${this.msg(this.callRole === 'doctor' ? 'video.endForAll' : 'video.hangUp')}
      </button>
    </div>`;
  }
}
