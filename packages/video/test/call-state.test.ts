import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CallEvent, type CallState, isFinalCallState, nextCallState } from '../src/call-state.js';

function play(events: CallEvent[], from: CallState = 'idle') {
  let s: CallState | undefined = from;
  for (const e of events) s = s && nextCallState(s, e);
  return s;
}

test('a patient goes from device check through the waiting room to a connected call and back after a blip', () => {
  assert.equal(play(['check-devices', 'devices-ready', 'admit', 'connect', 'connected']), 'connected');
  assert.equal(play(['check-devices', 'devices-ready', 'admit', 'connect', 'connected', 'connection-lost', 'connected']), 'connected');
  assert.equal(play(['check-devices', 'devices-ready', 'admit', 'connect', 'connected', 'connection-lost', 'give-up']), 'failed');
});

test('events that make no sense are refused, not applied', () => {
  assert.equal(nextCallState('waiting-room', 'connected'), undefined); // no media before the doctor admits
  assert.equal(nextCallState('ended', 'connected'), undefined); // a stale peer after hang-up
  assert.equal(nextCallState('device-check', 'admit'), undefined);
});

test('hanging up ends the call from every state that is not over', () => {
  const states: CallState[] = ['idle', 'device-check', 'waiting-room', 'admitted', 'connecting', 'connected', 'reconnecting', 'failed'];
  for (const s of states) assert.equal(nextCallState(s, 'hang-up'), 'ended', s);
  assert.ok(isFinalCallState('ended') && isFinalCallState('failed') && !isFinalCallState('reconnecting'));
});
