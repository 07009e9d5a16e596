/**
 * `Signaling`: the channel a transport uses to reach the other participants before (and while)
 * media flows. The gateway's WebSocket implements it in production; `createLoopbackSignaling()`
 * here is an in-memory hub for tests and demos, with several participants in one page.
 *
 * The session rule every implementation and every transport keeps:
 * - every message carries the sender's session id for the pair (a fresh random id per
 *   connection attempt with that peer; see `newSessionId()`);
 * - a receiver feeds a peer connection only messages whose sessionId is the session it has
 *   with that sender now — a message from an earlier attempt is dropped, never applied;
 * - a `hello` carrying a new sessionId from a known peer means that peer started over: the
 *   old connection is replaced by a new one.
 */

export interface SignalMessage {
  /** The sender's session id with the receiver (or, for the first broadcast hello, with anyone). */
  sessionId: string;
  /**
   * `hello`: "I start session `sessionId` with you" (`data.ack` names the receiver's session it
   * answers, when it answers one). `signal`: SDP or ICE for that session. `bye`: the sender is
   * leaving (or, with `data.reason: 'room-full'`, refusing the receiver).
   */
  kind: 'signal' | 'hello' | 'bye';
  data?: unknown;
}

/** `send(BROADCAST, m)` reaches every other participant in the room (used for the first hello). */
export const BROADCAST = '*';

export interface Signaling {
  /** This participant's id in the room. */
  readonly selfId: string;
  /** Sends to one participant, or to every other participant with `BROADCAST`. */
  send(to: string, message: SignalMessage): void;
  /** Calls `handler` for every message addressed to us; returns the function that stops it. */
  onMessage(handler: (from: string, message: SignalMessage) => void): () => void;
}

/** A fresh, unguessable session id. */
export function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}

export interface LoopbackSignaling extends Signaling {
  /** Leaves the hub: nothing more is sent or delivered. */
  close(): void;
}

export interface LoopbackHub {
  /** A new participant `id` in the room (ids are unique within a hub). */
  join(id: string): LoopbackSignaling;
  /** The ids currently in the room. */
  readonly members: readonly string[];
}

/**
 * An in-memory signaling hub. Messages are delivered asynchronously (a macrotask later, like a
 * network would) and in the order they were sent. A message to a participant that has no
 * handler yet waits until it subscribes; a message to an id not in the room is dropped.
 */
export function createLoopbackSignaling(): LoopbackHub {
  interface Member {
    handlers: Set<(from: string, message: SignalMessage) => void>;
    pending: Array<[string, SignalMessage]>;
  }
  const members = new Map<string, Member>();
  const queue: Array<[from: string, to: string, message: SignalMessage]> = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    for (const [from, to, message] of queue.splice(0)) {
      const member = members.get(to);
      if (!member) continue;
      if (!member.handlers.size) member.pending.push([from, message]);
      else for (const h of [...member.handlers]) h(from, message);
    }
  };
  const post = (from: string, to: string, message: SignalMessage) => {
    // a structured copy, as a real channel would deliver: no shared objects between peers
    queue.push([from, to, structuredClone(message)]);
    schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 0);
  };

  return {
    get members() {
      return [...members.keys()];
    },
    join(id) {
      if (!id || id === BROADCAST) throw new Error(`loopback signaling: "${id}" is not a usable participant id`);
      if (members.has(id)) throw new Error(`loopback signaling: "${id}" is already in the room`);
      const member: Member = { handlers: new Set(), pending: [] };
      members.set(id, member);
      return {
        selfId: id,
        send(to, message) {
          if (members.get(id) !== member) return;
          if (to === BROADCAST) {
            for (const other of members.keys()) if (other !== id) post(id, other, message);
          } else post(id, to, message);
        },
        onMessage(handler) {
          member.handlers.add(handler);
          if (member.pending.length) {
            // what waited goes first, ahead of anything sent since
            queue.unshift(...member.pending.splice(0).map(([from, m]): [string, string, SignalMessage] => [from, id, m]));
            schedule();
          }
          return () => member.handlers.delete(handler);
        },
        close() {
          if (members.get(id) === member) members.delete(id);
          member.handlers.clear();
        },
      };
    },
  };
}
