/**
 * MeshTransport over real WebRTC in Chromium: participants in one page, fake camera and
 * microphone, loopback signaling, host candidates only (`iceServers: []`).
 */
import { expect } from '@open-wc/testing';
import { createLoopbackSignaling } from './signaling.js';
import { MeshTransport } from './mesh-transport.js';
import type { PeerState } from './transport.js';
import { framesDecodedOn, paintedTrack, play, sleep, waitFor } from './test-support/browser.js';

interface Member {
  id: string;
  t: MeshTransport;
  stream: MediaStream;
  states: Array<[string, PeerState]>;
  remote: Map<string, MediaStream>;
}

let open: Member[] = [];

async function room(ids: string[], graceMs = 10_000): Promise<Member[]> {
  const hub = createLoopbackSignaling();
  const members: Member[] = [];
  for (const id of ids) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
    const t = new MeshTransport({ signaling: hub.join(id), iceServers: [], graceMs, statsIntervalMs: 0 });
    const m: Member = { id, t, stream, states: [], remote: new Map() };
    t.on('peer-state', ({ peerId, state }) => m.states.push([peerId, state]));
    t.on('remote-stream', ({ peerId, stream: s }) => m.remote.set(peerId, s));
    members.push(m);
    open.push(m);
  }
  for (const m of members) await m.t.join(m.stream);
  return members;
}

afterEach(async () => {
  for (const m of open) {
    await m.t.leave();
    m.stream.getTracks().forEach((t) => t.stop());
  }
  open = [];
  document.querySelectorAll('video').forEach((v) => v.remove());
});

const stateOf = (m: Member, peerId: string) => m.t.participants.find((p) => p.peerId === peerId)?.state;
const allConnected = (members: Member[]) =>
  members.every((m) => members.every((o) => o === m || stateOf(m, o.id) === 'connected'));

/** Frames decoded so far from `peerId`'s video, per the inbound-rtp stats of the connection. */
const framesDecoded = (m: Member, peerId: string) => framesDecodedOn(m.t.peerConnection(peerId));

async function framesRise(m: Member, peerId: string, by = 5, timeoutMs = 8000) {
  const start = await framesDecoded(m, peerId);
  await waitFor(`video frames from ${peerId} at ${m.id}`, async () => (await framesDecoded(m, peerId)) >= start + by, timeoutMs);
}

describe('MeshTransport in Chromium', () => {
  it('connects two participants with our ICE config, the lower id offering, and video plays', async () => {
    const [a, b] = await room(['a', 'b']);
    await waitFor('a and b connected', () => allConnected([a, b]));

    const pcA = a.t.peerConnection('b')!;
    const pcB = b.t.peerConnection('a')!;
    expect(pcA.getConfiguration().iceServers).to.deep.equal([]); // never simple-peer's public STUN
    expect(pcA.getConfiguration().iceTransportPolicy).to.equal('all');
    expect(pcA.currentLocalDescription?.type).to.equal('offer');
    expect(pcB.currentLocalDescription?.type).to.equal('answer');

    await waitFor('remote streams', () => a.remote.has('b') && b.remote.has('a'));
    const video = play(b.remote.get('a')!);
    await waitFor('the remote video playing', () => video.getVideoPlaybackQuality().totalVideoFrames > 0);
    const before = video.getVideoPlaybackQuality().totalVideoFrames;
    await waitFor('more frames', () => video.getVideoPlaybackQuality().totalVideoFrames > before + 5);
    await framesRise(a, 'b');
  });

  it('connects three participants, every pair both ways', async () => {
    const members = await room(['p1', 'p2', 'p3']);
    await waitFor('all three connected', () => allConnected(members), 15_000);
    for (const m of members) {
      expect(m.t.participants.map((p) => p.peerId).sort()).to.deep.equal(members.filter((o) => o !== m).map((o) => o.id));
      await waitFor(`${m.id}'s remote streams`, () => m.remote.size === 2);
    }
    await framesRise(members[2], 'p1');
    await framesRise(members[0], 'p3');
  });

  it('leave() ends the call on the other side', async () => {
    const [a, b, c] = await room(['a', 'b', 'c']);
    await waitFor('connected', () => allConnected([a, b, c]), 15_000);
    await b.t.leave();
    await waitFor('a and c see b leave', () => stateOf(a, 'b') === undefined && stateOf(c, 'b') === undefined);
    expect(a.states).to.deep.include(['b', 'disconnected']);
    expect(c.states).to.deep.include(['b', 'disconnected']);
    expect(stateOf(a, 'c')).to.equal('connected'); // the others stay in the call
    await framesRise(a, 'c');
  });

  it('recovers by itself, with a new session, when a connection is closed under it', async () => {
    const graceMs = 10_000;
    const [a, b] = await room(['a', 'b'], graceMs);
    await waitFor('connected', () => allConnected([a, b]));
    const old = b.t.peerConnection('a')!;

    old.close(); // the transport must notice by itself (no signaling tells it)
    const took = await waitFor(
      'a new connection on both sides',
      () => allConnected([a, b]) && b.t.peerConnection('a') !== old && b.t.peerConnection('a')?.connectionState === 'connected',
      graceMs,
    );
    expect(took).to.be.below(graceMs);
    expect(a.states.map(([, s]) => s)).to.not.include('failed');
    expect(b.states.map(([, s]) => s)).to.include('connecting'); // it went through reconnecting
    await framesRise(a, 'b');
    await framesRise(b, 'a');
  });

  it('replaceVideoTrack(null) stops the video, another track replaces it, and the camera comes back', async () => {
    const [a, b] = await room(['a', 'b']);
    await waitFor('connected', () => allConnected([a, b]));
    await framesRise(b, 'a');

    await a.t.replaceVideoTrack(null);
    await sleep(700);
    const stopped = await framesDecoded(b, 'a');
    await sleep(1200);
    expect((await framesDecoded(b, 'a')) - stopped).to.be.at.most(2);

    // screen or image sharing: any track, here a canvas
    const { track: shared, stop } = paintedTrack();
    try {
      await a.t.replaceVideoTrack(shared);
      await framesRise(b, 'a');
    } finally {
      stop();
    }

    await a.t.replaceVideoTrack(a.stream.getVideoTracks()[0]);
    await framesRise(b, 'a');

    a.t.setMuted('audio', true);
    expect(a.stream.getAudioTracks()[0].enabled).to.equal(false);
    a.t.setMuted('audio', false);
    expect(a.stream.getAudioTracks()[0].enabled).to.equal(true);
  });

  it('switchDevice() moves the call to another camera and microphone, also in later sessions', async () => {
    const [a, b] = await room(['a', 'b']);
    await waitFor('connected', () => allConnected([a, b]));
    const { track: camera, stop } = paintedTrack();
    const microphone = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0];
    const oldCamera = a.stream.getVideoTracks()[0];
    try {
      await a.t.switchDevice('video', camera);
      await a.t.switchDevice('audio', microphone);
      const sent = () => a.t.peerConnection('b')!.getSenders().map((x) => x.track);
      expect(sent()).to.include(camera);
      expect(sent()).to.include(microphone);
      expect(sent()).to.not.include(oldCamera);
      await framesRise(b, 'a');
      // A new session (recovery) is made with the devices now in use.
      const before = a.t.peerConnection('b');
      a.t.restart('b');
      await waitFor('a new connection', () => a.t.peerConnection('b') !== before && allConnected([a, b]));
      expect(sent()).to.include(camera);
      expect(sent()).to.include(microphone);
      await framesRise(b, 'a');
    } finally {
      stop();
      oldCamera.stop();
    }
  });

  it('getStats() returns rtt, loss and bitrate as numbers for each peer', async () => {
    const [a, b] = await room(['a', 'b']);
    await waitFor('connected', () => allConnected([a, b]));
    await framesRise(a, 'b');
    await a.t.getStats(); // baseline
    await sleep(1500);
    const stats = await a.t.getStats();
    expect([...stats.keys()]).to.deep.equal(['b']);
    const s = stats.get('b')!;
    expect(s.rttMs).to.be.a('number');
    expect(s.rttMs!).to.be.at.least(0);
    expect(s.lossPct).to.be.a('number').and.at.least(0).and.at.most(100);
    expect(s.bitrateKbps).to.be.a('number').and.above(0);
  });
});
