/**
 * Recording a video consult: the doctor asks, every admitted participant answers, and only
 * then may the doctor upload the recording (WebM or Ogg audio, checked by its bytes), which is
 * kept with the consult's record. Recordings go to the consult's patient and doctor and to
 * the call's participants. The consent rule lives in video/rooms.ts (`recordingStatus`).
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '@ihkit/adapters';
import { roleIn } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import { newId } from '../ids.js';
import { retainUntil } from '../records/retention.js';
import type { OperationHandler } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';
import { sniffRecording } from '@ihkit/adapters';
import { answerRecording, consentSnapshot, RECORDING_COLUMNS, requestRecording, toRecording, type RecordingRow } from '../video/recording.js';
import { findRoom, participantsOf, recordingStatus, roomChanged, toVideoRoom } from '../video/rooms.js';
import { openRoom } from './video.js';

export const requestVideoRecording: OperationHandler<'requestVideoRecording'> = {
  audit: 'video_room',
  async handle(call, services) {
    return services.db.transaction(async (tx) => {
      const { room, user } = await openRoom(call, tx, call.params.roomId, { forUpdate: true, doctor: true });
      if (room.status !== 'open') throw new HttpProblem('INVALID_STATE', 'The call has ended.');
      if (await requestRecording(tx, room, user.id, services.now())) await roomChanged(tx, room);
      return { body: await toVideoRoom(tx, (await findRoom(tx, room.id))!, user.id) };
    });
  },
};

export const consentToVideoRecording: OperationHandler<'consentToVideoRecording'> = {
  audit: 'video_room',
  async handle(call, services) {
    return services.db.transaction(async (tx) => {
      const { room, user, me } = await openRoom(call, tx, call.params.roomId, { forUpdate: true });
      if (room.status !== 'open') throw new HttpProblem('INVALID_STATE', 'The call has ended.');
      if (!me.admitted_at) throw new HttpProblem('FORBIDDEN', 'Only participants in the call answer; the doctor has not let this one in yet.');
      const requestId = room.recording_request_id;
      if (!requestId) throw new HttpProblem('INVALID_STATE', 'Recording has not been asked for.');
      if (await answerRecording(tx, { ...room, recording_request_id: requestId }, user.id, call.body.consent, services.now())) await roomChanged(tx, room);
      return { body: await toVideoRoom(tx, room, user.id) };
    });
  },
};

export const uploadVideoRecording: OperationHandler<'uploadVideoRecording'> = {
  audit: 'video_recording',
  async handle(call, services) {
    const key = idempotencyKey(call);
    const bytes = call.body as unknown;
    return services.db.transaction(async (tx) => {
      const { room, user, consult } = await openRoom(call, tx, call.params.roomId, { forUpdate: true, doctor: true });
      if (!Buffer.isBuffer(bytes) || !bytes.length) throw new HttpProblem('RECORDING_FORMAT_UNSUPPORTED', 'Send the recording bytes as the body.');
      const mediaType = sniffRecording(bytes);
      if (!mediaType) throw new HttpProblem('RECORDING_FORMAT_UNSUPPORTED', 'The file is not WebM or Ogg.');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const durationMs = call.query.durationMs ?? null;

      const earlier = await tx.query<RecordingRow & { sha256: string }>(`SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE uploaded_by = $1 AND idempotency_key = $2`, [user.id, key]);
      if (earlier.rows[0]) {
        if (earlier.rows[0].room_id !== room.id || earlier.rows[0].sha256 !== sha256) throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
        call.audit.resourceId = earlier.rows[0].id;
        return { status: 201, body: toRecording(earlier.rows[0]) };
      }

      const requestId = room.recording_request_id;
      // Recorded before the call ended and uploaded after is fine: nobody can be admitted to an ended call.
      if (!requestId || recordingStatus(true, await participantsOf(tx, room.id, requestId)) !== 'consented') {
        throw new HttpProblem('RECORDING_NOT_CONSENTED', 'Every participant in the call must have agreed to this recording request.');
      }
      const id = newId('rec');
      const now = services.now();
      const snapshot = await consentSnapshot(tx, { ...room, recording_request_id: requestId });
      await tx.query(
        `INSERT INTO video_recordings (id, consult_id, room_id, request_id, uploaded_by, media_type, size, sha256, duration_ms, consents, data, idempotency_key, created_at, retain_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${retainUntil('chat_media', '$13')})`,
        [id, consult.id, room.id, requestId, user.id, mediaType, bytes.length, sha256, durationMs, JSON.stringify(snapshot), bytes, key, now],
      );
      call.audit.resourceId = id;
      const { rows } = await tx.query<RecordingRow>(`SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE id = $1`, [id]);
      return { status: 201, body: toRecording(rows[0]!) };
    });
  },
};

/** The consult's rooms (or just `roomId`) the user was let into as a participant (a specialist, say). */
async function tookPart(q: Queryable, user: UserRow, consultId: string, roomId?: string): Promise<string[]> {
  const { rows } = await q.query<{ room_id: string }>(
    `SELECT p.room_id FROM video_participants p JOIN video_rooms r ON r.id = p.room_id
      WHERE r.consult_id = $1 AND p.user_id = $2 AND p.admitted_at IS NOT NULL${roomId ? ' AND r.id = $3' : ''}`,
    roomId ? [consultId, user.id, roomId] : [consultId, user.id],
  );
  return rows.map((r) => r.room_id);
}

export const listConsultRecordings: OperationHandler<'listConsultRecordings'> = {
  audit: 'video_recording',
  async handle(call, services) {
    const user = signedIn(call);
    const consultId = call.params.consultId;
    call.audit.resourceId = consultId;
    const consult = await findConsult(services.db, consultId);
    if (consult) call.audit.patientIds.push(consult.patient_id);
    if (!consult) throw new HttpProblem('NOT_FOUND');
    // The consult's patient and doctor see every recording; a specialist those of the calls they were in.
    const rooms = (await roleIn(services.db, user, consult)) ? undefined : await tookPart(services.db, user, consult.id);
    if (rooms && !rooms.length) throw new HttpProblem('NOT_FOUND');
    const { rows } = await services.db.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE consult_id = $1${rooms ? ' AND room_id = ANY($2)' : ''} ORDER BY created_at, id`,
      rooms ? [consult.id, rooms] : [consult.id],
    );
    return { body: { items: rows.map(toRecording) } };
  },
};

export const getVideoRecording: OperationHandler<'getVideoRecording'> = {
  audit: 'video_recording',
  async handle(call, services) {
    const user = signedIn(call);
    call.audit.resourceId = call.params.recordingId;
    const { rows } = await services.db.query<RecordingRow>(`SELECT ${RECORDING_COLUMNS} FROM video_recordings WHERE id = $1`, [call.params.recordingId]);
    const recording = rows[0];
    const consult = recording && (await findConsult(services.db, recording.consult_id));
    if (consult) call.audit.patientIds.push(consult.patient_id);
    if (!recording || !consult) throw new HttpProblem('NOT_FOUND');
    const allowed = (await roleIn(services.db, user, consult)) || (await tookPart(services.db, user, consult.id, recording.room_id)).length > 0;
    if (!allowed) throw new HttpProblem('NOT_FOUND');
    const { rows: [data] } = await services.db.query<{ data: Uint8Array }>('SELECT data FROM video_recordings WHERE id = $1', [recording.id]);
    return { body: Buffer.from(data!.data), headers: { 'content-type': recording.media_type, 'content-disposition': 'attachment' } };
  },
};
