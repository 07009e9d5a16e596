/**
 * The notification that never comes. A payment the provider took is found by the gateway's
 * order query (the sweep asks each pending order's provider), also when the gateway died
 * between the provider's charge and its own record — the notification's transaction rolled
 * back and the provider gave up — and before a consult is cancelled unpaid. WeChat Pay and
 * Alipay are stand-ins of their HTTP APIs (packages/adapters/test/helpers).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAlipay, createWechatPay } from '@ihkit/adapters';
import type { Consult, Payment } from '@ihkit/core';
import { startAlipayStandIn, type AlipayStandIn } from '../../adapters/test/helpers/alipay-standin.js';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../adapters/test/helpers/wechatpay-standin.js';
import { API, databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { crashingAt, type CrashingDb } from './helpers/crash.js';
import { get, ok, post, requestConsult } from './helpers/consults.js';

const NOTIFY = (provider: string) => `https://hospital.example${API}/payments/notify/${provider}`;
const MINUTE = 60_000;

for (const database of databases) {
  describe(`payment order query (${database.name})`, () => {
    let gw: TestGateway;
    let db: CrashingDb;
    let wx: WechatPayStandIn;
    let ali: AlipayStandIn;
    let zhang: string;
    let self: string;

    const newConsult = async () => ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
    const pay = async (consultId: string, choice: object) => ok<Payment>(await post(gw, zhang, `/consults/${consultId}/payment`, choice));
    const consult = async (id: string) => ok<Consult>(await get(gw, zhang, `/consults/${id}`));
    const status = async (paymentId: string) => (await gw.db.query<{ status: string }>('SELECT status FROM payments WHERE id = $1', [paymentId])).rows[0]!.status;
    const outcomes = async (paymentId: string) => (await gw.db.query<{ outcome: string }>('SELECT outcome FROM payment_notifications WHERE payment_id = $1', [paymentId])).rows.map((r) => r.outcome).sort();
    const queriesOf = (id: string) => wx.requests.filter((r) => r.method === 'GET' && r.uri.includes(`/out-trade-no/${id}`)).length;
    const later = (ms: number) => gw.clock.set(gw.clock.ms + ms);

    before(async () => {
      wx = await startWechatPayStandIn();
      ali = await startAlipayStandIn();
      gw = await startGateway(
        { open: async () => (db = crashingAt(await database.open(), /^UPDATE payments SET status = CASE/)) },
        { demo: true, sweepIntervalMs: 0, payments: [createWechatPay(wx.options(NOTIFY('wechat'))), createAlipay(ali.options(NOTIFY('alipay')))] },
      );
      zhang = await login(gw, 'zhangwei', 'demo');
      self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
    });
    after(async () => {
      await gw?.close();
      await wx?.close();
      await ali?.close();
    });

    test('a payment whose notification never comes is found by the order query, a minute after the order, and counts once', async () => {
      const c = await newConsult();
      const order = await pay(c.id, { provider: 'wechat', channel: 'h5' });
      await wx.pay(order.id, { send: false }); // WeChat Pay took the money; its notification is lost
      assert.deepEqual((await gw.queryPayments()).paid, [], 'not asked about before a minute has passed');
      assert.equal(queriesOf(order.id), 0);
      later(MINUTE + 1000);
      assert.deepEqual((await gw.queryPayments()).paid, [order.id]);
      assert.equal((await consult(c.id)).status, 'paid');
      assert.deepEqual(await outcomes(order.id), ['applied']);
      later(10 * MINUTE);
      await gw.queryPayments();
      assert.equal(queriesOf(order.id), 1, 'a paid order is not asked about again');
    });

    test('Alipay: an order the payer has not opened yet is not there; it is asked about again, less and less often, until it is paid', async () => {
      const c = await newConsult();
      const order = await pay(c.id, { provider: 'alipay', channel: 'wap' });
      later(MINUTE + 1000);
      assert.deepEqual(await gw.queryPayments(), { paid: [], closed: [] }); // absent at Alipay: still pending
      assert.equal(await status(order.id), 'pending');
      await ali.open(order.checkoutUrl!);
      await ali.pay(order.id, { send: false });
      later(MINUTE / 2); // the next query is a minute after the first, the one after two minutes, and so on up to five
      assert.deepEqual((await gw.queryPayments()).paid, []);
      later(MINUTE / 2 + 1000);
      assert.deepEqual((await gw.queryPayments()).paid, [order.id]);
      assert.equal((await consult(c.id)).status, 'paid');
    });

    test('a crash between the provider’s charge and our record: the notification’s transaction dies, the provider gives up, the sweep finds it', async () => {
      const c = await newConsult();
      const order = await pay(c.id, { provider: 'wechat', channel: 'h5' });
      const { notification } = await wx.pay(order.id, { send: false });
      db.crashNext = true;
      const d = wx.signedDelivery(notification.body);
      const res = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/wechat`, headers: { 'content-type': 'application/json', ...d.headers }, payload: d.body });
      assert.equal(res.statusCode, 500);
      assert.equal(db.crashNext, false, 'the crash happened');
      // Nothing of it was kept: not the payment, not the notification.
      assert.equal(await status(order.id), 'pending');
      assert.deepEqual(await outcomes(order.id), []);
      assert.equal((await consult(c.id)).status, 'requested');
      later(MINUTE + 1000);
      assert.deepEqual((await gw.queryPayments()).paid, [order.id]);
      assert.equal((await consult(c.id)).status, 'paid');
      // WeChat Pay's retry comes after all: answered as received, applied no second time.
      const retry = wx.signedDelivery(notification.body);
      assert.equal((await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/wechat`, headers: { 'content-type': 'application/json', ...retry.headers }, payload: retry.body })).statusCode, 200);
      assert.deepEqual(await outcomes(order.id), ['already', 'applied']);
    });

    test('before a consult is cancelled unpaid its provider is asked: paid in time, it stays; unpaid, it ends and its order is closed', async () => {
      const paidInTime = await newConsult();
      const unpaid = await newConsult();
      const a = await pay(paidInTime.id, { provider: 'wechat', channel: 'h5' });
      const b = await pay(unpaid.id, { provider: 'wechat', channel: 'h5' });
      await wx.pay(a.id, { send: false });
      later(31 * MINUTE); // past the time to pay (IHKIT_CONSULT_PAY_MINUTES, 30)
      const ended = await gw.sweepConsults();
      assert.ok(!ended.includes(paidInTime.id));
      assert.ok(ended.includes(unpaid.id));
      assert.equal((await consult(paidInTime.id)).status, 'paid');
      assert.equal((await consult(unpaid.id)).status, 'cancelled');
      // Unpaid past its expiry, the order is closed at WeChat Pay: it can no longer be paid.
      later(11 * MINUTE);
      assert.ok((await gw.queryPayments()).closed.includes(b.id));
      assert.equal(wx.orders.get(b.id)!.state, 'CLOSED');
      assert.equal(await status(b.id), 'closed');
    });

    test('while the provider cannot say, an unpaid consult is not cancelled: asked again on the next sweep', async () => {
      const c = await newConsult();
      await pay(c.id, { provider: 'wechat', channel: 'h5' });
      later(31 * MINUTE);
      wx.state.down = 503;
      try {
        assert.ok(!(await gw.sweepConsults()).includes(c.id));
        assert.equal((await consult(c.id)).status, 'requested');
        assert.match(gw.logs.text, /could not ask the payment provider before cancelling an unpaid consult/);
      } finally {
        wx.state.down = 0;
      }
      assert.ok((await gw.sweepConsults()).includes(c.id));
      assert.equal((await consult(c.id)).status, 'cancelled');
    });
  });
}
