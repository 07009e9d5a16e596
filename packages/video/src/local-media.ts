/**
 * What a transport sends, whatever carries it: the local stream, its camera track, the video
 * track sent in the camera's place (a shared screen, or null with the camera off) and mute.
 * The transport says how a track reaches its connections (`replace`).
 */
import type { MediaKind } from './transport.js';

export class LocalMedia {
  stream?: MediaStream;
  cameraTrack?: MediaStreamTrack;
  /** The video track sent now: the camera, a shared screen or image, or none. */
  sending: MediaStreamTrack | null = null;
  readonly muted: Record<MediaKind, boolean> = { audio: false, video: false };

  constructor(
    private readonly owner: string,
    /** Sends `track` (or nothing) for `kind` on every connection. */
    private readonly replace: (kind: MediaKind, track: MediaStreamTrack | null) => Promise<void>,
  ) {}

  use(stream: MediaStream): void {
    this.stream = stream;
    this.cameraTrack = stream.getVideoTracks()[0];
    this.sending = this.cameraTrack ?? null;
  }

  async replaceVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    if (!this.cameraTrack) throw new Error(`${this.owner}: the local stream has no video track to replace`);
    if (track) track.enabled = !this.muted.video;
    this.sending = track;
    await this.replace('video', track);
  }

  async switchDevice(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    const stream = this.stream;
    const old = kind === 'audio' ? stream?.getAudioTracks()[0] : this.cameraTrack;
    if (!stream || !old) throw new Error(`${this.owner}: the local stream has no ${kind} track to switch`);
    track.enabled = !this.muted[kind];
    // Connections made from now on are made from the stream: it holds the new device.
    stream.removeTrack(old);
    stream.addTrack(track);
    if (kind === 'audio') {
      await this.replace('audio', track);
      return;
    }
    const sendingCamera = this.sending === old;
    this.cameraTrack = track;
    if (sendingCamera) await this.replaceVideoTrack(track);
  }

  setMuted(kind: MediaKind, muted: boolean): void {
    this.muted[kind] = muted;
    const tracks = kind === 'audio' ? (this.stream?.getAudioTracks() ?? []) : [...(this.stream?.getVideoTracks() ?? []), this.sending];
    for (const t of tracks) if (t) t.enabled = !muted;
  }
}

/** The part of `VideoTransport` about what is sent, the same whatever carries it. */
export abstract class SendingTransport {
  protected readonly local: LocalMedia;

  constructor(owner: string) {
    this.local = new LocalMedia(owner, (kind, track) => this.sendTrack(kind, track));
  }

  /** Sends `track` (or nothing) for `kind` on every connection. */
  protected abstract sendTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<void>;

  replaceVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    return this.local.replaceVideoTrack(track);
  }

  switchDevice(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    return this.local.switchDevice(kind, track);
  }

  setMuted(kind: MediaKind, muted: boolean): void {
    this.local.setMuted(kind, muted);
  }
}
