/**
 * Video calls: the ICE servers (with TURN credentials minted per user) for RTCPeerConnection,
 * and a consult's video room — open, admit, invite a specialist, end. Signals travel on the
 * WebSocket (realtime/socket.ts); media never passes through the gateway.
 */
import type { Queryable } from '@ihkit/adapters';
import { openConsult } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import type { Call, OperationHandler, OperationId } from '../operations.js';
import { signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { findDoctorUser } from '../users.js';
import { addParticipant, findRoom, openRoomFor, participant, ROOM_SELECT, roomChanged, toVideoRoom, type RoomRow } from '../video/rooms.js';
import { invitationsChanged } from '../video/invitations.js';
import { turnCredentials } from '../video/turn.js';
import { capacity, closeSfuRoom, moveToSfuIfLarge } from '../video/sfu.js';
import { permittedPractitioner, permittedSelf } from '../practitioners.js';
import { withinOrganization } from '../organizations/isolation.js';

export const getIceServers: OperationHandler<'getIceServers'> = {
  async handle(call, services) {
    const user = signedIn(call);
    if (!services.turn) return { body: { iceServers: [] } };
    const { username, credential, expiresAt } = turnCredentials(services.turn, user.id, services.now());
    return { body: { iceServers: [{ urls: services.turn.urls, username, credential }], expiresAt: expiresAt.toISOString() } };
  },
};

/** The room named by the call, to a participant (NOT_FOUND otherwise); with `doctor`, only the consult's doctor goes on. */
export async function openRoom(call: Call<OperationId>, q: Queryable, roomId: string, opts: { forUpdate?: boolean; doctor?: boolean } = {}) {
  const user = signedIn(call);
  call.audit.resourceId = roomId;
  const room = await findRoom(q, roomId, opts.forUpdate);
  const me = room && (await participant(q, room.id, user.id));
  if (!room || !me) throw new HttpProblem('NOT_FOUND');
  const consult = (await findConsult(q, room.consult_id))!;
  call.audit.patientIds.push(consult.patient_id);
  if (!withinOrganization(user, consult.organization_id)) throw new HttpProblem('NOT_FOUND');
  if (opts.doctor && (me.role !== 'doctor' || user.his_doctor_id !== consult.doctor_id)) throw new HttpProblem('FORBIDDEN', "Only the consult's doctor may do this.");
  return { room, user, consult, me };
}

export const openVideoRoom: OperationHandler<'openVideoRoom'> = {
  audit: 'video_room',
  async handle(call, services) {
    // The consult's doctor holds a call only while permitted to practise online (asked before any lock is taken).
    const { role, user } = await openConsult(call, services.db, call.params.consultId);
    if (role === 'doctor') await permittedSelf(services, user);
    return services.db.transaction(async (tx) => {
      const { row, role, user } = await openConsult(call, tx, call.params.consultId, { forUpdate: true });
      if (row.status !== 'accepted' && row.status !== 'in_progress') throw new HttpProblem('INVALID_STATE', 'A video call is for a consult the doctor has accepted and not yet ended.');
      const now = services.now();
      const room = await openRoomFor(tx, row.id, user.id, now);
      await moveToSfuIfLarge(tx, room, await addParticipant(tx, room, user, role, now, capacity(services.janus)), services.janus);
      await roomChanged(tx, room);
      return { body: await toVideoRoom(tx, room, user.id) };
    });
  },
};

/** At most this many rooms in a list: more open at once means rooms left open, not calls. */
const LIST_LIMIT = 50;

export const listVideoRooms: OperationHandler<'listVideoRooms'> = {
  audit: 'video_room',
  async handle(call, services) {
    const user = signedIn(call);
    const { rows } = await services.db.query<RoomRow>(
      `${ROOM_SELECT}
         JOIN video_participants p ON p.room_id = r.id AND p.user_id = $1
        WHERE r.status = 'open' AND c.status IN ('accepted', 'in_progress')
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${LIST_LIMIT}`,
      [user.id],
    );
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    const items = [];
    for (const row of rows) items.push(await toVideoRoom(services.db, row, user.id));
    return { body: { items } };
  },
};

export const getVideoRoom: OperationHandler<'getVideoRoom'> = {
  audit: 'video_room',
  async handle(call, services) {
    const { room, user } = await openRoom(call, services.db, call.params.roomId);
    return { body: await toVideoRoom(services.db, room, user.id) };
  },
};

export const admitToVideoRoom: OperationHandler<'admitToVideoRoom'> = {
  audit: 'video_room',
  async handle(call, services) {
    return services.db.transaction(async (tx) => {
      const { room, user } = await openRoom(call, tx, call.params.roomId, { forUpdate: true, doctor: true });
      if (room.status !== 'open') throw new HttpProblem('INVALID_STATE', 'The call has ended.');
      const updated = await tx.query('UPDATE video_participants SET admitted_at = COALESCE(admitted_at, $3) WHERE room_id = $1 AND user_id = $2 RETURNING user_id', [room.id, call.body.participantId, services.now()]);
      if (!updated.rows.length) throw new HttpProblem('NOT_FOUND', 'No such participant in this room.');
      await roomChanged(tx, room);
      return { body: await toVideoRoom(tx, room, user.id) };
    });
  },
};

export const inviteToVideoRoom: OperationHandler<'inviteToVideoRoom'> = {
  audit: 'video_room',
  async handle(call, services) {
    // A specialist gives their opinion online too: only one the hospital permits to (asked before any lock is taken).
    const { consult } = await openRoom(call, services.db, call.params.roomId, { doctor: true });
    // Only a doctor of the consult's own organization (their ids are its HIS's).
    const invited = await findDoctorUser(services.db, call.body.doctorId, consult.organization_id);
    if (invited) await permittedPractitioner(services, invited.his_doctor_id, 'doctor');
    return services.db.transaction(async (tx) => {
      const { room, user } = await openRoom(call, tx, call.params.roomId, { forUpdate: true, doctor: true });
      if (room.status !== 'open') throw new HttpProblem('INVALID_STATE', 'The call has ended.');
      const specialist = await findDoctorUser(tx, call.body.doctorId, consult.organization_id);
      if (!specialist) throw new HttpProblem('NOT_FOUND', 'That doctor has no account on this gateway.');
      const count = await addParticipant(tx, room, specialist, specialist.id === user.id ? 'doctor' : 'specialist', services.now(), capacity(services.janus), user.id);
      await moveToSfuIfLarge(tx, room, count, services.janus);
      await roomChanged(tx, room);
      await invitationsChanged(tx, { roomId: room.id });
      return { body: await toVideoRoom(tx, room, user.id) };
    });
  },
};

export const endVideoRoom: OperationHandler<'endVideoRoom'> = {
  audit: 'video_room',
  async handle(call, services) {
    const ended = await services.db.transaction(async (tx) => {
      const { room, user } = await openRoom(call, tx, call.params.roomId, { forUpdate: true, doctor: true });
      if (room.status === 'open') {
        await tx.query(`UPDATE video_rooms SET status = 'ended', ended_at = $2 WHERE id = $1`, [room.id, services.now()]);
        await roomChanged(tx, room);
        await invitationsChanged(tx, { roomId: room.id });
      }
      return { closing: room.status === 'open' ? room : undefined, body: await toVideoRoom(tx, (await findRoom(tx, room.id))!, user.id) };
    });
    // Everyone still on the SFU is sent away; a server that cannot be reached drops the room when it restarts.
    if (ended.closing) await closeSfuRoom(ended.closing).catch((e: Error) => services.log.warn({ err: e.message }, 'could not close the call on the media server'));
    return { body: ended.body };
  },
};
