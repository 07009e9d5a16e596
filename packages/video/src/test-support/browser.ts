/**
 * What the transports' browser tests share: waiting for a condition, a painted stand-in for a
 * screen or second camera, playing a stream, and counting decoded frames in a connection's
 * inbound-rtp stats. Not part of the package (tsconfig.json leaves this folder out).
 */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `ok` every 50 ms; resolves to how long it took, or throws naming `what`. */
export async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const t0 = performance.now();
  while (!(await ok())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
  return performance.now() - t0;
}

/** A video track from a canvas that keeps changing colour (a screen or a second camera stand-in). */
export function paintedTrack(): { track: MediaStreamTrack; stop(): void } {
  const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 120 });
  const ctx = canvas.getContext('2d')!;
  const draw = setInterval(() => {
    ctx.fillStyle = `hsl(${Date.now() % 360} 80% 50%)`;
    ctx.fillRect(0, 0, 160, 120);
  }, 30);
  const track = canvas.captureStream(15).getVideoTracks()[0];
  return { track, stop: () => (clearInterval(draw), track.stop()) };
}

export function play(stream: MediaStream): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.srcObject = stream;
  document.body.append(video);
  return video;
}

/** Video frames decoded so far on `pc`, of the tracks `only` names (all when omitted). */
export async function framesDecodedOn(pc: RTCPeerConnection | undefined, only?: MediaStream): Promise<number> {
  if (!pc) return 0;
  const ids = only ? new Set(only.getVideoTracks().map((t) => t.id)) : undefined;
  let frames = 0;
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && (!ids || ids.has(s.trackIdentifier))) frames += s.framesDecoded ?? 0;
  });
  return frames;
}
