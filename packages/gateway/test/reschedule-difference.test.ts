/**
 * Rescheduling (改约) to a dearer slot, the registration fee paid online through the WeChat Pay
 * stand-in (booking/reschedule-difference.ts): the move waits for its difference; paid, it is
 * made in one step and the fee's total is the new slot's (a cancel gives back both payments);
 * the payment counts once however often it is told; the slot gone before the payment, the
 * difference goes back and nothing moves; unpaid in time, the order is closed and nothing moves;
 * a notification that never came is found by the order query and the move made.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWechatPay } from '@ihkit/adapters';
import type { Appointment, Payment, Slot } from '@ihkit/core';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../adapters/test/helpers/wechatpay-standin.js';
import { API, book, crowd, databases, startGateway, type TestGateway } from './helpers/gateway.js';
import { get, ok, post } from './helpers/consults.js';
import { eventually } from './helpers/live.js';
import { slotPairs } from './helpers/slot-pairs.js';

const NOTIFY = `https://hospital.example${API}/payments/notify/wechat`;
const HOLD_MINUTES = 15;
const MINUTE = 60_000;

for (const database of databases) {
  describe(`rescheduling to a dearer slot (${database.name})`, () => {
    let gw: TestGateway;
    let wx: WechatPayStandIn;
    /** Pairs of free slots of one doctor on one day, two days or more ahead. */
    let pairs: Array<[Slot, Slot]>;

    const available = async (slotId: string) => (await gw.his.getSlot(slotId))!.available;
    const move = (token: string, id: string, slotId: string) => post(gw, token, `/appointments/${id}/reschedule`, { slotId });
    const appointment = async (token: string, id: string) => ok<Appointment>(await get(gw, token, `/appointments/${id}`));
    const order = async (token: string, id: string) => ok<Payment>(await post(gw, token, `/appointments/${id}/payment`, { provider: 'wechat', channel: 'h5' }));
    const deliver = async (body: string) => {
      const d = wx.signedDelivery(body);
      const res = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/wechat`, headers: { 'content-type': 'application/json', ...d.headers }, payload: d.body });
      assert.equal(res.statusCode, 200, res.body);
    };
    const pay = async (paymentId: string) => {
      const { notification } = await wx.pay(paymentId, { send: false });
      await deliver(notification.body);
      return notification;
    };
    const refundsOf = (paymentId: string) => [...wx.refunds.values()].filter((r) => r.outTradeNo === paymentId).map((r) => r.amount).sort((a, b) => a - b);
    const refunded = (paymentId: string, amounts: number[]) =>
      eventually(async () => {
        await gw.relayRefunds();
        assert.deepEqual(refundsOf(paymentId), amounts);
      });
    const told = async (patientId: string) =>
      (await gw.db.query<{ template: string }>('SELECT template FROM notification_outbox WHERE patient_id = $1 ORDER BY created_at', [patientId])).rows.map((r) => r.template);

    /** A new patient's appointment in the first slot of the next pair, its fee paid; the second slot made dearer by `extra`. */
    const dearer = async (extra = 700) => {
      const [from, to] = pairs.shift()!;
      const { token, patientId } = (await crowd(gw, 1))[0]!;
      const a = ok<Appointment>(await book(gw, token, { slotId: from.id, patientId }), 201);
      const fee = await order(token, a.id);
      await pay(fee.id);
      await gw.db.query('UPDATE demo_slots SET fee_amount = $2 WHERE id = $1', [to.id, a.fee.amount + extra]);
      return { token, patientId, from, to, a, fee, extra };
    };

    before(async () => {
      wx = await startWechatPayStandIn();
      gw = await startGateway(
        { open: () => database.open() },
        { demo: true, sweepIntervalMs: 0, bookingHoldMinutes: HOLD_MINUTES, rescheduleMax: 1, rescheduleCutoffMinutes: 120, payments: [createWechatPay(wx.options(NOTIFY))] },
      );
      ({ pairs } = await slotPairs(gw));
      assert.ok(pairs.length >= 6, 'enough pairs of slots of one doctor');
    });
    after(async () => {
      await gw?.close();
      await wx?.close();
    });

    test('paid, the move is made once however often the payment is told; the fee is the new slot’s; a cancel gives back both payments', async () => {
      const { token, from, to, a, fee, extra } = await dearer();
      const res = await move(token, a.id, to.id);
      assert.equal(res.statusCode, 202, res.body);
      const waiting = res.json() as Appointment;
      assert.equal(waiting.slotId, from.id, 'not moved before the difference is paid');
      assert.equal(waiting.pendingMove?.status, 'awaiting_payment');
      assert.equal(waiting.pendingMove?.toSlotId, to.id);
      assert.deepEqual(waiting.pendingMove?.difference, { amount: extra, currency: a.fee.currency });
      assert.equal(Date.parse(waiting.pendingMove!.payUntil), gw.clock.ms + HOLD_MINUTES * MINUTE);
      assert.equal(await available(to.id), to.available, 'the target place is not taken yet');
      assert.equal((await move(token, a.id, to.id)).statusCode, 202, 'asking again answers the waiting move');

      const difference = await order(token, a.id);
      assert.notEqual(difference.id, fee.id);
      assert.deepEqual(difference.amount, { amount: extra, currency: a.fee.currency });
      assert.equal((await order(token, a.id)).id, difference.id, 'the same order while it is pending');
      const notification = await pay(difference.id);
      await deliver(notification.body);

      const moved = await appointment(token, a.id);
      assert.equal(moved.slotId, to.id);
      assert.equal(moved.rescheduled, 1);
      assert.equal(moved.pendingMove, undefined);
      assert.deepEqual(moved.registration?.amount, { amount: a.fee.amount + extra, currency: a.fee.currency }, 'the fee’s total is the new slot’s');
      assert.equal(moved.registration?.status, 'paid');
      assert.equal(await available(to.id), to.available - 1);
      assert.equal(await available(from.id), from.available);
      const { rows } = await gw.db.query<{ outcome: string }>("SELECT outcome FROM payment_notifications WHERE payment_id = $1 ORDER BY outcome", [difference.id]);
      assert.deepEqual(rows.map((r) => r.outcome), ['applied'], 'the repeat is the same notification, applied once');
      assert.equal((await gw.db.query("SELECT 1 FROM appointment_reschedules WHERE appointment_id = $1 AND status = 'done'", [a.id])).rows.length, 1);

      const cancelled = ok<Appointment>(await post(gw, token, `/appointments/${a.id}/cancel`, {}));
      assert.deepEqual(cancelled.registration?.refunded, { amount: a.fee.amount + extra, currency: a.fee.currency });
      await refunded(fee.id, [a.fee.amount]);
      await refunded(difference.id, [extra]);
    });

    test('the slot taken before the difference arrived: the difference goes back, nothing moves, the patient is told', async () => {
      const { token, patientId, from, to, a, fee, extra } = await dearer();
      assert.equal((await move(token, a.id, to.id)).statusCode, 202);
      const difference = await order(token, a.id);
      await gw.db.query('UPDATE demo_slots SET booked = capacity WHERE id = $1', [to.id]);
      await pay(difference.id);
      const stayed = await appointment(token, a.id);
      assert.equal(stayed.slotId, from.id);
      assert.equal(stayed.rescheduled, undefined);
      assert.equal(stayed.pendingMove?.status, 'failed');
      assert.equal(stayed.pendingMove?.failure, 'slot_taken');
      assert.deepEqual(stayed.registration?.amount, { amount: a.fee.amount, currency: a.fee.currency });
      await refunded(difference.id, [extra]);
      assert.deepEqual(refundsOf(fee.id), [], 'the fee itself stays paid');
      // The provider has the refund; our record of it is the relay's, committed just after.
      await eventually(async () => assert.equal((await appointment(token, a.id)).pendingMove?.refundStatus, 'made'));
      assert.deepEqual(await told(patientId), ['reschedule-slot-taken']);
      await gw.lapseHolds();
      assert.equal((await appointment(token, a.id)).slotId, from.id, 'the sweep does not move it either');
      assert.equal(await available(from.id), from.available - 1);
    });

    test('unpaid in time: the order is closed, nothing moves, the patient is told', async () => {
      const { token, patientId, from, to, a, fee } = await dearer();
      assert.equal((await move(token, a.id, to.id)).statusCode, 202);
      const difference = await order(token, a.id);
      const was = gw.clock.ms;
      try {
        gw.clock.set(was + HOLD_MINUTES * MINUTE - 1000);
        await gw.lapseHolds();
        assert.equal((await appointment(token, a.id)).pendingMove?.status, 'awaiting_payment', 'not before its time');
        gw.clock.set(was + HOLD_MINUTES * MINUTE + 1000);
        await gw.lapseHolds();
        const stayed = await appointment(token, a.id);
        assert.equal(stayed.slotId, from.id);
        assert.equal(stayed.pendingMove?.status, 'failed');
        assert.equal(stayed.pendingMove?.failure, 'not_paid');
        assert.equal(wx.orders.get(difference.id)?.state, 'CLOSED');
        assert.deepEqual(await told(patientId), ['reschedule-unpaid']);
        assert.equal((await order(token, a.id)).id, fee.id, 'nothing more to pay: the fee’s own order, paid');
      } finally {
        gw.clock.set(was);
      }
      assert.equal(await available(to.id), to.available);
    });

    test('the difference’s notification never came: the order query finds it paid, and the move is made', async () => {
      const { token, to, a, extra } = await dearer();
      assert.equal((await move(token, a.id, to.id)).statusCode, 202);
      const difference = await order(token, a.id);
      await wx.pay(difference.id, { send: false }); // charged at the provider; our gateway never heard
      assert.equal((await appointment(token, a.id)).pendingMove?.status, 'awaiting_payment');
      const was = gw.clock.ms;
      try {
        gw.clock.set(was + 2 * MINUTE);
        assert.ok((await gw.queryPayments()).paid.includes(difference.id));
        await gw.lapseHolds();
      } finally {
        gw.clock.set(was);
      }
      const moved = await appointment(token, a.id);
      assert.equal(moved.slotId, to.id);
      assert.equal(moved.pendingMove, undefined);
      assert.deepEqual(moved.registration?.amount, { amount: a.fee.amount + extra, currency: a.fee.currency });
    });

    test('asking for another slot replaces the waiting move: its order is closed, the new one waits', async () => {
      const { token, from, to, a, extra } = await dearer();
      const i = pairs.findIndex(([s]) => s.doctorId === from.doctorId);
      assert.ok(i >= 0, 'a third slot of the doctor');
      const [third] = pairs.splice(i, 1)[0]!;
      await gw.db.query('UPDATE demo_slots SET fee_amount = $2 WHERE id = $1', [third.id, a.fee.amount + extra + 100]);
      assert.equal((await move(token, a.id, to.id)).statusCode, 202);
      const first = await order(token, a.id);
      const res = await move(token, a.id, third.id);
      assert.equal(res.statusCode, 202, res.body);
      assert.equal((res.json() as Appointment).pendingMove?.toSlotId, third.id);
      assert.equal(wx.orders.get(first.id)?.state, 'CLOSED');
      const second = await order(token, a.id);
      assert.notEqual(second.id, first.id);
      assert.deepEqual(second.amount, { amount: extra + 100, currency: a.fee.currency });
      await pay(second.id);
      assert.equal((await appointment(token, a.id)).slotId, third.id);
    });

    test('a cancel ends a waiting move, closing its order', async () => {
      const { token, from, to, a } = await dearer();
      assert.equal((await move(token, a.id, to.id)).statusCode, 202);
      const first = await order(token, a.id);
      const cancelled = ok<Appointment>(await post(gw, token, `/appointments/${a.id}/cancel`, {}));
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.pendingMove?.failure, 'cancelled');
      assert.equal(wx.orders.get(first.id)?.state, 'CLOSED');
      assert.equal(await available(from.id), from.available);
      assert.equal(await available(to.id), to.available);
    });
  });
}
