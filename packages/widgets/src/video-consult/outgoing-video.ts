import { html, nothing, type TemplateResult } from 'lit';
import type { PeerStats, VideoTransport } from '@ihkit/video';
import { LowBandwidthWatch } from './low-bandwidth.js';
import { canShareScreen, shareImage, shareScreen, type SharedTrack } from './sharing.js';
import type { DeviceCheck } from './device-check.js';
import { VideoPart, type VideoHost, type ControlButton } from './video-part.js';

/**
 * What the camera slot of the call sends: the camera; the screen or an image the user shares
 * in its place; or nothing, when the bandwidth stayed too low for video (audio-only fallback,
 * until the user turns video back on).
 */
export class OutgoingVideo extends VideoPart<OutgoingVideo> {
  shared?: { kind: 'screen' | 'image' } & SharedTrack;
  /** Video paused because the bandwidth stayed too low (audio-only fallback). */
  audioOnly = false;
  #bandwidth = new LowBandwidthWatch();

  readonly #media: DeviceCheck;
  readonly #transport: () => VideoTransport | undefined;

  constructor(host: VideoHost, media: DeviceCheck, transport: () => VideoTransport | undefined) {
    super(host);
    this.#media = media;
    this.#transport = transport;
  }

  /** One stats sample of the link to a participant: too low for too long, and video stops. */
  sample(peerId: string, stats: PeerStats): void {
    if (this.#bandwidth.sample(peerId, stats) && !this.audioOnly) void this.#fallBackToAudio();
  }

  /** A participant left: their link no longer counts. */
  forget(peerId: string): void {
    this.#bandwidth.forget(peerId);
  }

  /** What the camera slot sends now: nothing in audio-only, else the shared screen or image, else the camera. */
  #source(): MediaStreamTrack | null {
    if (this.audioOnly) return null;
    return this.shared?.track ?? this.#media.stream?.getVideoTracks()[0] ?? null;
  }

  /** Sends what the camera slot sends now. */
  send = async (): Promise<void> => {
    try {
      await this.#transport()?.replaceVideoTrack(this.#source());
    } catch (e) {
      this.host.actionError = e;
    }
  };

  async #fallBackToAudio(): Promise<void> {
    this.set({ audioOnly: true });
    await this.send();
  }

  #videoBack = async () => {
    this.set({ audioOnly: false });
    this.#bandwidth.forget();
    await this.send();
  };

  async #share(kind: 'screen' | 'image', file?: Blob): Promise<void> {
    const { host } = this;
    host.actionError = host.notice = undefined;
    let shared: SharedTrack;
    try {
      shared = kind === 'screen' ? await shareScreen() : await shareImage(file!);
    } catch {
      host.notice = 'video.shareFailed';
      return;
    }
    if (!this.#transport()) return shared.stop();
    this.shared?.stop();
    this.set({ shared: { kind, ...shared } });
    // The browser's own "stop sharing" bar ends the track: back to the camera.
    shared.track.addEventListener('ended', () => this.shared?.track === shared.track && void this.#stopSharing());
    await this.send();
  }

  #pickImage = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.#share('image', file);
  };

  #stopSharing = async () => {
    const shared = this.shared;
    this.set({ shared: undefined });
    await this.send();
    shared?.stop();
  };

  /** Stops sharing and the fallback (the call is over). */
  close(): void {
    this.shared?.stop();
    this.set({ shared: undefined, audioOnly: false });
    this.#bandwidth.forget();
  }

  /** The audio-only notice (with the way back to video), or what is being shared. */
  render(): TemplateResult | typeof nothing {
    const { host } = this;
    if (this.audioOnly) {
      return html`<div part="audio-only" class="alert info" role="status">
        <p>${host.msg('video.audioOnly')}</p>
        <button type="button" part="video-back-button" class="button" @click=${this.#videoBack}>${host.msg('video.videoBack')}</button>
      </div>`;
    }
    return this.shared ? html`<p part="sharing" class="muted" role="status">${host.msg(this.shared.kind === 'screen' ? 'video.sharingScreen' : 'video.sharingImage')}</p>` : nothing;
  }

  /** Stop sharing, or share the screen or an image. */
  renderButtons(button: ControlButton): TemplateResult | typeof nothing {
    if (this.shared) return button('stop-sharing-button', 'video.stopSharing', this.#stopSharing);
    return html`${canShareScreen() ? button('share-screen-button', 'video.shareScreen', () => this.#share('screen')) : nothing}
      <label part="share-image-button" class="button file-button"
        >${this.host.msg('video.shareImage')}<input type="file" accept="image/*" class="visually-hidden" @change=${this.#pickImage}
      /></label>`;
  }
}
