/**
 * Video rooms (gw_005): one open room per consult, its participants and who may do what. A
 * participant's id is their opaque user id. The patient's account waits until the consult's
 * doctor admits it; the doctor and invited specialists are admitted at once. At most four
 * participants on the browsers' mesh; past that the call moves to the SFU where one is
 * configured (video/sfu.ts).
 */
import type { Queryable } from '@ihkit/adapters';
import { VIDEO_BROADCAST, type VideoRecordingStatus, type VideoRoom, type VideoSignal } from '@ihkit/core';
import { newId } from '../ids.js';
import { notify } from '../realtime/notices.js';
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';
import { mediaOf, type SfuColumns } from './sfu.js';

export interface RoomRow extends SfuColumns {
  id: string;
  consult_id: string;
  /** The consult's patient: whose data the call is (for the audit trail). */
  patient_id: string;
  /** The consult's department: labels the call without patient data. */
  department_id: string;
  status: 'open' | 'ended';
  created_at: Date;
  /** The latest recording request (gw_006), if recording was ever asked for. */
  recording_request_id: string | null;
}

export interface ParticipantRow {
  user_id: string;
  role: 'patient' | 'doctor' | 'specialist';
  admitted_at: Date | null;
  online: number;
  display_name: string;
  /** Their latest answer to the room's current recording request. */
  consent: boolean | null;
}

/** Rooms with their consult's patient and department; `FOR UPDATE OF r` locks the room only. */
export const ROOM_SELECT = `SELECT r.id, r.consult_id, c.patient_id, c.department_id, r.status, r.created_at, r.recording_request_id,
    r.sfu_url, r.sfu_room, r.sfu_pin, r.sfu_secret
  FROM video_rooms r JOIN consults c ON c.id = r.consult_id`;

export async function findRoom(q: Queryable, roomId: string, forUpdate = false): Promise<RoomRow | undefined> {
  const { rows } = await q.query<RoomRow>(`${ROOM_SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [roomId]);
  return rows[0];
}

/** The participants in the order they came in, each with their latest answer to recording request `requestId`. */
export async function participantsOf(q: Queryable, roomId: string, requestId: string | null = null): Promise<ParticipantRow[]> {
  const { rows } = await q.query<ParticipantRow>(
    `SELECT p.user_id, p.role, p.admitted_at, p.online, u.display_name,
        (SELECT a.consent FROM video_recording_consents a WHERE a.request_id = $2 AND a.user_id = p.user_id ORDER BY a.id DESC LIMIT 1) AS consent
       FROM video_participants p JOIN users u ON u.id = p.user_id
      WHERE p.room_id = $1 ORDER BY p.position`, [roomId, requestId]);
  return rows;
}

export async function participant(q: Queryable, roomId: string, userId: string): Promise<ParticipantRow | undefined> {
  return (await participantsOf(q, roomId)).find((p) => p.user_id === userId);
}

/**
 * Where recording stands: off until asked for; declined once an admitted participant's latest
 * answer is no; consented once every admitted participant's is yes (one admitted since has
 * not answered, so it is requested again); requested otherwise.
 */
export function recordingStatus(requested: boolean, people: ReadonlyArray<Pick<ParticipantRow, 'admitted_at' | 'consent'>>): VideoRecordingStatus {
  if (!requested) return 'off';
  const admitted = people.filter((p) => p.admitted_at);
  if (admitted.some((p) => p.consent === false)) return 'declined';
  return admitted.length && admitted.every((p) => p.consent === true) ? 'consented' : 'requested';
}

export async function toVideoRoom(q: Queryable, room: RoomRow, selfId: string): Promise<VideoRoom> {
  const people = await participantsOf(q, room.id, room.recording_request_id);
  const request = room.recording_request_id
    ? (await q.query<{ requested_by: string; requested_at: Date }>('SELECT requested_by, requested_at FROM video_recording_requests WHERE id = $1', [room.recording_request_id])).rows[0]
    : undefined;
  return {
    id: room.id,
    consultId: room.consult_id,
    departmentId: room.department_id,
    status: room.status,
    createdAt: room.created_at.toISOString(),
    self: selfId,
    participants: people.map((p) => ({ id: p.user_id, role: p.role, name: p.display_name, admitted: !!p.admitted_at, online: p.online > 0, consent: request ? p.consent : null })),
    recording: {
      status: recordingStatus(!!request, people),
      ...(request ? { requestedAt: request.requested_at.toISOString(), requestedBy: request.requested_by } : {}),
    },
    media: mediaOf(room, !!people.find((p) => p.user_id === selfId)?.admitted_at),
  };
}

/** Adds the user to the room (once), up to `capacity` (video/sfu.ts); the patient's account waits to be admitted. Resolves to how many are in the room. */
export async function addParticipant(tx: Queryable, room: RoomRow, user: UserRow, role: ParticipantRow['role'], now: Date, capacity: number, invitedBy?: string): Promise<number> {
  const people = await participantsOf(tx, room.id);
  if (people.some((p) => p.user_id === user.id)) return people.length;
  if (people.length >= capacity) throw new HttpProblem('INVALID_STATE', `A call holds at most ${capacity} participants.`);
  await tx.query(
    'INSERT INTO video_participants (room_id, user_id, role, position, admitted_at, invited_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [room.id, user.id, role, people.length, role === 'patient' ? null : now, invitedBy ?? null, now],
  );
  return people.length + 1;
}

/** The consult's open room, made on first call. */
export async function openRoomFor(tx: Queryable, consultId: string, createdBy: string, now: Date): Promise<RoomRow> {
  const { rows } = await tx.query<RoomRow>(`${ROOM_SELECT} WHERE r.consult_id = $1 AND r.status = 'open' FOR UPDATE OF r`, [consultId]);
  if (rows[0]) return rows[0];
  const id = newId('vr');
  await tx.query(
    `INSERT INTO video_rooms (id, consult_id, status, created_by, created_at, organization_id) VALUES ($1, $2, 'open', $3, $4, (SELECT organization_id FROM consults WHERE id = $2))`,
    [id, consultId, createdBy, now]);
  return (await findRoom(tx, id))!;
}

/** Tells every gateway that the room changed (sent on commit). */
export function roomChanged(q: Queryable, room: RoomRow): Promise<void> {
  return notify(q, { k: 'video', c: room.consult_id, r: room.id });
}

/** A live connection joined (+1) or left (-1) the room. */
export async function setOnline(q: Queryable, room: RoomRow, userId: string, delta: 1 | -1): Promise<void> {
  await q.query('UPDATE video_participants SET online = GREATEST(online + $3, 0) WHERE room_id = $1 AND user_id = $2', [room.id, userId, delta]);
  await roomChanged(q, room);
}

/** Stores a signal for its receivers' gateways and tells them its id. */
export async function relaySignal(q: Queryable, room: RoomRow, from: string, to: string, message: VideoSignal, now: Date): Promise<void> {
  const { rows } = await q.query<{ id: string }>('INSERT INTO video_signals (room_id, from_user, to_user, message, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [room.id, from, to, JSON.stringify(message), now]);
  await notify(q, { k: 'video', c: room.consult_id, r: room.id, g: Number(rows[0]!.id) });
}

/** The signal `id` if it is for `userId` (addressed to them, or to everyone but its sender) and they are admitted. */
export async function signalFor(q: Queryable, id: number, roomId: string, userId: string): Promise<{ from: string; message: VideoSignal } | undefined> {
  const { rows } = await q.query<{ from_user: string; to_user: string; message: VideoSignal }>(
    `SELECT s.from_user, s.to_user, s.message FROM video_signals s JOIN video_participants p ON p.room_id = s.room_id AND p.user_id = $3
      WHERE s.id = $1 AND s.room_id = $2 AND p.admitted_at IS NOT NULL`, [id, roomId, userId]);
  const s = rows[0];
  if (!s || s.from_user === userId || (s.to_user !== userId && s.to_user !== VIDEO_BROADCAST)) return undefined;
  return { from: s.from_user, message: s.message };
}

/** Signals older than a minute have been delivered or are useless: removed by the sweep. */
export async function purgeSignals(q: Queryable, now: Date): Promise<void> {
  await q.query('DELETE FROM video_signals WHERE created_at < $1', [new Date(now.getTime() - 60_000)]);
}
