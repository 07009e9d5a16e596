import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RealtimeConnection, VIDEO_BROADCAST, type VideoRoom, type VideoRoomHandle, type VideoSignal } from '@ihkit/core';
import { openPostgres } from '../src/db/index.js';
import { createPostgresDatabase } from './helpers/databases.js';
import { databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, OTHER_DOCTOR, get, ok, post } from './helpers/consults.js';
import { connections, eventually, listen, WS } from './helpers/live.js';

/** What a joined participant sees: rooms, signals and errors, in arrival order. */
function watch(handle: VideoRoomHandle) {
  const seen = { rooms: [] as VideoRoom[], signals: [] as Array<{ from: string; message: VideoSignal }>, errors: [] as string[] };
  handle.onRoom((room) => seen.rooms.push(room));
  handle.onMessage((from, message) => seen.signals.push({ from, message }));
  handle.onError((code) => seen.errors.push(code));
  return { ...seen, get room() { return seen.rooms.at(-1); } };
}

for (const database of databases) {
  describe(`video rooms (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    let zhang: string;
    let doctor: string;
    const live = connections();
    const connect = (token: string) => live.connect(url, token);

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      url = await listen(gw);
      zhang = await login(gw, 'zhangwei', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
    });
    after(async () => {
      live.closeAll();
      await gw?.close();
    });

    test('a waiting room until the doctor admits the patient; then signals pass, to one or to all, never back to the sender', async () => {
      const consult = await acceptedConsult(gw, zhang, doctor);
      const asPatient = ok<VideoRoom>(await post(gw, zhang, `/consults/${consult.id}/video-room`));
      assert.deepEqual(asPatient.participants.map((p) => [p.role, p.admitted]), [['patient', false]]);
      const asDoctor = ok<VideoRoom>(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      assert.equal(asDoctor.id, asPatient.id, 'one room per consult');
      assert.deepEqual(asDoctor.participants.map((p) => [p.role, p.admitted]), [['patient', false], ['doctor', true]]);
      assert.ok(!asDoctor.participants.some((p) => /张|周/.test(p.id)), 'participant ids are opaque');

      const lina = await login(gw, 'lina', 'demo');
      assert.equal((await post(gw, lina, `/consults/${consult.id}/video-room`)).statusCode, 404);
      assert.equal((await get(gw, lina, `/video-rooms/${asPatient.id}`)).statusCode, 404);
      assert.equal((await post(gw, zhang, `/video-rooms/${asPatient.id}/admit`, { participantId: asPatient.self })).statusCode, 403, 'only the doctor admits');

      const p = connect(zhang).joinVideo(asPatient.id, asPatient.self);
      const d = connect(doctor).joinVideo(asDoctor.id, asDoctor.self);
      const patient = watch(p);
      const doc = watch(d);
      await eventually(() => assert.ok(doc.room?.participants.every((x) => x.online), 'both online'));

      // Waiting: what the patient sends is refused, and nothing reaches them.
      p.send(VIDEO_BROADCAST, { sessionId: 's-p1', kind: 'hello' });
      await eventually(() => assert.deepEqual(patient.errors, ['FORBIDDEN']));
      d.send(VIDEO_BROADCAST, { sessionId: 's-d1', kind: 'hello' });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(patient.signals.length, 0, 'a waiting patient is not fed');

      ok(await post(gw, doctor, `/video-rooms/${asDoctor.id}/admit`, { participantId: asPatient.self }));
      await eventually(() => assert.equal(patient.room?.participants.find((x) => x.id === asPatient.self)?.admitted, true));

      p.send(VIDEO_BROADCAST, { sessionId: 's-p2', kind: 'hello' });
      await eventually(() => assert.deepEqual(doc.signals.map((s) => [s.from, s.message.sessionId, s.message.kind]), [[asPatient.self, 's-p2', 'hello']]));
      const sdp = { type: 'offer', sdp: `v=0\r\n${'a=x\r\n'.repeat(1500)}` }; // a large offer (~7.5 KB)
      d.send(asPatient.self, { sessionId: 's-d2', kind: 'signal', data: sdp });
      await eventually(() => assert.equal(patient.signals.length, 1));
      assert.deepEqual(patient.signals[0], { from: asDoctor.self, message: { sessionId: 's-d2', kind: 'signal', data: sdp } });
      assert.equal(doc.signals.length, 1, 'nothing came back to its sender');
      d.send('u_nobody', { sessionId: 's-d3', kind: 'signal' });
      await eventually(() => assert.deepEqual(doc.errors, ['NOT_FOUND']));
    });

    test('a specialist is invited into the call; the doctor ends it for everyone', async () => {
      const consult = await acceptedConsult(gw, zhang, doctor);
      const room = ok<VideoRoom>(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      const specialistToken = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      assert.equal((await get(gw, specialistToken, `/video-rooms/${room.id}`)).statusCode, 404, 'not before being invited');
      const huang = ok<{ items: Array<{ id: string; name: string }> }>(await get(gw, doctor, '/doctors')).items.find((x) => x.name === '黄立新')!;
      const invited = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: huang.id }));
      const specialist = invited.participants.find((x) => x.role === 'specialist');
      assert.equal(specialist?.admitted, true);
      const asSpecialist = ok<VideoRoom>(await get(gw, specialistToken, `/video-rooms/${room.id}`));
      assert.equal(asSpecialist.self, specialist!.id);

      const s = connect(specialistToken).joinVideo(room.id, asSpecialist.self);
      const d = connect(doctor).joinVideo(room.id, room.self);
      const spec = watch(s);
      const doc = watch(d);
      await eventually(() => assert.ok(spec.room?.participants.filter((x) => x.online).length === 2, 'both online'));
      s.send(VIDEO_BROADCAST, { sessionId: 's-s1', kind: 'hello' });
      await eventually(() => assert.equal(doc.signals[0]?.from, specialist!.id));

      ok(await post(gw, doctor, `/video-rooms/${room.id}/end`));
      await eventually(() => assert.equal(spec.room?.status, 'ended'));
      await eventually(() => assert.equal(doc.room?.status, 'ended'));
      s.send(VIDEO_BROADCAST, { sessionId: 's-s2', kind: 'hello' });
      await eventually(() => assert.deepEqual(spec.errors, ['INVALID_STATE']));
      assert.equal((await post(gw, specialistToken, `/video-rooms/${room.id}/end`)).statusCode, 403, 'only the consult’s doctor ends it');
    });
  });
}

describe('video signals across two gateways on one PostgreSQL', () => {
  test('a signal sent through one reaches a participant connected to the other', async () => {
    const created = await createPostgresDatabase();
    const database = { open: () => openPostgres(created.url) };
    const a = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    const b = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    const conns: RealtimeConnection[] = [];
    try {
      const [urlA, urlB] = [await listen(a), await listen(b)];
      const zhang = await login(a, 'zhangwei', 'demo');
      const doctor = await login(a, DOCTOR.username, DOCTOR.password);
      const consult = await acceptedConsult(a, zhang, doctor);
      const pRoom = ok<VideoRoom>(await post(a, zhang, `/consults/${consult.id}/video-room`));
      const dRoom = ok<VideoRoom>(await post(b, doctor, `/consults/${consult.id}/video-room`));
      ok(await post(b, doctor, `/video-rooms/${dRoom.id}/admit`, { participantId: pRoom.self }));
      const pc = new RealtimeConnection({ url: urlA, token: zhang, WebSocket: WS, minDelayMs: 50 });
      const dc = new RealtimeConnection({ url: urlB, token: doctor, WebSocket: WS, minDelayMs: 50 });
      conns.push(pc, dc);
      const patient = watch(pc.joinVideo(pRoom.id, pRoom.self));
      const d = dc.joinVideo(dRoom.id, dRoom.self);
      await eventually(() => assert.ok(patient.room?.participants.every((x) => x.online), 'both online, seen across gateways'));
      d.send(pRoom.self, { sessionId: 'x1', kind: 'hello' });
      await eventually(() => assert.equal(patient.signals[0]?.message.sessionId, 'x1'));
    } finally {
      for (const c of conns) c.close();
      await a.close();
      await b.close();
      await created.drop();
    }
  });
});
