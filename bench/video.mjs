// Video call set-up and recovery in Debian's Chromium (fake camera and microphone): two
// MeshTransports of the script-tag bundle (packages/video/dist/ihkit-video.js) in one page,
// joined through in-page loopback signaling, over N calls each
//   - directly (iceServers: [], host candidates only — never public STUN), and
//   - relayed (iceTransportPolicy 'relay') through a coturn on loopback (scripts/coturn.mjs),
//     with the selected candidate pair checked to be relay ↔ relay.
// Set-up: from join() to both sides 'connected'. Recovery: from the RTCPeerConnection being
// closed under one side (it notices by itself), or from transport.restart(), to both sides
// 'connected' again on a new connection.
// Then calls of 2, 6 and 10 participants on a real Janus (scripts/janus.mjs) beside the mesh's 2
// and 4 (it holds no more), measured in the same run: set-up from everyone's join() to everyone
// connected to everyone, and CPU per participant over a few seconds of the call running — the
// page's Chromium processes (each participant encodes once and decodes everyone else) plus Janus.
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../scripts/system.mjs';
import { startCoturn } from '../scripts/coturn.mjs';
// The gateway's own TURN REST credentials (built by `npm run bench` before it runs).
import { turnCredentials } from '../packages/gateway/dist/video/turn.js';
import { createVideoRoom } from '../packages/video/dist/janus-rooms.js';
import WebSocket from 'ws';
import { startJanus } from '../scripts/janus.mjs';
import { percentile } from './figures.mjs';

const N = Number(process.env.BENCH_CALLS ?? 20);
const BUNDLE = fileURLToPath(new URL('../packages/video/dist/ihkit-video.js', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns'];

/** Serves an empty page that loads the bundle as `window.ihkitVideo` (a secure context: 127.0.0.1). */
async function servePage() {
  const bundle = readFileSync(BUNDLE);
  const html = '<!doctype html><meta charset="utf-8"><title>video bench</title>' +
    '<script type="module">import * as v from "/ihkit-video.js"; window.ihkitVideo = v;</script>';
  const server = createServer((req, res) => {
    if (req.url === '/ihkit-video.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * In the page: `calls` calls between two transports with `options` (iceServers, policy); per
 * call the set-up time, the selected candidate pair, then the recovery time after `pc.close()`
 * and after `restart()`. Returns the raw samples.
 */
async function inPage({ calls, options }) {
  const video = window.ihkitVideo;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const streams = window.benchStreams ??= await Promise.all([0, 1].map(() => navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true })));
  const until = async (what, ok, timeoutMs = 15_000) => {
    const t0 = performance.now();
    while (!ok()) {
      if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now();
  };
  const stateOf = (t) => t.participants[0]?.state;
  const pcs = (a, b) => [a.peerConnection('b'), b.peerConnection('a')];
  /** Both connected, each on a live RTCPeerConnection other than its `old` one. */
  const connected = (a, b, old = []) => [[a, 'b'], [b, 'a']].every(([t, other], i) => {
    const pc = t.peerConnection(other);
    return stateOf(t) === 'connected' && pc && pc !== old[i] && pc.connectionState === 'connected';
  });
  const selectedPair = async (pc) => {
    const report = await pc.getStats();
    let pair;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
    });
    if (!pair) report.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
    if (!pair) return undefined;
    const end = (id) => {
      const c = report.get(id);
      return { type: c.candidateType, protocol: c.protocol, relayProtocol: c.relayProtocol, address: `${c.address ?? c.ip}:${c.port}` };
    };
    return { local: end(pair.localCandidateId), remote: end(pair.remoteCandidateId), state: pair.state, nominated: pair.nominated };
  };

  const out = { setup: [], closed: [], restarted: [], pairs: [] };
  for (let i = 0; i < calls; i++) {
    const hub = video.createLoopbackSignaling();
    const a = new video.MeshTransport({ signaling: hub.join('a'), statsIntervalMs: 0, ...options });
    const b = new video.MeshTransport({ signaling: hub.join('b'), statsIntervalMs: 0, ...options });
    try {
      let t0 = performance.now();
      await Promise.all([a.join(streams[0]), b.join(streams[1])]);
      out.setup.push((await until('connected', () => connected(a, b))) - t0);
      out.pairs.push(await selectedPair(a.peerConnection('b')));

      // the connection closes under b (a crash, the browser reclaiming it): b notices by itself
      let old = pcs(a, b);
      t0 = performance.now();
      old[1].close();
      out.closed.push((await until('connected again after close()', () => connected(a, b, old))) - t0);

      old = pcs(a, b);
      t0 = performance.now();
      a.restart();
      out.restarted.push((await until('connected again after restart()', () => connected(a, b, old))) - t0);
    } finally {
      await a.leave();
      await b.leave();
    }
    await sleep(50);
  }
  return out;
}

/** In the page: `n` participants in one call (mesh, or the Janus room `janus`); resolves to the set-up time in ms and the transports' errors. */
async function startCallInPage({ n, janus }) {
  const video = window.ihkitVideo;
  const streams = await Promise.all(Array.from({ length: n }, () => navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true })));
  const hub = janus ? undefined : video.createLoopbackSignaling();
  const transports = streams.map((_, i) => (janus
    ? new video.JanusTransport({ ...janus, selfId: `p${i}`, iceServers: [], statsIntervalMs: 0 })
    : new video.MeshTransport({ signaling: hub.join(`p${i}`), iceServers: [], statsIntervalMs: 0 })));
  const errors = [];
  transports.forEach((t, i) => t.on('error', (e) => errors.push(`p${i}: ${e.code} ${e.message}`)));
  window.benchCall = { transports, streams };
  const t0 = performance.now();
  await Promise.all(transports.map((t, i) => t.join(streams[i])));
  const everyone = () => transports.every((t) => t.participants.length === n - 1 && t.participants.every((p) => p.state === 'connected'));
  while (!everyone()) {
    if (performance.now() - t0 > 60_000) {
      const seen = transports.map((t) => t.participants.filter((p) => p.state === 'connected').length).join(' ');
      throw new Error(`a call of ${n} did not connect in 60 s (connected to: ${seen}; ${errors.join('; ') || 'no error'})`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { setupMs: performance.now() - t0, errors };
}

async function endCallInPage() {
  const { transports, streams } = window.benchCall;
  await Promise.all(transports.map((t) => t.leave()));
  streams.forEach((s) => s.getTracks().forEach((t) => t.stop()));
}

/** CPU seconds used so far by this process's descendants (Chromium's processes, Janus), split by name. */
function childCpuSeconds() {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      procs.set(Number(pid), { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) if (!mine.has(pid) && mine.has(p.ppid)) grew = mine.add(pid);
  }
  const out = { janus: 0, browser: 0 };
  for (const pid of mine) {
    const p = procs.get(pid);
    if (pid !== process.pid && p) out[p.comm === 'janus' ? 'janus' : 'browser'] += p.ticks / 100; // USER_HZ
  }
  return out;
}

/** Set-up time and CPU per participant of calls of 2, 6 and 10 on Janus beside the mesh's 2 and 4. */
async function sfuBench(page) {
  const janus = await startJanus();
  const WINDOW_MS = 5000;
  try {
    const runs = [['mesh', 2], ['mesh', 4], ['sfu', 2], ['sfu', 6], ['sfu', 10]];
    for (const [kind, n] of runs) {
      const room = kind === 'sfu'
        ? { url: janus.url, pin: 'bench', room: await createVideoRoom(janus.url, { adminKey: janus.adminKey, pin: 'bench', secret: 'bench', publishers: n }, WebSocket) }
        : undefined;
      const { setupMs, errors } = await page.evaluate(startCallInPage, { n, janus: room });
      if (errors.length) console.log(`  (${errors.length} errors on the way: ${errors.slice(0, 3).join('; ')})`);
      await new Promise((r) => setTimeout(r, 1000)); // past the first key frames and bitrate ramp
      const before = childCpuSeconds();
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const after = childCpuSeconds();
      await page.evaluate(endCallInPage);
      const pct = (k) => ((after[k] - before[k]) / (WINDOW_MS / 1000)) * 100;
      const label = `${kind === 'sfu' ? 'Janus SFU' : 'mesh'}, ${String(n).padStart(2)} participants`;
      console.log(`  ${label.padEnd(28)} set-up ${setupMs.toFixed(0).padStart(5)} ms   CPU ${((pct('browser') + pct('janus')) / n).toFixed(1).padStart(5)}% of a core per participant (browser ${pct('browser').toFixed(0)}%, Janus ${pct('janus').toFixed(0)}% in all)`);
    }
    console.log('  (the mesh holds at most 4: every browser sends to every other; all participants share one Chromium here)');
  } catch (e) {
    console.log(janus.output().split('\n').filter((l) => /WARN|ERR/.test(l)).slice(-30).join('\n'));
    throw e;
  } finally {
    await janus.stop();
  }
}

export async function videoBench() {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: npm run build`);
  const turn = await startCoturn();
  const site = await servePage();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => window.ihkitVideo !== undefined);
    const print = (label, samples, what) => {
      const s = [...samples].sort((x, y) => x - y);
      console.log(`  ${label.padEnd(38)} p50 ${percentile(s, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(s, 95).toFixed(0).padStart(5)} ms  (${s.length} calls, ${what})`);
    };
    const describePair = (p) => (p ? `${p.local.type}/${p.local.relayProtocol ?? p.local.protocol} ${p.local.address} ↔ ${p.remote.type} ${p.remote.address}` : 'none');
    const { username, credential } = turnCredentials({ urls: turn.urls, secret: turn.secret, ttlSeconds: 3600 }, 'bench', new Date());
    const modes = [
      ['direct (host candidates)', { iceServers: [] }],
      ['relayed (coturn, relay only)', { iceServers: [{ urls: turn.urls, username, credential }], iceTransportPolicy: 'relay' }],
    ];
    for (const [label, options] of modes) {
      const r = await page.evaluate(inPage, { calls: N, options });
      print(`set-up, ${label}`, r.setup, 'join → both connected');
      print(`recovery after pc.close(), ${label.split(' (')[0]}`, r.closed, 'until connected again');
      print(`recovery after restart(), ${label.split(' (')[0]}`, r.restarted, 'until connected again');
      const kinds = new Map();
      for (const p of r.pairs) {
        const k = p ? `${p.local.type} ↔ ${p.remote.type}` : 'none';
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      console.log(`  selected pair, ${label.split(' (')[0]}: ${describePair(r.pairs[0])}; over ${r.pairs.length} calls: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    }
    console.log('\nlarger calls: the Janus SFU beside the mesh (one page, fake devices, 320×240)');
    await sfuBench(page);
  } finally {
    await browser.close();
    await site.close();
    await turn.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await videoBench();
