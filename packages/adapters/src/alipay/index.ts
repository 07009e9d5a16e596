/**
 * Alipay (支付宝开放平台, the v2 gateway, RSA2 in public-key mode) through the official Node
 * SDK, `alipay-sdk`: the phone cashier (alipay.trade.wap.pay, a signed URL the payer is sent
 * to), notifications checked with `checkNotifySignV2` (RSA2 over the sorted, decoded fields but
 * `sign` and `sign_type`, by Alipay's public key), refunds (alipay.trade.refund, one per
 * out_request_no), order queries and closes (alipay.trade.query / .close) and the daily trade
 * bill (alipay.data.dataservice.bill.downloadurl.query). Every request is signed by the SDK with
 * the app's private key, and every answer's signature checked (`validateSign`).
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { requestSignal, type AdapterCallOptions } from '../call-options.js';
import { AdapterError } from '../errors.js';
import type { BillLine, CreatedOrder, IncomingNotification, OrderState, PaymentAdapter, PaymentNotice, PaymentOrder, RefundRequest } from '../payment.js';
import { beijingDateTime, fromBeijingDateTime } from '../payments/beijing-time.js';
import { fenToYuan, yuanToFen } from '../payments/yuan.js';
import { parseAlipayTradeBill } from './bill.js';

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export interface AlipayOptions {
  /** The notification path's name (default `alipay`). */
  provider?: string;
  appId: string;
  /** The app's private key, PEM (PKCS#1 or PKCS#8): signs every request. */
  privateKey: string | Buffer;
  /** Alipay's public key, PEM: checks Alipay's answers and notifications. */
  alipayPublicKey: string | Buffer;
  /** Where Alipay sends notifications: the gateway's /payments/notify/{provider}. */
  notifyUrl: string;
  /** Where payers come back to after paying (return_url, and quit_url when they give up). */
  returnUrl?: string;
  /** The gateway (default https://openapi.alipay.com/gateway.do). */
  gateway?: string;
  timeoutMs?: number;
  /** How long a bill download may take (default 30 s). */
  downloadTimeoutMs?: number;
  now?: () => Date;
}

/** What the SDK answers (with camelcase off: the documented names). */
interface AlipayAnswer {
  code?: string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  [field: string]: unknown;
}

const SUCCESS = '10000';
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function createAlipay(options: AlipayOptions): PaymentAdapter {
  const now = options.now ?? (() => new Date());
  const sdk = new AlipaySdk({
    appId: options.appId,
    privateKey: createPrivateKey(options.privateKey).export({ type: 'pkcs1', format: 'pem' }).toString(),
    keyType: 'PKCS1',
    alipayPublicKey: createPublicKey(options.alipayPublicKey).export({ type: 'spki', format: 'pem' }).toString(),
    gateway: options.gateway ?? ALIPAY_GATEWAY,
    timeout: options.timeoutMs ?? 5000,
    camelcase: false,
  });

  /** Calls an API; the SDK signs it and checks the answer's signature. Business failures are returned, not thrown. */
  const call = async (method: string, bizContent: Record<string, unknown>): Promise<AlipayAnswer> =>
    (await sdk.exec(method, { bizContent, timestamp: beijingDateTime(now()) }, { validateSign: true })) as AlipayAnswer;

  const failure = (method: string, a: AlipayAnswer) => new Error(`${method} answered ${a.code ?? '?'} ${a.sub_code ?? ''}`.trim());

  const stateOf = (a: AlipayAnswer): OrderState => {
    const total = str(a.total_amount);
    const base = { ...(total ? { amount: { amount: yuanToFen(total), currency: 'CNY' } } : {}), ...(str(a.trade_no) ? { providerRef: str(a.trade_no) } : {}) };
    switch (a.trade_status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { status: 'paid', ...base, ...(str(a.send_pay_date) ? { at: fromBeijingDateTime(str(a.send_pay_date)).toISOString() } : {}) };
      case 'WAIT_BUYER_PAY':
        return { status: 'pending', ...base };
      default: // TRADE_CLOSED: closed unpaid, or refunded in full
        return { status: 'closed', ...base };
    }
  };

  return {
    provider: options.provider ?? 'alipay',
    channels: ['wap'],
    // Alipay counts a notification received only when answered with the plain text "success".
    acknowledgement: { contentType: 'text/plain; charset=utf-8', body: 'success' },

    async createOrder(order: PaymentOrder): Promise<CreatedOrder> {
      if (order.amount.currency !== 'CNY') throw new AdapterError('VALIDATION_FAILED', 'Alipay takes CNY only');
      if (order.channel && order.channel !== 'wap') throw new AdapterError('VALIDATION_FAILED', 'Alipay here takes wap');
      // The cashier's URL is signed here; Alipay opens the trade when the payer arrives.
      const checkoutUrl = sdk.pageExec('alipay.trade.wap.pay', 'GET', {
        timestamp: beijingDateTime(now()),
        notifyUrl: options.notifyUrl,
        ...(options.returnUrl ? { returnUrl: options.returnUrl } : {}),
        bizContent: {
          out_trade_no: order.orderId,
          total_amount: fenToYuan(order.amount.amount),
          subject: order.description.slice(0, 256),
          product_code: 'QUICK_WAP_WAY',
          ...(order.expiresAt ? { time_expire: beijingDateTime(order.expiresAt) } : {}),
          ...(options.returnUrl ? { quit_url: options.returnUrl } : {}),
        },
      });
      return { providerRef: order.orderId, checkoutUrl };
    },

    async verifyNotification({ rawBody }: IncomingNotification): Promise<PaymentNotice> {
      if (rawBody === undefined) throw new AdapterError('PAYMENT_SIGNATURE_INVALID', 'The notification is not signed');
      const fields = Object.fromEntries(new URLSearchParams(rawBody));
      // The decoded values are what Alipay signed: V2 checks them as they are (no second decoding).
      if (!fields.sign || !sdk.checkNotifySignV2(fields)) throw new AdapterError('PAYMENT_SIGNATURE_INVALID', 'The notification signature does not verify');
      if (fields.app_id !== options.appId) throw new AdapterError('PAYMENT_SIGNATURE_INVALID', 'The notification is for another app');
      const notificationId = fields.notify_id;
      const orderId = fields.out_trade_no;
      if (!notificationId || !orderId || !fields.total_amount) throw new AdapterError('VALIDATION_FAILED', 'The notification is malformed');
      let amount: number;
      let at: string;
      try {
        amount = yuanToFen(fields.total_amount);
        at = fromBeijingDateTime(fields.gmt_payment || fields.notify_time || '').toISOString();
      } catch {
        throw new AdapterError('VALIDATION_FAILED', 'The notification is malformed');
      }
      // A refund is told with the trade's status and the refund's fields.
      const refund = Boolean(fields.refund_fee || fields.out_biz_no || fields.gmt_refund);
      const status = refund ? 'refund' : fields.trade_status === 'TRADE_SUCCESS' || fields.trade_status === 'TRADE_FINISHED' ? 'paid' : fields.trade_status === 'TRADE_CLOSED' ? 'failed' : 'other';
      return { notificationId, orderId, status, amount: { amount, currency: 'CNY' }, at, ...(fields.trade_no ? { providerRef: fields.trade_no } : {}) };
    },

    async refund(request: RefundRequest) {
      const a = await call('alipay.trade.refund', {
        out_trade_no: request.orderId,
        out_request_no: request.refundId, // asking again with it refunds once
        refund_amount: fenToYuan(request.amount.amount),
        refund_reason: request.reason.slice(0, 256),
      });
      if (a.code !== SUCCESS) throw failure('alipay.trade.refund', a);
      return { refundRef: `${str(a.trade_no)}#${request.refundId}` };
    },

    async queryOrder({ orderId }) {
      const a = await call('alipay.trade.query', { out_trade_no: orderId });
      if (a.code === SUCCESS) return stateOf(a);
      if (a.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'absent' };
      throw failure('alipay.trade.query', a);
    },

    async closeOrder({ orderId }) {
      const a = await call('alipay.trade.close', { out_trade_no: orderId });
      // No trade yet: the payer never opened the cashier, and its URL expires with the order.
      if (a.code === SUCCESS || a.sub_code === 'ACQ.TRADE_NOT_EXIST') return;
      throw failure('alipay.trade.close', a);
    },

    // The SDK's own calls take no signal (its timeout bounds them); the bill's download does.
    async bill(date: string, o?: AdapterCallOptions): Promise<BillLine[]> {
      const a = await call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: date });
      if (a.code !== SUCCESS) {
        if (a.sub_code === 'isp.bill_not_exist') return []; // no trade that day
        throw failure('alipay.data.dataservice.bill.downloadurl.query', a);
      }
      const url = new URL(str(a.bill_download_url));
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('Alipay answered a bill download that is not a web address');
      const res = await fetch(url, { signal: requestSignal(options.downloadTimeoutMs ?? 30_000, o?.signal) });
      if (!res.ok) throw new Error(`the Alipay bill download answered ${res.status}`);
      return parseAlipayTradeBill(new Uint8Array(await res.arrayBuffer()));
    },
  };
}
