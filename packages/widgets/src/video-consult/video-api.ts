/**
 * The gateway's video-room calls (openapi.yaml: openVideoRoom, getVideoRoom, admitToVideoRoom,
 * inviteToVideoRoom, endVideoRoom, getIceServers). @ihkit/core has no typed methods for them
 * yet, so they go through `client.request` here — the only place the video consult calls the API.
 */
import type { CallOptions, Consult, IhClient, ResponseBody, VideoRoom } from '@ihkit/core';

const roomPath = (roomId: string, sub?: string) => `video-rooms/${encodeURIComponent(roomId)}${sub ? `/${sub}` : ''}`;

export type VideoParticipant = VideoRoom['participants'][number];

export interface IceServersAnswer {
  iceServers: RTCIceServer[];
}

export const videoApi = {
  /** The consult's room, opened on first call; the caller becomes a participant. */
  openRoom: (client: IhClient, consultId: string, o?: CallOptions) =>
    client.request<VideoRoom>('post', `consults/${encodeURIComponent(consultId)}/video-room`, { ...o, idempotent: true }),
  getRoom: (client: IhClient, roomId: string, o?: CallOptions) => client.request<VideoRoom>('get', roomPath(roomId), o),
  /** The doctor lets a waiting participant in. */
  admit: (client: IhClient, roomId: string, participantId: string, o?: CallOptions) =>
    client.request<VideoRoom>('post', roomPath(roomId, 'admit'), { ...o, body: { participantId }, idempotent: true }),
  /** The doctor invites a specialist, admitted at once. */
  invite: (client: IhClient, roomId: string, doctorId: string, o?: CallOptions) =>
    client.request<VideoRoom>('post', roomPath(roomId, 'invite'), { ...o, body: { doctorId }, idempotent: true }),
  /** The doctor ends the call for everyone. */
  end: (client: IhClient, roomId: string, o?: CallOptions) => client.request<VideoRoom>('post', roomPath(roomId, 'end'), { ...o, idempotent: true }),
  /** STUN/TURN servers with short-lived credentials (empty without a TURN server). */
  iceServers: (client: IhClient, o?: CallOptions) => client.request<IceServersAnswer>('get', 'video/ice-servers', o),
  /** The patient's consults a video call can join now (accepted or in progress), newest first as the gateway lists them. */
  currentConsults: (client: IhClient, o?: CallOptions) =>
    client.request<ResponseBody<'listConsults'>>('get', 'consults', { ...o, query: { status: 'accepted,in_progress' } }).then((r) => r.items as Consult[]),
};
