import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { RATE_LIMITED_RETRY_MS, REALTIME_CLOSE, REALTIME_LIMITS, REFUSED_RECONNECT_MS, RealtimeConnection, reconnectWait, type WebSocketLike } from '@ihkit/core';

/** A WebSocket the test plays the gateway for: what the connection sent, and frames and closes sent back. */
class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: Array<{ type: string; [key: string]: unknown }> = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    this.gatewayCloses(code);
  }
  /** Opens, takes the auth frame and answers `ready`. */
  async accept(): Promise<void> {
    this.readyState = 1;
    this.onopen?.({});
    for (let i = 0; i < 5 && !this.sent.length; i++) await Promise.resolve(); // the token is read asynchronously
    assert.equal(this.sent[0]?.type, 'auth');
    this.receive({ type: 'ready' });
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  gatewayCloses(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
  frames(type: string): Array<Record<string, unknown>> {
    return this.sent.filter((f) => f.type === type);
  }
}

function connect(t: { after(fn: () => void): void }): RealtimeConnection {
  FakeSocket.made = [];
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const conn = new RealtimeConnection({ url: 'ws://gateway/api/ws', token: 'token', WebSocket: FakeSocket, minDelayMs: 50, maxDelayMs: 200 });
  t.after(() => {
    conn.close();
    mock.timers.reset();
  });
  return conn;
}

for (const [why, code] of [['too many sockets', REALTIME_CLOSE.tooManySockets], ['flooding', REALTIME_CLOSE.policyViolation], ['a frame too big', REALTIME_CLOSE.tooBig]] as const) {
  test(`closed by the gateway for ${why} (${code}): it connects again only after ${REFUSED_RECONNECT_MS / 1000} s, not in a loop`, async (t) => {
    connect(t);
    await FakeSocket.made[0]!.accept();
    if (code === REALTIME_CLOSE.tooManySockets) FakeSocket.made[0]!.receive({ type: 'error', code: 'TOO_MANY_CONNECTIONS' });
    FakeSocket.made[0]!.gatewayCloses(code);
    mock.timers.tick(REFUSED_RECONNECT_MS - 1);
    assert.equal(FakeSocket.made.length, 1, 'no new socket before the wait is over');
    mock.timers.tick(1);
    assert.equal(FakeSocket.made.length, 2, 'one new socket after it');

    // A network drop, by contrast, is answered within the usual backoff.
    FakeSocket.made[1]!.gatewayCloses(1006);
    mock.timers.tick(200);
    assert.equal(FakeSocket.made.length, 3);
  });
}

test(`typing: one frame per consult every ${REALTIME_LIMITS.typingIntervalMs} ms, however often it is called`, async (t) => {
  const conn = connect(t);
  const socket = FakeSocket.made[0]!;
  await socket.accept();
  for (let i = 0; i < 20; i++) conn.typing('con_1');
  conn.typing('con_2');
  assert.deepEqual(socket.frames('typing').map((f) => f.consultId), ['con_1', 'con_2']);
  mock.timers.tick(REALTIME_LIMITS.typingIntervalMs - 1);
  conn.typing('con_1');
  assert.equal(socket.frames('typing').length, 2);
  mock.timers.tick(1);
  conn.typing('con_1');
  assert.deepEqual(socket.frames('typing').map((f) => f.consultId), ['con_1', 'con_2', 'con_1']);
});

test(`a subscribe or video join refused RATE_LIMITED is asked again ${RATE_LIMITED_RETRY_MS / 1000} s later, unless dropped by then`, async (t) => {
  const conn = connect(t);
  const socket = FakeSocket.made[0]!;
  await socket.accept();
  const errors: string[] = [];
  conn.subscribe('con_1', 7, { error: (code) => errors.push(code) });
  const stop = conn.subscribe('con_2', 0, {});
  const video = conn.joinVideo('vr_1', 'usr_1');
  socket.receive({ type: 'error', code: 'RATE_LIMITED', consultId: 'con_1' });
  socket.receive({ type: 'error', code: 'RATE_LIMITED', consultId: 'con_2' });
  socket.receive({ type: 'error', code: 'RATE_LIMITED', roomId: 'vr_1' });
  assert.deepEqual(errors, ['RATE_LIMITED'], 'the listener is told');
  stop();
  mock.timers.tick(RATE_LIMITED_RETRY_MS - 1);
  assert.equal(socket.frames('subscribe').length, 2);
  mock.timers.tick(1);
  assert.deepEqual(socket.frames('subscribe').slice(2), [{ type: 'subscribe', consultId: 'con_1', after: 7 }]);
  assert.deepEqual(socket.frames('video-join'), [{ type: 'video-join', roomId: 'vr_1' }, { type: 'video-join', roomId: 'vr_1' }]);
  video.leave();
});

test('a gateway restart drops every page at once: they come back spread over the backoff window, none before half of it', async (t) => {
  FakeSocket.made = [];
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const pages = Array.from({ length: 50 }, () => new RealtimeConnection({ url: 'ws://gateway/api/ws', token: 'token', WebSocket: FakeSocket, minDelayMs: 400, maxDelayMs: 400 }));
  t.after(() => {
    for (const p of pages) p.close();
    mock.timers.reset();
  });
  for (const socket of [...FakeSocket.made]) await socket.accept();
  for (const socket of [...FakeSocket.made]) socket.gatewayCloses(1012); // service restart
  const back: number[] = [];
  for (let ms = 1; ms <= 400; ms++) {
    const before = FakeSocket.made.length;
    mock.timers.tick(1);
    for (let i = before; i < FakeSocket.made.length; i++) back.push(ms);
  }
  assert.equal(back.length, 50, 'every page reconnected within the backoff');
  assert.ok(Math.min(...back) >= 200, `none before half the backoff (first at ${Math.min(...back)} ms)`);
  assert.ok(new Set(back).size >= 20, `spread out, not together (${new Set(back).size} distinct moments)`);
});

test('reconnectWait stays in the upper half of the backoff', () => {
  assert.equal(reconnectWait(1000, () => 0), 500);
  assert.equal(reconnectWait(1000, () => 0.999999), 1000);
  assert.equal(reconnectWait(800, () => 0.5), 600);
});
