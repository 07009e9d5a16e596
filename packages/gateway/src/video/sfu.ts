/**
 * Calls on the Janus SFU: past the mesh's four participants, when IHKIT_JANUS_URL is set, the
 * gateway creates a VideoRoom room for the call (with the plugin's admin key, a random pin to
 * join and a random secret to destroy it) and hands admitted participants what joining takes —
 * the server's URL, the room's id and pin — in the room's `media`. Browsers never get the admin
 * key or the secret. Media goes between browsers and Janus, never through the gateway.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Queryable } from '@ihkit/adapters';
import type { VideoRoom } from '@ihkit/core';
import { createVideoRoom, destroyVideoRoom, JanusError, type WebSocketLike } from '@ihkit/video/janus-rooms.js';
import WebSocket from 'ws';
import { HttpProblem } from '../problems.js';

export interface JanusConfig {
  /** The WebSocket URL of Janus, as browsers (and the gateway) reach it. */
  url: string;
  /** The VideoRoom plugin's admin_key. */
  adminKey: string;
}

/** The most participants a call on the mesh holds: every browser sends to every other. */
export const MAX_MESH_PARTICIPANTS = 4;
/** The most participants a call on the SFU holds (each sends once and receives everyone else). */
export const MAX_SFU_PARTICIPANTS = 10;
/** VideoRoom's error code when the room id asked for is taken. */
const ROOM_EXISTS = 427;
const UNREACHABLE = `A call on the mesh holds at most ${MAX_MESH_PARTICIPANTS} participants, and the media server for larger calls cannot be reached.`;

/** What a room row holds about its SFU room, once it has one. */
export interface SfuColumns {
  sfu_url: string | null;
  sfu_room: number | null;
  sfu_pin: string | null;
  sfu_secret: string | null;
}

// Node 20 has no global WebSocket; ws's class speaks the same addEventListener API.
const NodeWebSocket = WebSocket as unknown as WebSocketLike;

/** How many may be in a call: four on the mesh, more where an SFU is configured. */
export function capacity(janus: JanusConfig | undefined): number {
  return janus ? MAX_SFU_PARTICIPANTS : MAX_MESH_PARTICIPANTS;
}

/** What carries the call, as a participant sees it: the SFU's join details only once admitted. */
export function mediaOf(room: SfuColumns, admitted: boolean): VideoRoom['media'] {
  if (room.sfu_url === null || room.sfu_room === null || room.sfu_pin === null) return { transport: 'mesh' };
  return admitted ? { transport: 'janus', janus: { url: room.sfu_url, room: room.sfu_room, pin: room.sfu_pin } } : { transport: 'janus' };
}

/**
 * Moves the call to the SFU when it has grown past the mesh (once): creates its VideoRoom room and
 * stores how to join it. Runs in the transaction that added the participant, so a refusal rolls
 * the addition back: the call stays on the mesh, at most four (INVALID_STATE, as past any capacity).
 */
export async function moveToSfuIfLarge(tx: Queryable, room: { id: string } & SfuColumns, participants: number, janus: JanusConfig | undefined): Promise<void> {
  if (!janus || room.sfu_room !== null || participants <= MAX_MESH_PARTICIPANTS) return;
  const pin = randomBytes(12).toString('base64url');
  const secret = randomBytes(24).toString('base64url');
  let id: number | undefined;
  for (let attempt = 0; id === undefined && attempt < 3; attempt++) {
    const wanted = randomInt(1, 2 ** 31 - 1);
    try {
      id = await createVideoRoom(janus.url, { adminKey: janus.adminKey, pin, secret, publishers: MAX_SFU_PARTICIPANTS, room: wanted }, NodeWebSocket);
    } catch (e) {
      if (!(e instanceof JanusError && e.code === ROOM_EXISTS)) throw new HttpProblem('INVALID_STATE', UNREACHABLE);
    }
  }
  if (id === undefined) throw new HttpProblem('INVALID_STATE', UNREACHABLE);
  await tx.query('UPDATE video_rooms SET sfu_url = $2, sfu_room = $3, sfu_pin = $4, sfu_secret = $5 WHERE id = $1', [room.id, janus.url, id, pin, secret]);
  Object.assign(room, { sfu_url: janus.url, sfu_room: id, sfu_pin: pin, sfu_secret: secret });
}

/** Destroys the call's SFU room, if it has one (the call ended): everyone still in it is sent away. */
export async function closeSfuRoom(room: SfuColumns): Promise<void> {
  if (room.sfu_url === null || room.sfu_room === null || room.sfu_secret === null) return;
  await destroyVideoRoom(room.sfu_url, room.sfu_room, room.sfu_secret, NodeWebSocket);
}
