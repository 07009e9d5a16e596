/**
 * Recording a video consult (gw_006), only with every participant's recorded consent: the
 * consult's doctor asks (a request, counted as their own yes), each admitted participant
 * answers (every answer kept; the latest per participant counts), and an upload is accepted
 * only while every admitted participant's answer to the current request is yes. The rule
 * itself is `recordingStatus` in rooms.ts. Recordings are checked by their bytes, never by
 * their declared type.
 */
import type { Queryable } from '@ihkit/adapters';
import type { VideoRecording } from '@ihkit/core';
import { newId } from '../ids.js';
import { retainUntil } from '../records/retention.js';
import type { RecordingType } from '@ihkit/adapters';
import { participantsOf, recordingStatus, type RoomRow } from './rooms.js';

async function appendAnswer(tx: Queryable, requestId: string, userId: string, consent: boolean, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO video_recording_consents (request_id, user_id, consent, at, retain_until) VALUES ($1, $2, $3, $4, ${retainUntil('chat_media', '$4')})`,
    [requestId, userId, consent, now],
  );
}

/**
 * Asks everyone for consent, unless the current request is still open or agreed to (then
 * nothing changes, so a retry is safe). Returns whether a new request was made.
 */
export async function requestRecording(tx: Queryable, room: RoomRow, doctorId: string, now: Date): Promise<boolean> {
  if (room.recording_request_id) {
    const status = recordingStatus(true, await participantsOf(tx, room.id, room.recording_request_id));
    if (status === 'requested' || status === 'consented') return false;
  }
  const id = newId('vrq');
  await tx.query(
    `INSERT INTO video_recording_requests (id, room_id, requested_by, requested_at, retain_until) VALUES ($1, $2, $3, $4, ${retainUntil('chat_media', '$4')})`,
    [id, room.id, doctorId, now],
  );
  await tx.query('UPDATE video_rooms SET recording_request_id = $2 WHERE id = $1', [room.id, id]);
  await appendAnswer(tx, id, doctorId, true, now);
  return true;
}

/** Records a participant's answer to the current request (a repeat of their latest answer adds nothing). Returns whether it changed. */
export async function answerRecording(tx: Queryable, room: RoomRow & { recording_request_id: string }, userId: string, consent: boolean, now: Date): Promise<boolean> {
  const me = (await participantsOf(tx, room.id, room.recording_request_id)).find((p) => p.user_id === userId);
  if (me?.consent === consent) return false;
  await appendAnswer(tx, room.recording_request_id, userId, consent, now);
  return true;
}

/** What a recording is stored with: the request and every admitted participant's answer, as they stand now. */
export async function consentSnapshot(tx: Queryable, room: RoomRow & { recording_request_id: string }) {
  const request = (await tx.query<{ requested_by: string; requested_at: Date }>('SELECT requested_by, requested_at FROM video_recording_requests WHERE id = $1', [room.recording_request_id])).rows[0]!;
  const { rows } = await tx.query<{ user_id: string; role: string; consent: boolean; at: Date }>(
    `SELECT DISTINCT ON (a.user_id) a.user_id, p.role, a.consent, a.at
       FROM video_recording_consents a JOIN video_participants p ON p.room_id = $2 AND p.user_id = a.user_id AND p.admitted_at IS NOT NULL
      WHERE a.request_id = $1 ORDER BY a.user_id, a.id DESC`,
    [room.recording_request_id, room.id],
  );
  return {
    requestId: room.recording_request_id,
    requestedBy: request.requested_by,
    requestedAt: request.requested_at.toISOString(),
    participants: rows.map((r) => ({ participantId: r.user_id, role: r.role, consent: r.consent, at: r.at.toISOString() })),
  };
}

export interface RecordingRow {
  id: string;
  consult_id: string;
  room_id: string;
  media_type: RecordingType;
  size: number;
  sha256: string;
  duration_ms: number | null;
  created_at: Date;
}

export const RECORDING_COLUMNS = 'id, consult_id, room_id, media_type, size, sha256, duration_ms, created_at';

export function toRecording(r: RecordingRow): VideoRecording {
  return {
    id: r.id,
    consultId: r.consult_id,
    roomId: r.room_id,
    mediaType: r.media_type,
    size: r.size,
    sha256: r.sha256,
    ...(r.duration_ms === null ? {} : { durationMs: r.duration_ms }),
    createdAt: r.created_at.toISOString(),
  };
}
