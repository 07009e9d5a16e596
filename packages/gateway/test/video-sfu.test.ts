// Calls past the mesh's four on a real Janus (scripts/janus.mjs): the gateway creates the
// VideoRoom room with the admin key when the fifth participant comes in, hands admitted
// participants the URL, room and pin (never the admin key or the room's secret), and destroys the
// room when the doctor ends the call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { VideoRoom } from '@ihkit/core';
import { JanusSession, type WebSocketLike } from '@ihkit/video/janus-rooms.js';
import WebSocket from 'ws';
import { startJanus } from '../../../scripts/janus.mjs';
import { databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, get, ok, post } from './helpers/consults.js';
import { freeTcpPort } from '../../../scripts/local-server.mjs';
import { findDoctorUser, upsertUser } from '../src/users.js';

const NodeWS = WebSocket as unknown as WebSocketLike;
type Doctors = { items: Array<{ id: string; name: string }> };

/** Joins the room on Janus as a publisher that sends nothing; resolves to the ids of the others there, or rejects. */
async function joinOnJanus(url: string, room: number, pin: string): Promise<void> {
  const session = await JanusSession.connect(url, NodeWS);
  try {
    const handle = await session.attach('janus.plugin.videoroom');
    const { data } = await handle.request({ request: 'join', ptype: 'publisher', room, pin, display: 'probe' });
    assert.equal(data.videoroom, 'joined');
  } finally {
    await session.destroy();
  }
}

/** A consult with its patient waiting and its doctor in the room, and three other doctors permitted online to invite (with accounts). */
async function roomOfTwo(gw: TestGateway) {
  const zhang = await login(gw, 'zhangwei', 'demo');
  const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
  const consult = await acceptedConsult(gw, zhang, doctor);
  const asPatient = ok<VideoRoom>(await post(gw, zhang, `/consults/${consult.id}/video-room`));
  const room = ok<VideoRoom>(await post(gw, doctor, `/consults/${consult.id}/video-room`));
  // the demo has three doctors with accounts who may practise online; a fourth gets one here
  const others = ok<Doctors>(await get(gw, doctor, '/doctors')).items.filter((d) => !['周敏', '钱晓东'].includes(d.name)).slice(0, 3);
  assert.equal(others.length, 3);
  for (const d of others) if (!(await findDoctorUser(gw.db, d.id))) await upsertUser(gw.db, { username: `sfu.${d.id}`, role: 'doctor', displayName: d.name, hisDoctorId: d.id });
  return { zhang, doctor, room, asPatient, others };
}

for (const database of databases) {
  describe(`video calls on the SFU (${database.name})`, () => {
    let janus: Awaited<ReturnType<typeof startJanus>>;
    let gw: TestGateway;
    before(async () => {
      janus = await startJanus();
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, janusUrl: janus.url, janusAdminKey: janus.adminKey });
    });
    after(async () => {
      await gw?.close();
      await janus?.stop();
    });

    test('the fifth participant moves the call to a Janus room that only admitted participants may join', async () => {
      const { zhang, doctor, room, asPatient, others } = await roomOfTwo(gw);
      assert.deepEqual(room.media, { transport: 'mesh' });
      let latest = room;
      for (const d of others.slice(0, 2)) latest = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: d.id }));
      assert.equal(latest.participants.length, 4);
      assert.deepEqual(latest.media, { transport: 'mesh' }, 'four stay on the mesh');

      latest = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: others[2]!.id }));
      assert.equal(latest.participants.length, 5);
      assert.equal(latest.media.transport, 'janus');
      const { url, room: sfuRoom, pin } = latest.media.janus!;
      assert.equal(url, janus.url);
      assert.ok(Number.isInteger(sfuRoom) && sfuRoom > 0);
      assert.ok(pin.length >= 16, 'a random pin');
      const body = JSON.stringify(latest);
      assert.ok(!body.includes(janus.adminKey), 'never the admin key');

      // The waiting patient hears that the call is on the SFU, not how to join it.
      assert.deepEqual(ok<VideoRoom>(await get(gw, zhang, `/video-rooms/${room.id}`)).media, { transport: 'janus' });
      ok(await post(gw, doctor, `/video-rooms/${room.id}/admit`, { participantId: asPatient.self }));
      assert.deepEqual(ok<VideoRoom>(await get(gw, zhang, `/video-rooms/${room.id}`)).media, latest.media);

      await joinOnJanus(url, sfuRoom, pin);
      await assert.rejects(joinOnJanus(url, sfuRoom, 'not-the-pin'), /Janus error/, 'the pin is needed');

      ok(await post(gw, doctor, `/video-rooms/${room.id}/end`));
      await assert.rejects(joinOnJanus(url, sfuRoom, pin), /Janus error/, 'the room is gone with the call');
    });
  });
}

describe('video calls without a reachable SFU', () => {
  const database = databases[0]!;

  test('without IHKIT_JANUS_URL a call holds four; with a server that does not answer, the fifth is refused and nothing changes', async () => {
    for (const janusUrl of [undefined, `ws://127.0.0.1:${await freeTcpPort()}`]) {
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, ...(janusUrl ? { janusUrl, janusAdminKey: 'k' } : {}) });
      try {
        const { doctor, room, others } = await roomOfTwo(gw);
        for (const d of others.slice(0, 2)) ok(await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: d.id }));
        const refused = await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: others[2]!.id });
        assert.equal(refused.statusCode, 409);
        assert.equal(refused.json().code, 'INVALID_STATE');
        const now = ok<VideoRoom>(await get(gw, doctor, `/video-rooms/${room.id}`));
        assert.equal(now.participants.length, 4);
        assert.deepEqual(now.media, { transport: 'mesh' });
      } finally {
        await gw.close();
      }
    }
  });
});
