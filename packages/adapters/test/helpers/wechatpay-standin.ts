/**
 * A stand-in for WeChat Pay's API v3 on loopback, speaking its documented wire format with
 * generated keys. Independent of the adapter's SDK on purpose: it checks each request's
 * `Authorization: WECHATPAY2-SHA256-RSA2048 mchid,serial_no,timestamp,nonce_str,signature`
 * (SHA256-RSA over "METHOD\nURI\nTIMESTAMP\nNONCE\nBODY\n" by the merchant's key, at most five
 * minutes old) and refuses anything else with 401 SIGN_ERROR; signs every answer with the
 * platform certificate's key (Wechatpay-Timestamp/-Nonce/-Serial/-Signature over
 * "TIMESTAMP\nNONCE\nBODY\n"); and calls the merchant back the way WeChat Pay does: a JSON
 * envelope whose `resource` is the transaction encrypted with AEAD_AES_256_GCM under the APIv3
 * key, signed like an answer. Orders (JSAPI and H5), queries, closes, refunds (one per
 * out_refund_no), the trade bill and its download are kept in memory.
 */
import { createCipheriv, createHash, createSign, createVerify, randomBytes, randomUUID } from 'node:crypto';
import type { WechatPayOptions } from '../../src/wechatpay/index.js';
import { beijingDay, beijingDateTime } from '../../src/payments/beijing-time.js';
import { fenToYuan } from '../../src/payments/yuan.js';
import { randomKey, rsaCertificate, rsaPair } from './payment-keys.js';
import { deliver, serveStandIn, type Delivery, type StandInReply, type StandInRequest } from './standin-http.js';

export interface WechatOrder {
  channel: 'jsapi' | 'h5';
  outTradeNo: string;
  appid: string;
  description: string;
  notifyUrl: string;
  total: number;
  openid?: string;
  clientIp?: string;
  prepayId: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId?: string;
  successTime?: Date;
}

export interface WechatRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  amount: number;
  createTime: Date;
}

/** A line of the stand-in's bill before it is written out (tests edit these). */
export interface WechatBillRow {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  transactionId: string;
  outRefundNo?: string;
  refundId?: string;
  /** fen */
  amount: number;
  at: Date;
}

/** A notification as WeChat Pay sends it: headers and the exact body. */
export interface WechatNotification {
  headers: Record<string, string>;
  body: string;
}

const iso8 = (at: Date) => `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const json = (value: unknown) => JSON.stringify(value);

export async function startWechatPayStandIn(opts: { now?: () => Date } = {}) {
  const now = opts.now ?? (() => new Date());
  const merchant = rsaPair();
  const platform = rsaCertificate('Tenpay.com Root CA stand-in');
  const keys = { mchid: '1900000109', appid: 'wxd678efh567hg6787', serial: randomBytes(20).toString('hex').toUpperCase(), apiV3Key: randomKey(32) };
  const orders = new Map<string, WechatOrder>();
  const refunds = new Map<string, WechatRefund>();
  const bills = new Map<string, Buffer>();
  /** Requests that passed the signature check, as received. */
  const requests: Array<{ method: string; uri: string; body: string }> = [];
  let refused = 0;
  let seq = 0;
  const state = {
    /** Answers every API call with this status instead (a provider that is down). */
    down: 0,
    /** Signs answers with a key that is not the platform's (a man in the middle). */
    forgeAnswers: false,
    /** Changes the bill's lines before it is written (tests of reconciliation). */
    editBill: (rows: WechatBillRow[]): WechatBillRow[] => rows,
  };

  const stranger = rsaPair();
  const signed = (status: number, body: string): StandInReply => {
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const nonce = randomKey(32);
    const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(state.forgeAnswers ? stranger.privateKey : platform.privateKey, 'base64');
    return {
      status,
      headers: { 'content-type': 'application/json', 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-serial': platform.serial, 'wechatpay-signature': signature, 'request-id': randomUUID() },
      body,
    };
  };
  const error = (status: number, code: string, message: string) => signed(status, json({ code, message }));

  /** The documented Authorization check. */
  const authorized = (r: StandInRequest): boolean => {
    const auth = String(r.headers.authorization ?? '');
    if (!auth.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return false;
    const fields = Object.fromEntries([...auth.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (fields.mchid !== keys.mchid || fields.serial_no !== keys.serial || !fields.signature || !fields.nonce_str || !/^\d+$/.test(fields.timestamp ?? '')) return false;
    if (Math.abs(now().getTime() / 1000 - Number(fields.timestamp)) > 300) return false;
    const message = `${r.method}\n${r.uri}\n${fields.timestamp}\n${fields.nonce_str}\n${r.body}\n`;
    return createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, fields.signature, 'base64');
  };

  const transactionOf = (o: WechatOrder) => ({
    appid: o.appid,
    mchid: keys.mchid,
    out_trade_no: o.outTradeNo,
    ...(o.transactionId ? { transaction_id: o.transactionId } : {}),
    trade_type: o.channel === 'jsapi' ? 'JSAPI' : 'MWEB',
    trade_state: o.state,
    trade_state_desc: o.state === 'SUCCESS' ? '支付成功' : o.state === 'NOTPAY' ? '未支付' : o.state === 'CLOSED' ? '已关闭' : '转入退款',
    ...(o.state === 'SUCCESS' || o.state === 'REFUND' ? { bank_type: 'OTHERS', attach: '', success_time: iso8(o.successTime!), payer: { openid: o.openid ?? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, amount: { total: o.total, payer_total: o.total, currency: 'CNY', payer_currency: 'CNY' } } : { amount: { total: o.total, currency: 'CNY' } }),
  });

  const billRows = (date: string): WechatBillRow[] => [
    ...[...orders.values()].filter((o) => o.successTime && beijingDay(o.successTime) === date).map((o) => ({ kind: 'payment' as const, outTradeNo: o.outTradeNo, transactionId: o.transactionId!, amount: o.total, at: o.successTime! })),
    ...[...refunds.values()].filter((r) => beijingDay(r.createTime) === date).map((r) => ({ kind: 'refund' as const, outTradeNo: r.outTradeNo, transactionId: orders.get(r.outTradeNo)!.transactionId!, outRefundNo: r.outRefundNo, refundId: r.refundId, amount: r.amount, at: r.createTime })),
  ];

  /** The documented CSV: header, backtick-prefixed detail lines, summary header and line. */
  const billCsv = (rows: WechatBillRow[]) => {
    const header = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const line = (r: WechatBillRow) => {
      const o = orders.get(r.outTradeNo);
      const y = fenToYuan(r.amount);
      const refund = r.kind === 'refund';
      return [beijingDateTime(r.at), keys.appid, keys.mchid, '0', '', r.transactionId, r.outTradeNo, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', o?.channel === 'h5' ? 'MWEB' : 'JSAPI', refund ? 'REFUND' : 'SUCCESS', 'OTHERS', 'CNY', refund ? '0.00' : y, '0.00', refund ? r.refundId : '0', refund ? r.outRefundNo : '0', refund ? y : '0.00', '0.00', refund ? 'ORIGINAL' : '', refund ? 'SUCCESS' : '', o?.description ?? '', '', '0.00', '0.60%', refund ? '0.00' : y, refund ? y : '0.00', '']
        .map((c) => `\`${c}`)
        .join(',');
    };
    const paid = rows.filter((r) => r.kind === 'payment').reduce((s, r) => s + r.amount, 0);
    const back = rows.filter((r) => r.kind === 'refund').reduce((s, r) => s + r.amount, 0);
    const summary = `\`${rows.length},\`${fenToYuan(paid)},\`${fenToYuan(back)},\`0.00,\`0.00,\`${fenToYuan(paid)},\`${fenToYuan(back)}`;
    return `\uFEFF${[header, ...rows.map(line), '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额', summary].join('\r\n')}\r\n`;
  };

  const order = (channel: 'jsapi' | 'h5', b: Record<string, any>): StandInReply => {
    const total = b.amount?.total;
    if (b.mchid !== keys.mchid || typeof b.appid !== 'string' || typeof b.out_trade_no !== 'string' || !/^[0-9A-Za-z_\-|*]{6,32}$/.test(b.out_trade_no) || typeof b.description !== 'string' || typeof b.notify_url !== 'string' || !Number.isInteger(total) || total <= 0 || (b.amount.currency ?? 'CNY') !== 'CNY') {
      return error(400, 'PARAM_ERROR', '参数错误');
    }
    if (channel === 'jsapi' && typeof b.payer?.openid !== 'string') return error(400, 'PARAM_ERROR', '缺少 payer.openid');
    if (channel === 'h5' && typeof b.scene_info?.payer_client_ip !== 'string') return error(400, 'PARAM_ERROR', '缺少 scene_info.payer_client_ip');
    const existing = orders.get(b.out_trade_no);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return error(400, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return error(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.channel !== channel || existing.total !== total || existing.description !== b.description) return error(400, 'INVALID_REQUEST', '商户订单号重复');
    } else {
      orders.set(b.out_trade_no, { channel, outTradeNo: b.out_trade_no, appid: b.appid, description: b.description, notifyUrl: b.notify_url, total, openid: b.payer?.openid, clientIp: b.scene_info?.payer_client_ip, prepayId: `wx${Date.now()}${randomKey(12)}`, state: 'NOTPAY' });
    }
    const o = orders.get(b.out_trade_no)!;
    return signed(200, channel === 'jsapi' ? json({ prepay_id: o.prepayId }) : json({ h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${o.prepayId}&package=${randomBytes(4).readUInt32BE()}` }));
  };

  const refund = (b: Record<string, any>): StandInReply => {
    const o = orders.get(b.out_trade_no);
    if (!o) return error(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (typeof b.out_refund_no !== 'string' || !Number.isInteger(b.amount?.refund) || b.amount.refund <= 0 || b.amount.total !== o.total) return error(400, 'PARAM_ERROR', '参数错误');
    let r = refunds.get(b.out_refund_no);
    if (!r) {
      if (o.state !== 'SUCCESS' && o.state !== 'REFUND') return error(400, 'INVALID_REQUEST', '订单未支付');
      const refunded = [...refunds.values()].filter((x) => x.outTradeNo === o.outTradeNo).reduce((s, x) => s + x.amount, 0);
      if (refunded + b.amount.refund > o.total) return error(403, 'NOT_ENOUGH', '退款金额超过订单可退金额');
      r = { outRefundNo: b.out_refund_no, refundId: `50${Date.now()}${++seq}`, outTradeNo: o.outTradeNo, amount: b.amount.refund, createTime: now() };
      refunds.set(r.outRefundNo, r);
      o.state = 'REFUND';
    }
    return signed(200, json({ refund_id: r.refundId, out_refund_no: r.outRefundNo, transaction_id: o.transactionId, out_trade_no: o.outTradeNo, channel: 'ORIGINAL', user_received_account: '支付用户零钱', create_time: iso8(r.createTime), status: 'PROCESSING', funds_account: 'AVAILABLE', amount: { total: o.total, refund: r.amount, payer_total: o.total, payer_refund: r.amount, settlement_refund: r.amount, settlement_total: o.total, discount_refund: 0, currency: 'CNY' } }));
  };

  const server = await serveStandIn((r) => {
    const path = r.url.pathname;
    if (!authorized(r)) {
      refused += 1;
      return error(401, 'SIGN_ERROR', '签名错误');
    }
    requests.push({ method: r.method, uri: r.uri, body: r.body });
    if (state.down) return { status: state.down, body: 'unavailable' };
    const body = r.body ? (JSON.parse(r.body) as Record<string, any>) : {};
    if (r.method === 'POST' && path === '/v3/pay/transactions/jsapi') return order('jsapi', body);
    if (r.method === 'POST' && path === '/v3/pay/transactions/h5') return order('h5', body);
    const m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(path);
    if (m) {
      const o = orders.get(decodeURIComponent(m[1]!));
      if (r.url.searchParams.get('mchid') !== keys.mchid && body.mchid !== keys.mchid) return error(400, 'PARAM_ERROR', '商户号错误');
      if (!o) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (r.method === 'GET' && !m[2]) return signed(200, json(transactionOf(o)));
      if (r.method === 'POST' && m[2]) {
        if (o.state === 'SUCCESS' || o.state === 'REFUND') return error(400, 'ORDERPAID', '订单已支付');
        o.state = 'CLOSED';
        return signed(204, '');
      }
    }
    if (r.method === 'POST' && path === '/v3/refund/domestic/refunds') return refund(body);
    if (r.method === 'GET' && path === '/v3/bill/tradebill') {
      const date = r.url.searchParams.get('bill_date') ?? '';
      const rows = state.editBill(billRows(date));
      if (!rows.length) return error(400, 'NO_STATEMENT_EXIST', '要求的账单文件不存在');
      const bytes = Buffer.from(billCsv(rows), 'utf8');
      const token = randomKey(40);
      bills.set(token, bytes);
      return signed(200, json({ hash_type: 'SHA1', hash_value: createHash('sha1').update(bytes).digest('hex'), download_url: `${server.url}v3/billdownload/file?token=${token}` }));
    }
    if (r.method === 'GET' && path === '/v3/billdownload/file') {
      const bytes = bills.get(r.url.searchParams.get('token') ?? '');
      return bytes ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: bytes } : error(404, 'RESOURCE_NOT_EXISTS', '账单不存在');
    }
    return error(404, 'NOT_FOUND', '无此接口');
  });

  /** A notification, signed and encrypted as WeChat Pay does; `edit` changes the transaction before it is encrypted. */
  const notification = (event: { id?: string; type: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS'; resource: Record<string, unknown> }): { id: string; body: string } => {
    const id = event.id ?? randomUUID();
    const nonce = randomKey(12);
    const associated = event.type.startsWith('REFUND') ? 'refund' : 'transaction';
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key), Buffer.from(nonce)).setAAD(Buffer.from(associated));
    const ciphertext = Buffer.concat([cipher.update(json(event.resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = json({ id, create_time: iso8(now()), resource_type: 'encrypt-resource', event_type: event.type, summary: event.type.startsWith('REFUND') ? '退款成功' : '支付成功', resource: { original_type: associated, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associated, nonce } });
    return { id, body };
  };

  /** Headers for a delivery of `body`: every delivery is signed afresh, as WeChat Pay's retries are. */
  const signedDelivery = (body: string): WechatNotification => {
    const reply = signed(200, body);
    return { headers: { ...reply.headers!, 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048' }, body };
  };

  return {
    url: server.url,
    keys,
    merchant,
    platform,
    orders,
    refunds,
    requests,
    state,
    get refused() {
      return refused;
    },
    /** Options for createWechatPay against this stand-in. */
    options(notifyUrl: string, extra: Partial<WechatPayOptions> = {}): WechatPayOptions {
      return { mchid: keys.mchid, appid: keys.appid, serial: keys.serial, privateKey: merchant.privateKey, platformCertificates: [platform.certificate], apiV3Key: keys.apiV3Key, notifyUrl, baseUrl: server.url, now, ...extra };
    },
    /**
     * The payer pays (in WeChat, or on the H5 page): the order becomes SUCCESS and its
     * notification is built — sent to notify_url unless `send` is false. `amount` overrides
     * the amount the notification tells (a provider's mistake, or a forged resource).
     */
    async pay(outTradeNo: string, o: { send?: boolean; amount?: number } = {}): Promise<{ notification: { id: string; body: string }; delivery?: Delivery }> {
      const order = orders.get(outTradeNo);
      if (!order || order.state !== 'NOTPAY') throw new Error(`order ${outTradeNo} cannot be paid (${order?.state ?? 'unknown'})`);
      order.state = 'SUCCESS';
      order.transactionId = `42000${Date.now()}${++seq}`;
      order.successTime = now();
      const transaction = transactionOf(order);
      const n = notification({ type: 'TRANSACTION.SUCCESS', resource: o.amount === undefined ? transaction : { ...transaction, amount: { ...transaction.amount, total: o.amount, payer_total: o.amount } } });
      return { notification: n, ...(o.send === false ? {} : { delivery: await this.send(order.notifyUrl, n.body) }) };
    },
    /** The refund's notification (WeChat Pay sends one when a refund completes). */
    refundNotification(outRefundNo: string): { id: string; body: string } {
      const r = refunds.get(outRefundNo)!;
      const o = orders.get(r.outTradeNo)!;
      return notification({ type: 'REFUND.SUCCESS', resource: { mchid: keys.mchid, out_trade_no: o.outTradeNo, transaction_id: o.transactionId, out_refund_no: r.outRefundNo, refund_id: r.refundId, refund_status: 'SUCCESS', success_time: iso8(now()), amount: { total: o.total, refund: r.amount, payer_total: o.total, payer_refund: r.amount }, user_received_account: '支付用户零钱' } });
    },
    /** Signs `body` as WeChat Pay would deliver it now. */
    signedDelivery,
    /** Delivers `body` (freshly signed) to `url`; `tamper` changes the headers or body after signing. */
    async send(url: string, body: string, tamper?: (n: WechatNotification) => WechatNotification): Promise<Delivery> {
      const n = signedDelivery(body);
      const sent = tamper ? tamper(n) : n;
      return deliver(url, { 'content-type': 'application/json', ...sent.headers }, sent.body);
    },
    close: () => server.close(),
  };
}

export type WechatPayStandIn = Awaited<ReturnType<typeof startWechatPayStandIn>>;
