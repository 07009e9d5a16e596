/** The loopback signaling hub: delivery order, broadcast, waiting messages, session ids. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BROADCAST, createLoopbackSignaling, newSessionId, type SignalMessage } from '../src/signaling.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

function inbox(sig: { onMessage(h: (from: string, m: SignalMessage) => void): () => void }) {
  const got: Array<[string, SignalMessage]> = [];
  const stop = sig.onMessage((from, m) => got.push([from, m]));
  return { got, stop };
}

test('loopback signaling delivers to the addressee only, later, in order, as a copy', async () => {
  const hub = createLoopbackSignaling();
  const a = hub.join('a');
  const b = hub.join('b');
  const c = hub.join('c');
  const [ib, ic] = [inbox(b), inbox(c)];
  const data = { sdp: 'x' };
  a.send('b', { sessionId: 's1', kind: 'hello' });
  a.send('b', { sessionId: 's1', kind: 'signal', data });
  assert.equal(ib.got.length, 0, 'nothing is delivered synchronously');
  await tick();
  assert.deepEqual(ib.got, [['a', { sessionId: 's1', kind: 'hello' }], ['a', { sessionId: 's1', kind: 'signal', data: { sdp: 'x' } }]]);
  assert.notEqual(ib.got[1][1].data, data, 'the receiver gets a copy');
  assert.equal(ic.got.length, 0);
  assert.deepEqual(hub.members, ['a', 'b', 'c']);
});

test('BROADCAST reaches every other participant, not the sender', async () => {
  const hub = createLoopbackSignaling();
  const [a, b, c] = ['a', 'b', 'c'].map((id) => hub.join(id));
  const [ia, ib, ic] = [inbox(a), inbox(b), inbox(c)];
  a.send(BROADCAST, { sessionId: 's', kind: 'hello' });
  await tick();
  assert.equal(ia.got.length, 0);
  assert.deepEqual(ib.got.map(([f]) => f), ['a']);
  assert.deepEqual(ic.got.map(([f]) => f), ['a']);
});

test('messages wait for a handler; unsubscribing and closing stop delivery; ids are unique', async () => {
  const hub = createLoopbackSignaling();
  const a = hub.join('a');
  const b = hub.join('b');
  a.send('b', { sessionId: 's', kind: 'hello' });
  a.send('nobody', { sessionId: 's', kind: 'hello' }); // dropped
  await tick();
  const ib = inbox(b);
  a.send('b', { sessionId: 's', kind: 'signal', data: 1 });
  await tick();
  assert.deepEqual(ib.got.map(([, m]) => m.kind), ['hello', 'signal'], 'what waited comes first');
  ib.stop();
  const ib2 = inbox(b);
  ib.got.length = 0;
  b.close();
  a.send('b', { sessionId: 's', kind: 'bye' });
  await tick();
  assert.equal(ib.got.length + ib2.got.length, 0);
  assert.deepEqual(hub.members, ['a']);
  assert.throws(() => hub.join('a'), /already in the room/);
  assert.throws(() => hub.join(BROADCAST), /not a usable/);
  assert.doesNotThrow(() => hub.join('b'), 'an id can come back after closing');
});

test('session ids are fresh each time', () => {
  const ids = new Set(Array.from({ length: 100 }, newSessionId));
  assert.equal(ids.size, 100);
});
