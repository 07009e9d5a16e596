/**
 * The realtime socket under abuse: one user flooding it cannot flood the database, the audit
 * trail or anyone else's socket (frame-limits.ts, with REALTIME_LIMITS from @ihkit/core).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { REALTIME_CLOSE, REALTIME_LIMITS, type Consult, type VideoRoom } from '@ihkit/core';
import { LIVE_CHANNEL } from '../src/realtime/notices.js';
import { eventually, listen, RawSocket, type Frame } from './helpers/live.js';
import { crowd, databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, ok, post, say } from './helpers/consults.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tally = (frames: Frame[]) => frames.reduce<Record<string, number>>((t, f) => ({ ...t, [f.code!]: (t[f.code!] ?? 0) + 1 }), {});

for (const database of databases) {
  describe(`realtime socket limits (${database.name})`, () => {
    let gw: TestGateway;
    let url: string;
    let zhang: string;
    let doctor: string;
    let consult: Consult;
    /** Fresh patients with accounts, one per test that spends a user's budgets. */
    let others: Array<{ token: string; userId: string }>;
    const sockets: RawSocket[] = [];
    const open = async (token?: string) => {
      const s = await RawSocket.open(url, token);
      sockets.push(s);
      return s;
    };
    /** A socket of `token` following the consult (its messages so far delivered). */
    const following = async (token: string) => {
      const s = await open(token);
      s.send({ type: 'subscribe', consultId: consult.id, after: 0 });
      await s.next((f) => f.type === 'message');
      return s;
    };
    const logLines = (from: number) => gw.logs.lines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusalCounts = async () => {
      await gw.flushRefusals();
      const { rows } = await gw.db.query<{ action: string; outcome: string; n: number }>('SELECT action, outcome, sum(count)::int AS n FROM audit_refusals GROUP BY action, outcome');
      return Object.fromEntries(rows.map((r) => [`${r.action}/${r.outcome}`, r.n])) as Record<string, number>;
    };

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      url = await listen(gw);
      zhang = await login(gw, 'zhangwei', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      consult = await acceptedConsult(gw, zhang, doctor);
      others = (await crowd(gw, 4)).map((p) => ({ token: p.token, userId: decodeJwt(p.token).sub! }));
    });
    after(async () => {
      for (const s of sockets) s.close();
      await gw?.close();
    });

    test('four sockets of one patient sending typing every 20 ms: one notice, and one frame to the doctor, per 2 s', async () => {
      const doctorSocket = await following(doctor);
      const flooders: Array<Awaited<ReturnType<typeof following>>> = [];
      for (let i = 0; i < 4; i++) flooders.push(await following(zhang));
      let notices = 0;
      const stopListening = await gw.db.listen(LIVE_CHANNEL, (payload) => {
        if ((JSON.parse(payload) as { k: string }).k === 'typing') notices += 1;
      });
      try {
        let sent = 0;
        const started = performance.now();
        const timer = setInterval(() => {
          for (const s of flooders) s.send({ type: 'typing', consultId: consult.id });
          sent += flooders.length;
        }, 20);
        await sleep(3000);
        clearInterval(timer);
        const elapsed = performance.now() - started;
        await sleep(300); // the last notice on its way
        const allowed = Math.floor(elapsed / REALTIME_LIMITS.typingIntervalMs) + 1;
        assert.ok(sent >= 200, `${sent} typing frames sent`);
        assert.ok(notices >= 1 && notices <= allowed, `${notices} typing notices for ${sent} frames in ${elapsed.toFixed(0)} ms (at most ${allowed})`);
        const told = doctorSocket.count('typing');
        assert.ok(told >= 1 && told <= allowed, `the doctor was told ${told} times (at most ${allowed})`);
      } finally {
        await stopListening();
      }
    });

    test('subscribes to made-up consult ids: refused, no audit row written, each refusal counted', async () => {
      const prober = others[0]!;
      const before = await refusalCounts();
      const s = await open(prober.token);
      const tries = 100;
      for (let i = 0; i < tries; i++) s.send({ type: 'subscribe', consultId: `con_${randomUUID()}`, after: 0 });
      await eventually(() => assert.equal(s.count('error'), tries), 10_000);
      const codes = tally(s.frames.filter((f) => f.type === 'error'));
      assert.deepEqual(Object.keys(codes).sort(), ['NOT_FOUND', 'RATE_LIMITED']);
      // Each allowed lookup reads the database; a few more may have come back while they ran.
      assert.ok(codes.NOT_FOUND! >= REALTIME_LIMITS.lookups.burst && codes.NOT_FOUND! <= REALTIME_LIMITS.lookups.burst + 5, `${codes.NOT_FOUND} looked up`);
      const { rows } = await gw.db.query('SELECT 1 FROM audit_log WHERE actor_id = $1', [prober.userId]);
      assert.equal(rows.length, 0, 'no audit row for ids that name nobody');
      const after = await refusalCounts();
      const added = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
      assert.equal(added('subscribeConsult/denied'), codes.NOT_FOUND);
      assert.equal(added('subscribeConsult/limited'), codes.RATE_LIMITED);
    });

    test(`a user's ${REALTIME_LIMITS.socketsPerUser + 1}th socket is refused (TOO_MANY_CONNECTIONS, ${REALTIME_CLOSE.tooManySockets}); one closed makes room`, async () => {
      const user = others[1]!;
      const mine = [];
      for (let i = 0; i < REALTIME_LIMITS.socketsPerUser; i++) {
        const s = await open();
        assert.deepEqual(await s.auth(user.token), { type: 'ready' }, `socket ${i + 1}`);
        mine.push(s);
      }
      for (let i = 0; i < 2; i++) {
        const extra = await open();
        assert.deepEqual(await extra.auth(user.token), { type: 'error', code: 'TOO_MANY_CONNECTIONS' });
        assert.equal(await extra.closedWithin(), REALTIME_CLOSE.tooManySockets);
      }
      // Someone else is not affected.
      const other = await open();
      assert.deepEqual(await other.auth(others[2]!.token), { type: 'ready' });

      mine[0]!.close();
      await mine[0]!.closed;
      await eventually(async () => {
        const again = await open();
        assert.deepEqual(await again.auth(user.token), { type: 'ready' });
      });
    });

    test('a socket that keeps sending past its frame budget is closed (1008) and logged once, by user id and counts; another user’s socket carries on', async () => {
      const flooder = others[3]!;
      const doctorSocket = await following(doctor);
      const logsFrom = gw.logs.lines.length;
      const s = await open(flooder.token);
      const frames = REALTIME_LIMITS.connectionFrames.burst + REALTIME_LIMITS.framesOverBudget + 100;
      for (let i = 0; i < frames; i++) s.send({ type: 'queue' });
      assert.equal(await s.closedWithin(), REALTIME_CLOSE.policyViolation);

      const lines = logLines(logsFrom).filter((l) => l.msg === 'realtime socket closed: it kept sending past its frame budget');
      assert.equal(lines.length, 1, 'logged once');
      const line = lines[0]!;
      assert.equal(line.level, 40, 'a warning');
      assert.equal(line.userId, flooder.userId);
      assert.equal(line.dropped, REALTIME_LIMITS.framesOverBudget + 1);
      assert.ok((line.frames as number) - (line.dropped as number) >= REALTIME_LIMITS.connectionFrames.burst, `${line.frames} frames`);
      assert.deepEqual(Object.keys(line).filter((k) => !['level', 'time', 'pid', 'hostname', 'reqId', 'msg'].includes(k)).sort(), ['dropped', 'frames', 'userId']);

      const text = `after the flood ${randomUUID()}`;
      ok(await say(gw, zhang, consult.id, text), 201);
      await doctorSocket.next((f) => f.type === 'message' && (f.message as { text?: string }).text === text);
    });

    test('subscribe with after = 2147483648 is VALIDATION_FAILED; 2147483647 is taken', async () => {
      const s = await open(zhang);
      s.send({ type: 'subscribe', consultId: consult.id, after: REALTIME_LIMITS.maxSeq + 1 });
      assert.deepEqual(await s.next((f) => f.type === 'error'), { type: 'error', code: 'VALIDATION_FAILED' });
      const from = s.frames.length;
      s.send({ type: 'subscribe', consultId: consult.id, after: REALTIME_LIMITS.maxSeq });
      // Subscribed: the doctor's typing reaches it (it has no message past that seq to show).
      const doctorSocket = await following(doctor);
      await eventually(async () => {
        doctorSocket.send({ type: 'typing', consultId: consult.id });
        await s.next((f) => f.type === 'typing', from, 500);
      }, 8000);
      assert.deepEqual(s.frames.slice(from).filter((f) => f.type === 'error'), []);
    });

    test('a 40 KB frame: the socket is closed with 1009 and the gateway logs a warning without a stack, no error', async () => {
      const logsFrom = gw.logs.lines.length;
      const s = await open(zhang);
      s.send({ type: 'typing', consultId: 'x'.repeat(40 * 1024) });
      assert.equal(await s.closedWithin(), REALTIME_CLOSE.tooBig);
      await eventually(() => assert.ok(logLines(logsFrom).some((l) => l.wsError === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'), 'the warning is logged'));
      const lines = logLines(logsFrom);
      assert.deepEqual(lines.filter((l) => (l.level as number) >= 50), [], 'nothing at error level');
      const warning = lines.find((l) => l.wsError === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')!;
      assert.equal(warning.level, 40);
      assert.ok(!JSON.stringify(lines).includes('stack'), 'no stack trace');
    });

    test('a call’s negotiation burst (an offer and 150 ICE candidates at once) is relayed whole', async () => {
      const asPatient = ok<VideoRoom>(await post(gw, zhang, `/consults/${consult.id}/video-room`));
      ok(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      ok(await post(gw, doctor, `/video-rooms/${asPatient.id}/admit`, { participantId: asPatient.self }));
      const patientSocket = await open(zhang);
      const doctorSocket = await open(doctor);
      for (const s of [patientSocket, doctorSocket]) {
        s.send({ type: 'video-join', roomId: asPatient.id });
        await s.next((f) => f.type === 'video-room');
      }
      const burst = 151;
      for (let i = 0; i < burst; i++) doctorSocket.send({ type: 'video-signal', roomId: asPatient.id, to: asPatient.self, message: { sessionId: 'ses_1', kind: 'signal', data: { candidate: `candidate ${i}` } } });
      await eventually(() => assert.equal(patientSocket.count('video-signal'), burst), 20_000);
      assert.deepEqual(doctorSocket.frames.filter((f) => f.type === 'error'), []);
    });
  });
}
