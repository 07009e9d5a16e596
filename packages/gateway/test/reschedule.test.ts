/**
 * Rescheduling (改约) through the gateway (booking/reschedule.ts) on the demo HIS, with
 * registration fees paid online through the WeChat Pay stand-in: the move is one step (the new
 * place taken, the old freed), limited in number and lateness, to the same doctor or department;
 * the fee goes with it (carried over, a cheaper slot's difference refunded once); a crash between
 * the HIS's move and our record is finished by the retry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWechatPay } from '@ihkit/adapters';
import type { Appointment, Payment, Problem, Slot } from '@ihkit/core';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../adapters/test/helpers/wechatpay-standin.js';
import { API, book, crowd, databases, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { crashingAt, type CrashingDb } from './helpers/crash.js';
import { get, ok, post } from './helpers/consults.js';
import { eventually } from './helpers/live.js';
import { slotPairs } from './helpers/slot-pairs.js';

const NOTIFY = `https://hospital.example${API}/payments/notify/wechat`;

for (const database of databases) {
  describe(`rescheduling (${database.name})`, () => {
    let gw: TestGateway;
    let db: CrashingDb;
    let wx: WechatPayStandIn;
    /** Pairs of free slots of one doctor, two days or more ahead; and one of another department. */
    let pairs: Array<[Slot, Slot]>;
    let elsewhere: (slot: Slot) => Slot;

    const available = async (slotId: string) => (await gw.his.getSlot(slotId))!.available;
    const move = (token: string, id: string, slotId: string) => post(gw, token, `/appointments/${id}/reschedule`, { slotId });
    const appointment = async (token: string, id: string) => ok<Appointment>(await get(gw, token, `/appointments/${id}`));
    const refundsOf = (paymentId: string) => [...wx.refunds.values()].filter((r) => r.outTradeNo === paymentId).map((r) => r.amount).sort((a, b) => a - b);
    const refunded = (paymentId: string, amounts: number[]) =>
      eventually(async () => {
        await gw.relayRefunds();
        assert.deepEqual(refundsOf(paymentId), amounts);
      });
    const problem = (res: { statusCode: number; json(): unknown }, status: number, code: Problem['code']) => {
      assert.equal(res.statusCode, status, JSON.stringify(res.json()));
      assert.equal((res.json() as Problem).code, code);
    };
    /** A new patient's appointment in the first slot of the next pair, paid when asked. */
    const booked = async (pay = false) => {
      const [from, to] = pairs.shift()!;
      const { token, patientId } = (await crowd(gw, 1))[0]!;
      const a = ok<Appointment>(await book(gw, token, { slotId: from.id, patientId }), 201);
      let payment: Payment | undefined;
      if (pay) {
        payment = ok<Payment>(await post(gw, token, `/appointments/${a.id}/payment`, { provider: 'wechat', channel: 'h5' }));
        const { notification } = await wx.pay(payment.id, { send: false });
        const d = wx.signedDelivery(notification.body);
        const res = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/wechat`, headers: { 'content-type': 'application/json', ...d.headers }, payload: d.body });
        assert.equal(res.statusCode, 200);
      }
      return { token, from, to, a, payment };
    };

    before(async () => {
      wx = await startWechatPayStandIn();
      gw = await startGateway(
        { open: async () => (db = crashingAt(await database.open(), /^UPDATE appointment_reschedules SET status = 'done'/)) },
        { demo: true, sweepIntervalMs: 0, bookingHoldMinutes: 15, rescheduleMax: 1, rescheduleCutoffMinutes: 120, payments: [createWechatPay(wx.options(NOTIFY))] },
      );
      const found = await slotPairs(gw);
      pairs = found.pairs;
      const { all, used } = found;
      assert.ok(pairs.length >= 8, 'enough pairs of slots of one doctor');
      elsewhere = (slot) => all.find((o) => o.departmentId !== slot.departmentId && o.doctorId !== slot.doctorId && !used.has(o.id))!;
    });
    after(async () => {
      await gw?.close();
      await wx?.close();
    });

    test('moves in one step: the new place taken, the old one freed; a retry changes nothing; the limit holds', async () => {
      const { token, from, to, a } = await booked(true);
      const moved = ok<Appointment>(await move(token, a.id, to.id));
      assert.equal(moved.id, a.id);
      assert.equal(moved.slotId, to.id);
      assert.equal(moved.start, to.start);
      assert.equal(moved.rescheduled, 1);
      assert.equal(moved.registration?.status, 'paid', 'the paid fee is carried over');
      assert.equal(moved.registration?.refunded, undefined);
      assert.equal(await available(from.id), from.available);
      assert.equal(await available(to.id), to.available - 1);
      const again = ok<Appointment>(await move(token, a.id, to.id));
      assert.equal(again.slotId, to.id);
      assert.equal(again.rescheduled, 1, 'a retry is not a second move');
      problem(await move(token, a.id, from.id), 422, 'RESCHEDULE_NOT_ALLOWED');
      assert.equal((await appointment(token, a.id)).slotId, to.id);
      assert.equal(await available(to.id), to.available - 1);
    });

    test('only to the same doctor or department, and not too close to the start', async () => {
      const { token, from, a } = await booked();
      problem(await move(token, a.id, elsewhere(from).id), 422, 'RESCHEDULE_NOT_ALLOWED');
      const [near, later] = pairs.shift()!;
      const was = gw.clock.ms;
      const fresh = (await crowd(gw, 1))[0]!;
      const own = ok<Appointment>(await book(gw, fresh.token, { slotId: near.id, patientId: fresh.patientId }), 201);
      gw.clock.set(Date.parse(near.start) - 60 * 60_000); // an hour before: within the two-hour cut-off
      try {
        // A session of the same patient at that time (the first one has expired by then).
        const { rows } = await gw.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [`crowd-${fresh.patientId}`]);
        const token = await sessionToken(rows[0]!.id, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 3600_000) });
        problem(await move(token, own.id, later.id), 422, 'RESCHEDULE_NOT_ALLOWED');
      } finally {
        gw.clock.set(was);
      }
      assert.equal((await appointment(token, a.id)).slotId, from.id);
    });

    test('a cheaper slot: the difference goes back once; a later cancel gives back the new fee (a dearer one: reschedule-difference.test.ts)', async () => {
      const { token, to, a, payment } = await booked(true);
      const paid = a.fee.amount;
      await gw.db.query('UPDATE demo_slots SET fee_amount = $2 WHERE id = $1', [to.id, paid - 500]);
      const moved = ok<Appointment>(await move(token, a.id, to.id));
      assert.deepEqual(moved.fee, { amount: paid - 500, currency: a.fee.currency });
      assert.deepEqual(moved.registration?.refunded, { amount: 500, currency: a.fee.currency });
      assert.equal(moved.registration?.status, 'paid');
      ok(await move(token, a.id, to.id));
      await refunded(payment!.id, [500]);
      const cancelled = ok<Appointment>(await post(gw, token, `/appointments/${a.id}/cancel`, {}));
      assert.deepEqual(cancelled.registration?.refunded, { amount: paid, currency: a.fee.currency });
      await refunded(payment!.id, [500, paid - 500].sort((x, y) => x - y));
    });

    test('a held fee moves with its hold to a slot of the same fee; to another fee it is paid first', async () => {
      const { token, from, to, a } = await booked();
      const moved = ok<Appointment>(await move(token, a.id, to.id));
      assert.equal(moved.registration?.status, 'held');
      assert.equal(moved.registration?.holdUntil, a.registration?.holdUntil, 'the hold keeps its time');
      const other = await booked();
      await gw.db.query('UPDATE demo_slots SET fee_amount = $2 WHERE id = $1', [other.to.id, other.a.fee.amount - 100]);
      problem(await move(other.token, other.a.id, other.to.id), 409, 'INVALID_STATE');
      assert.equal(await available(from.id), from.available);
    });

    test('the HIS refusing (the slot is full) moves nothing and does not count', async () => {
      const { token, from, to, a } = await booked();
      await gw.db.query('UPDATE demo_slots SET booked = capacity WHERE id = $1', [to.id]);
      problem(await move(token, a.id, to.id), 409, 'SLOT_TAKEN');
      assert.equal((await appointment(token, a.id)).slotId, from.id);
      await gw.db.query('UPDATE demo_slots SET booked = capacity - 1 WHERE id = $1', [to.id]);
      assert.equal(ok<Appointment>(await move(token, a.id, to.id)).rescheduled, 1);
    });

    test('a crash after the HIS moved it but before our record: the retry finishes it, the difference going back once', async () => {
      const { token, to, a, payment } = await booked(true);
      await gw.db.query('UPDATE demo_slots SET fee_amount = $2 WHERE id = $1', [to.id, a.fee.amount - 300]);
      db.crashNext = true;
      assert.equal((await move(token, a.id, to.id)).statusCode, 500);
      assert.equal(db.crashNext, false, 'the crash happened');
      assert.equal((await appointment(token, a.id)).slotId, to.id, 'the HIS moved it');
      const retried = ok<Appointment>(await move(token, a.id, to.id));
      assert.equal(retried.rescheduled, 1);
      assert.deepEqual(retried.registration?.refunded, { amount: 300, currency: a.fee.currency });
      ok(await move(token, a.id, to.id));
      await refunded(payment!.id, [300]);
    });
  });
}
