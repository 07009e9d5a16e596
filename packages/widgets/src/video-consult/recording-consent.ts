import { html, nothing, type TemplateResult } from 'lit';
import { videoOf, type VideoRoom } from '@ihkit/core';
import { deepActiveElement } from '../internal/focus.js';
import type { StringKey } from '../internal/localize.js';
import { canRecord, startMixedRecording, type MixedRecording } from './recorder.js';
import type { CallSession } from './call-session.js';
import type { DeviceCheck } from './device-check.js';
import { VideoPart, type VideoHost, type ControlButton } from './video-part.js';

/** Whether the room asks this user to agree to a recording (and they have not answered yet). */
const consentAsked = (room: VideoRoom): boolean => room.recording.status === 'requested' && room.participants.find((p) => p.id === room.self)?.consent == null;

/**
 * Recording the call's sound, only with everyone's consent: the doctor asks, each participant
 * agrees or declines, the doctor's element records while everyone has agreed and saves the
 * recording with the consult when that ends (or the call does).
 */
export class RecordingConsent extends VideoPart<RecordingConsent> {
  /** The doctor's side of a recording: running, or being saved. */
  status?: 'on' | 'saving';
  #recorder?: MixedRecording;
  /** What had focus on the page when the recording question came up (null: nothing). */
  #beforeConsent?: HTMLElement | null;

  readonly #call: CallSession;
  readonly #media: DeviceCheck;
  /** Takes the room the gateway answers with. */
  readonly #onRoom: (room: VideoRoom) => void;

  constructor(host: VideoHost, call: CallSession, media: DeviceCheck, onRoom: (room: VideoRoom) => void) {
    super(host);
    this.#call = call;
    this.#media = media;
    this.#onRoom = onRoom;
  }

  /**
   * The recording question is an alertdialog: when it appears, focus moves to its least
   * consequential answer (decline); once it is answered, focus goes back to where it was.
   */
  moveFocus(before: VideoRoom | undefined, after: VideoRoom): void {
    const asked = consentAsked(after);
    if (asked && !(before && consentAsked(before))) {
      const active = deepActiveElement(); // through shadow roots: it may be in the clinic around this element
      this.#beforeConsent = active instanceof HTMLElement && active !== document.body ? active : null;
      this.host.focusNext('[part~="consent-decline-button"]');
    } else if (!asked && this.#beforeConsent !== undefined) {
      const back = this.#beforeConsent;
      this.#beforeConsent = undefined;
      const { host } = this;
      if (host.shadowRoot?.activeElement?.closest('[part~="consent"]')) {
        void host.updateComplete.then(() => (back?.isConnected ? back : host.shadowRoot?.querySelector<HTMLElement>('[part~="call-state"]'))?.focus());
      }
    }
  }

  /** The doctor's element records while everyone has agreed, and saves what it has when that ends. */
  follow(room: VideoRoom): void {
    if (this.host.callRole !== 'doctor' || !this.#call.transport) return;
    const agreed = room.recording.status === 'consented' && room.status === 'open';
    const stream = this.#media.stream;
    if (agreed && !this.#recorder && !this.status && canRecord() && stream) {
      this.#recorder = startMixedRecording([stream, ...[...this.#call.remotes.values()].flatMap((r) => (r.stream ? [r.stream] : []))]);
      this.set({ status: 'on' });
    } else if (!agreed && this.#recorder) void this.stop();
  }

  /** A participant's media arrived: their sound joins the recording (if one runs). */
  add(stream: MediaStream): void {
    this.#recorder?.add(stream);
  }

  /** Asks for a recording, or answers the question; the room the gateway answers with goes to the element. */
  async #ask(answer: (api: ReturnType<typeof videoOf>, roomId: string) => Promise<VideoRoom>): Promise<void> {
    const client = this.host.client;
    const room = this.#call.room;
    if (client && room) await this.attempt(async () => this.#onRoom(await answer(videoOf(client), room.id)));
  }

  #request = () => this.#ask((api, roomId) => api.requestRecording(roomId));
  #consent = (consent: boolean) => this.#ask((api, roomId) => api.consent(roomId, consent));

  /** Stops the recording (if any) and saves it with the consult. */
  stop = async (): Promise<void> => {
    const { host } = this;
    const recorder = this.#recorder;
    const client = host.client;
    const room = this.#call.room;
    if (!recorder || !client || !room) return;
    this.#recorder = undefined;
    this.set({ status: 'saving' });
    try {
      const { blob, durationMs } = await recorder.stop();
      await videoOf(client).uploadRecording(room.id, blob, { durationMs });
      host.notice = 'video.record.saved';
    } catch (e) {
      host.actionError = e;
    } finally {
      this.set({ status: undefined });
    }
  };

  /** The call is over: what was recorded with consent is kept. */
  close(): void {
    if (this.#recorder) void this.stop();
  }

  /** Why nobody may join now (a recording runs: they would be recorded without their consent). */
  renderLocked(): TemplateResult | typeof nothing {
    return this.status ? html`<p class="muted">${this.host.msg('video.record.locked')}</p>` : nothing;
  }

  /** The question to agree to the recording, or the recording's state. */
  render(): TemplateResult | typeof nothing {
    const { host } = this;
    const room = this.#call.room;
    const rec = room?.recording;
    if (!room || !rec || rec.status === 'off') return nothing;
    if (consentAsked(room)) {
      return html`<div part="consent" class="panel" role="alertdialog" aria-labelledby="consent-text">
        <p id="consent-text">${host.msg('video.record.asked')}</p>
        <div class="actions">
          <button type="button" part="consent-agree-button" class="button primary" @click=${() => this.#consent(true)}>${host.msg('video.record.agree')}</button>
          <button type="button" part="consent-decline-button" class="button" @click=${() => this.#consent(false)}>${host.msg('video.record.decline')}</button>
        </div>
      </div>`;
    }
    const key: StringKey =
      this.status === 'saving' ? 'video.record.saving' : rec.status === 'consented' ? 'video.record.on' : rec.status === 'declined' ? 'video.record.declined' : 'video.record.waiting';
    return html`<p part="recording recording-${rec.status}" class="recording ${rec.status}" role="status">${host.msg(key)}</p>`;
  }

  /** The doctor's record button, or the button that stops the recording. */
  renderButtons(button: ControlButton, joined: boolean): TemplateResult | typeof nothing {
    const status = this.#call.room?.recording.status;
    if (this.status === 'on') return button('record-stop-button', 'video.record.stop', this.stop);
    return joined && this.host.callRole === 'doctor' && canRecord() && !this.status && status !== 'requested' && status !== 'consented'
      ? button('record-button', 'video.record.request', this.#request)
      : nothing;
  }
}
