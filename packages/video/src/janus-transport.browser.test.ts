/**
 * JanusTransport through a real Janus (started by web-test-runner.config.mjs with
 * scripts/janus.mjs): participants in one page of Chromium with fake camera and microphone,
 * host candidates only. Rooms are created here with the VideoRoom admin key, as the gateway does.
 */
import { expect } from '@open-wc/testing';
import { createVideoRoom } from './janus-rooms.js';
import { JanusTransport } from './janus-transport.js';
import type { PeerState, VideoTransportEvents } from './transport.js';
import { framesDecodedOn, paintedTrack, sleep, waitFor } from './test-support/browser.js';

interface Member {
  id: string;
  t: JanusTransport;
  stream: MediaStream;
  states: Array<[string, PeerState]>;
  errors: Array<VideoTransportEvents['error']>;
}

let server: { url: string; adminKey: string };
before(async () => {
  server = await (await fetch('/__janus')).json();
});
let open: Member[] = [];

async function newRoom(publishers: number, pin = `pin-${Math.random().toString(36).slice(2)}`) {
  const room = await createVideoRoom(server.url, { adminKey: server.adminKey, pin, secret: `secret-${Math.random()}`, publishers, bitrate: 256_000 });
  return { room, pin };
}

async function member(id: string, room: { room: number; pin: string }, mode: 'publish' | 'watch' = 'publish'): Promise<Member> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 160, height: 120, frameRate: 15 }, audio: true });
  const t = new JanusTransport({ url: server.url, room: room.room, pin: room.pin, selfId: id, mode, iceServers: [], statsIntervalMs: 0 });
  const m: Member = { id, t, stream, states: [], errors: [] };
  t.on('peer-state', ({ peerId, state }) => m.states.push([peerId, state]));
  t.on('error', (e) => m.errors.push(e));
  open.push(m);
  await t.join(stream);
  return m;
}

afterEach(async () => {
  await Promise.all(open.map((m) => m.t.leave()));
  for (const m of open) m.stream.getTracks().forEach((t) => t.stop());
  open = [];
});

const stateOf = (m: Member, peerId: string) => m.t.participants.find((p) => p.peerId === peerId)?.state;
const streamOf = (m: Member, peerId: string) => m.t.participants.find((p) => p.peerId === peerId)?.stream;
/** Frames decoded so far from `peerId`'s video at `m`. */
async function framesFrom(m: Member, peerId: string): Promise<number> {
  const stream = streamOf(m, peerId);
  return stream ? framesDecodedOn(m.t.subscriberConnection, stream) : 0;
}

/** Waits until every receiver has decoded more video frames from every sender it should hear. */
async function everyoneReceives(pairs: Array<[Member, string]>, by = 5, timeoutMs = 20_000) {
  const start = await Promise.all(pairs.map(([m, from]) => framesFrom(m, from)));
  await waitFor('video frames on every link', async () => {
    const now = await Promise.all(pairs.map(([m, from]) => framesFrom(m, from)));
    return now.every((n, i) => n >= start[i] + by);
  }, timeoutMs);
}

describe('JanusTransport through Janus in Chromium', () => {
  it('a call of 6: everyone publishes once and receives everyone else on one connection', async () => {
    const room = await newRoom(6);
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const members: Member[] = [];
    for (const id of ids) members.push(await member(id, room));
    await waitFor('everyone connected to everyone', () =>
      members.every((m) => ids.every((id) => id === m.id || stateOf(m, id) === 'connected')), 30_000);
    for (const m of members) {
      expect(m.t.participants.map((p) => p.peerId).sort()).to.deep.equal(ids.filter((id) => id !== m.id));
      // 5 others × (audio + video) on the one subscriber connection
      expect(m.t.subscriberConnection!.getReceivers().filter((r) => r.track.readyState === 'live').length).to.be.at.least(10);
      expect(m.t.subscriberConnection!.getConfiguration().iceServers).to.deep.equal([]);
      expect(m.errors).to.deep.equal([]);
    }
    await everyoneReceives(members.flatMap((m) => ids.filter((id) => id !== m.id).map((id): [Member, string] => [m, id])));
  });

  it('a broadcast to 10 viewers: all receive the presenter, who sees no viewer and to whom they send nothing', async () => {
    const room = await newRoom(2);
    const presenter = await member('teacher', room);
    const viewers: Member[] = [];
    for (let i = 0; i < 10; i++) viewers.push(await member(`v${i}`, room, 'watch'));
    await waitFor('every viewer connected to the presenter', () => viewers.every((v) => stateOf(v, 'teacher') === 'connected'), 30_000);
    for (const v of viewers) {
      expect(v.t.publisherConnection).to.equal(undefined);
      expect(v.t.participants.map((p) => p.peerId)).to.deep.equal(['teacher']);
    }
    expect(presenter.t.participants).to.deep.equal([]);
    await everyoneReceives(viewers.map((v): [Member, string] => [v, 'teacher']));
  });

  it('a participant who leaves is gone for the others, who keep receiving each other', async () => {
    const room = await newRoom(6);
    const [a, b, c] = [await member('a', room), await member('b', room), await member('c', room)];
    await waitFor('connected', () => stateOf(a, 'c') === 'connected' && stateOf(c, 'a') === 'connected' && stateOf(a, 'b') === 'connected');
    await b.t.leave();
    await waitFor('a and c see b leave', () => stateOf(a, 'b') === undefined && stateOf(c, 'b') === undefined);
    expect(a.states).to.deep.include(['b', 'disconnected']);
    await everyoneReceives([[a, 'c'], [c, 'a']]);
  });

  it('shares a screen in place of the camera, turns video off and on, and mutes', async () => {
    const room = await newRoom(6);
    const [a, b] = [await member('a', room), await member('b', room)];
    await waitFor('connected', () => stateOf(b, 'a') === 'connected');
    await everyoneReceives([[b, 'a']]);
    await a.t.replaceVideoTrack(null);
    await sleep(700);
    const stopped = await framesFrom(b, 'a');
    await sleep(1200);
    expect((await framesFrom(b, 'a')) - stopped).to.be.at.most(2);
    const { track: screen, stop } = paintedTrack();
    try {
      await a.t.replaceVideoTrack(screen);
      await everyoneReceives([[b, 'a']]);
    } finally {
      stop();
    }
    await a.t.replaceVideoTrack(a.stream.getVideoTracks()[0]);
    await everyoneReceives([[b, 'a']]);
    a.t.setMuted('audio', true);
    expect(a.stream.getAudioTracks()[0].enabled).to.equal(false);
    a.t.setMuted('audio', false);
    expect(a.stream.getAudioTracks()[0].enabled).to.equal(true);
  });

  it('says the room is full past its publishers, and refuses a wrong pin', async () => {
    const room = await newRoom(1);
    const first = await member('first', room);
    // Janus counts a publisher once its media is up
    await waitFor('the first publisher sending', () => first.t.publisherConnection?.connectionState === 'connected');
    await sleep(300);
    const second = await member('second', room);
    expect(second.errors.map((e) => e.code)).to.deep.equal(['ROOM_FULL']);
    const intruder = await member('intruder', { room: room.room, pin: 'wrong' });
    expect(intruder.errors.map((e) => e.code)).to.deep.equal(['SIGNALING']);
    expect(intruder.t.participants).to.deep.equal([]);
  });
});
