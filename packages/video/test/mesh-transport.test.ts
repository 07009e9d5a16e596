/** MeshTransport with fake peers: initiator choice, ICE config, the session rule, recovery, grace, room limit. */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoopbackSignaling, type LoopbackHub, type LoopbackSignaling, type SignalMessage, type Signaling } from '../src/signaling.js';
import { MeshTransport, type MeshTransportOptions, type PeerInit, type PeerLike } from '../src/mesh-transport.js';
import type { PeerState, VideoTransportEvents } from '../src/transport.js';

/**
 * A stand-in for simple-peer: the initiator "offers", the other side "answers", and both
 * connect — all through the transport's signaling, so the session rules are exercised for real.
 */
class FakePeer implements PeerLike {
  /** Each event's listeners, which take what the event carries (PeerLike.on says what). */
  readonly handlers = new Map<string, Array<(arg: never) => void>>();
  readonly received: unknown[] = [];
  destroyed = false;
  videoTrack: unknown = 'camera';
  connection?: RTCPeerConnection;
  readonly fakePc = { signalingState: 'stable', connectionState: 'new', iceConnectionState: 'new' };

  constructor(
    readonly owner: string,
    readonly init: PeerInit,
  ) {
    this.connection = this.fakePc as unknown as RTCPeerConnection;
    if (init.initiator) setTimeout(() => this.emit('signal', { type: 'offer' }), 0);
  }
  on(event: string, listener: (arg: never) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, arg?: unknown) {
    for (const h of this.handlers.get(event) ?? []) h(arg as never);
  }
  signal(data: unknown) {
    if (this.destroyed) throw new Error('cannot signal after peer is destroyed');
    this.received.push(data);
    const type = (data as { type?: string }).type;
    if (type === 'offer') {
      this.emit('signal', { type: 'answer' });
      setTimeout(() => this.up(), 0);
    } else if (type === 'answer') setTimeout(() => this.up(), 0);
  }
  up() {
    if (this.destroyed) return;
    this.fakePc.connectionState = this.fakePc.iceConnectionState = 'connected';
    this.emit('stream', { id: `stream-of-${this.owner}` });
    this.emit('connect');
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.fakePc.signalingState = this.fakePc.connectionState = 'closed';
    setTimeout(() => this.emit('close'), 0); // like simple-peer: 'close' follows destroy()
  }
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    if (kind === 'video') this.videoTrack = track;
  }
}

const track = (kind: string) => ({ kind, enabled: true }) as unknown as MediaStreamTrack;
function fakeStream() {
  const video = track('video');
  const audio = track('audio');
  return { getVideoTracks: () => [video], getAudioTracks: () => [audio], getTracks: () => [video, audio] } as unknown as MediaStream;
}

interface Member {
  id: string;
  t: MeshTransport;
  signaling: LoopbackSignaling;
  sent: Array<[string, SignalMessage]>;
  states: Array<[string, PeerState]>;
  errors: Array<VideoTransportEvents['error']>;
  stream: MediaStream;
}

let all: Member[] = [];
let peers: FakePeer[] = [];
afterEach(async () => {
  for (const m of all) await m.t.leave();
  all = [];
  peers = [];
});

/** Joins `id` to `hub` with fake peers; records what it sends and the states it reports. */
async function member(hub: LoopbackHub, id: string, options: Partial<MeshTransportOptions> = {}): Promise<Member> {
  const raw = hub.join(id);
  const sent: Array<[string, SignalMessage]> = [];
  const signaling: Signaling = {
    selfId: id,
    send: (to, m) => {
      sent.push([to, m]);
      raw.send(to, m);
    },
    onMessage: (h) => raw.onMessage(h),
  };
  const t = new MeshTransport({
    signaling,
    iceServers: [],
    statsIntervalMs: 0,
    createPeer: (init) => {
      const p = new FakePeer(id, init);
      peers.push(p);
      return p;
    },
    ...options,
  });
  const m: Member = { id, t, signaling: raw, sent, states: [], errors: [], stream: fakeStream() };
  t.on('peer-state', ({ peerId, state }) => m.states.push([peerId, state]));
  t.on('error', (e) => m.errors.push(e));
  all.push(m);
  await t.join(m.stream);
  return m;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, ok: () => boolean, timeoutMs = 3000) {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
const stateOf = (m: Member, peerId: string) => m.t.participants.find((p) => p.peerId === peerId)?.state;
const connected = (...ms: Member[]) => ms.every((m) => ms.every((o) => o === m || stateOf(m, o.id) === 'connected'));
const livePeer = (owner: string, peerId: string) => peers.filter((p) => p.owner === owner && p.init.peerId === peerId && !p.destroyed);
/** The session id `m` stamps on what it sends to `to` now. */
const sessionOf = (m: Member, to: string) => m.sent.filter(([dest, msg]) => (dest === to || dest === '*') && msg.kind !== 'bye').at(-1)![1].sessionId;

test('two participants connect; the lower id initiates; our ICE config goes to every peer', async () => {
  const hub = createLoopbackSignaling();
  const iceServers = [{ urls: 'turn:turn.hospital.example:3478', username: 'u', credential: 'c' }];
  const b = await member(hub, 'b', { iceServers, iceTransportPolicy: 'relay' });
  const a = await member(hub, 'a', { iceServers, iceTransportPolicy: 'relay' });
  const streams: string[] = [];
  a.t.on('remote-stream', ({ peerId, stream }) => streams.push(`${peerId}:${stream.id}`));
  await waitFor('connected', () => connected(a, b));

  assert.equal(peers.length, 2);
  assert.deepEqual(peers.map((p) => [p.owner, p.init.peerId, p.init.initiator]).sort(), [
    ['a', 'b', true],
    ['b', 'a', false],
  ]);
  for (const p of peers) assert.deepEqual(p.init.config, { iceServers, iceTransportPolicy: 'relay' });
  assert.deepEqual(streams, ['b:stream-of-a']);
  assert.deepEqual(a.states, [['b', 'connecting'], ['b', 'connected']]);
  assert.deepEqual(a.t.participants.map((p) => p.peerId), ['b']);
});

test('iceServers is required, so simple-peer never falls back to public STUN', () => {
  const signaling = createLoopbackSignaling().join('x');
  assert.throws(() => new MeshTransport({ signaling } as unknown as MeshTransportOptions), /iceServers/);
});

test('messages of any session but the current one are dropped, never fed to the peer', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  const [peerB] = livePeer('b', 'a');
  const before = peerB.received.length;

  a.signaling.send('b', { sessionId: 'an-old-session', kind: 'signal', data: { candidate: 'stale' } });
  a.signaling.send('b', { sessionId: 'an-old-session', kind: 'bye' });
  a.signaling.send('b', { sessionId: 'whatever', kind: 'hello', data: { ack: 'not-a-session-of-b' } });
  await sleep(20);
  assert.equal(peerB.received.length, before);
  assert.equal(b.t.droppedMessages, 3);
  assert.equal(stateOf(b, 'a'), 'connected', 'a stale bye does not end the call');
  assert.equal(peers.length, 2, 'and a stale hello does not replace the connection');

  a.signaling.send('b', { sessionId: sessionOf(a, 'b'), kind: 'signal', data: { candidate: 'current' } });
  await sleep(20);
  assert.deepEqual(peerB.received.at(-1), { candidate: 'current' });
});

test("a known peer's hello with a new session replaces the connection, and the old session is dead", async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  const [oldB] = livePeer('b', 'a');
  const oldSessionOfA = sessionOf(a, 'b');
  const oldSessionOfB = sessionOf(b, 'a');

  a.signaling.send('b', { sessionId: 'a-restarted', kind: 'hello' }); // as if a had started over
  await waitFor('a new peer at b', () => oldB.destroyed && livePeer('b', 'a').length === 1);
  const [newB] = livePeer('b', 'a');
  assert.equal(newB.init.initiator, false);
  const [to, reply] = b.sent.at(-1)!;
  assert.equal(to, 'a');
  assert.equal(reply.kind, 'hello');
  assert.deepEqual(reply.data, { ack: 'a-restarted' });
  assert.notEqual(reply.sessionId, oldSessionOfB, 'b starts a new session of its own too');

  a.signaling.send('b', { sessionId: oldSessionOfA, kind: 'signal', data: { candidate: 'old' } });
  a.signaling.send('b', { sessionId: 'a-restarted', kind: 'signal', data: { candidate: 'new' } });
  await sleep(20);
  assert.deepEqual(newB.received, [{ candidate: 'new' }]);
  assert.equal(oldB.received.some((d) => (d as { candidate?: string }).candidate === 'old'), false);
});

test('restart() starts a new session on both sides and they reconnect', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  const sessions = [sessionOf(a, 'b'), sessionOf(b, 'a')];

  a.t.restart('b');
  assert.equal(stateOf(a, 'b'), 'connecting');
  await waitFor('reconnected', () => connected(a, b) && livePeer('a', 'b').length === 1 && peers.length === 4);
  assert.equal(livePeer('b', 'a').length, 1);
  assert.notEqual(sessionOf(a, 'b'), sessions[0]);
  assert.notEqual(sessionOf(b, 'a'), sessions[1]);
  assert.deepEqual(b.states.map(([, s]) => s), ['connecting', 'connected', 'connecting', 'connected']);
});

test('both sides starting over at once still end with one connection each', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  a.t.restart();
  b.t.restart();
  await waitFor('reconnected', () => connected(a, b) && livePeer('a', 'b').length === 1 && livePeer('b', 'a').length === 1);
  await sleep(50);
  assert.ok(connected(a, b));
  assert.equal(peers.length, 4, 'one new peer on each side, no ping-pong');
  assert.equal(livePeer('a', 'b')[0].init.initiator, true);
});

test('a connection that closes unexpectedly is started over with a new session within the grace period', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  const [peerA] = livePeer('a', 'b');
  peerA.emit('error', Object.assign(new Error('Ice connection failed.'), { code: 'ERR_ICE_CONNECTION_FAILURE' }));
  peerA.emit('close');
  await waitFor('reconnected', () => connected(a, b) && !livePeer('a', 'b').includes(peerA) && livePeer('a', 'b').length === 1);
  assert.ok(peerA.destroyed);
  assert.deepEqual(a.states.map(([, s]) => s), ['connecting', 'connected', 'connecting', 'connected']);
});

test('a connection closed under simple-peer, with no event, is noticed and recovered', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  const [peerB] = livePeer('b', 'a');
  peerB.fakePc.signalingState = peerB.fakePc.connectionState = 'closed'; // RTCPeerConnection.close(): no event
  await waitFor('recovered', () => connected(a, b) && livePeer('b', 'a').length === 1 && !livePeer('b', 'a').includes(peerB), 3000);
});

test('a peer that does not come back within the grace period is failed, and a later hello reconnects it', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a', { graceMs: 200 });
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  b.signaling.close(); // b vanishes without a bye
  livePeer('a', 'b')[0].emit('close');
  await waitFor('failed', () => stateOf(a, 'b') === 'failed', 1000);
  assert.deepEqual(a.states.map(([, s]) => s), ['connecting', 'connected', 'connecting', 'failed']);

  await b.t.leave();
  const b2 = await member(hub, 'b'); // b comes back
  await waitFor('reconnected', () => connected(a, b2));
});

test('leave() says bye: the others see the peer disconnected and drop it', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  const c = await member(hub, 'c');
  await waitFor('connected', () => connected(a, b, c));
  await b.t.leave();
  await waitFor('gone', () => stateOf(a, 'b') === undefined && stateOf(c, 'b') === undefined);
  assert.deepEqual(a.states.filter(([p]) => p === 'b').at(-1), ['b', 'disconnected']);
  assert.equal(stateOf(a, 'c'), 'connected');
  assert.equal(livePeer('a', 'b').length + livePeer('c', 'b').length + livePeer('b', 'a').length, 0);
});

test('a fifth participant is refused with ROOM_FULL; the four stay connected', async () => {
  const hub = createLoopbackSignaling();
  const four: Member[] = [];
  for (const id of ['p1', 'p2', 'p3', 'p4']) four.push(await member(hub, id));
  await waitFor('four connected', () => connected(...four));
  const fifth = await member(hub, 'p5');
  await waitFor('refused', () => fifth.errors.length > 0);
  assert.equal(fifth.errors[0].code, 'ROOM_FULL');
  assert.match(fifth.errors[0].message, /4 participants/);
  await sleep(30);
  assert.equal(fifth.errors.length, 1);
  assert.deepEqual(fifth.t.participants, []);
  assert.equal(peers.filter((p) => p.owner === 'p5' || p.init.peerId === 'p5').length, 0);
  for (const m of four) assert.equal(m.t.participants.length, 3);
  assert.ok(connected(...four));
});

test('camera off and sharing carry over to a new session; setMuted toggles the local tracks', async () => {
  const hub = createLoopbackSignaling();
  const a = await member(hub, 'a');
  const b = await member(hub, 'b');
  await waitFor('connected', () => connected(a, b));
  await a.t.replaceVideoTrack(null);
  assert.equal(livePeer('a', 'b')[0].videoTrack, null);
  a.t.restart('b');
  await waitFor('reconnected', () => connected(a, b) && peers.length === 4);
  assert.equal(livePeer('a', 'b')[0].videoTrack, null);

  const screen = track('video');
  a.t.setMuted('video', true);
  await a.t.replaceVideoTrack(screen);
  assert.equal(livePeer('a', 'b')[0].videoTrack, screen);
  assert.equal(screen.enabled, false, 'muted video stays muted when the track changes');
  a.t.setMuted('video', false);
  assert.equal(screen.enabled, true);
  a.t.setMuted('audio', true);
  assert.equal(a.stream.getAudioTracks()[0].enabled, false);
});
