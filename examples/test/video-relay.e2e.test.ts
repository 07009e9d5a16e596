/**
 * End to end, a video consult that may only go through the hospital's TURN server: a real
 * coturn on loopback (scripts/coturn.mjs) whose shared secret the demo gateway mints
 * credentials from (IHKIT_TURN_URLS, IHKIT_TURN_SECRET), and `relay-only` on both
 * `<ih-video-consult>` elements. Every RTCPeerConnection the pages create is recorded; once
 * both sides show connected, the nominated candidate pair of each is relay ↔ relay, no
 * connection was ever allowed anything but relay candidates, and the remote video is decoded.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startCoturn } from '../../scripts/coturn.mjs';
import { consultThroughApi, demoAndBrowser, openAs, shot, type SignedInPage } from './demo-browser.js';
import { logFile } from './e2e-logs.js';
import { openConsultVideo, openDeskVideo, recordPeerConnections, startVideo } from './video-pages.js';

// coturn first: the demo gateway is started (by demoAndBrowser's hook) with its URLs and
// secret. Top-level await rather than a hook, since node 20 does not wait for one root
// `before` hook before running the next.
const turn = await startCoturn({ logFile: logFile('coturn') });
const env = demoAndBrowser(
  { IHKIT_TURN_URLS: turn.urls.join(','), IHKIT_TURN_SECRET: turn.secret },
  ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns'],
);
after(async () => {
  await turn.stop();
});

/** Signed in, with the recorder installed before the page's own scripts. */
async function openRecording(path: string, username: string): Promise<SignedInPage> {
  const signedIn = await openAs(env, path, username, { initScript: recordPeerConnections });
  assert.ok(await signedIn.page.evaluate(() => Array.isArray(window.__peerConnections)), 'the recorder is installed');
  return signedIn;
}

interface PeerConnectionSummary {
  policy?: RTCIceTransportPolicy;
  iceServerUrls: string[];
  connectionState: RTCPeerConnectionState;
  /** The selected candidate pair, when it is a succeeded, nominated one. */
  pair?: { local: string; remote: string; localAddress: string; remoteAddress: string; protocol: string };
  localCandidateTypes: string[];
  framesDecoded: number;
}

/** What the page's recorded connections say about themselves. */
function summarize(page: Page): Promise<PeerConnectionSummary[]> {
  return page.evaluate(async () => {
    const out = [];
    for (const pc of window.__peerConnections ?? []) {
      const config = pc.getConfiguration();
      const summary: PeerConnectionSummary = {
        policy: config.iceTransportPolicy,
        iceServerUrls: (config.iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls])),
        connectionState: pc.connectionState,
        localCandidateTypes: [],
        framesDecoded: 0,
      };
      if (pc.connectionState !== 'closed') {
        const report = await pc.getStats();
        let selected: string | undefined;
        report.forEach((s) => {
          if (s.type === 'local-candidate') summary.localCandidateTypes.push(s.candidateType);
          if (s.type === 'inbound-rtp' && s.kind === 'video') summary.framesDecoded += s.framesDecoded ?? 0;
          if (s.type === 'transport' && s.selectedCandidatePairId) selected = s.selectedCandidatePairId;
        });
        // the pair ICE selected, which must be a succeeded, nominated one
        const pair = selected ? report.get(selected) : undefined;
        if (pair?.state === 'succeeded' && pair.nominated) {
          const local = report.get(pair.localCandidateId);
          const remote = report.get(pair.remoteCandidateId);
          summary.pair = {
            local: local?.candidateType,
            remote: remote?.candidateType,
            localAddress: `${local?.address}:${local?.port}`,
            remoteAddress: `${remote?.address}:${remote?.port}`,
            protocol: local?.relayProtocol ?? local?.protocol,
          };
        }
      }
      out.push(summary);
    }
    return out;
  });
}

/** The page's live connection, relayed both ways through our coturn, with the remote video decoded and rising. */
async function assertRelayed(page: Page, who: string) {
  const urls = turn.urls;
  let live: PeerConnectionSummary | undefined;
  // the pair is nominated a moment after the data channel opens
  for (let i = 0; i < 50 && !live?.pair; i++) {
    live = (await summarize(page)).find((s) => s.connectionState === 'connected');
    if (!live?.pair) await page.waitForTimeout(100);
  }
  const all = await summarize(page);
  assert.ok(all.length >= 1, `${who}: a peer connection was created`);
  for (const s of all) {
    assert.equal(s.policy, 'relay', `${who}: every connection is relay only`);
    assert.deepEqual(s.iceServerUrls, urls, `${who}: ICE servers are the gateway's TURN, never public STUN`);
  }
  assert.ok(live, `${who}: a connected peer connection (${JSON.stringify(all)})`);
  assert.ok(live.pair, `${who}: a succeeded, nominated candidate pair (${JSON.stringify(live)})`);
  assert.equal(live.pair.local, 'relay', `${who}: the local candidate is relay (${JSON.stringify(live.pair)})`);
  assert.equal(live.pair.remote, 'relay', `${who}: the remote candidate is relay (${JSON.stringify(live.pair)})`);
  assert.match(live.pair.localAddress, /^127\.0\.0\.1:/, `${who}: relayed by the coturn on loopback`);
  assert.ok(live.localCandidateTypes.length > 0 && live.localCandidateTypes.every((t) => t === 'relay'), `${who}: no host or reflexive candidate gathered (${live.localCandidateTypes})`);

  const frames = async () => (await summarize(page)).find((s) => s.connectionState === 'connected')?.framesDecoded ?? 0;
  const a = await frames();
  await page.waitForTimeout(1500);
  const b = await frames();
  await page.waitForTimeout(1500);
  const c = await frames();
  assert.ok(a < b && b < c, `${who}: remote video frames decoded keep rising over the relay (${a}, ${b}, ${c})`);
  return live.pair;
}

test('video consult relayed only through the hospital\'s TURN server: relay ↔ relay pair, video decoded', async (t) => {
  const consultId = await consultThroughApi(env, { complaint: '想和医生视频看一下（经中继）。', accept: true });
  const doctor = await openRecording('/staff/', 'dr.zhou');
  const patient = await openRecording('/', 'zhangwei');

  const doctorVideo = await openDeskVideo(doctor.page, consultId);
  await startVideo(doctorVideo, { relayOnly: true });
  await doctorVideo.locator('[part~="call-state"]').filter({ hasText: '正在连接…' }).waitFor();

  // The patient opens the consult in the portal's clinic and starts video there.
  const patientVideo = await openConsultVideo(patient.page, consultId);
  await startVideo(patientVideo, { relayOnly: true });
  await patientVideo.locator('[part~="waiting"]').filter({ hasText: '医生即将让您进入视频' }).waitFor();

  const waiting = doctorVideo.locator('[part~="waiting-item"]').filter({ hasText: '张伟' });
  await waiting.waitFor({ timeout: 10_000 });
  await waiting.locator('[part~="admit-button"]').click();

  await doctorVideo.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });
  await patientVideo.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });
  await assertRelayed(doctor.page, 'doctor');
  await assertRelayed(patient.page, 'patient');
  // Each side's relay address is the other's remote candidate: one path through coturn. Each
  // side has a UDP and a TCP relay allocation and ICE may move to another pair while the
  // checks above run, so the two sides are read together until they agree.
  const selected = async (page: Page) => (await summarize(page)).find((s) => s.connectionState === 'connected')?.pair;
  let doctorPair = await selected(doctor.page);
  let patientPair = await selected(patient.page);
  for (let i = 0; i < 20 && (doctorPair?.remoteAddress !== patientPair?.localAddress || patientPair?.remoteAddress !== doctorPair?.localAddress); i++) {
    await doctor.page.waitForTimeout(250);
    [doctorPair, patientPair] = await Promise.all([selected(doctor.page), selected(patient.page)]);
  }
  assert.ok(doctorPair && patientPair, 'both sides still have a selected pair');
  assert.equal(doctorPair.local, 'relay');
  assert.equal(patientPair.local, 'relay');
  assert.equal(doctorPair.remoteAddress, patientPair.localAddress);
  assert.equal(patientPair.remoteAddress, doctorPair.localAddress);
  t.diagnostic(`selected pair: doctor ${doctorPair.local}/${doctorPair.protocol} ${doctorPair.localAddress} ↔ patient ${doctorPair.remote} ${doctorPair.remoteAddress}`);
  await shot(patient.page, 'video-relay-connected');

  await doctorVideo.locator('[part~="hang-up-button"]').click();
  await doctorVideo.locator('[part~="ended"]').filter({ hasText: '视频已结束。' }).waitFor();
  await patientVideo.locator('[part~="ended"]').filter({ hasText: '视频已结束。' }).waitFor({ timeout: 10_000 });

  assert.deepEqual(doctor.errors, []);
  assert.deepEqual(patient.errors, []);
});
