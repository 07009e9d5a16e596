/**
 * Registration fees paid online (booking/fees.ts, booking/holds.ts), against the WeChat Pay
 * stand-in: a booking with a fee holds the place until it is paid; paid, it is confirmed; unpaid
 * in time, the hold lapses (the place freed, the patient told); a payment that arrives for a
 * lapsed hold goes back, never both; cancelling gives back the hospital's share once, however
 * often it is asked or the provider repeats itself; a crash between the provider's charge and
 * our record is repaired by the order query.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWechatPay } from '@ihkit/adapters';
import type { Appointment, Payment, Problem, Slot } from '@ihkit/core';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../adapters/test/helpers/wechatpay-standin.js';
import { API, bookableSlots, book, crowd, databases, startGateway, type TestGateway } from './helpers/gateway.js';
import { crashingAt, type CrashingDb } from './helpers/crash.js';
import { get, ok, post } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

const NOTIFY = `https://hospital.example${API}/payments/notify/wechat`;
const MINUTE = 60_000;
const HOLD_MINUTES = 15;

for (const database of databases) {
  describe(`registration fees (${database.name})`, () => {
    let gw: TestGateway;
    let db: CrashingDb;
    let wx: WechatPayStandIn;
    let slots: Slot[];
    let next = 0;

    const later = (ms: number) => gw.clock.set(gw.clock.ms + ms);
    /** A new patient, with an account of their own, and an untouched slot with a fee. */
    const patient = async () => (await crowd(gw, 1))[0]!;
    const freshSlot = () => slots[next++]!;
    const appointment = async (token: string, id: string) => ok<Appointment>(await get(gw, token, `/appointments/${id}`));
    const payWechat = async (token: string, id: string) => ok<Payment>(await post(gw, token, `/appointments/${id}/payment`, { provider: 'wechat', channel: 'h5' }));
    const notify = (body: string) => {
      const d = wx.signedDelivery(body);
      return gw.app.inject({ method: 'POST', url: `${API}/payments/notify/wechat`, headers: { 'content-type': 'application/json', ...d.headers }, payload: d.body });
    };
    const available = async (slotId: string) => (await gw.his.getSlot(slotId))!.available;
    const refundsOf = (paymentId: string) => [...wx.refunds.values()].filter((r) => r.outTradeNo === paymentId).map((r) => r.amount);
    /** The provider refunded exactly these amounts of the payment (the relay runs on the refund's notice, and here). */
    const refunded = (paymentId: string, amounts: number[]) =>
      eventually(async () => {
        await gw.relayRefunds();
        assert.deepEqual(refundsOf(paymentId), amounts);
      });
    const bookHeld = async (slot = freshSlot()) => {
      const p = await patient();
      const a = ok<Appointment>(await book(gw, p.token, { slotId: slot.id, patientId: p.patientId }), 201);
      return { ...p, slot, a };
    };
    const problem = (res: { statusCode: number; json(): unknown }, status: number, code: Problem['code']) => {
      assert.equal(res.statusCode, status, JSON.stringify(res.json()));
      assert.equal((res.json() as Problem).code, code);
    };

    before(async () => {
      wx = await startWechatPayStandIn();
      gw = await startGateway(
        { open: async () => (db = crashingAt(await database.open(), /^UPDATE payments SET status = CASE/)) },
        { demo: true, sweepIntervalMs: 0, bookingHoldMinutes: HOLD_MINUTES, bookingRefundCutoffMinutes: 24 * 60, bookingLateRefundPercent: 50, payments: [createWechatPay(wx.options(NOTIFY))] },
      );
      const token = (await crowd(gw, 1))[0]!.token;
      // Slots two days or more ahead, each of another doctor or day, with a fee.
      const seen = new Set<string>();
      slots = (await bookableSlots(gw, token)).filter((s) => {
        const key = `${s.doctorId}/${s.start.slice(0, 10)}`;
        if (s.fee.amount <= 0 || Date.parse(s.start) < gw.clock.ms + 48 * 3600_000 || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      assert.ok(slots.length >= 10, 'enough slots with a fee');
    });
    after(async () => {
      if (process.env.SHOW_LOGS) console.log(gw.logs.lines.filter((l) => /warn|error|payment/i.test(l)).slice(0, 20).join('\n'));
      await gw?.close();
      await wx?.close();
    });

    test('a slot with a fee is held, paid, and confirmed; the place is taken from the start', async () => {
      const { token, slot, a } = await bookHeld();
      assert.equal(a.status, 'booked');
      assert.equal(a.registration?.status, 'held');
      assert.deepEqual(a.registration?.amount, slot.fee);
      assert.equal(Date.parse(a.registration!.holdUntil!), gw.clock.ms + HOLD_MINUTES * MINUTE);
      assert.equal(await available(slot.id), slot.available - 1, 'a hold takes its place at once');
      const order = await payWechat(token, a.id);
      assert.equal(order.appointmentId, a.id);
      assert.equal(order.consultId, undefined);
      assert.deepEqual(order.amount, slot.fee);
      assert.equal(wx.orders.get(order.id)!.description, 'Registration fee', 'nothing about the visit at the provider');
      const again = await payWechat(token, a.id);
      assert.equal(again.id, order.id, 'the same order while it is pending');
      await wx.pay(order.id, { send: false }).then(({ notification }) => notify(notification.body)).then((r) => assert.equal(r.statusCode, 200));
      const paid = await appointment(token, a.id);
      assert.equal(paid.registration?.status, 'paid');
      assert.equal(paid.registration?.paymentId, order.id);
      assert.equal(paid.registration?.holdUntil, undefined);
      later(HOLD_MINUTES * MINUTE + 1000);
      assert.deepEqual(await gw.lapseHolds(), [], 'a paid appointment does not lapse');
      assert.equal((await appointment(token, a.id)).status, 'booked');
      // In the list too.
      const listed = ok<{ items: Appointment[] }>(await get(gw, token, '/appointments')).items.find((x) => x.id === a.id)!;
      assert.equal(listed.registration?.status, 'paid');
    });

    test('a fee of zero books at once, with nothing to pay', async () => {
      const slot = freshSlot();
      await gw.db.query('UPDATE demo_slots SET fee_amount = 0 WHERE id = $1', [slot.id]);
      const p = await patient();
      const a = ok<Appointment>(await book(gw, p.token, { slotId: slot.id, patientId: p.patientId }), 201);
      assert.equal(a.registration, undefined);
      problem(await post(gw, p.token, `/appointments/${a.id}/payment`, {}), 409, 'INVALID_STATE');
    });

    test('unpaid in time the hold lapses: the place is freed in the HIS, the patient is told, it can no longer be paid', async () => {
      const { token, slot, a, patientId } = await bookHeld();
      const order = await payWechat(token, a.id);
      later(HOLD_MINUTES * MINUTE - 1000);
      assert.ok(!(await gw.lapseHolds()).includes(a.id), 'not before its time');
      later(2000);
      assert.ok((await gw.lapseHolds()).includes(a.id));
      const lapsed = await appointment(token, a.id);
      assert.equal(lapsed.status, 'cancelled');
      assert.equal(lapsed.registration?.status, 'lapsed');
      assert.equal(await available(slot.id), slot.available, 'the place is free again');
      const { rows } = await gw.db.query<{ template: string; params: Record<string, string> }>('SELECT template, params FROM notification_outbox WHERE patient_id = $1', [patientId]);
      assert.deepEqual(rows.map((r) => r.template), ['booking-hold-lapsed']);
      assert.equal(rows[0]!.params.minutes, String(HOLD_MINUTES));
      problem(await post(gw, token, `/appointments/${a.id}/payment`, { provider: 'wechat', channel: 'h5' }), 409, 'INVALID_STATE');
      // Its order, unpaid past its expiry, is closed at the provider by the order query.
      later(11 * MINUTE);
      assert.ok((await gw.queryPayments()).closed.includes(order.id));
    });

    test('a hold expiring while its payment arrives: paid before the sweep, it stays; paid after, the money goes back — never both', async () => {
      const first = await bookHeld();
      const second = await bookHeld();
      const a = await payWechat(first.token, first.a.id);
      const b = await payWechat(second.token, second.a.id);
      // Both payers pay at the provider at the last moment; neither notification has come.
      const na = await wx.pay(a.id, { send: false });
      later(HOLD_MINUTES * MINUTE + 1000);
      // The sweep asks the provider first: the first was paid in time and is confirmed.
      const lapsed = await gw.lapseHolds();
      assert.ok(!lapsed.includes(first.a.id));
      assert.ok(lapsed.includes(second.a.id));
      assert.equal((await appointment(first.token, first.a.id)).registration?.status, 'paid');
      // The second payer's money arrives after its hold lapsed: taken, and given back in full.
      const nb = await wx.pay(b.id, { send: false });
      assert.equal((await notify(nb.notification.body)).statusCode, 200);
      assert.equal((await notify(nb.notification.body)).statusCode, 200, 'a repeat changes nothing');
      await refunded(b.id, [second.slot.fee.amount]);
      const back = await appointment(second.token, second.a.id);
      assert.equal(back.status, 'cancelled');
      assert.equal(back.registration?.status, 'lapsed');
      assert.deepEqual(back.registration?.refunded, second.slot.fee);
      // The first payer's late notification counts no second time.
      assert.equal((await notify(na.notification.body)).statusCode, 200);
      assert.deepEqual(refundsOf(a.id), []);
      assert.equal(await available(second.slot.id), second.slot.available);
      assert.equal(await available(first.slot.id), first.slot.available - 1);
    });

    test('a crash between the provider’s charge and our record: the order query confirms it before the hold can lapse', async () => {
      const { token, a } = await bookHeld();
      const order = await payWechat(token, a.id);
      const { notification } = await wx.pay(order.id, { send: false });
      db.crashNext = true;
      assert.equal((await notify(notification.body)).statusCode, 500);
      assert.equal(db.crashNext, false, 'the crash happened');
      assert.equal((await appointment(token, a.id)).registration?.status, 'held');
      later(MINUTE + 1000);
      assert.ok((await gw.queryPayments()).paid.includes(order.id));
      assert.equal((await appointment(token, a.id)).registration?.status, 'paid');
      later(HOLD_MINUTES * MINUTE);
      assert.ok(!(await gw.lapseHolds()).includes(a.id));
      await refunded(order.id, []);
    });

    test('a provider that cannot answer keeps the place held until it can', async () => {
      const { token, a } = await bookHeld();
      const order = await payWechat(token, a.id);
      await wx.pay(order.id, { send: false });
      later(HOLD_MINUTES * MINUTE + 1000);
      wx.state.down = 503;
      try {
        assert.ok(!(await gw.lapseHolds()).includes(a.id));
        assert.equal((await appointment(token, a.id)).registration?.status, 'held');
      } finally {
        wx.state.down = 0;
      }
      assert.ok(!(await gw.lapseHolds()).includes(a.id));
      assert.equal((await appointment(token, a.id)).registration?.status, 'paid');
    });

    const payFor = async (h: Awaited<ReturnType<typeof bookHeld>>) => {
      const order = await payWechat(h.token, h.a.id);
      const { notification } = await wx.pay(order.id, { send: false });
      assert.equal((await notify(notification.body)).statusCode, 200);
      return { ...order, notification };
    };
    const cancel = (h: Awaited<ReturnType<typeof bookHeld>>) => post(gw, h.token, `/appointments/${h.a.id}/cancel`, {});

    test('cancelling before the cut-off gives the whole fee back, once however often it is asked or the provider repeats itself; a held one frees its place', async () => {
      const early = await bookHeld();
      const unpaid = await bookHeld();
      const pe = await payFor(early);
      // Before cancelling, the patient is told what would come back: all of it until the cut-off, half after.
      const paid = (await appointment(early.token, early.a.id)).registration!;
      assert.equal(paid.fullRefundUntil, new Date(Date.parse(early.slot.start) - 24 * 60 * MINUTE).toISOString());
      assert.deepEqual(paid.lateRefund, { amount: Math.floor(early.slot.fee.amount / 2), currency: early.slot.fee.currency });
      const [c1, c2] = await Promise.all([cancel(early), cancel(early)]);
      for (const c of [c1, c2]) assert.equal(ok<Appointment>(c).registration?.status, 'cancelled');
      const third = ok<Appointment>(await cancel(early));
      assert.equal(third.status, 'cancelled');
      assert.deepEqual(third.registration?.refunded, early.slot.fee);
      // Held, never paid: nothing goes back, the place is freed.
      const u = ok<Appointment>(await cancel(unpaid));
      assert.equal(u.registration?.status, 'cancelled');
      assert.equal(u.registration?.refunded, undefined);
      assert.equal(await available(unpaid.slot.id), unpaid.slot.available);
      await refunded(pe.id, [early.slot.fee.amount]);
      const made = (await appointment(early.token, early.a.id)).registration!;
      assert.equal(made.refundStatus, 'made', 'the provider gave it back');
      assert.equal(made.fullRefundUntil, undefined, 'no preview once cancelled');
      // The provider repeats its notification, the patient cancels again: nothing more goes back.
      assert.equal((await notify(pe.notification.body)).statusCode, 200);
      ok(await cancel(early));
      await refunded(pe.id, [early.slot.fee.amount]);
    });

    test('a crash after the HIS cancelled but before our record: the retried cancel gives the fee back', async () => {
      const h = await bookHeld();
      const order = await payFor(h);
      await gw.his.cancel(h.a.id); // what the gateway asked before it died
      wx.state.down = 503; // the provider cannot give it back yet
      try {
        const retried = ok<Appointment>(await cancel(h));
        assert.deepEqual(retried.registration?.refunded, h.slot.fee);
        await gw.relayRefunds();
        assert.equal((await appointment(h.token, h.a.id)).registration?.refundStatus, 'pending', 'decided, not yet made by the provider');
      } finally {
        wx.state.down = 0;
      }
      later(60 * MINUTE);
      await refunded(order.id, [h.slot.fee.amount]);
      assert.equal((await appointment(h.token, h.a.id)).registration?.refundStatus, 'made');
    });

    test('cancelling after the cut-off gives the configured share back (the clock moves to a few hours before the start)', async () => {
      const slot = freshSlot();
      gw.clock.set(Date.parse(slot.start) - 3 * 3600_000);
      const late = await bookHeld(slot);
      const order = await payFor(late);
      const cancelled = ok<Appointment>(await cancel(late));
      const half = { amount: Math.floor(late.slot.fee.amount / 2), currency: late.slot.fee.currency };
      assert.deepEqual(cancelled.registration?.refunded, half);
      ok(await cancel(late));
      await refunded(order.id, [half.amount]);
    });
  });
}
