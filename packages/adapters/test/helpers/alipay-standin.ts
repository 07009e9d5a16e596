/**
 * A stand-in for Alipay's open platform gateway (gateway.do, v2) on loopback, speaking its
 * documented wire format with generated keys. Independent of alipay-sdk on purpose: it checks
 * every request's RSA2 signature (SHA256-RSA over the sorted `key=value` pairs of every
 * parameter but `sign`, by the app's public key) and answers `{"<method>_response":{…},
 * "sign":"…"}` signed over the response object's text with Alipay's key. The payer's cashier
 * (alipay.trade.wap.pay, a signed GET) opens the trade; paying it posts the asynchronous
 * notification to notify_url as a form, RSA2-signed over its sorted fields but `sign` and
 * `sign_type`, until the merchant answers `success`. Queries, closes, refunds (one per
 * out_request_no) and the trade bill — a zip of GBK CSV files, as Alipay serves it — are kept
 * in memory.
 */
import { createSign, createVerify, randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { AlipayOptions } from '../../src/alipay/index.js';
import { beijingDay, beijingDateTime } from '../../src/payments/beijing-time.js';
import { fenToYuan, yuanToFen } from '../../src/payments/yuan.js';
import { rsaPair } from './payment-keys.js';
import { deliver, serveStandIn, type Delivery, type StandInReply } from './standin-http.js';

export interface AlipayTrade {
  outTradeNo: string;
  tradeNo: string;
  subject: string;
  /** fen */
  total: number;
  notifyUrl: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  paidAt?: Date;
}

export interface AlipayRefund {
  outRequestNo: string;
  outTradeNo: string;
  amount: number;
  at: Date;
}

/** A line of the stand-in's bill before it is written out (tests edit these). */
export interface AlipayBillRow {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  tradeNo: string;
  outRequestNo?: string;
  /** fen, positive */
  amount: number;
  at: Date;
}

/** The RSA2 signing string: sorted `key=value` pairs, empty values and the excluded keys left out. */
function signingString(fields: Record<string, string>, exclude: string[]): string {
  return Object.keys(fields).filter((k) => !exclude.includes(k) && fields[k] !== '').sort().map((k) => `${k}=${fields[k]}`).join('&');
}

export async function startAlipayStandIn(opts: { now?: () => Date } = {}) {
  const now = opts.now ?? (() => new Date());
  const app = rsaPair();
  const alipay = rsaPair();
  const keys = { appId: '2021000000000001', pid: '2088102000000001' };
  const trades = new Map<string, AlipayTrade>();
  const refunds = new Map<string, AlipayRefund>();
  const bills = new Map<string, Uint8Array>();
  const requests: Array<{ method: string; fields: Record<string, string> }> = [];
  let refused = 0;
  let seq = 0;
  const state = {
    down: 0,
    /** Signs answers with a key that is not Alipay's (a man in the middle). */
    forgeAnswers: false,
    editBill: (rows: AlipayBillRow[]): AlipayBillRow[] => rows,
  };

  const stranger = rsaPair();
  const answer = (method: string, response: Record<string, unknown>): StandInReply => {
    const inner = JSON.stringify(response);
    const sign = createSign('RSA-SHA256').update(inner, 'utf8').sign(state.forgeAnswers ? stranger.privateKey : alipay.privateKey, 'base64');
    return { status: 200, headers: { 'content-type': 'text/html;charset=utf-8', trace_id: randomBytes(8).toString('hex') }, body: `{"${method.replaceAll('.', '_')}_response":${inner},"sign":"${sign}"}` };
  };
  const ok = (fields: Record<string, unknown>) => ({ code: '10000', msg: 'Success', ...fields });
  const fail = (subCode: string, subMsg: string, code = '40004') => ({ code, msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });

  const verified = (fields: Record<string, string>) =>
    fields.app_id === keys.appId && fields.sign_type === 'RSA2' && !!fields.sign && createVerify('RSA-SHA256').update(signingString(fields, ['sign']), 'utf8').verify(app.publicKey, fields.sign, 'base64');

  const tradeOf = (t: AlipayTrade) => ({
    trade_no: t.tradeNo,
    out_trade_no: t.outTradeNo,
    buyer_logon_id: '159****5620',
    trade_status: t.status,
    total_amount: fenToYuan(t.total),
    ...(t.paidAt ? { send_pay_date: beijingDateTime(t.paidAt), buyer_pay_amount: fenToYuan(t.total), receipt_amount: fenToYuan(t.total) } : {}),
    buyer_user_id: '2088101117955611',
  });

  const api = (method: string, biz: Record<string, any>): Record<string, unknown> => {
    const t = typeof biz.out_trade_no === 'string' ? trades.get(biz.out_trade_no) : undefined;
    switch (method) {
      case 'alipay.trade.query':
        return t ? ok(tradeOf(t)) : fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
      case 'alipay.trade.close':
        if (!t) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
        if (t.status === 'TRADE_SUCCESS') return fail('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        t.status = 'TRADE_CLOSED';
        return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo });
      case 'alipay.trade.refund': {
        if (!t) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
        if (typeof biz.out_request_no !== 'string' || typeof biz.refund_amount !== 'string') return fail('ACQ.INVALID_PARAMETER', '参数无效', '40002');
        const amount = yuanToFen(biz.refund_amount);
        let r = refunds.get(biz.out_request_no);
        const before = [...refunds.values()].filter((x) => x.outTradeNo === t.outTradeNo).reduce((s, x) => s + x.amount, 0);
        if (!r) {
          if (t.status !== 'TRADE_SUCCESS') return fail('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
          if (before + amount > t.total) return fail('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
          r = { outRequestNo: biz.out_request_no, outTradeNo: t.outTradeNo, amount, at: now() };
          refunds.set(r.outRequestNo, r);
        }
        const refunded = [...refunds.values()].filter((x) => x.outTradeNo === t.outTradeNo).reduce((s, x) => s + x.amount, 0);
        return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo, buyer_logon_id: '159****5620', fund_change: refunded > before ? 'Y' : 'N', refund_fee: fenToYuan(refunded), gmt_refund_pay: beijingDateTime(r.at) });
      }
      case 'alipay.data.dataservice.bill.downloadurl.query': {
        if (biz.bill_type !== 'trade' || typeof biz.bill_date !== 'string') return fail('isv.invalid-parameter', '参数无效', '40002');
        const rows = state.editBill(billRows(biz.bill_date));
        if (!rows.length) return fail('isp.bill_not_exist', '账单不存在');
        const token = randomBytes(12).toString('hex');
        bills.set(token, billZip(biz.bill_date, rows));
        return ok({ bill_download_url: `${server.url}downloadBillFile.resource?fileId=${token}` });
      }
      default:
        return fail('isv.invalid-method', '不存在的方法名', '40002');
    }
  };

  const billRows = (date: string): AlipayBillRow[] => [
    ...[...trades.values()].filter((t) => t.paidAt && beijingDay(t.paidAt) === date).map((t) => ({ kind: 'payment' as const, outTradeNo: t.outTradeNo, tradeNo: t.tradeNo, amount: t.total, at: t.paidAt! })),
    ...[...refunds.values()].filter((r) => beijingDay(r.at) === date).map((r) => ({ kind: 'refund' as const, outTradeNo: r.outTradeNo, tradeNo: trades.get(r.outTradeNo)!.tradeNo, outRequestNo: r.outRequestNo, amount: r.amount, at: r.at })),
  ];

  /** The documented zip: the details and their summary, GBK-encoded CSV. */
  const billZip = (date: string, rows: AlipayBillRow[]): Uint8Array => {
    const day = date.replaceAll('-', '');
    const cn = (d: string) => `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`;
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const line = (r: AlipayBillRow) => {
      const t = trades.get(r.outTradeNo);
      const y = fenToYuan(r.kind === 'refund' ? -r.amount : r.amount);
      return [`${r.tradeNo}\t`, `${r.outTradeNo}\t`, r.kind === 'refund' ? '退款\t' : '交易\t', t?.subject ?? '', beijingDateTime(t?.paidAt ?? r.at), beijingDateTime(r.at), '\t', '\t', '\t', '\t', '159****5620\t', y, y, '0.00', '0.00', '0.00', '0.00', '0.00', '', '0.00\t', '0.00', r.kind === 'refund' ? `${r.outRequestNo}\t` : '\t', '0.00', '0.00', ''].join(',');
    };
    const payments = rows.filter((r) => r.kind === 'payment');
    const back = rows.filter((r) => r.kind === 'refund');
    const sum = (rs: AlipayBillRow[], sign: number) => fenToYuan(sign * rs.reduce((s, r) => s + r.amount, 0));
    const details = [
      '#支付宝业务明细查询',
      `#账号：[${keys.pid}0156]`,
      `#起始日期：[${cn(date)} 00:00:00]   终止日期：[${cn(next)} 00:00:00]`,
      '#-----------------------------------------业务明细列表----------------------------------------',
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
      ...rows.map(line),
      '#-----------------------------------------业务明细列表结束------------------------------------',
      `#交易合计：${payments.length}笔，商家实收：${sum(payments, 1)}元，商家优惠：0.00元`,
      `#退款合计：${back.length}笔，商家实收：${sum(back, -1)}元，商家优惠：0.00元`,
      `#导出时间：[${cn(beijingDateTime(now()))} ${beijingDateTime(now()).slice(11)}]`,
    ].join('\r\n');
    const summary = ['#支付宝业务汇总查询', `#账号：[${keys.pid}0156]`, '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）', `合计,,${payments.length},${back.length},${sum(rows, 1)},${sum(rows, 1)}`].join('\r\n');
    return zipSync({ [`${keys.pid}0156_${day}_业务明细.csv`]: iconv.encode(details, 'gbk'), [`${keys.pid}0156_${day}_业务明细(汇总).csv`]: iconv.encode(summary, 'gbk') });
  };

  const server = await serveStandIn((r) => {
    if (r.url.pathname === '/downloadBillFile.resource') {
      const zip = bills.get(r.url.searchParams.get('fileId') ?? '');
      return zip ? { status: 200, headers: { 'content-type': 'application/oct-stream' }, body: zip } : { status: 404 };
    }
    if (r.url.pathname !== '/gateway.do') return { status: 404 };
    const fields: Record<string, string> = { ...Object.fromEntries(r.url.searchParams), ...Object.fromEntries(new URLSearchParams(r.body)) };
    const method = fields.method ?? '';
    if (!verified(fields)) {
      refused += 1;
      return answer(method, fail('isv.invalid-signature', '验签出错', '40002'));
    }
    requests.push({ method, fields });
    if (state.down) return { status: state.down, body: 'unavailable' };
    const biz = JSON.parse(fields.biz_content ?? '{}') as Record<string, any>;
    if (method === 'alipay.trade.wap.pay' && r.method === 'GET') {
      // The payer arrives at the cashier: the trade opens (once).
      const total = yuanToFen(String(biz.total_amount));
      const t = trades.get(biz.out_trade_no);
      if (t && (t.total !== total || t.status !== 'WAIT_BUYER_PAY')) return { status: 200, headers: { 'content-type': 'text/html;charset=utf-8' }, body: '<p>交易不可支付</p>' };
      if (!t) trades.set(biz.out_trade_no, { outTradeNo: biz.out_trade_no, tradeNo: `2026${Date.now()}${++seq}`, subject: String(biz.subject), total, notifyUrl: fields.notify_url ?? '', status: 'WAIT_BUYER_PAY' });
      return { status: 200, headers: { 'content-type': 'text/html;charset=utf-8' }, body: '<p>支付宝收银台</p>' };
    }
    return answer(method, api(method, biz));
  });

  /** The form Alipay posts, signed over its sorted fields but `sign` and `sign_type`. */
  const signNotification = (fields: Record<string, string>): string => {
    const sign = createSign('RSA-SHA256').update(signingString(fields, ['sign', 'sign_type']), 'utf8').sign(alipay.privateKey, 'base64');
    return new URLSearchParams({ ...fields, sign }).toString();
  };

  const paidFields = (t: AlipayTrade, amount = t.total): Record<string, string> => ({
    gmt_create: beijingDateTime(t.paidAt!),
    charset: 'utf-8',
    gmt_payment: beijingDateTime(t.paidAt!),
    notify_time: beijingDateTime(now()),
    subject: t.subject,
    buyer_id: '2088102122524333',
    invoice_amount: fenToYuan(amount),
    version: '1.0',
    notify_id: `2026${randomBytes(12).toString('hex')}`,
    fund_bill_list: JSON.stringify([{ amount: fenToYuan(amount), fundChannel: 'ALIPAYACCOUNT' }]),
    notify_type: 'trade_status_sync',
    out_trade_no: t.outTradeNo,
    total_amount: fenToYuan(amount),
    trade_status: 'TRADE_SUCCESS',
    trade_no: t.tradeNo,
    auth_app_id: keys.appId,
    receipt_amount: fenToYuan(amount),
    point_amount: '0.00',
    app_id: keys.appId,
    buyer_pay_amount: fenToYuan(amount),
    sign_type: 'RSA2',
    seller_id: keys.pid,
  });

  return {
    url: server.url,
    keys,
    app,
    alipay,
    trades,
    refunds,
    requests,
    state,
    get refused() {
      return refused;
    },
    options(notifyUrl: string, extra: Partial<AlipayOptions> = {}): AlipayOptions {
      return { appId: keys.appId, privateKey: app.privateKey, alipayPublicKey: alipay.publicKey, notifyUrl, gateway: `${server.url}gateway.do`, now, ...extra };
    },
    /** The payer opens the cashier URL, as their browser would (the trade opens). */
    async open(checkoutUrl: string): Promise<number> {
      const u = new URL(checkoutUrl);
      return (await fetch(`${server.url}gateway.do${u.search}`)).status;
    },
    /**
     * The payer pays the open trade: it becomes TRADE_SUCCESS and its notification is built —
     * posted to notify_url unless `send` is false. `amount` overrides the amount it tells.
     */
    async pay(outTradeNo: string, o: { send?: boolean; amount?: number } = {}): Promise<{ form: string; delivery?: Delivery }> {
      const t = trades.get(outTradeNo);
      if (!t || t.status !== 'WAIT_BUYER_PAY') throw new Error(`trade ${outTradeNo} cannot be paid (${t?.status ?? 'not opened'})`);
      t.status = 'TRADE_SUCCESS';
      t.paidAt = now();
      const form = signNotification(paidFields(t, o.amount));
      return { form, ...(o.send === false ? {} : { delivery: await this.send(t.notifyUrl, form) }) };
    },
    /** The notification Alipay sends after a refund (the trade's status, with the refund's fields). */
    refundNotification(outRequestNo: string): string {
      const r = refunds.get(outRequestNo)!;
      const t = trades.get(r.outTradeNo)!;
      return signNotification({ ...paidFields(t), refund_fee: fenToYuan(r.amount), out_biz_no: r.outRequestNo, gmt_refund: beijingDateTime(r.at), trade_status: r.amount === t.total ? 'TRADE_CLOSED' : 'TRADE_SUCCESS' });
    },
    /** Signs any fields as a notification (tests of forged or odd ones). */
    signNotification,
    async send(url: string, form: string): Promise<Delivery> {
      return deliver(url, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form);
    },
    close: () => server.close(),
  };
}

export type AlipayStandIn = Awaited<ReturnType<typeof startAlipayStandIn>>;
