import { html, nothing, type TemplateResult } from 'lit';
import type { VideoTransport } from '@ihkit/video';
import { iconAlert } from '../internal/icons.js';
import type { StringKey } from '../internal/localize.js';
import { listDevices, openDevice, openDevices, stopStream, watchMicLevel, type DeviceChoice, type DeviceLists, type DeviceProblem } from './media-devices.js';
import { VideoPart } from './video-part.js';

/**
 * The camera and microphone: the device check before a call (preview, microphone level, the
 * choice of devices, why they could not be opened), the stream the call sends, and another
 * camera or microphone chosen during the call.
 */
export class DeviceCheck extends VideoPart<DeviceCheck> {
  checking = false;
  problem?: DeviceProblem;
  stream?: MediaStream;
  devices: DeviceLists = { cameras: [], microphones: [] };
  choice: DeviceChoice = {};
  micLevel = 0;
  /** The camera and microphone choice shown during the call. */
  inCallOpen = false;
  #stopMic?: () => void;
  /** Bumped by close(): async steps of an older check stop there. */
  #generation = 0;

  /** Opens the chosen camera and microphone (again) for the check; says why when they cannot be. */
  async open(): Promise<void> {
    const generation = this.#generation;
    this.stopMic();
    stopStream(this.stream);
    this.set({ checking: true, problem: undefined, stream: undefined });
    try {
      const stream = await openDevices(this.choice);
      if (generation !== this.#generation || this.host.call !== 'device-check') return stopStream(stream);
      this.set({ stream });
      this.#stopMic = watchMicLevel(stream, (micLevel) => this.set({ micLevel }));
      const devices = await listDevices();
      const id = (t?: MediaStreamTrack) => t?.getSettings?.().deviceId;
      this.set({ devices, choice: { cameraId: id(stream.getVideoTracks()[0]) ?? this.choice.cameraId, microphoneId: id(stream.getAudioTracks()[0]) ?? this.choice.microphoneId } });
    } catch (problem) {
      if (generation !== this.#generation) return;
      this.set({ problem: typeof problem === 'string' ? (problem as DeviceProblem) : 'unsupported' });
      this.host.focusNext('[part~="device-error"]');
    } finally {
      this.set({ checking: false });
    }
  }

  /** Stops the microphone level (the call has started). */
  stopMic(): void {
    this.#stopMic?.();
    this.#stopMic = undefined;
  }

  /** Stops the devices and forgets what an unfinished step of the check would do. */
  close(): void {
    this.#generation++;
    this.stopMic();
    stopStream(this.stream);
    this.set({ stream: undefined, problem: undefined, micLevel: 0, inCallOpen: false });
  }

  #choose(kind: keyof DeviceChoice, id: string): void {
    this.set({ choice: { ...this.choice, [kind]: id } });
    void this.open();
  }

  toggleInCall = async () => {
    this.set({ inCallOpen: !this.inCallOpen });
    if (this.inCallOpen) this.set({ devices: await listDevices() });
  };

  /**
   * Another camera or microphone during the call: the new track replaces the old on every
   * connection; `switched` runs after a new camera (to send what the camera slot sends now).
   */
  async switchDevice(kind: keyof DeviceChoice, id: string, transport: VideoTransport | undefined, switched: () => Promise<void>): Promise<void> {
    const stream = this.stream;
    if (!stream || !transport) return;
    const type = kind === 'cameraId' ? 'video' : 'audio';
    const generation = this.#generation;
    const { host } = this;
    host.actionError = host.notice = undefined;
    try {
      const track = await openDevice(type, id);
      if (generation !== this.#generation) return track.stop();
      const old = type === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
      await transport.switchDevice(type, track);
      old?.stop();
      this.set({ choice: { ...this.choice, [kind]: id } });
      if (type === 'video') await switched(); // sharing or audio-only stays as it was
      host.requestUpdate();
    } catch (problem) {
      const notice = typeof problem === 'string' ? (`video.device.${problem}` as StringKey) : undefined;
      host.notice = notice;
      if (!notice) host.actionError = problem;
    }
  }

  /** The device check panel; `join` and `cancel` are the element's. */
  render(join: () => void, cancel: () => void): TemplateResult {
    const { host } = this;
    const busy = host.busy;
    const cancelButton = html`<button type="button" part="cancel-button" class="button" @click=${cancel}>${host.msg('video.cancel')}</button>`;
    return html`<div part="device-check" class="panel">
      <div part="heading-device" class="subheading" role="heading" aria-level=${host.headingLevel + 1} tabindex="-1">${host.msg('video.device.title')}</div>
      ${this.problem
        ? html`<div part="device-error" class="alert" role="alert" tabindex="-1">${iconAlert}<p>${host.msg(`video.device.${this.problem}`)}</p></div>
            <div class="actions">
              <button type="button" part="retry-button" class="button" @click=${() => void this.open()}>${host.msg('video.device.retry')}</button>
              ${cancelButton}
            </div>`
        : html`${this.checking && !this.stream ? html`<p class="muted" role="status">${host.msg('video.checking')}</p>` : nothing}
            <div class="preview-row">
              <video part="preview self-video" class="video" aria-label=${host.msg('video.device.preview')} .srcObject=${this.stream ?? null} .muted=${true} autoplay playsinline></video>
              <div class="device-fields">
                ${this.#selects((kind, id) => this.#choose(kind, id))}
                <div class="field">
                  <label for="mic-level">${host.msg('video.device.micLevel')}</label>
                  <meter id="mic-level" part="mic-level" min="0" max="1" low="0.05" .value=${this.micLevel}></meter>
                  <p class="muted">${host.msg('video.device.micHint')}</p>
                </div>
              </div>
            </div>
            <div class="actions">
              <button type="button" part="join-button" class="button primary" aria-disabled=${!this.stream || busy ? 'true' : 'false'} @click=${join}>
                ${host.msg(busy ? 'video.joining' : 'video.join')}
              </button>
              ${cancelButton}
            </div>`}
    </div>`;
  }

  /** The camera and microphone choice during the call (when opened); `choose` switches. */
  renderInCall(choose: (kind: keyof DeviceChoice, id: string) => void): TemplateResult | typeof nothing {
    return this.inCallOpen ? html`<div part="devices" class="device-fields panel">${this.#selects(choose)}</div>` : nothing;
  }

  #selects(choose: (kind: keyof DeviceChoice, id: string) => void): TemplateResult {
    const { host } = this;
    const select = (kind: keyof DeviceChoice, part: string, label: StringKey, list: MediaDeviceInfo[]) =>
      list.length
        ? html`<div class="field">
            <label for=${part}>${host.msg(label)}</label>
            <select id=${part} part=${part} @change=${(e: Event) => choose(kind, (e.target as HTMLSelectElement).value)}>
              ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === this.choice[kind]}>${d.label || `${host.msg(label)} ${i + 1}`}</option>`)}
            </select>
          </div>`
        : nothing;
    return html`${select('cameraId', 'camera-select', 'video.device.camera', this.devices.cameras)}
    ${select('microphoneId', 'microphone-select', 'video.device.microphone', this.devices.microphones)}`;
  }
}
