/**
 * The device check before a call: the camera and microphone stream (with the chosen devices),
 * the devices to choose from, why getUserMedia failed (as a string key), and the microphone
 * level from an AudioContext analyser.
 */

/** Why the devices could not be opened: each has its localized message (`video.device.<reason>`). */
export type DeviceProblem = 'denied' | 'none' | 'busy' | 'unsupported';

export interface DeviceChoice {
  cameraId?: string;
  microphoneId?: string;
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

/** Maps a getUserMedia rejection to the problem the user can act on. */
export function deviceProblemOf(error: unknown): DeviceProblem {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'none';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'busy';
  return 'unsupported';
}

/** Opens camera and microphone (the chosen ones, or the defaults). Rejects with a DeviceProblem. */
export async function openDevices(choice: DeviceChoice = {}): Promise<MediaStream> {
  const media = globalThis.navigator?.mediaDevices;
  if (!media?.getUserMedia) throw 'unsupported' satisfies DeviceProblem;
  try {
    return await media.getUserMedia({
      video: choice.cameraId ? { deviceId: { exact: choice.cameraId } } : true,
      audio: choice.microphoneId ? { deviceId: { exact: choice.microphoneId } } : true,
    });
  } catch (e) {
    throw deviceProblemOf(e);
  }
}

/** The cameras and microphones (with labels once permission is given). */
export async function listDevices(): Promise<DeviceLists> {
  const all = (await globalThis.navigator?.mediaDevices?.enumerateDevices?.()) ?? [];
  return { cameras: all.filter((d) => d.kind === 'videoinput'), microphones: all.filter((d) => d.kind === 'audioinput') };
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
}

/**
 * Calls `onLevel` (0–1, about 10 times a second) with the loudness of the stream's microphone;
 * returns the function that stops it. Does nothing where there is no AudioContext or no audio track.
 */
export function watchMicLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx || !stream.getAudioTracks().length) return () => {};
  const ctx = new Ctx();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  void ctx.resume().catch(() => {});
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    // RMS of speech sits around 0.01–0.2: scale so that normal speech fills most of the meter.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 5));
  }, 100);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => {});
  };
}

/** Opens one device (a camera or microphone chosen during the call) as a single track. */
export async function openDevice(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ [kind]: { deviceId: { exact: deviceId } } });
    return kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  } catch (e) {
    throw deviceProblemOf(e);
  }
}
