import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Consult, VideoRecording, VideoRoom } from '@ihkit/core';
import { API, auth, databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, OTHER_DOCTOR, get, ok, paidConsult, PNG_1x1, post, WEBM } from './helpers/consults.js';
import { connections, eventually, listen } from './helpers/live.js';

/** An Ogg stream as MediaRecorder makes it, with bytes of every value after the header. */
const OGG = Buffer.concat([Buffer.from('OggS\u0000\u0002', 'latin1'), randomBytes(2048)]);

function problem(res: { statusCode: number; body: string }, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal((JSON.parse(res.body) as { code: string }).code, code);
}

const upload = (gw: TestGateway, token: string, roomId: string, bytes: Buffer, opts: { type?: string; key?: string | null; query?: string } = {}) =>
  gw.app.inject({
    method: 'POST',
    url: `${API}/video-rooms/${roomId}/recordings${opts.query ?? ''}`,
    headers: auth(token, { 'content-type': opts.type ?? 'audio/webm;codecs=opus', ...(opts.key === null ? {} : { 'idempotency-key': opts.key ?? newKey() }) }),
    payload: bytes,
  });

const byRole = (room: VideoRoom) => Object.fromEntries(room.participants.map((p) => [p.role, p.consent]));

for (const database of databases) {
  describe(`video consult recording (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    let zhang: string; // 张伟, patient of 周敏
    let wangfang: string; // 王芳, whose husband 陈建国 is also 周敏's patient
    let lina: string;
    let doctor: string; // 周敏
    let specialist: string; // 黄立新
    let tang: string; // 唐慧, another doctor
    let huangId: string;
    const live = connections();

    async function acceptedConsult(token: string, relation = 'self'): Promise<Consult> {
      const patientId = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, token, '/patients')).items.find((p) => p.relation === relation)!.id;
      const consult = await paidConsult(gw, token, patientId, 'I10');
      return ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/accept`));
    }

    /** A call of 张伟's new consult with 周敏, the patient admitted; `withSpecialist` invites 黄立新 too. */
    async function call(withSpecialist = false) {
      const consult = await acceptedConsult(zhang);
      const asPatient = ok<VideoRoom>(await post(gw, zhang, `/consults/${consult.id}/video-room`));
      ok(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      let room = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${asPatient.id}/admit`, { participantId: asPatient.self }));
      if (withSpecialist) room = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${room.id}/invite`, { doctorId: huangId }));
      return { consult, room };
    }

    const consent = async (token: string, roomId: string, yes: boolean) => ok<VideoRoom>(await post(gw, token, `/video-rooms/${roomId}/recording-consent`, { consent: yes }));
    const listRooms = async (token: string) => ok<{ items: VideoRoom[] }>(await get(gw, token, '/video-rooms')).items.map((r) => r.id);

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      url = await listen(gw);
      zhang = await login(gw, 'zhangwei', 'demo');
      wangfang = await login(gw, 'wangfang', 'demo');
      lina = await login(gw, 'lina', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      specialist = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      tang = await login(gw, 'dr.tang', 'demo');
      huangId = ok<{ items: Array<{ id: string; name: string }> }>(await get(gw, doctor, '/doctors')).items.find((d) => d.name === '黄立新')!.id;
    });
    after(async () => {
      live.closeAll();
      await gw?.close();
    });

    test('a specialist finds the call they were invited to in their list of rooms; nobody sees rooms they are not in', async () => {
      const mine = await acceptedConsult(zhang);
      const theirs = await acceptedConsult(wangfang, 'spouse');
      const roomA = ok<VideoRoom>(await post(gw, doctor, `/consults/${mine.id}/video-room`));
      gw.clock.set(gw.clock.ms + 60_000);
      const roomB = ok<VideoRoom>(await post(gw, doctor, `/consults/${theirs.id}/video-room`));

      assert.deepEqual(await listRooms(specialist), [], 'not before being invited');
      ok(await post(gw, doctor, `/video-rooms/${roomA.id}/invite`, { doctorId: huangId }));
      const [invitation, ...more] = ok<{ items: VideoRoom[] }>(await get(gw, specialist, '/video-rooms')).items;
      assert.equal(more.length, 0, 'only the call they were invited to');
      assert.equal(invitation!.id, roomA.id);
      assert.equal(invitation!.consultId, mine.id);
      assert.equal(invitation!.departmentId, mine.departmentId, 'labelled by the consult’s department');
      assert.equal(invitation!.participants.find((p) => p.id === invitation!.self)?.role, 'specialist');
      assert.deepEqual(invitation!.recording, { status: 'off' });

      assert.deepEqual(await listRooms(doctor), [roomB.id, roomA.id], 'newest first');
      assert.deepEqual(await listRooms(zhang), [], 'the patient has not opened the call yet');
      ok(await post(gw, zhang, `/consults/${mine.id}/video-room`));
      const [waiting] = ok<{ items: VideoRoom[] }>(await get(gw, zhang, '/video-rooms')).items;
      assert.equal(waiting!.id, roomA.id);
      assert.equal(waiting!.participants.find((p) => p.id === waiting!.self)?.admitted, false, 'still in the waiting room');

      for (const outsider of [lina, tang, wangfang]) {
        assert.ok(!(await listRooms(outsider)).includes(roomA.id), 'an outsider does not see the call');
        problem(await get(gw, outsider, `/video-rooms/${roomA.id}`), 404, 'NOT_FOUND');
      }
      ok(await post(gw, doctor, `/video-rooms/${roomA.id}/end`));
      assert.deepEqual(await listRooms(specialist), [], 'an ended call is no longer listed');
      assert.deepEqual(await listRooms(doctor), [roomB.id]);
    });

    test('consent: asked by the doctor, answered by every admitted participant; one admitted later or one no holds recording back', async () => {
      const consult = await acceptedConsult(zhang);
      const asPatient = ok<VideoRoom>(await post(gw, zhang, `/consults/${consult.id}/video-room`));
      const asDoctor = ok<VideoRoom>(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      assert.deepEqual(asDoctor.recording, { status: 'off' });
      assert.deepEqual(byRole(asDoctor), { patient: null, doctor: null });
      const roomId = asDoctor.id;
      const patientLive = live.connect(url, zhang).joinVideo(roomId, asPatient.self);
      const seen: VideoRoom[] = [];
      patientLive.onRoom((r) => seen.push(r));

      problem(await post(gw, zhang, `/video-rooms/${roomId}/recording-request`), 403, 'ROLE_NOT_ALLOWED');
      problem(await post(gw, tang, `/video-rooms/${roomId}/recording-request`), 404, 'NOT_FOUND');
      problem(await post(gw, doctor, `/video-rooms/${roomId}/recording-consent`, { consent: true }), 409, 'INVALID_STATE');

      // Asked while the patient still waits: the doctor, the only one in the call, has said yes by asking.
      const asked = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${roomId}/recording-request`));
      assert.equal(asked.recording.status, 'consented');
      assert.equal(asked.recording.requestedBy, asDoctor.self);
      assert.deepEqual(byRole(asked), { patient: null, doctor: true });
      problem(await post(gw, zhang, `/video-rooms/${roomId}/recording-consent`, { consent: true }), 403, 'FORBIDDEN');

      // Admitted after the consent: they have not agreed, so it is asked again.
      const admitted = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${roomId}/admit`, { participantId: asPatient.self }));
      assert.equal(admitted.recording.status, 'requested');
      await eventually(() => assert.equal(seen.at(-1)?.recording.status, 'requested', 'the patient’s live room shows the request'));
      const retried = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${roomId}/recording-request`));
      assert.equal(retried.recording.requestedAt, asked.recording.requestedAt, 'asking again while asked changes nothing');

      assert.equal((await consent(zhang, roomId, true)).recording.status, 'consented');
      const invited = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${roomId}/invite`, { doctorId: huangId }));
      assert.equal(invited.recording.status, 'requested', 'the specialist has not agreed');
      assert.deepEqual(byRole(invited), { patient: true, doctor: true, specialist: null });

      const declined = await consent(specialist, roomId, false);
      assert.equal(declined.recording.status, 'declined');
      assert.equal((await consent(zhang, roomId, true)).recording.status, 'declined', 'one no is enough');
      await eventually(() => assert.equal(seen.at(-1)?.recording.status, 'declined', 'the patient’s live room shows the no'));
      problem(await upload(gw, doctor, roomId, WEBM), 409, 'RECORDING_NOT_CONSENTED');

      // Asking again starts over: earlier answers no longer count.
      gw.clock.set(gw.clock.ms + 1000);
      const again = ok<VideoRoom>(await post(gw, doctor, `/video-rooms/${roomId}/recording-request`));
      assert.notEqual(again.recording.requestedAt, asked.recording.requestedAt);
      assert.deepEqual([again.recording.status, byRole(again)], ['requested', { patient: null, doctor: true, specialist: null }]);
      await consent(zhang, roomId, true);
      assert.equal((await consent(specialist, roomId, true)).recording.status, 'consented');
      // A participant may take their yes back.
      assert.equal((await consent(zhang, roomId, false)).recording.status, 'declined');

      // Every answer is kept, with who and when, and cannot be rewritten.
      const { rows } = await gw.db.query<{ user_id: string; consent: boolean; at: Date }>(
        `SELECT a.user_id, a.consent, a.at FROM video_recording_consents a JOIN video_recording_requests q ON q.id = a.request_id WHERE q.room_id = $1 ORDER BY a.id`, [roomId]);
      const specialistId = invited.participants.find((p) => p.role === 'specialist')!.id;
      assert.deepEqual(rows.map((r) => [r.user_id, r.consent]), [
        [asDoctor.self, true], [asPatient.self, true], [specialistId, false],
        [asDoctor.self, true], [asPatient.self, true], [specialistId, true], [asPatient.self, false],
      ]);
      assert.ok(rows.every((r) => r.at instanceof Date));
      await assert.rejects(gw.db.query('UPDATE video_recording_consents SET consent = true'), /append-only/);
      await assert.rejects(gw.db.query('DELETE FROM video_recording_consents'), /is kept until .*DELETE refused/);

      ok(await post(gw, doctor, `/video-rooms/${roomId}/end`));
      problem(await post(gw, zhang, `/video-rooms/${roomId}/recording-consent`, { consent: true }), 409, 'INVALID_STATE');
      problem(await post(gw, doctor, `/video-rooms/${roomId}/recording-request`), 409, 'INVALID_STATE');
    });

    test('a recording is accepted only from the doctor, only as WebM or Ogg, only after everyone agreed; it is kept with the consult and given back byte for byte to those in it', async () => {
      const { consult, room } = await call(true);
      ok(await post(gw, doctor, `/video-rooms/${room.id}/recording-request`));
      problem(await upload(gw, doctor, room.id, WEBM), 409, 'RECORDING_NOT_CONSENTED');
      await consent(zhang, room.id, true);
      assert.equal((await consent(specialist, room.id, true)).recording.status, 'consented');

      problem(await upload(gw, zhang, room.id, WEBM), 403, 'ROLE_NOT_ALLOWED');
      problem(await upload(gw, specialist, room.id, WEBM), 403, 'FORBIDDEN');
      problem(await upload(gw, tang, room.id, WEBM), 404, 'NOT_FOUND');
      problem(await upload(gw, doctor, room.id, PNG_1x1), 415, 'RECORDING_FORMAT_UNSUPPORTED');
      problem(await upload(gw, doctor, room.id, Buffer.from('not a recording at all')), 415, 'RECORDING_FORMAT_UNSUPPORTED');
      problem(await upload(gw, doctor, room.id, WEBM, { type: 'video/mp4' }), 415, 'RECORDING_FORMAT_UNSUPPORTED');
      problem(await upload(gw, doctor, room.id, WEBM, { key: null }), 400, 'VALIDATION_FAILED');

      const key = newKey();
      const stored = ok<VideoRecording>(await upload(gw, doctor, room.id, WEBM, { key, query: '?durationMs=61500' }), 201);
      assert.deepEqual(
        { mediaType: stored.mediaType, size: stored.size, sha256: stored.sha256, durationMs: stored.durationMs, consultId: stored.consultId, roomId: stored.roomId },
        { mediaType: 'audio/webm', size: WEBM.length, sha256: createHash('sha256').update(WEBM).digest('hex'), durationMs: 61500, consultId: consult.id, roomId: room.id },
      );
      assert.equal(ok<VideoRecording>(await upload(gw, doctor, room.id, WEBM, { key }), 201).id, stored.id, 'a retried upload is stored once');
      problem(await upload(gw, doctor, room.id, OGG, { key }), 422, 'IDEMPOTENCY_KEY_REUSED');
      // Typed by its bytes, not by what it claims; and after the call has ended, still with everyone's consent.
      ok(await post(gw, doctor, `/video-rooms/${room.id}/end`));
      gw.clock.set(gw.clock.ms + 1000);
      const ogg = ok<VideoRecording>(await upload(gw, doctor, room.id, OGG), 201);
      assert.equal(ogg.mediaType, 'audio/ogg');

      // Kept with the consult's record, with the consent it was made under.
      for (const token of [zhang, doctor, specialist]) {
        const items = ok<{ items: VideoRecording[] }>(await get(gw, token, `/consults/${consult.id}/recordings`)).items;
        assert.deepEqual(items.map((r) => [r.id, r.mediaType]), [[stored.id, 'audio/webm'], [ogg.id, 'audio/ogg']]);
      }
      const snapshot = (await gw.db.query<{ consents: { participants: Array<{ participantId: string; consent: boolean }> } }>('SELECT consents FROM video_recordings WHERE id = $1', [stored.id])).rows[0]!.consents;
      assert.deepEqual(snapshot.participants.map((p) => p.participantId).sort(), room.participants.map((p) => p.id).sort());
      assert.ok(snapshot.participants.every((p) => p.consent === true));

      for (const token of [zhang, doctor, specialist]) {
        const res = await get(gw, token, `/recordings/${stored.id}`);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'audio/webm');
        assert.ok(res.rawPayload.equals(WEBM), 'byte-identical');
      }
      for (const outsider of [wangfang, lina, tang]) {
        problem(await get(gw, outsider, `/consults/${consult.id}/recordings`), 404, 'NOT_FOUND');
        problem(await get(gw, outsider, `/recordings/${stored.id}`), 404, 'NOT_FOUND');
      }

      // Audited by opaque ids; nothing about the patient in the logs.
      const audit = (await gw.db.query<{ action: string; outcome: string; patient_id: string | null; resource_id: string | null }>(
        `SELECT action, outcome, patient_id, resource_id FROM audit_log WHERE action IN ('uploadVideoRecording', 'getVideoRecording') AND resource_id = $1`, [stored.id])).rows;
      assert.ok(audit.some((r) => r.action === 'uploadVideoRecording' && r.outcome === 'ok'), 'the upload is audited');
      assert.equal(audit.filter((r) => r.action === 'getVideoRecording' && r.outcome === 'ok').length, 3);
      assert.equal(audit.filter((r) => r.action === 'getVideoRecording' && r.outcome === 'denied').length, 3);
      assert.ok(audit.every((r) => r.patient_id === consult.patient.id));
      assert.ok(!/张伟|原发性高血压/.test(gw.logs.text), 'no names or diagnoses in the logs');
    });

    test('hostile recordings: markup under an audio type, truncated headers and Matroska of another doctype are refused; a polyglot is served as the audio it is, to be downloaded', async () => {
      const { room } = await call();
      ok(await post(gw, doctor, `/video-rooms/${room.id}/recording-request`));
      await consent(zhang, room.id, true);
      const ebml = WEBM.subarray(0, 4);
      const refused: Array<[string, Buffer]> = [
        ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>')],
        ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
        ['an EBML magic number alone', ebml],
        ['an EBML magic number before markup', Buffer.concat([ebml, Buffer.from('<html><script>alert(1)</script></html>')])],
        ['Matroska that is not WebM', Buffer.from(WEBM.toString('hex').replace('7765626d', '6d6b7678'), 'hex')],
        ['"OggS" alone', Buffer.from('OggS')],
        ['an Ogg page header cut short', OGG.subarray(0, 20)],
      ];
      for (const [what, bytes] of refused) {
        const res = await upload(gw, doctor, room.id, bytes);
        assert.equal(res.statusCode, 415, `${what}: ${res.body}`);
        assert.equal(JSON.parse(res.body).code, 'RECORDING_FORMAT_UNSUPPORTED', what);
      }
      const polyglot = Buffer.concat([WEBM, Buffer.from('<html><body onload="alert(1)"><script>alert(2)</script></body></html>')]);
      const stored = ok<VideoRecording>(await upload(gw, doctor, room.id, polyglot, { type: 'audio/ogg' }), 201);
      assert.equal(stored.mediaType, 'audio/webm', 'typed by its bytes');
      const res = await get(gw, zhang, `/recordings/${stored.id}`);
      assert.equal(res.headers['content-type'], 'audio/webm');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['content-disposition'], 'attachment');
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
      assert.ok(res.rawPayload.equals(polyglot), 'kept byte for byte');
    });

    test('the size limit is the gateway’s setting', async () => {
      const small = await startGateway(database, { demo: true, sweepIntervalMs: 0, recordingMaxMb: 1 });
      try {
        const token = await login(small, DOCTOR.username, DOCTOR.password);
        const big = Buffer.concat([WEBM, Buffer.alloc(1024 * 1024)]);
        problem(await upload(small, token, 'vr_any', big), 413, 'PAYLOAD_TOO_LARGE');
        problem(await upload(small, token, 'vr_any', WEBM), 404, 'NOT_FOUND');
      } finally {
        await small.close();
      }
    });
  });
}
