/**
 * A video room as the mock gateway answers it, for the video consult's tests and the visual
 * test: the doctor 王建国 in the room, the patient 张伟 waiting to be admitted.
 */
import type { VideoRoom } from '@ihkit/core';
import { http, HttpResponse } from './mock-api.js';

export const roomOf = (over: Partial<VideoRoom> = {}): VideoRoom => ({
  id: 'room_1',
  consultId: 'con_1',
  departmentId: 'dep_cardio',
  createdAt: new Date().toISOString(),
  status: 'open',
  self: 'vp_patient',
  participants: [
    { id: 'vp_doctor', role: 'doctor', name: '王建国', admitted: true, online: true, consent: null },
    { id: 'vp_patient', role: 'patient', name: '张伟', admitted: false, online: true, consent: null },
  ],
  recording: { status: 'off' },
  media: { transport: 'mesh' },
  ...over,
});
export const admitted = (room: VideoRoom): VideoRoom => ({ ...room, participants: room.participants.map((p) => ({ ...p, admitted: true })) });

/** The video routes, answering with `room()` as it is when asked. */
export function videoHandlers(room: () => VideoRoom) {
  return [
    http.post('/api/consults/:id/video-room', () => HttpResponse.json(room())),
    http.get('/api/video/ice-servers', () => HttpResponse.json({ iceServers: [] })),
    http.post('/api/video-rooms/:id/admit', async ({ request }) => {
      const { participantId } = (await request.json()) as { participantId: string };
      const r = room();
      return HttpResponse.json({ ...r, participants: r.participants.map((p) => (p.id === participantId ? { ...p, admitted: true } : p)) });
    }),
    http.post('/api/video-rooms/:id/end', () => HttpResponse.json({ ...room(), status: 'ended' })),
    http.get('/api/video-rooms/:id', () => HttpResponse.json(room())),
  ];
}
