/**
 * The life of one video consult as each participant sees it. The transport (a simple-peer
 * mesh now, an SFU later) reports events; this table decides what they mean, so a late or
 * stale event can never put a call into a state it cannot be in.
 */
export type CallState =
  | 'idle'
  | 'device-check'
  | 'waiting-room'
  | 'admitted'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'ended'
  | 'failed';

export type CallEvent =
  | 'check-devices'
  | 'devices-ready'
  | 'devices-denied'
  | 'admit'
  | 'connect'
  | 'connected'
  | 'connection-lost'
  | 'give-up'
  | 'hang-up';

const TRANSITIONS: Record<CallState, Partial<Record<CallEvent, CallState>>> = {
  idle: { 'check-devices': 'device-check', 'hang-up': 'ended' },
  'device-check': { 'devices-ready': 'waiting-room', 'devices-denied': 'failed', 'hang-up': 'ended' },
  'waiting-room': { admit: 'admitted', 'hang-up': 'ended' },
  admitted: { connect: 'connecting', 'hang-up': 'ended' },
  connecting: { connected: 'connected', 'give-up': 'failed', 'hang-up': 'ended' },
  connected: { 'connection-lost': 'reconnecting', 'hang-up': 'ended' },
  reconnecting: { connected: 'connected', 'give-up': 'failed', 'hang-up': 'ended' },
  ended: {},
  failed: { 'hang-up': 'ended' },
};

/** The state after `event`, or undefined when the event makes no sense in `state`. */
export function nextCallState(state: CallState, event: CallEvent): CallState | undefined {
  return TRANSITIONS[state][event];
}

export function isFinalCallState(state: CallState): boolean {
  return state === 'ended' || state === 'failed';
}
