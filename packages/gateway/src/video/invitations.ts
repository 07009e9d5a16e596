/**
 * A specialist's invitations are the open video rooms they were invited to whose consult is
 * still under way (GET /video-rooms). This module tells them, live, when that changes.
 */
import type { Queryable } from '@ihkit/adapters';
import { addressees, notify } from '../realtime/notices.js';

/**
 * Tells the specialists invited to a room that their invitations changed: to room `roomId`
 * (invited, ended), or to the open rooms of consult `consultId` (the consult moved on, which
 * may take the call out of their invitations). Sent on commit.
 */
export async function invitationsChanged(q: Queryable, of: { roomId: string } | { consultId: string }): Promise<void> {
  const { rows } = await q.query<{ room_id: string; user_id: string }>(
    `SELECT p.room_id, p.user_id FROM video_participants p JOIN video_rooms r ON r.id = p.room_id
      WHERE p.role = 'specialist' AND ${'roomId' in of ? 'r.id = $1' : `r.consult_id = $1 AND r.status = 'open'`} ORDER BY p.room_id, p.user_id`,
    ['roomId' in of ? of.roomId : of.consultId]);
  const byRoom = new Map<string, string[]>();
  for (const r of rows) byRoom.set(r.room_id, [...(byRoom.get(r.room_id) ?? []), r.user_id]);
  for (const [r, users] of byRoom) for (const u of addressees(users)) await notify(q, { k: 'invitation', r, u });
}
