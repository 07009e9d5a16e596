/**
 * The gateway's WebSocket (`{apiPrefix}/ws`), protocol in @ihkit/core's realtime.ts. A
 * connection authenticates with its first frame, then subscribes to consults it takes part
 * in; each subscription delivers the messages after the seq it asked from, in order, from
 * the database, whenever the hub says there is something new. It may also watch the
 * prescriptions, invitations and reports its user sees (user-notices.ts).
 *
 * Every frame is weighed against its connection's and its user's budgets before it is read
 * (frame-limits.ts). A subscribe or join that gets through, or that is refused someone else's
 * consult or room, leaves an audit row naming the patient; one for an id that names nothing,
 * or past a limit, is counted (RefusalCounts), so a flood of them writes nothing. Every frame
 * that hands the user patient data or names a patient's record (SERVER_FRAME_AUDIT) goes out
 * after its audit row is written — rows written in groups (delivery-audit.ts).
 */
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { REALTIME_CLOSE, REALTIME_LIMITS, VIDEO_BROADCAST, type ClientFrame, type ServerFrame, type WatchTopic } from '@ihkit/core';
import { authenticate } from '../auth.js';
import { writeAudit, type AuditEntry, type AuditRow, type RefusalOutcome } from '../audit.js';
import { roleIn, type ConsultRole } from '../consults/access.js';
import { findConsult, messagesAfter } from '../consults/store.js';
import { notify } from './notices.js';
import { safeError } from '../logging.js';
import type { Services } from '../operations.js';
import type { UserRow } from '../users.js';
import type { ConsultHub } from './hub.js';
import { frameFor, isUserNotice, resyncFrame, TOPIC_OF, WATCH_TOPICS } from './user-notices.js';
import { sessionActive } from '../sessions.js';
import { findRoom, participant, participantsOf, relaySignal, setOnline, signalFor, toVideoRoom } from '../video/rooms.js';
import { RealtimeLimits } from './frame-limits.js';
import { onSocketError } from './socket-errors.js';
import type { DeliveryAudit } from './delivery-audit.js';
import { withinOrganization } from '../organizations/isolation.js';

/**
 * Closed when its token expires or its session is revoked (4001): the client reconnects with
 * the token its page holds now, and one that has expired or was revoked too is refused.
 */
export const SESSION_EXPIRED_CLOSE = REALTIME_CLOSE.sessionEnded;
const MAX_TIMER_MS = 2 ** 31 - 1;
const PAGE = 200;
const { maxFrameBytes, maxSignalBytes, maxSeq, subscriptionsPerConnection, authTimeoutMs } = REALTIME_LIMITS;

/**
 * What the socket does for each client frame that concerns someone's data: the audit action
 * of the ones that read it (a row for each that gets through or is refused someone else's),
 * or why the frame needs none. audit-coverage.test.ts holds every frame type to an entry.
 */
export const FRAME_AUDIT: Record<ClientFrame['type'], { action: string } | { none: string }> = {
  auth: { none: 'signs the connection in: no patient data' },
  subscribe: { action: 'subscribeConsult' },
  unsubscribe: { none: 'drops one of the connection\'s own subscriptions' },
  typing: { none: 'a notice within a subscription, audited when subscribed' },
  queue: { none: 'ids of the doctor\'s own queue and alerts, read and audited through the API' },
  watch: { none: 'ids of what the user may see, read and audited through the API' },
  'video-join': { action: 'joinVideoRoom' },
  'video-leave': { none: 'leaves a room the connection joined' },
  'video-signal': { none: 'opaque WebRTC signalling within a joined room, audited at the join' },
};

/**
 * What the socket sends, and the audit action of the ones that hand over patient data or name a
 * patient's record (a row per delivery, for each patient's thing delivered), or why none is needed.
 */
export const SERVER_FRAME_AUDIT: Record<ServerFrame['type'], { action: string } | { none: string }> = {
  ready: { none: 'the connection is signed in' },
  message: { action: 'deliverConsultMessage' },
  consult: { none: 'the id of a consult the connection subscribed to (audited at subscribe); read through the API' },
  typing: { none: 'who is typing in a subscribed consult' },
  read: { none: 'how far the other side read in a subscribed consult' },
  queue: { none: 'the doctor\'s queue changed; read through the API' },
  consults: { action: 'deliverConsultNotice' },
  'critical-alert': { action: 'deliverCriticalAlert' },
  prescription: { action: 'deliverPrescriptionNotice' },
  invitation: { action: 'deliverInvitation' },
  report: { action: 'deliverReportNotice' },
  'care-alert': { action: 'deliverCareAlert' },
  signature: { action: 'deliverSignatureNotice' },
  'video-room': { action: 'deliverVideoRoom' },
  'video-signal': { none: 'opaque WebRTC signalling within a joined room, audited at the join' },
  error: { none: 'a code, and the id the client sent' },
};

const deliveryAction = (type: ServerFrame['type']) => {
  const audit = SERVER_FRAME_AUDIT[type];
  if (!('action' in audit)) throw new Error(`a ${type} frame is not audited`);
  return audit.action;
};

interface Subscription {
  role: ConsultRole;
  /** The consult's patient: whose data its messages are. */
  patientId: string;
  last: number;
  /** Deliveries run one after another, so messages go out in order and once. */
  chain: Promise<void>;
  unwatch: () => void;
}

export async function registerRealtime(api: FastifyInstance, services: Services, hub: ConsultHub, deliveries: DeliveryAudit, limits = new RealtimeLimits()): Promise<void> {
  await api.register(websocket, { options: { maxPayload: maxFrameBytes }, errorHandler: onSocketError });
  api.get('/ws', { websocket: true }, (socket, request) => {
    const log = request.log;
    const budget = limits.connection();
    let user: UserRow | undefined;
    let authenticating = false;
    let closed = false;
    let flooded = false;
    const subs = new Map<string, Subscription>();
    let unwatchQueue: (() => void) | undefined;
    const videoJoins = new Map<string, { unwatch: () => void }>();
    /** Video deliveries, one after another, so signals go out in the order they were sent. */
    let videoChain = Promise.resolve();
    const send = (frame: ServerFrame) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    /** The audit row of delivering `resourceId` (of `patientId`) to this connection's user in a `type` frame. */
    const delivery = (type: ServerFrame['type'], patientId: string, resourceType: string, resourceId: string): AuditRow => ({
      actorId: user!.id, actorRole: user!.role, action: deliveryAction(type), patientId, resourceType, resourceId, outcome: 'ok', requestId: request.id,
    });
    /** Sends `frames` once `rows` are in the audit log; nothing if they could not be written. */
    const sendAudited = async (rows: AuditRow[], ...frames: ServerFrame[]) => {
      await deliveries.record(rows);
      for (const frame of frames) send(frame);
    };
    const authTimer = setTimeout(() => socket.close(REALTIME_CLOSE.unauthenticated, 'authenticate first'), authTimeoutMs);
    const count = (action: string, outcome: RefusalOutcome) => services.refusals.add(action, outcome, services.now());
    /**
     * A subscribe or join was refused: one of someone else's (`patientId`'s) leaves a row naming
     * their patient; one of an id that names nothing (no patient) is counted.
     */
    const refused = async (action: 'subscribeConsult' | 'joinVideoRoom', resourceType: string, resourceId: string, patientId: string | undefined) => {
      if (patientId === undefined) return count(action, 'denied');
      await writeAudit(services.db, { actorId: user!.id, actorRole: user!.role, action, patientIds: [patientId], resourceType, resourceId, outcome: 'denied', requestId: request.id });
    };
    let expiryTimer: ReturnType<typeof setTimeout> | undefined;
    let unwatchUser: (() => void) | undefined;
    /** The topics this connection asked for with `watch`. */
    const topics = new Set<WatchTopic>();
    /** Notices to the user, one after another (each checks access first), so frames go out in order. */
    let userChain = Promise.resolve();
    /** Critical alerts to the doctor, one after another. */
    let alertChain = Promise.resolve();

    const deliver = (consultId: string, sub: Subscription) => {
      sub.chain = sub.chain
        .then(async () => {
          for (;;) {
            const items = await messagesAfter(services.db, consultId, sub.last, PAGE);
            if (subs.get(consultId) !== sub) return;
            if (items.length) {
              await sendAudited(items.map((m) => delivery('message', sub.patientId, 'consult_message', m.id)), ...items.map((message) => ({ type: 'message' as const, consultId, message })));
              sub.last = items.at(-1)!.seq;
            }
            if (items.length < PAGE) return;
          }
        })
        .catch((err: unknown) => log.warn({ err: safeError(err) }, 'realtime delivery failed'));
    };

    /** An existing subscription asked again from `after`: delivers from there. */
    const resume = (consultId: string, sub: Subscription, after: number) => {
      sub.last = Math.min(sub.last, after);
      deliver(consultId, sub);
    };

    const subscribe = async (consultId: string, after: number) => {
      if (!user) return;
      const limited = () => {
        count('subscribeConsult', 'limited');
        send({ type: 'error', code: 'RATE_LIMITED', consultId });
      };
      if (!subs.has(consultId) && subs.size >= subscriptionsPerConnection) return limited();
      if (!budget.user!.lookups.take()) return limited();
      const existing = subs.get(consultId);
      if (existing) return resume(consultId, existing, after);
      const row = await findConsult(services.db, consultId);
      if (!row) {
        await refused('subscribeConsult', 'consult_message', consultId, undefined);
        return send({ type: 'error', code: 'NOT_FOUND', consultId });
      }
      const role = await roleIn(services.db, user, row);
      if (!role) {
        await refused('subscribeConsult', 'consult_message', consultId, row.patient_id);
        return send({ type: 'error', code: 'NOT_FOUND', consultId });
      }
      await writeAudit(services.db, { actorId: user.id, actorRole: user.role, action: 'subscribeConsult', patientIds: [row.patient_id], resourceType: 'consult_message', resourceId: consultId, outcome: 'ok', requestId: request.id });
      if (closed) return;
      // Another subscribe to it, or to others, finished while this one read the database.
      const meanwhile = subs.get(consultId);
      if (meanwhile) return resume(consultId, meanwhile, after);
      if (subs.size >= subscriptionsPerConnection) return limited();
      const sub: Subscription = {
        role,
        patientId: row.patient_id,
        last: after,
        chain: Promise.resolve(),
        unwatch: hub.watchConsult(consultId, (notice) => {
          if (notice.k === 'message' || notice.k === 'resync') deliver(consultId, sub);
          if (notice.k === 'consult' || notice.k === 'resync') send({ type: 'consult', consultId });
          if (notice.k === 'typing' && notice.s !== sub.role) send({ type: 'typing', consultId, sender: notice.s });
          if (notice.k === 'read' && notice.s !== sub.role) send({ type: 'read', consultId, sender: notice.s, seq: notice.seq });
        }),
      };
      subs.set(consultId, sub);
      deliver(consultId, sub);
    };

    const videoNotice = (roomId: string, notice: { g?: number }) => {
      videoChain = videoChain
        .then(async () => {
          if (!user || !videoJoins.has(roomId)) return;
          const room = await findRoom(services.db, roomId);
          if (!room) return;
          if (notice.g === undefined) return sendAudited([delivery('video-room', room.patient_id, 'video_room', roomId)], { type: 'video-room', roomId, room: await toVideoRoom(services.db, room, user.id) });
          const signal = await signalFor(services.db, notice.g, roomId, user.id);
          if (signal) send({ type: 'video-signal', roomId, from: signal.from, message: signal.message });
        })
        .catch((err: unknown) => log.warn({ err: safeError(err) }, 'video delivery failed'));
    };

    const videoJoin = async (roomId: string) => {
      if (!user) return;
      if (!budget.user!.lookups.take()) {
        count('joinVideoRoom', 'limited');
        return send({ type: 'error', code: 'RATE_LIMITED', roomId });
      }
      if (videoJoins.has(roomId)) return videoNotice(roomId, {});
      const room = await findRoom(services.db, roomId);
      if (!room) {
        await refused('joinVideoRoom', 'video_room', roomId, undefined);
        return send({ type: 'error', code: 'NOT_FOUND', roomId });
      }
      if (!(await participant(services.db, roomId, user.id))) {
        await refused('joinVideoRoom', 'video_room', roomId, room.patient_id);
        return send({ type: 'error', code: 'NOT_FOUND', roomId });
      }
      const me = user;
      const joined: AuditEntry = { actorId: me.id, actorRole: me.role, action: 'joinVideoRoom', patientIds: [room.patient_id], resourceType: 'video_room', resourceId: roomId, outcome: 'ok', requestId: request.id };
      if (room.status !== 'open' || closed || videoJoins.has(roomId)) {
        await writeAudit(services.db, joined);
        if (room.status !== 'open') send({ type: 'error', code: 'INVALID_STATE', roomId });
        return;
      }
      const unwatch = hub.watchConsult(room.consult_id, (notice) => {
        if (notice.k === 'resync') videoNotice(roomId, {});
        else if (notice.k === 'video' && notice.r === roomId) videoNotice(roomId, notice);
      });
      videoJoins.set(roomId, { unwatch });
      // Online in the room, and its audit row, in one transaction.
      await services.db.transaction(async (tx) => {
        await setOnline(tx, room, me.id, +1);
        await writeAudit(tx, joined);
      }).catch((err: unknown) => {
        unwatch();
        videoJoins.delete(roomId);
        throw err;
      });
    };

    const videoLeave = async (roomId: string) => {
      const join = videoJoins.get(roomId);
      if (!join || !user) return;
      join.unwatch();
      videoJoins.delete(roomId);
      const room = await findRoom(services.db, roomId);
      if (room) await setOnline(services.db, room, user.id, -1);
    };

    const videoSignal = async (frame: Extract<ClientFrame, { type: 'video-signal' }>) => {
      if (!user) return;
      const { roomId, to, message } = frame;
      const fail = (code: string) => send({ type: 'error', code, roomId });
      if (!videoJoins.has(roomId)) return fail('NOT_FOUND');
      if (typeof to !== 'string' || !message || typeof message !== 'object' || typeof message.sessionId !== 'string' || JSON.stringify(message).length > maxSignalBytes) return fail('VALIDATION_FAILED');
      const room = await findRoom(services.db, roomId);
      if (!room || room.status !== 'open') return fail('INVALID_STATE');
      const people = await participantsOf(services.db, roomId);
      const me = people.find((p) => p.user_id === user!.id);
      if (!me?.admitted_at) return fail('FORBIDDEN'); // still in the waiting room
      if (to !== VIDEO_BROADCAST && !people.some((p) => p.user_id === to && p.admitted_at)) return fail('NOT_FOUND');
      await relaySignal(services.db, room, user.id, to, message, services.now());
    };

    const handle = async (frame: ClientFrame) => {
      if (frame.type === 'auth') {
        // One auth frame is read; more (while it is checked, or after) are ignored.
        if (user || authenticating) return;
        authenticating = true;
        try {
          const signedIn = await authenticate(services, `Bearer ${String(frame.token ?? '')}`, log);
          if (closed) return;
          if (!limits.signIn(budget, signedIn.user.id)) {
            count('realtimeConnection', 'limited');
            send({ type: 'error', code: 'TOO_MANY_CONNECTIONS' });
            return socket.close(REALTIME_CLOSE.tooManySockets, 'too many connections for this user');
          }
          user = signedIn.user;
          const left = Math.min(MAX_TIMER_MS, Math.max(0, signedIn.expiresAt.getTime() - services.now().getTime()));
          expiryTimer = setTimeout(() => socket.close(SESSION_EXPIRED_CLOSE, 'session expired'), left);
          const sessionId = signedIn.sessionId;
          const me = user;
          if (socket.readyState === socket.OPEN) unwatchUser = hub.watchUser(me, (notice) => {
            // Told of every revocation of this user's sessions (and after a missed notice): is ours still on?
            if (sessionId && (notice.k === 'session' || notice.k === 'resync')) {
              sessionActive(services.db, sessionId, services.now())
                .then((active) => active || socket.close(SESSION_EXPIRED_CLOSE, 'session revoked'))
                .catch((err: unknown) => log.warn({ err: safeError(err) }, 'checking a live connection\'s session failed'));
            }
            if (notice.k === 'resync') for (const topic of topics) send(resyncFrame(topic));
            else if (isUserNotice(notice) && topics.has(TOPIC_OF[notice.k])) {
              userChain = userChain
                .then(async () => {
                  const found = await frameFor(services.db, me, notice, services.now());
                  if (found) await sendAudited([delivery(found.frame.type, found.patientId, found.resourceType, found.resourceId)], found.frame);
                })
                .catch((err: unknown) => log.warn({ err: safeError(err) }, 'live notice delivery failed'));
            }
          });
        } catch {
          send({ type: 'error', code: 'UNAUTHENTICATED' });
          return socket.close(REALTIME_CLOSE.unauthenticated, 'not authenticated');
        }
        clearTimeout(authTimer);
        return send({ type: 'ready' });
      }
      if (!user) return send({ type: 'error', code: 'UNAUTHENTICATED' });
      switch (frame.type) {
        case 'subscribe':
          if (typeof frame.consultId !== 'string' || !Number.isInteger(frame.after) || frame.after < 0 || frame.after > maxSeq) return send({ type: 'error', code: 'VALIDATION_FAILED' });
          return subscribe(frame.consultId, frame.after);
        case 'unsubscribe': {
          const sub = subs.get(frame.consultId);
          sub?.unwatch();
          subs.delete(frame.consultId);
          return;
        }
        case 'typing': {
          // One notice per user and consult per interval; the rest are dropped, silently.
          const sub = subs.get(frame.consultId);
          if (sub && budget.user!.typingDue(frame.consultId)) await notify(services.db, { k: 'typing', c: frame.consultId, s: sub.role });
          return;
        }
        case 'video-join':
          return typeof frame.roomId === 'string' ? videoJoin(frame.roomId) : send({ type: 'error', code: 'VALIDATION_FAILED' });
        case 'video-leave':
          return videoLeave(frame.roomId);
        case 'video-signal':
          return videoSignal(frame);
        case 'watch':
          if (!WATCH_TOPICS.includes(frame.topic)) return send({ type: 'error', code: 'VALIDATION_FAILED' });
          topics.add(frame.topic);
          return;
        case 'queue':
          // Queues and critical results are the home organization's (its HIS takes the consults, its LIS raises the alerts).
          if (user.role === 'doctor' && user.his_doctor_id && withinOrganization(user, services.organizations.home.id) && !unwatchQueue) unwatchQueue = hub.watchDoctor(user.his_doctor_id, (notice) => {
            if (notice.k === 'alert') {
              alertChain = alertChain
                .then(async () => {
                  const alert = (await services.db.query<{ patient_id: string }>('SELECT patient_id FROM critical_alerts WHERE id = $1', [notice.a])).rows[0];
                  if (alert) await sendAudited([delivery('critical-alert', alert.patient_id, 'critical_alert', notice.a)], { type: 'critical-alert', alertId: notice.a });
                })
                .catch((err: unknown) => log.warn({ err: safeError(err) }, 'critical alert delivery failed'));
              return;
            }
            send({ type: 'queue' });
            // After the gateway lost its LISTEN connection: alerts may have been missed too.
            if (notice.k === 'resync') send({ type: 'critical-alert' });
          });
          return;
        default:
          return send({ type: 'error', code: 'VALIDATION_FAILED' });
      }
    };

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (flooded) return;
      const admission = budget.admit();
      if (admission === 'close') {
        flooded = true;
        count('realtimeFrame', 'limited');
        log.warn({ userId: user?.id, frames: budget.received, dropped: budget.dropped }, 'realtime socket closed: it kept sending past its frame budget');
        return socket.close(REALTIME_CLOSE.policyViolation, 'too many frames');
      }
      if (admission === 'drop') count('realtimeFrame', 'limited');
      let frame: ClientFrame;
      try {
        if (isBinary) throw new Error('binary');
        frame = JSON.parse(data.toString('utf8')) as ClientFrame;
        if (!frame || typeof frame !== 'object') throw new Error('not an object');
      } catch {
        return admission === 'read' ? send({ type: 'error', code: 'VALIDATION_FAILED' }) : undefined;
      }
      if (admission === 'drop') {
        // What waits for an answer is told to ask again later; the rest is dropped silently.
        if (frame.type === 'subscribe' && typeof frame.consultId === 'string') send({ type: 'error', code: 'RATE_LIMITED', consultId: frame.consultId });
        if (frame.type === 'video-join' && typeof frame.roomId === 'string') send({ type: 'error', code: 'RATE_LIMITED', roomId: frame.roomId });
        return;
      }
      handle(frame).catch((err: unknown) => {
        log.warn({ err: safeError(err) }, 'realtime frame failed');
        send({ type: 'error', code: 'INTERNAL' });
      });
    });
    socket.on('close', () => {
      closed = true;
      limits.signOut(budget);
      clearTimeout(authTimer);
      clearTimeout(expiryTimer);
      unwatchUser?.();
      for (const sub of subs.values()) sub.unwatch();
      subs.clear();
      unwatchQueue?.();
      for (const roomId of [...videoJoins.keys()]) {
        videoLeave(roomId).catch((err: unknown) => log.warn({ err: safeError(err) }, 'leaving a video room failed'));
      }
    });
  });
}

export type { WebSocket };
