/**
 * Loads the call engine (@ihkit/video: MeshTransport on simple-peer) only when a call starts.
 * The dynamic import is the one place the widgets reach the engine's code: bundlers put it in a
 * chunk of its own (the script-tag bundle dist/ihkit.js loads `ihkit-video-engine-*.js` next to
 * it), so pages that never start a call never download simple-peer.
 */
export type VideoEngine = typeof import('@ihkit/video');

let loading: Promise<VideoEngine> | undefined;

export function loadVideoEngine(): Promise<VideoEngine> {
  loading ??= import('@ihkit/video').catch((e) => {
    loading = undefined; // a failed download can be tried again
    throw e;
  });
  return loading;
}
