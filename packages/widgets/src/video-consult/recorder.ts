/**
 * A consult's recording (only once every participant consented): the audio of everyone in the
 * call mixed into one track, recorded with MediaRecorder as WebM/Opus (Ogg where WebM is not
 * offered). Streams join the mix as participants come; `stop()` resolves to the recording.
 */
export interface MixedRecording {
  /** Adds a participant's audio to the mix (no-op for a stream without audio or one already in). */
  add(stream: MediaStream): void;
  /** Stops recording; resolves to the whole recording and how long it lasted. */
  stop(): Promise<{ blob: Blob; durationMs: number }>;
}

const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus'];

export const canRecord = (): boolean => typeof globalThis.MediaRecorder === 'function' && typeof globalThis.AudioContext === 'function';

export function startMixedRecording(streams: MediaStream[]): MixedRecording {
  const ctx = new AudioContext();
  const mix = ctx.createMediaStreamDestination();
  const added = new Set<MediaStream>();
  const sources: AudioNode[] = [];
  const add = (stream: MediaStream) => {
    if (added.has(stream) || !stream.getAudioTracks().length) return;
    added.add(stream);
    const source = ctx.createMediaStreamSource(stream);
    source.connect(mix);
    sources.push(source);
  };
  streams.forEach(add);
  void ctx.resume().catch(() => {});
  const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(mix.stream, mimeType ? { mimeType } : undefined);
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
  const started = performance.now();
  recorder.start(1000);
  return {
    add,
    stop: () =>
      new Promise((resolve, reject) => {
        recorder.onstop = () => {
          sources.forEach((s) => s.disconnect());
          void ctx.close().catch(() => {});
          resolve({ blob: new Blob(chunks, { type: (recorder.mimeType || 'audio/webm').split(';')[0] }), durationMs: Math.round(performance.now() - started) });
        };
        recorder.onerror = () => reject(new Error('recording failed'));
        if (recorder.state === 'inactive') recorder.onstop(new Event('stop'));
        else recorder.stop();
      }),
  };
}
