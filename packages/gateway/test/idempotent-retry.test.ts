/**
 * A client that gave up on a slow booking tries again with the same Idempotency-Key, through
 * the real client of @ihkit/core: it gets the first booking back (not a second one, not an
 * error), whether its retry arrives after the first was stored or while it is still running.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoHis, type Db, type HisAdapter } from '@ihkit/adapters';
import { createClient, isIhError, newIdempotencyKey, type Appointment } from '@ihkit/core';
import { bookableSlots, databases, demoPatient, login, startGateway } from './helpers/gateway.js';

/** How long the first booking is held; the first attempt gives up well before, the retry waits longer. */
const HOLD_MS = 3000;
const CLIENT_TIMEOUT_MS = 300;

/** Where the first booking is held: before the HIS books, inside its transaction (a place taken, not committed), or after it committed. */
type Hold = 'before' | 'inside' | 'after';

/** The demo HIS with its first booking held at `hold`; `first` is what that booking answered, `overlapped` whether another came in meanwhile. */
function slowFirstBooking(hold: Hold) {
  const trace: { first?: Promise<Appointment>; overlapped: boolean } = { overlapped: false };
  const wait = () => new Promise((r) => setTimeout(r, HOLD_MS));
  let held = false;
  // The demo HIS books in one statement (demo_book): held inside, it runs in a transaction kept open
  // for HOLD_MS after the place is taken and the appointment written, before the commit.
  const holdingDb = (db: Db): Db => ({
    ...db,
    query: (sql, params) => {
      if (hold !== 'inside' || held || !sql.includes('FROM demo_book(')) return db.query(sql, params);
      held = true;
      return db.transaction(async (tx) => {
        const result = await tx.query(sql, params);
        await wait();
        return result;
      }) as never;
    },
  });
  let calls = 0;
  let running = 0;
  const his = (db: Db): HisAdapter => {
    const demo = createDemoHis(holdingDb(db));
    return {
      ...demo,
      async book(request) {
        const first = ++calls === 1;
        if (++running > 1) trace.overlapped = true;
        const booking = (async () => {
          if (first && hold === 'before') await wait();
          const appointment = await demo.book(request);
          if (first && hold === 'after') await wait();
          return appointment;
        })();
        if (first) trace.first = booking;
        try {
          return await booking;
        } finally {
          running--;
        }
      },
    };
  };
  return { his, trace };
}

for (const database of databases) {
  describe(`a retry after a timeout, with the same Idempotency-Key (${database.name})`, () => {
    for (const hold of ['after', 'inside', 'before'] as const) {
      test(`first booking held ${hold === 'inside' ? 'inside its transaction' : `${hold} the HIS books`}: the retry answers that booking, and only it is stored`, async () => {
        const { his, trace } = slowFirstBooking(hold);
        const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, his });
        try {
          const account = demoPatient();
          const token = await login(gw, account.username, account.password);
          const slot = (await bookableSlots(gw, token))[0]!;
          const baseUrl = `${await gw.app.listen({ port: 0, host: '127.0.0.1' })}/api`;
          // No automatic retries: each attempt answers the first booking or times out, never fails and is tried again.
          const impatient = createClient({ baseUrl, token, timeout: CLIENT_TIMEOUT_MS, retries: 0 });
          const client = createClient({ baseUrl, token, timeout: 10 * HOLD_MS, retries: 0 });
          const body = { slotId: slot.id, patientId: account.patientId };
          const key = newIdempotencyKey();

          await assert.rejects(impatient.bookAppointment(body, { idempotencyKey: key }), (e) => isIhError(e) && e.code === 'TIMEOUT');
          const answer = await client.bookAppointment(body, { idempotencyKey: key });
          // PGlite is one connection: a transaction held open keeps the retry from reaching the HIS until it ends.
          if (!(hold === 'inside' && database.name === 'pglite')) assert.ok(trace.overlapped, 'a retry reached the HIS while the first booking was still running');
          assert.deepEqual(answer, await trace.first, 'the retry answers the first booking');

          const { rows } = await gw.db.query<{ id: string }>('SELECT id FROM demo_appointments WHERE patient_id = $1 AND slot_id = $2', [account.patientId, slot.id]);
          assert.deepEqual(rows, [{ id: answer.id }], 'one appointment stored');
          assert.equal((await gw.his.getSlot(slot.id))!.available, slot.available - 1, 'one place taken');
          assert.deepEqual((await client.getAppointment(answer.id)), answer);
        } finally {
          await gw.close();
        }
      });
    }
  });
}
