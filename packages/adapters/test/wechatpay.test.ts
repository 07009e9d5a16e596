/**
 * The WeChat Pay adapter against a stand-in of API v3 that speaks the documented wire format
 * with generated keys: what the merchant sends is signed as documented (the stand-in refuses
 * anything else), what it accepts from WeChat Pay is only what the platform certificate signed.
 */
import assert from 'node:assert/strict';
import { createPublicKey, createVerify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createWechatPay, parseWechatTradeBill, type PaymentAdapter } from '../src/index.js';
import { rsaCertificate, rsaPair } from './helpers/payment-keys.js';
import { merchantReceiver } from './helpers/merchant-receiver.js';
import { startWechatPayStandIn, type WechatPayStandIn } from './helpers/wechatpay-standin.js';

const fee = { amount: 2500, currency: 'CNY' };
let n = 0;
const orderId = () => `pay_${process.pid}${Date.now()}${++n}`;
const rejects = (p: Promise<unknown>, code: string) => assert.rejects(p, (e: { code?: string }) => e.code === code);

describe('WeChat Pay (API v3) against its stand-in', () => {
  let wx: WechatPayStandIn;
  let adapter: PaymentAdapter;
  let receiver: Awaited<ReturnType<typeof merchantReceiver>>;

  before(async () => {
    wx = await startWechatPayStandIn();
    receiver = await merchantReceiver(() => adapter);
    adapter = createWechatPay(wx.options(receiver.url, { returnUrl: 'https://hospital.example/portal/' }));
  });
  after(async () => {
    await receiver?.close();
    await wx?.close();
  });

  test('a JSAPI order: signed as documented, answered with prepay parameters the page can pass to WeChat, the same on a retry', async () => {
    const id = orderId();
    const created = await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'jsapi', payer: { openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
    const order = wx.orders.get(id)!;
    assert.equal(order.total, 2500);
    assert.equal(order.description, 'Online consult');
    assert.equal(order.notifyUrl, receiver.url);
    assert.equal(created.providerRef, order.prepayId);
    const p = created.jsapi!;
    assert.equal(p.package, `prepay_id=${order.prepayId}`);
    assert.equal(p.appId, wx.keys.appid);
    // WeChat checks paySign with the merchant's certificate: appId, timeStamp, nonceStr, package, each with a line feed.
    assert.ok(createVerify('RSA-SHA256').update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).verify(wx.merchant.publicKey, p.paySign, 'base64'), 'paySign verifies');
    const again = await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'jsapi', payer: { openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
    assert.equal(again.providerRef, created.providerRef, 'one order per out_trade_no');
    assert.equal(wx.refused, 0, 'every request carried a valid Authorization');
    await rejects(adapter.createOrder({ orderId: orderId(), amount: fee, description: 'Online consult', channel: 'jsapi' }), 'VALIDATION_FAILED');
  });

  test('an H5 order sends the payer to WeChat’s page, back to the portal afterwards', async () => {
    const id = orderId();
    const created = await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'h5', payer: { clientIp: '203.0.113.7' } });
    const url = new URL(created.checkoutUrl!);
    assert.equal(url.origin, 'https://wx.tenpay.com');
    assert.equal(url.searchParams.get('redirect_url'), 'https://hospital.example/portal/');
    assert.equal(wx.orders.get(id)?.clientIp, '203.0.113.7');
    await rejects(adapter.createOrder({ orderId: orderId(), amount: fee, description: 'Online consult', channel: 'h5' }), 'VALIDATION_FAILED');
  });

  test('the stand-in refuses a request the merchant key did not sign', async () => {
    const impostor = createWechatPay(wx.options(receiver.url, { privateKey: rsaPair().privateKey }));
    const refused = wx.refused;
    await assert.rejects(impostor.createOrder({ orderId: orderId(), amount: fee, description: 'Online consult', channel: 'h5', payer: { clientIp: '203.0.113.7' } }));
    assert.equal(wx.refused, refused + 1);
  });

  test('an answer not signed by the platform certificate is not believed', async () => {
    const id = orderId();
    await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'h5', payer: { clientIp: '203.0.113.7' } });
    await wx.pay(id, { send: false });
    wx.state.forgeAnswers = true;
    try {
      await assert.rejects(adapter.queryOrder!({ orderId: id }), (e: unknown) => !(e as { code?: string }).code?.startsWith('PAYMENT'), 'not an answer: unavailable');
    } finally {
      wx.state.forgeAnswers = false;
    }
    assert.equal((await adapter.queryOrder!({ orderId: id })).status, 'paid');
  });

  test('a payment notification: verified by the platform certificate, decrypted with the APIv3 key; forged, altered, stale or foreign ones are refused', async () => {
    const id = orderId();
    await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'h5', payer: { clientIp: '203.0.113.7' } });
    const { notification, delivery } = await wx.pay(id);
    assert.equal(delivery?.status, 200);
    const notice = receiver.verified.at(-1)!;
    assert.equal(notice.orderId, id);
    assert.equal(notice.status, 'paid');
    assert.deepEqual(notice.amount, fee);
    assert.equal(notice.notificationId, notification.id);
    assert.equal(notice.providerRef, wx.orders.get(id)!.transactionId);
    assert.equal(notice.at, new Date(Math.floor(wx.orders.get(id)!.successTime!.getTime() / 1000) * 1000).toISOString());

    const refusalsBefore = receiver.refusals.length;
    // The body changed after signing (one character of the ciphertext).
    const altered = notification.body.replace(/"ciphertext":"(.)/, (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`);
    assert.equal((await wx.send(receiver.url, notification.body, (s) => ({ ...s, body: altered }))).status, 401);
    // Signed by someone else's key under the platform's serial.
    wx.state.forgeAnswers = true;
    assert.equal((await wx.send(receiver.url, notification.body)).status, 401);
    wx.state.forgeAnswers = false;
    // A serial the merchant does not know.
    assert.equal((await wx.send(receiver.url, notification.body, (s) => ({ ...s, headers: { ...s.headers, 'wechatpay-serial': 'ABCDEF0123' } }))).status, 401);
    // Replayed long after it was signed.
    const stale = wx.signedDelivery(notification.body);
    const old = String(Number(stale.headers['wechatpay-timestamp']) - 3600);
    assert.equal((await wx.send(receiver.url, notification.body, (s) => ({ ...s, headers: { ...s.headers, 'wechatpay-timestamp': old } }))).status, 401);
    // No signature at all.
    assert.equal((await wx.send(receiver.url, notification.body, (s) => ({ ...s, headers: { 'content-type': 'application/json' } }))).status, 401);
    assert.deepEqual(receiver.refusals.slice(refusalsBefore), Array(5).fill('PAYMENT_SIGNATURE_INVALID'));

    // Validly signed, but the resource was encrypted with another key: not from WeChat Pay.
    const other = createWechatPay(wx.options(receiver.url, { apiV3Key: 'x'.repeat(32) }));
    await rejects(other.verifyNotification({ headers: wx.signedDelivery(notification.body).headers, body: undefined, rawBody: notification.body }), 'PAYMENT_SIGNATURE_INVALID');
    // Another platform certificate: the merchant does not trust the stand-in's.
    const elsewhere = createWechatPay(wx.options(receiver.url, { platformCertificates: [rsaCertificate('another platform').certificate] }));
    await rejects(elsewhere.verifyNotification({ headers: wx.signedDelivery(notification.body).headers, body: undefined, rawBody: notification.body }), 'PAYMENT_SIGNATURE_INVALID');
  });

  test('refunds are made once per refund id; orders are queried and closed', async () => {
    const id = orderId();
    await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'h5', payer: { clientIp: '203.0.113.7' } });
    assert.deepEqual(await adapter.queryOrder!({ orderId: id }), { status: 'pending', amount: fee });
    assert.deepEqual(await adapter.queryOrder!({ orderId: 'pay_nobody_ordered' }), { status: 'absent' });
    await wx.pay(id, { send: false });
    const paid = await adapter.queryOrder!({ orderId: id });
    assert.equal(paid.status, 'paid');
    assert.deepEqual(paid.amount, fee);
    assert.equal(paid.providerRef, wx.orders.get(id)!.transactionId);
    await assert.rejects(adapter.closeOrder!({ orderId: id }), 'a paid order cannot be closed');

    const request = { refundId: `rf_${id}`, orderId: id, providerRef: '', amount: fee, reason: 'The consult was cancelled.' };
    const first = await adapter.refund(request);
    const second = await adapter.refund(request);
    assert.equal(second.refundRef, first.refundRef);
    assert.equal([...wx.refunds.values()].filter((r) => r.outTradeNo === id).length, 1, 'one refund, however often asked');
    const refunded = wx.refundNotification(`rf_${id}`).body;
    const refundNotice = await adapter.verifyNotification({ headers: wx.signedDelivery(refunded).headers, body: undefined, rawBody: refunded });
    assert.equal(refundNotice.status, 'refund');

    const open = orderId();
    await adapter.createOrder({ orderId: open, amount: fee, description: 'Online consult', channel: 'h5', payer: { clientIp: '203.0.113.7' } });
    await adapter.closeOrder!({ orderId: open });
    assert.equal((await adapter.queryOrder!({ orderId: open })).status, 'closed');
    await assert.rejects(wx.pay(open, { send: false }), 'a closed order cannot be paid');
  });

  test('the trade bill: downloaded, checked against its hash, parsed into payments and refunds in fen', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const lines = await adapter.bill!(today);
    const paidHere = [...wx.orders.values()].filter((o) => o.transactionId);
    assert.equal(lines.filter((l) => l.kind === 'payment').length, paidHere.length);
    for (const o of paidHere) {
      const line = lines.find((l) => l.kind === 'payment' && l.orderId === o.outTradeNo)!;
      assert.deepEqual({ ref: line.providerRef, amount: line.amount }, { ref: o.transactionId, amount: fee });
    }
    const refund = lines.find((l) => l.kind === 'refund')!;
    assert.ok(refund.refundId?.startsWith('rf_pay_'));
    assert.deepEqual(refund.amount, fee);
    assert.deepEqual(await adapter.bill!('2020-01-01'), [], 'no trade that day: no bill');
  });
});

describe('WeChat Pay trade bill parser', () => {
  test('columns by name, backticks and BOM removed, amounts to fen exactly, the summary ignored', () => {
    const header = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const text = [
      `\uFEFF${header}`,
      '`2026-03-01 09:15:00,`wx1,`190,`0,`,`4200000001,`pay_a,`o1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`0.29,`0.00,`0,`0,`0.00,`0.00,`,`,`Online consult,`,`0.00,`0.60%,`0.29,`0.00,`',
      '`2026-03-01 23:59:59,`wx1,`190,`0,`,`4200000001,`pay_a,`o1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5000001,`rf_pay_a,`0.29,`0.00,`ORIGINAL,`SUCCESS,`Online consult,`,`0.00,`0.60%,`0.00,`0.29,`',
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      '`2,`0.29,`0.29,`0.00,`0.00,`0.29,`0.29',
    ].join('\r\n');
    assert.deepEqual(parseWechatTradeBill(text), [
      { kind: 'payment', orderId: 'pay_a', providerRef: '4200000001', amount: { amount: 29, currency: 'CNY' }, at: '2026-03-01T01:15:00.000Z' },
      { kind: 'refund', orderId: 'pay_a', refundId: 'rf_pay_a', providerRef: '5000001', amount: { amount: 29, currency: 'CNY' }, at: '2026-03-01T15:59:59.000Z' },
    ]);
    assert.throws(() => parseWechatTradeBill('a,b,c\n1,2,3'), /not a WeChat Pay trade bill/);
  });

  test('keys are only ever generated: the adapter refuses an APIv3 key of the wrong size and a merchant without certificates', () => {
    const base = { mchid: '1', appid: 'wx', serial: 'S', privateKey: rsaPair().privateKey, apiV3Key: 'k'.repeat(32), notifyUrl: 'https://h.example/n', platformCertificates: [rsaCertificate('p').certificate] };
    assert.throws(() => createWechatPay({ ...base, apiV3Key: 'short' }), /32 bytes/);
    assert.throws(() => createWechatPay({ ...base, platformCertificates: [] }), /platform certificate/);
    assert.ok(createPublicKey(base.platformCertificates[0]!));
  });
});
