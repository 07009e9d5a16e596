/**
 * What can be shown in place of the camera: the screen (getDisplayMedia), or an image the user
 * picks (a photo of a rash, an earlier report), painted on a canvas that is streamed. Either is
 * a video track handed to the transport's replaceVideoTrack(); `stop()` ends it.
 */
export interface SharedTrack {
  track: MediaStreamTrack;
  stop(): void;
}

export const canShareScreen = (): boolean => typeof globalThis.navigator?.mediaDevices?.getDisplayMedia === 'function';

/** The screen, a window or a tab, as the user chooses in the browser's own picker. */
export async function shareScreen(): Promise<SharedTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  const track = stream.getVideoTracks()[0];
  return { track, stop: () => stream.getTracks().forEach((t) => t.stop()) };
}

/** Images larger than this many pixels on a side are scaled down to it. */
const MAX_SIDE = 1280;

/** An image file as a video track (rejects when the file is not an image the browser can decode). */
export async function shareImage(file: Blob): Promise<SharedTrack> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(2, Math.round(bitmap.width * scale));
  canvas.height = Math.max(2, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d')!;
  const paint = () => ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  paint();
  const track = canvas.captureStream(5).getVideoTracks()[0];
  // A still canvas sends no new frames: repaint so that late joiners and decoders get some.
  const timer = setInterval(paint, 250);
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
      bitmap.close();
    },
  };
}
