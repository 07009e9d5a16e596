/**
 * The script-tag bundle (dist/ihkit-video.js, made by `npm run build`) works on a page with no
 * bundler: simple-peer's browser build inside it loads, even on a page with an AMD loader, sets
 * no global, and two participants connect through it.
 */
import { expect } from '@open-wc/testing';

const BUNDLE = new URL('../dist/ihkit-video.js', import.meta.url).href;

describe('dist/ihkit-video.js', () => {
  it('connects two participants with the bundled simple-peer', async function () {
    if (!(await fetch(BUNDLE, { method: 'HEAD' })).ok) {
      console.warn(`${BUNDLE} is missing: run \`npm run build\` first`);
      this.skip();
    }
    // a portal with RequireJS on it: simple-peer's UMD header would hand itself to define()
    const amd: string[] = [];
    Object.assign(globalThis, { define: Object.assign(() => amd.push('define called'), { amd: {} }) });
    const video = await import(/* @vite-ignore */ BUNDLE);
    expect(video.MAX_MESH_PARTICIPANTS).to.equal(4);
    const hub = video.createLoopbackSignaling();
    const streams: MediaStream[] = [];
    const ts = [];
    for (const id of ['x', 'y']) {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 160, height: 120 }, audio: true });
      streams.push(stream);
      const t = new video.MeshTransport({ signaling: hub.join(id), iceServers: [], statsIntervalMs: 0 });
      ts.push(t);
      await t.join(stream);
    }
    try {
      const t0 = performance.now();
      while (!ts.every((t) => t.participants[0]?.state === 'connected')) {
        if (performance.now() - t0 > 10_000) throw new Error('not connected within 10 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(ts[0].peerConnection('y').getConfiguration().iceServers).to.deep.equal([]);
      expect(amd).to.deep.equal([]);
      expect('SimplePeer' in globalThis).to.equal(false);
    } finally {
      for (const t of ts) await t.leave();
      streams.forEach((s) => s.getTracks().forEach((tr) => tr.stop()));
    }
  });
});
