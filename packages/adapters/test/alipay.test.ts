/**
 * The Alipay adapter (through the official alipay-sdk) against a stand-in of Alipay's gateway
 * that speaks the documented wire format with generated keys: requests and the cashier URL are
 * RSA2-signed by the app's key (the stand-in refuses anything else), answers and notifications
 * are believed only when Alipay's key signed them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { createAlipay, parseAlipayTradeBill, type PaymentAdapter } from '../src/index.js';
import { rsaPair } from './helpers/payment-keys.js';
import { merchantReceiver } from './helpers/merchant-receiver.js';
import { startAlipayStandIn, type AlipayStandIn } from './helpers/alipay-standin.js';

const fee = { amount: 2500, currency: 'CNY' };
let n = 0;
const orderId = () => `pay_${process.pid}${Date.now()}${++n}`;
const rejects = (p: Promise<unknown>, code: string) => assert.rejects(p, (e: { code?: string }) => e.code === code);

describe('Alipay against its stand-in', () => {
  let ali: AlipayStandIn;
  let adapter: PaymentAdapter;
  let receiver: Awaited<ReturnType<typeof merchantReceiver>>;
  const verify = (form: string) => adapter.verifyNotification({ headers: {}, body: undefined, rawBody: form });

  before(async () => {
    ali = await startAlipayStandIn();
    receiver = await merchantReceiver(() => adapter);
    adapter = createAlipay(ali.options(receiver.url, { returnUrl: 'https://hospital.example/portal/' }));
  });
  after(async () => {
    await receiver?.close();
    await ali?.close();
  });

  test('the phone cashier: a signed URL the payer opens; an altered one is refused', async () => {
    const id = orderId();
    const { checkoutUrl, providerRef } = await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult', channel: 'wap', expiresAt: new Date(Date.now() + 30 * 60_000) });
    assert.equal(providerRef, id);
    const url = new URL(checkoutUrl!);
    assert.equal(url.searchParams.get('method'), 'alipay.trade.wap.pay');
    assert.equal(url.searchParams.get('notify_url'), receiver.url);
    assert.equal(url.searchParams.get('return_url'), 'https://hospital.example/portal/');
    const biz = JSON.parse(url.searchParams.get('biz_content')!);
    assert.deepEqual({ out_trade_no: biz.out_trade_no, total_amount: biz.total_amount, subject: biz.subject, product_code: biz.product_code }, { out_trade_no: id, total_amount: '25.00', subject: 'Online consult', product_code: 'QUICK_WAP_WAY' });
    assert.equal(await ali.open(checkoutUrl!), 200);
    assert.equal(ali.trades.get(id)?.status, 'WAIT_BUYER_PAY');
    assert.equal(ali.refused, 0);

    // Someone changes the amount in the URL: the signature no longer holds.
    const cheaper = new URL(checkoutUrl!);
    cheaper.searchParams.set('biz_content', JSON.stringify({ ...biz, out_trade_no: orderId(), total_amount: '0.01' }));
    await ali.open(cheaper.toString());
    assert.equal(ali.refused, 1);
    await rejects(adapter.createOrder({ orderId: orderId(), amount: { amount: 1, currency: 'USD' }, description: 'Online consult' }), 'VALIDATION_FAILED');
  });

  test('a notification: RSA2-verified with Alipay’s key and answered "success"; forged, altered or foreign ones are refused', async () => {
    const id = orderId();
    const { checkoutUrl } = await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult' });
    await ali.open(checkoutUrl!);
    const { form, delivery } = await ali.pay(id);
    assert.deepEqual(delivery, { status: 200, body: 'success' }, 'Alipay stops retrying only on the text "success"');
    const notice = receiver.verified.at(-1)!;
    const fields = new URLSearchParams(form);
    assert.deepEqual(notice, { notificationId: fields.get('notify_id'), orderId: id, status: 'paid', amount: fee, at: new Date(Math.floor(ali.trades.get(id)!.paidAt!.getTime() / 1000) * 1000).toISOString(), providerRef: ali.trades.get(id)!.tradeNo });

    const altered = new URLSearchParams(form);
    altered.set('total_amount', '2500.00');
    await rejects(verify(altered.toString()), 'PAYMENT_SIGNATURE_INVALID');
    const unsigned = new URLSearchParams(form);
    unsigned.delete('sign');
    await rejects(verify(unsigned.toString()), 'PAYMENT_SIGNATURE_INVALID');
    // Signed by another key: someone who knows the format but not Alipay's key.
    const forger = createAlipay(ali.options(receiver.url, { alipayPublicKey: rsaPair().publicKey }));
    await rejects(forger.verifyNotification({ headers: {}, body: undefined, rawBody: form }), 'PAYMENT_SIGNATURE_INVALID');
    // Truly from Alipay, but for another app.
    await rejects(verify(ali.signNotification({ ...Object.fromEntries(fields), app_id: '2021999999999999', sign: '' })), 'PAYMENT_SIGNATURE_INVALID');
    // Values with characters that need encoding verify as sent.
    const odd = await verify(ali.signNotification({ ...Object.fromEntries(fields), subject: 'Online consult 100% & more', sign: '' }));
    assert.equal(odd.status, 'paid');
  });

  test('an answer not signed by Alipay is not believed', async () => {
    ali.state.forgeAnswers = true;
    try {
      await assert.rejects(adapter.queryOrder!({ orderId: orderId() }), (e: unknown) => !(e as { code?: string }).code?.startsWith('PAYMENT'));
    } finally {
      ali.state.forgeAnswers = false;
    }
    assert.deepEqual(await adapter.queryOrder!({ orderId: 'pay_nobody_ordered' }), { status: 'absent' });
  });

  test('refunds once per out_request_no; queries and closes', async () => {
    const id = orderId();
    const { checkoutUrl } = await adapter.createOrder({ orderId: id, amount: fee, description: 'Online consult' });
    assert.deepEqual(await adapter.queryOrder!({ orderId: id }), { status: 'absent' }, 'no trade until the payer opens the cashier');
    await ali.open(checkoutUrl!);
    assert.equal((await adapter.queryOrder!({ orderId: id })).status, 'pending');
    await ali.pay(id, { send: false });
    const paid = await adapter.queryOrder!({ orderId: id });
    assert.equal(paid.status, 'paid');
    assert.deepEqual(paid.amount, fee);
    await assert.rejects(adapter.closeOrder!({ orderId: id }), 'a paid trade cannot be closed');

    const request = { refundId: `rf_${id}`, orderId: id, providerRef: '', amount: fee, reason: 'The consult was cancelled.' };
    const first = await adapter.refund(request);
    assert.equal((await adapter.refund(request)).refundRef, first.refundRef);
    assert.equal([...ali.refunds.values()].filter((r) => r.outTradeNo === id).length, 1);
    assert.equal((await verify(ali.refundNotification(`rf_${id}`))).status, 'refund', 'the refund’s notification is not a payment');

    const open = orderId();
    const second = await adapter.createOrder({ orderId: open, amount: fee, description: 'Online consult' });
    await ali.open(second.checkoutUrl!);
    await adapter.closeOrder!({ orderId: open });
    assert.equal((await adapter.queryOrder!({ orderId: open })).status, 'closed');
    await adapter.closeOrder!({ orderId: orderId() }); // nothing opened: nothing to close
  });

  test('the trade bill: a zip of GBK CSV, parsed into payments and refunds in fen', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const lines = await adapter.bill!(today);
    const paid = [...ali.trades.values()].filter((t) => t.paidAt);
    assert.deepEqual(lines.filter((l) => l.kind === 'payment').map((l) => [l.orderId, l.providerRef, l.amount.amount]).sort(), paid.map((t) => [t.outTradeNo, t.tradeNo, 2500]).sort());
    const refund = lines.find((l) => l.kind === 'refund')!;
    assert.ok(refund.refundId?.startsWith('rf_pay_'));
    assert.deepEqual(refund.amount, fee, 'refunds positive');
    assert.deepEqual(await adapter.bill!('2020-01-01'), []);
  });
});

describe('Alipay bill parser', () => {
  test('the details file is found in the zip by its header; # lines and tabs are dropped', () => {
    const details = [
      '#支付宝业务明细查询',
      '#账号：[20880000000000000156]',
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
      '2026030122001\t,pay_a\t,交易\t,Online consult,2026-03-01 09:00:00,2026-03-01 09:00:05,\t,\t,\t,\t,159****5620\t,0.29,0.29,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,',
      '2026030122001\t,pay_a\t,退款\t,Online consult,2026-03-01 09:00:00,2026-03-01 10:00:00,\t,\t,\t,\t,159****5620\t,-0.29,-0.29,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,rf_pay_a\t,0.00,0.00,',
      '#交易合计：1笔，商家实收：0.29元',
    ].join('\r\n');
    const zip = zipSync({ 'summary.csv': iconv.encode('#支付宝业务汇总查询\r\n合计,1', 'gbk'), 'details.csv': iconv.encode(details, 'gbk') });
    assert.deepEqual(parseAlipayTradeBill(zip), [
      { kind: 'payment', orderId: 'pay_a', providerRef: '2026030122001', at: '2026-03-01T01:00:05.000Z', amount: { amount: 29, currency: 'CNY' } },
      { kind: 'refund', orderId: 'pay_a', providerRef: '2026030122001', at: '2026-03-01T02:00:00.000Z', refundId: 'rf_pay_a', amount: { amount: 29, currency: 'CNY' } },
    ]);
    assert.throws(() => parseAlipayTradeBill(zipSync({ 'x.csv': iconv.encode('nothing', 'gbk') })), /no 业务明细/);
  });
});
