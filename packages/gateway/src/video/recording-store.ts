/**
 * The stored recordings (video_recordings, gw_006): written once on upload, read by the
 * consult's people. What may be stored and who may read it is decided by the handlers
 * (routes/video-recordings.ts); this module only reads and writes rows.
 */
import type { Queryable } from '@ihkit/adapters';
import { retainUntil } from '../records/retention.js';
import { RECORDING_COLUMNS, type RecordingRow } from './recording.js';

export interface NewRecording {
  id: string;
  consultId: string;
  roomId: string;
  requestId: string;
  uploadedBy: string;
  mediaType: RecordingRow['media_type'];
  bytes: Buffer;
  sha256: string;
  durationMs: number | null;
  /** The consents it was recorded under (video/recording.ts consentSnapshot). */
  consents: object;
  idempotencyKey: string;
  now: Date;
}

/** The recording this uploader stored with this Idempotency-Key, if any. */
export async function recordingByKey(q: Queryable, uploadedBy: string, key: string): Promise<RecordingRow | undefined> {
  const { rows } = await q.query<RecordingRow>(`SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE uploaded_by = $1 AND idempotency_key = $2`, [uploadedBy, key]);
  return rows[0];
}

/** Stores a recording (kept as long as the consult's chat media) and answers its row. */
export async function insertRecording(tx: Queryable, r: NewRecording): Promise<RecordingRow> {
  await tx.query(
    `INSERT INTO video_recordings (id, consult_id, room_id, request_id, uploaded_by, media_type, size, sha256, duration_ms, consents, data, idempotency_key, created_at, retain_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${retainUntil('chat_media', '$13')})`,
    [r.id, r.consultId, r.roomId, r.requestId, r.uploadedBy, r.mediaType, r.bytes.length, r.sha256, r.durationMs, JSON.stringify(r.consents), r.bytes, r.idempotencyKey, r.now],
  );
  return (await findRecording(tx, r.id))!;
}

export async function findRecording(q: Queryable, id: string): Promise<RecordingRow | undefined> {
  const { rows } = await q.query<RecordingRow>(`SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE id = $1`, [id]);
  return rows[0];
}

/** The consult's recordings, oldest first; with `rooms`, only those of these calls. */
export async function recordingsOf(q: Queryable, consultId: string, rooms?: string[]): Promise<RecordingRow[]> {
  const { rows } = await q.query<RecordingRow>(
    `SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE consult_id = $1${rooms ? ' AND room_id = ANY($2)' : ''} ORDER BY created_at, id`,
    rooms ? [consultId, rooms] : [consultId],
  );
  return rows;
}

/** A recording's bytes. */
export async function recordingData(q: Queryable, id: string): Promise<Uint8Array | undefined> {
  const { rows } = await q.query<{ data: Uint8Array }>('SELECT data FROM video_recordings WHERE id = $1', [id]);
  return rows[0]?.data;
}

/** The consult's calls (or just `roomId`) that `userId` was let into as a participant. */
export async function roomsAdmittedTo(q: Queryable, userId: string, consultId: string, roomId?: string): Promise<string[]> {
  const { rows } = await q.query<{ room_id: string }>(
    `SELECT p.room_id FROM video_participants p JOIN video_rooms r ON r.id = p.room_id
      WHERE r.consult_id = $1 AND p.user_id = $2 AND p.admitted_at IS NOT NULL${roomId ? ' AND r.id = $3' : ''}`,
    roomId ? [consultId, userId, roomId] : [consultId, userId],
  );
  return rows.map((r) => r.room_id);
}
