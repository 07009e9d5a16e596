/**
 * Several payment providers on one gateway — WeChat Pay and Alipay against stand-ins of their
 * HTTP APIs (packages/adapters/test/helpers: generated keys, the documented wire formats), and
 * the sandbox — through the gateway's own operations: the methods on offer, paying with the
 * chosen one, changing it, and each provider's notifications, applied once however they come
 * (repeated, late, forged, sent to another provider's URL, with another amount).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createAlipay, createSandboxPayments, createWechatPay } from '@ihkit/adapters';
import type { Consult, Payment, PaymentMethod, Reconciliation } from '@ihkit/core';
import { startAlipayStandIn, type AlipayStandIn } from '../../adapters/test/helpers/alipay-standin.js';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../adapters/test/helpers/wechatpay-standin.js';
import { upsertUser } from '../src/users.js';
import { API, databases, login, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, post, requestConsult } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

const NOTIFY = (provider: string) => `https://hospital.example${API}/payments/notify/${provider}`;
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

function problem(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal((res.json() as { code: string }).code, code);
}

for (const database of databases) {
  describe(`payment providers (${database.name})`, () => {
    let gw: TestGateway;
    let wx: WechatPayStandIn;
    let ali: AlipayStandIn;
    let zhang: string;
    let admin: string;
    let self: string;

    /** Delivers a notification to the gateway as the provider's HTTP request would arrive. */
    const notify = (provider: string, headers: Record<string, string>, body: string) => gw.app.inject({ method: 'POST', url: `${API}/payments/notify/${provider}`, headers, payload: body });
    const wechatNotify = (body: string, provider = 'wechat') => {
      const d = wx.signedDelivery(body);
      return notify(provider, { 'content-type': 'application/json', ...d.headers }, d.body);
    };
    const alipayNotify = (form: string, provider = 'alipay') => notify(provider, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form);

    const newConsult = async () => ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
    const pay = (consultId: string, choice?: object) => post(gw, zhang, `/consults/${consultId}/payment`, choice);
    const consult = async (id: string) => ok<Consult>(await get(gw, zhang, `/consults/${id}`));
    const notifications = async (paymentId: string) =>
      (await gw.db.query<{ outcome: string }>('SELECT outcome FROM payment_notifications WHERE payment_id = $1', [paymentId])).rows.map((r) => r.outcome).sort();
    const payments = async (consultId: string) =>
      (await gw.db.query<{ id: string; provider: string; channel: string; status: string }>('SELECT id, provider, channel, status FROM payments WHERE consult_id = $1 AND prescription_id IS NULL ORDER BY created_at, id', [consultId])).rows.sort((a, b) => a.provider.localeCompare(b.provider));
    const payEvents = async (consultId: string) =>
      Number((await gw.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM consult_messages WHERE consult_id = $1 AND kind = 'event' AND event = 'paid'`, [consultId])).rows[0]!.n);

    before(async () => {
      wx = await startWechatPayStandIn();
      ali = await startAlipayStandIn();
      gw = await startGateway(database, {
        demo: true,
        sweepIntervalMs: 0,
        payments: [
          createWechatPay(wx.options(NOTIFY('wechat'))),
          createAlipay(ali.options(NOTIFY('alipay'), { returnUrl: 'https://hospital.example/portal/' })),
          createSandboxPayments({ secret: 'payment-providers-test-secret' }),
        ],
      });
      zhang = await login(gw, 'zhangwei', 'demo');
      admin = await sessionToken(await upsertUser(gw.db, { username: 'finance.admin', role: 'admin', displayName: 'Finance' }), { db: gw.db });
      self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
    });
    after(async () => {
      await gw?.close();
      await wx?.close();
      await ali?.close();
    });

    test('the patient is offered every enabled method, in the hospital’s order; a doctor is not', async () => {
      const methods = ok<{ items: PaymentMethod[] }>(await get(gw, zhang, '/payment-methods')).items;
      assert.deepEqual(methods, [
        { provider: 'wechat', channel: 'h5' },
        { provider: 'wechat', channel: 'jsapi' },
        { provider: 'alipay', channel: 'wap' },
        { provider: 'sandbox', channel: 'sandbox' },
      ]);
      const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      problem(await get(gw, doctor, '/payment-methods'), 403, 'ROLE_NOT_ALLOWED');
    });

    test('pays with the chosen method; asking again keeps the order; another method closes it at its provider first', async () => {
      const c = await newConsult();
      // WeChat Pay in a phone browser: the H5 page, with the payer's address for WeChat's risk control.
      const h5 = ok<Payment>(await pay(c.id, { provider: 'wechat', channel: 'h5' }));
      assert.equal(h5.provider, 'wechat');
      assert.equal(h5.channel, 'h5');
      assert.match(h5.checkoutUrl!, /^https:\/\/wx\.tenpay\.com\//);
      assert.equal(wx.orders.get(h5.id)!.total, c.fee.amount);
      assert.equal(wx.orders.get(h5.id)!.clientIp, '127.0.0.1');
      assert.doesNotMatch(wx.orders.get(h5.id)!.description, /血压|头晕|张伟/, 'nothing clinical or personal goes to the provider');
      // Again without a choice: the pending order's method, the same order.
      assert.equal(ok<Payment>(await pay(c.id)).id, h5.id);
      // A method the hospital does not take.
      problem(await pay(c.id, { provider: 'unionpay' }), 400, 'VALIDATION_FAILED');
      problem(await pay(c.id, { provider: 'alipay', channel: 'h5' }), 400, 'VALIDATION_FAILED');

      // Alipay instead: the WeChat order is closed at WeChat Pay and here.
      const wap = ok<Payment>(await pay(c.id, { provider: 'alipay', channel: 'wap' }));
      assert.notEqual(wap.id, h5.id);
      assert.equal(wap.provider, 'alipay');
      assert.match(wap.checkoutUrl!, new RegExp(`^${ali.url}gateway\\.do\\?`));
      assert.equal(wx.orders.get(h5.id)!.state, 'CLOSED');
      assert.deepEqual((await payments(c.id)).map((p) => [p.provider, p.status]), [['alipay', 'pending'], ['wechat', 'closed']]);

      // The payer pays at Alipay's cashier; Alipay notifies with a signed form, answered `success`.
      assert.equal(await ali.open(wap.checkoutUrl!), 200);
      const { form } = await ali.pay(wap.id, { send: false });
      const res = await alipayNotify(form);
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, 'success');
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      const paid = await consult(c.id);
      assert.equal(paid.status, 'paid');
      // Paid: asking to pay answers the paid order, with no checkout.
      const after = ok<Payment>(await pay(c.id, { provider: 'wechat', channel: 'h5' }));
      assert.equal(after.id, wap.id);
      assert.equal(after.status, 'paid');
      assert.equal(after.checkoutUrl, undefined);
    });

    test('WeChat Pay in WeChat: jsapi parameters for WeixinJSBridge, signed by the merchant; the openid is required', async () => {
      const c = await newConsult();
      problem(await pay(c.id, { provider: 'wechat', channel: 'jsapi' }), 400, 'VALIDATION_FAILED');
      const order = ok<Payment>(await pay(c.id, { provider: 'wechat', channel: 'jsapi', openId: OPENID }));
      assert.equal(order.checkoutUrl, undefined);
      assert.equal(order.jsapi!.appId, wx.keys.appid);
      assert.equal(order.jsapi!.package, `prepay_id=${wx.orders.get(order.id)!.prepayId}`);
      assert.equal(order.jsapi!.signType, 'RSA');
      assert.equal(wx.orders.get(order.id)!.openid, OPENID);
    });

    test('each notification is applied once: repeats (re-signed, as WeChat Pay retries), and a late one after the order query found it paid', async () => {
      const c = await newConsult();
      const order = ok<Payment>(await pay(c.id, { provider: 'wechat', channel: 'h5' }));
      const { notification } = await wx.pay(order.id, { send: false });
      for (let i = 0; i < 3; i++) {
        const res = await wechatNotify(notification.body);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { ok: true });
      }
      assert.equal((await consult(c.id)).status, 'paid');
      assert.deepEqual(await notifications(order.id), ['applied']);
      assert.equal(await payEvents(c.id), 1);

      // Another consult: the order query finds it paid first; the notification comes late and changes nothing.
      const c2 = await newConsult();
      const order2 = ok<Payment>(await pay(c2.id, { provider: 'wechat', channel: 'h5' }));
      const late = await wx.pay(order2.id, { send: false });
      gw.clock.set(gw.clock.ms + 2 * 60_000);
      assert.deepEqual((await gw.queryPayments()).paid, [order2.id]);
      assert.equal((await consult(c2.id)).status, 'paid');
      assert.equal((await wechatNotify(late.notification.body)).statusCode, 200);
      assert.deepEqual(await notifications(order2.id), ['already', 'applied']);
      assert.equal(await payEvents(c2.id), 1);
      // The provider's transaction id and time are kept, from whichever word came first.
      const row = (await gw.db.query<{ provider_txn: string; provider_paid_at: Date }>('SELECT provider_txn, provider_paid_at FROM payments WHERE id = $1', [order2.id])).rows[0]!;
      assert.equal(row.provider_txn, wx.orders.get(order2.id)!.transactionId);
      assert.equal(row.provider_paid_at.getTime(), Math.floor(wx.orders.get(order2.id)!.successTime!.getTime() / 1000) * 1000);
    });

    test('out of order: a payment for an order already closed (another method chosen) is taken, and given back through its own provider', async () => {
      const c = await newConsult();
      const first = ok<Payment>(await pay(c.id, { provider: 'wechat', channel: 'h5' }));
      const second = ok<Payment>(await pay(c.id, { provider: 'sandbox', channel: 'sandbox' }));
      assert.equal(wx.orders.get(first.id)!.state, 'CLOSED');
      // The payer had WeChat's page open and paid it all the same (the close raced the payment).
      wx.orders.get(first.id)!.state = 'NOTPAY';
      const { notification } = await wx.pay(first.id, { send: false });
      assert.equal((await wechatNotify(notification.body)).statusCode, 200);
      assert.equal((await consult(c.id)).status, 'requested', 'the closed order does not pay the consult');
      const refund = (await gw.db.query<{ id: string; provider: string; reason: string }>('SELECT id, provider, reason FROM refunds WHERE payment_id = $1', [first.id])).rows[0]!;
      assert.equal(refund.provider, 'wechat');
      assert.match(refund.reason, /closed/);
      // The refund watcher may be relaying it already (its claim is skipped here): wait for WeChat Pay to have it.
      await eventually(async () => {
        await gw.relayRefunds();
        assert.equal(wx.refunds.get(refund.id)?.amount, c.fee.amount);
      });
      assert.equal(wx.orders.get(first.id)!.state, 'REFUND');
      // The open order is still the one to pay.
      ok<Payment>(await post(gw, zhang, `/payments/${second.id}/sandbox-pay`));
      assert.equal((await consult(c.id)).status, 'paid');
      assert.deepEqual((await payments(c.id)).map((p) => [p.provider, p.status]), [['sandbox', 'paid'], ['wechat', 'refunded']]);
    });

    test('a notification goes only to the provider that signed it: a forged or misrouted one is refused and changes nothing', async () => {
      const c = await newConsult();
      const order = ok<Payment>(await pay(c.id, { provider: 'alipay', channel: 'wap' }));
      await ali.open(order.checkoutUrl!);
      const { form } = await ali.pay(order.id, { send: false });
      // Alipay's form posted to WeChat Pay's URL, and to no provider at all.
      problem(await alipayNotify(form, 'wechat'), 401, 'PAYMENT_SIGNATURE_INVALID');
      problem(await alipayNotify(form, 'unionpay'), 404, 'NOT_FOUND');
      // A changed amount, or a form signed by someone else's key.
      problem(await alipayNotify(form.replace(/total_amount=[^&]+/, 'total_amount=0.01')), 401, 'PAYMENT_SIGNATURE_INVALID');
      const fields = Object.fromEntries(new URLSearchParams(form));
      const forged = new URLSearchParams({ ...fields, sign: Buffer.from('not a signature').toString('base64') }).toString();
      problem(await alipayNotify(forged), 401, 'PAYMENT_SIGNATURE_INVALID');
      assert.equal((await consult(c.id)).status, 'requested');
      assert.deepEqual(await notifications(order.id), []);

      // WeChat Pay: a body changed after signing, a signature by another key.
      const c2 = await newConsult();
      const order2 = ok<Payment>(await pay(c2.id, { provider: 'wechat', channel: 'h5' }));
      const { notification } = await wx.pay(order2.id, { send: false });
      const d = wx.signedDelivery(notification.body);
      problem(await notify('wechat', { 'content-type': 'application/json', ...d.headers }, d.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ')), 401, 'PAYMENT_SIGNATURE_INVALID');
      problem(await notify('wechat', { 'content-type': 'application/json', ...d.headers, 'wechatpay-signature': Buffer.alloc(256, 1).toString('base64') }, d.body), 401, 'PAYMENT_SIGNATURE_INVALID');
      problem(await wechatNotify(notification.body, 'alipay'), 401, 'PAYMENT_SIGNATURE_INVALID');
      assert.equal((await consult(c2.id)).status, 'requested');
      // The real ones still count.
      assert.equal((await alipayNotify(form)).body, 'success');
      assert.equal((await wechatNotify(notification.body)).statusCode, 200);
      assert.equal((await consult(c.id)).status, 'paid');
      assert.equal((await consult(c2.id)).status, 'paid');
    });

    test('a signed notification of another amount than the order’s is refused, shown to the finance office, and the order query settles it', async () => {
      const c = await newConsult();
      const order = ok<Payment>(await pay(c.id, { provider: 'wechat', channel: 'h5' }));
      const { notification } = await wx.pay(order.id, { send: false, amount: 1 });
      problem(await wechatNotify(notification.body), 400, 'VALIDATION_FAILED');
      problem(await wechatNotify(notification.body), 400, 'VALIDATION_FAILED'); // a repeat: still refused, recorded once
      assert.equal((await consult(c.id)).status, 'requested');
      assert.deepEqual(await notifications(order.id), ['amount_mismatch']);
      const day = new Date(gw.clock.ms + 8 * 3600_000).toISOString().slice(0, 10);
      const report = ok<Reconciliation>(await get(gw, admin, `/admin/reconciliation?from=${day}&to=${day}`));
      const diff = report.differences.find((d) => d.paymentId === order.id)!;
      assert.deepEqual([diff.source, diff.kind, diff.line, diff.provider, diff.ours?.amount, diff.theirs?.amount], ['notification', 'mismatch', 'payment', 'wechat', c.fee.amount, 1]);
      // WeChat Pay's own record of the order has the order's amount: the query applies that.
      gw.clock.set(gw.clock.ms + 2 * 60_000);
      assert.ok((await gw.queryPayments()).paid.includes(order.id));
      assert.equal((await consult(c.id)).status, 'paid');
    });
  });
}
