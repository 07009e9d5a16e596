/**
 * Recording a video consult: the doctor asks, every admitted participant answers, and only
 * then may the doctor upload the recording (WebM or Ogg audio, checked by its bytes), which is
 * kept with the consult's record. Recordings go to the consult's patient and doctor and to
 * the call's participants. The consent rule lives in video/rooms.ts (`recordingStatus`).
 */
import { createHash } from 'node:crypto';
import { roleIn } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import { newId } from '../ids.js';
import type { OperationHandler } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { sniffRecording } from '@ihkit/adapters';
import { answerRecording, consentSnapshot, requestRecording, toRecording } from '../video/recording.js';
import { findRecording, insertRecording, recordingByKey, recordingData, recordingsOf, roomsAdmittedTo } from '../video/recording-store.js';
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

      const earlier = await recordingByKey(tx, user.id, key);
      if (earlier) {
        if (earlier.room_id !== room.id || earlier.sha256 !== sha256) throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
        call.audit.resourceId = earlier.id;
        return { status: 201, body: toRecording(earlier) };
      }

      const requestId = room.recording_request_id;
      // Recorded before the call ended and uploaded after is fine: nobody can be admitted to an ended call.
      if (!requestId || recordingStatus(true, await participantsOf(tx, room.id, requestId)) !== 'consented') {
        throw new HttpProblem('RECORDING_NOT_CONSENTED', 'Every participant in the call must have agreed to this recording request.');
      }
      const id = newId('rec');
      const now = services.now();
      const consents = await consentSnapshot(tx, { ...room, recording_request_id: requestId });
      const stored = await insertRecording(tx, { id, consultId: consult.id, roomId: room.id, requestId, uploadedBy: user.id, mediaType, bytes, sha256, durationMs, consents, idempotencyKey: key, now });
      call.audit.resourceId = id;
      return { status: 201, body: toRecording(stored) };
    });
  },
};

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
    const rooms = (await roleIn(services.db, user, consult)) ? undefined : await roomsAdmittedTo(services.db, user.id, consult.id);
    if (rooms && !rooms.length) throw new HttpProblem('NOT_FOUND');
    return { body: { items: (await recordingsOf(services.db, consult.id, rooms)).map(toRecording) } };
  },
};

export const getVideoRecording: OperationHandler<'getVideoRecording'> = {
  audit: 'video_recording',
  async handle(call, services) {
    const user = signedIn(call);
    call.audit.resourceId = call.params.recordingId;
    const recording = await findRecording(services.db, call.params.recordingId);
    const consult = recording && (await findConsult(services.db, recording.consult_id));
    if (consult) call.audit.patientIds.push(consult.patient_id);
    if (!recording || !consult) throw new HttpProblem('NOT_FOUND');
    const allowed = (await roleIn(services.db, user, consult)) || (await roomsAdmittedTo(services.db, user.id, consult.id, recording.room_id)).length > 0;
    if (!allowed) throw new HttpProblem('NOT_FOUND');
    const data = await recordingData(services.db, recording.id);
    return { body: Buffer.from(data!), headers: { 'content-type': recording.media_type, 'content-disposition': 'attachment' } };
  },
};
