/**
 * The video consult's calls: the consult's room (waiting room, admission, a specialist's
 * invitation, ending), the ICE servers, and recording with every participant's consent.
 * `videoOf(client)` gives the one VideoClient of a client; a page without video never loads it.
 * Live room changes and signals come over the WebSocket (`RealtimeConnection.joinVideo`).
 */
import type { CallOptions, IhClient } from './client.js';
import type { ResponseBody, VideoRecording, VideoRoom } from './types.js';

export interface UploadRecordingOptions extends CallOptions {
  /** The recording's length as the recorder measured it. */
  durationMs?: number;
  /** Milliseconds before the upload is given up; default two minutes (or the client's timeout, if longer). */
  timeout?: number;
}

export class VideoClient {
  constructor(readonly client: IhClient) {}

  /** The consult's room, opened on first call; the caller becomes a participant (the patient waits to be admitted). */
  openRoom(consultId: string, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('post', '/consults/{consultId}/video-room', consultId, { ...o, idempotent: true });
  }
  getRoom(roomId: string, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('get', '/video-rooms/{roomId}', roomId, o);
  }
  /** The open rooms the user takes part in, newest first: how a specialist finds the calls they were invited to. */
  listRooms(o?: CallOptions): Promise<VideoRoom[]> {
    return this.client.call('get', '/video-rooms', o).then((r) => r.items);
  }
  /** The doctor lets a waiting participant in. */
  admit(roomId: string, participantId: string, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('post', '/video-rooms/{roomId}/admit', roomId, { ...o, body: { participantId }, idempotent: true });
  }
  /** The doctor invites a specialist (by their doctor id), admitted at once. */
  invite(roomId: string, doctorId: string, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('post', '/video-rooms/{roomId}/invite', roomId, { ...o, body: { doctorId }, idempotent: true });
  }
  /** The doctor ends the call for everyone. */
  end(roomId: string, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('post', '/video-rooms/{roomId}/end', roomId, { ...o, idempotent: true });
  }
  /** STUN/TURN servers for RTCPeerConnection, with short-lived credentials (empty without a TURN server). */
  iceServers(o?: CallOptions): Promise<ResponseBody<'getIceServers'>> {
    return this.client.call('get', '/video/ice-servers', o);
  }
  /** The consult's doctor asks everyone for consent to record (counts as the doctor's own yes); a retry changes nothing. */
  requestRecording(roomId: string, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('post', '/video-rooms/{roomId}/recording-request', roomId, { ...o, idempotent: true });
  }
  /** An admitted participant answers the current recording request; their latest answer counts. */
  consent(roomId: string, consent: boolean, o?: CallOptions): Promise<VideoRoom> {
    return this.client.call('post', '/video-rooms/{roomId}/recording-consent', roomId, { ...o, body: { consent }, idempotent: true });
  }
  /**
   * The consult's doctor uploads the recording (a MediaRecorder Blob of WebM or Ogg audio) once
   * `room.recording.status` is `consented`; RECORDING_NOT_CONSENTED otherwise. It carries an
   * Idempotency-Key, so a retried upload is stored once.
   */
  uploadRecording(roomId: string, recording: Blob, o: UploadRecordingOptions = {}): Promise<VideoRecording> {
    const { durationMs, timeout, idempotencyKey, signal } = o;
    return this.client.call('post', '/video-rooms/{roomId}/recordings', roomId, {
      signal,
      raw: recording,
      creates: true,
      idempotencyKey,
      query: durationMs === undefined ? undefined : { durationMs: Math.round(durationMs) },
      timeout: timeout ?? Math.max(120_000, this.client.options.timeout ?? 0),
    });
  }
  /** The recordings kept with the consult's record, oldest first. */
  listRecordings(consultId: string, o?: CallOptions): Promise<VideoRecording[]> {
    return this.client.call('get', '/consults/{consultId}/recordings', consultId, o).then((r) => r.items);
  }
  /** A recording's bytes as a Blob (for URL.createObjectURL in an <audio>): the request carries the token, which a plain URL could not. */
  downloadRecording(recordingId: string, o?: CallOptions): Promise<Blob> {
    return this.client.call('get', '/recordings/{recordingId}', recordingId, { ...o, as: 'blob' });
  }
}

const videoClients = new WeakMap<IhClient, VideoClient>();

export function videoOf(client: IhClient): VideoClient {
  let c = videoClients.get(client);
  if (!c) videoClients.set(client, (c = new VideoClient(client)));
  return c;
}
