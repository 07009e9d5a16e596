/**
 * WeChat Pay, API v3, for an ordinary merchant (普通商户): JSAPI orders (inside WeChat) and H5
 * orders (a phone browser), notifications, refunds, order queries and closes, and the daily
 * trade bill.
 *
 * The signing is the maintained SDK's, `wechatpay-axios-plugin`: every request carries
 * `Authorization: WECHATPAY2-SHA256-RSA2048 …` signed with the merchant's API key, and every
 * answer is verified against the platform certificates (or WeChat Pay public keys) by
 * `Wechatpay-Serial` before it is read. Notifications come to the gateway, not through the SDK:
 * they are checked here with the SDK's `Rsa` and `Formatter` (SHA256-RSA over timestamp, nonce
 * and the body exactly as it arrived, by the platform certificate of `Wechatpay-Serial`, at most
 * `maxAgeSeconds` old), then `resource` is decrypted with the APIv3 key (`Aes.AesGcm`,
 * AEAD_AES_256_GCM). The JSAPI parameters are signed the documented way (appId, timeStamp,
 * nonceStr, package, each followed by a line feed).
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { Aes, Formatter, Rsa, Wechatpay } from 'wechatpay-axios-plugin';
import type { AdapterCallOptions } from '../call-options.js';
import { AdapterError } from '../errors.js';
import type { BillLine, CreatedOrder, IncomingNotification, OrderState, PaymentAdapter, PaymentChannel, PaymentNotice, PaymentOrder, RefundRequest } from '../payment.js';
import { beijingRfc3339, instantOf } from '../payments/beijing-time.js';
import { parseWechatTradeBill } from './bill.js';

export const WECHATPAY_API = 'https://api.mch.weixin.qq.com/';

export interface WechatPayOptions {
  /** The notification path's name (default `wechat`). */
  provider?: string;
  /** 商户号. */
  mchid: string;
  /** The AppID the payers pay in (the official account's, for JSAPI). */
  appid: string;
  /** The merchant API certificate's serial number (商户API证书序列号). */
  serial: string;
  /** The merchant API private key, PEM (apiclient_key.pem). */
  privateKey: string | Buffer;
  /**
   * How WeChat Pay's own signatures are checked: platform certificates, PEM (平台证书; their
   * serial numbers are read from them), and/or WeChat Pay public keys by their ID
   * (微信支付公钥, `PUB_KEY_ID_…`).
   */
  platformCertificates?: Array<string | Buffer>;
  platformPublicKeys?: Record<string, string | Buffer>;
  /** The APIv3 key (32 characters) that notifications' `resource` is encrypted with. */
  apiV3Key: string;
  /** Where WeChat Pay sends notifications: the gateway's /payments/notify/{provider}. */
  notifyUrl: string;
  /** Where H5 payers come back to after paying (appended to h5_url as redirect_url). */
  returnUrl?: string;
  /** The channels offered, in order (default h5 and jsapi). */
  channels?: Array<'h5' | 'jsapi'>;
  /** The API's base URL (default https://api.mch.weixin.qq.com/). */
  baseUrl?: string;
  timeoutMs?: number;
  /** How old a notification may be, in seconds (default 300). */
  maxAgeSeconds?: number;
  now?: () => Date;
}

interface Transaction {
  appid?: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: { total?: number; currency?: string };
}

interface WechatError {
  response?: { status?: number; data?: { code?: string; message?: string } };
  code?: string;
}

const invalid = (why: string) => new AdapterError('PAYMENT_SIGNATURE_INVALID', why);

export function createWechatPay(options: WechatPayOptions): PaymentAdapter {
  const now = options.now ?? (() => new Date());
  const maxAge = options.maxAgeSeconds ?? 300;
  const channels: PaymentChannel[] = [...(options.channels ?? ['h5', 'jsapi'])];
  if (!channels.length || channels.some((c) => c !== 'h5' && c !== 'jsapi')) throw new Error('WeChat Pay channels are h5 and jsapi');
  if (Buffer.byteLength(options.apiV3Key) !== 32) throw new Error('the WeChat Pay APIv3 key is 32 bytes');
  const certs: Record<string, ReturnType<typeof createPublicKey>> = {};
  for (const pem of options.platformCertificates ?? []) {
    const cert = new X509Certificate(pem);
    certs[cert.serialNumber.toUpperCase()] = cert.publicKey;
  }
  for (const [id, pem] of Object.entries(options.platformPublicKeys ?? {})) certs[id] = createPublicKey(pem);
  if (!Object.keys(certs).length) throw new Error('WeChat Pay needs a platform certificate or a WeChat Pay public key to check its signatures');
  const privateKey = createPrivateKey(options.privateKey);
  const baseURL = options.baseUrl ?? WECHATPAY_API;
  const wxpay = new Wechatpay({ mchid: options.mchid, serial: options.serial, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }), certs, baseURL, timeout: options.timeoutMs ?? 5000, proxy: false });
  const api = (path: string) => wxpay.chain(path);
  const { mchid, appid } = options;

  /** A failed call's answer from WeChat Pay, when it gave one (its `code`). */
  const errorCode = (e: unknown): string | undefined => (e as WechatError).response?.data?.code;

  const cny = (order: { amount: { currency: string } }) => {
    if (order.amount.currency !== 'CNY') throw new AdapterError('VALIDATION_FAILED', 'WeChat Pay takes CNY only');
  };

  const jsapiParams = (prepayId: string) => {
    const timeStamp = String(Math.floor(now().getTime() / 1000));
    const nonceStr = Formatter.nonce();
    const pkg = `prepay_id=${prepayId}`;
    return { appId: appid, timeStamp, nonceStr, package: pkg, signType: 'RSA' as const, paySign: Rsa.sign(Formatter.joinedByLineFeed(appid, timeStamp, nonceStr, pkg), privateKey) };
  };

  const stateOf = (t: Transaction): OrderState => {
    const amount = t.amount?.total !== undefined ? { amount: t.amount.total, currency: t.amount.currency ?? 'CNY' } : undefined;
    const base = { ...(amount ? { amount } : {}), ...(t.transaction_id ? { providerRef: t.transaction_id } : {}) };
    switch (t.trade_state) {
      case 'SUCCESS':
      case 'REFUND': // paid, and refunded since
        return { status: 'paid', ...base, ...(t.success_time ? { at: instantOf(t.success_time) } : {}) };
      case 'NOTPAY':
      case 'USERPAYING':
        return { status: 'pending', ...base };
      default: // CLOSED, REVOKED, PAYERROR
        return { status: 'closed', ...base };
    }
  };

  return {
    provider: options.provider ?? 'wechat',
    channels,

    async createOrder(order: PaymentOrder, o?: AdapterCallOptions): Promise<CreatedOrder> {
      cny(order);
      const channel = order.channel ?? channels[0];
      if (!channel || !channels.includes(channel)) throw new AdapterError('VALIDATION_FAILED', `WeChat Pay here takes ${channels.join(', ')}`);
      const common = {
        appid,
        mchid,
        description: order.description.slice(0, 127),
        out_trade_no: order.orderId,
        notify_url: options.notifyUrl,
        amount: { total: order.amount.amount, currency: 'CNY' },
        ...(order.expiresAt ? { time_expire: beijingRfc3339(order.expiresAt) } : {}),
      };
      if (channel === 'jsapi') {
        const openid = order.payer?.openId;
        if (!openid) throw new AdapterError('VALIDATION_FAILED', 'Paying inside WeChat needs the payer’s openid');
        const { data } = await api('v3/pay/transactions/jsapi').post({ ...common, payer: { openid } }, { signal: o?.signal });
        const prepayId = String((data as { prepay_id?: string }).prepay_id ?? '');
        if (!prepayId) throw new Error('WeChat Pay answered without a prepay_id');
        return { providerRef: prepayId, jsapi: jsapiParams(prepayId) };
      }
      const clientIp = order.payer?.clientIp;
      if (!clientIp) throw new AdapterError('VALIDATION_FAILED', 'WeChat Pay H5 needs the payer’s IP address');
      const { data } = await api('v3/pay/transactions/h5').post({ ...common, scene_info: { payer_client_ip: clientIp, h5_info: { type: 'Wap' } } }, { signal: o?.signal });
      const h5Url = String((data as { h5_url?: string }).h5_url ?? '');
      if (!/^https?:\/\//.test(h5Url)) throw new Error('WeChat Pay answered without an h5_url');
      return { providerRef: order.orderId, checkoutUrl: options.returnUrl ? `${h5Url}&redirect_url=${encodeURIComponent(options.returnUrl)}` : h5Url };
    },

    async verifyNotification({ headers, rawBody }: IncomingNotification): Promise<PaymentNotice> {
      const h = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const timestamp = h('wechatpay-timestamp');
      const nonce = h('wechatpay-nonce');
      const signature = h('wechatpay-signature');
      const serial = h('wechatpay-serial');
      if (!timestamp || !nonce || !signature || !serial || rawBody === undefined || !/^\d{1,12}$/.test(timestamp)) throw invalid('The notification is not signed');
      const key = certs[serial];
      if (!key) throw invalid('The notification is signed with a certificate this merchant does not know');
      if (!Rsa.verify(Formatter.response(timestamp, nonce, rawBody), signature, key)) throw invalid('The notification signature does not verify');
      if (Math.abs(now().getTime() / 1000 - Number(timestamp)) > maxAge) throw invalid('The notification is too old');
      const body = JSON.parse(rawBody) as { id?: string; create_time?: string; event_type?: string; resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string } };
      const r = body.resource;
      if (typeof body.id !== 'string' || !r || r.algorithm !== 'AEAD_AES_256_GCM' || typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string') {
        throw new AdapterError('VALIDATION_FAILED', 'The notification is malformed');
      }
      let resource: Transaction & { out_refund_no?: string; refund_status?: string; amount?: { total?: number; refund?: number; currency?: string } };
      try {
        resource = JSON.parse(Aes.AesGcm.decrypt(r.ciphertext, options.apiV3Key, r.nonce, r.associated_data ?? '')) as typeof resource;
      } catch {
        throw invalid('The notification’s resource does not decrypt with the APIv3 key');
      }
      if (resource.mchid !== undefined && resource.mchid !== mchid) throw invalid('The notification is for another merchant');
      const orderId = String(resource.out_trade_no ?? '');
      const at = body.create_time ? instantOf(body.create_time) : now().toISOString();
      if (body.event_type === 'TRANSACTION.SUCCESS' && resource.trade_state === 'SUCCESS') {
        if (resource.appid !== appid) throw invalid('The notification is for another AppID');
        if (typeof resource.amount?.total !== 'number' || !orderId) throw new AdapterError('VALIDATION_FAILED', 'The notification is malformed');
        return {
          notificationId: body.id,
          orderId,
          status: 'paid',
          amount: { amount: resource.amount.total, currency: resource.amount.currency ?? 'CNY' },
          at: resource.success_time ? instantOf(resource.success_time) : at,
          ...(resource.transaction_id ? { providerRef: resource.transaction_id } : {}),
        };
      }
      const refund = body.event_type?.startsWith('REFUND.');
      return {
        notificationId: body.id,
        orderId,
        status: refund ? 'refund' : 'other',
        amount: { amount: (refund ? resource.amount?.refund : resource.amount?.total) ?? 0, currency: resource.amount?.currency ?? 'CNY' },
        at,
      };
    },

    async refund(request: RefundRequest, o?: AdapterCallOptions) {
      cny(request);
      const total = request.orderAmount ?? request.amount;
      // One refund per out_refund_no: asking again answers the refund already made.
      const { data } = await api('v3/refund/domestic/refunds').post({
        out_trade_no: request.orderId,
        out_refund_no: request.refundId,
        reason: request.reason.slice(0, 80),
        amount: { refund: request.amount.amount, total: total.amount, currency: 'CNY' },
      }, { signal: o?.signal });
      const refundId = (data as { refund_id?: string }).refund_id;
      if (!refundId) throw new Error('WeChat Pay answered a refund without its refund_id');
      return { refundRef: refundId };
    },

    async queryOrder({ orderId }, o) {
      try {
        const { data } = await api('v3/pay/transactions/out-trade-no/{out_trade_no}').get({ params: { mchid }, out_trade_no: orderId, signal: o?.signal });
        return stateOf(data as Transaction);
      } catch (e) {
        if (errorCode(e) === 'ORDER_NOT_EXIST' || errorCode(e) === 'ORDERNOTEXIST') return { status: 'absent' };
        throw e;
      }
    },

    async closeOrder({ orderId }, o) {
      await api('v3/pay/transactions/out-trade-no/{out_trade_no}/close').post({ mchid }, { out_trade_no: orderId, signal: o?.signal });
    },

    async bill(date: string, o?: AdapterCallOptions): Promise<BillLine[]> {
      let meta: { hash_type?: string; hash_value?: string; download_url?: string };
      try {
        ({ data: meta } = await api('v3/bill/tradebill').get({ params: { bill_date: date, bill_type: 'ALL' }, signal: o?.signal }));
      } catch (e) {
        // No trade that day: no bill.
        if (errorCode(e) === 'NO_STATEMENT_EXIST') return [];
        throw e;
      }
      const url = new URL(String(meta.download_url ?? ''), baseURL);
      // The download is signed like any request: only ever to WeChat Pay's own API.
      if (url.origin !== new URL(baseURL).origin || url.pathname !== '/v3/billdownload/file') throw new Error('WeChat Pay answered a bill download elsewhere');
      const { data } = await api('v3/billdownload/file').get({ params: Object.fromEntries(url.searchParams), responseType: 'arraybuffer', signal: o?.signal });
      const bytes = Buffer.from(data as ArrayBuffer);
      const algorithm = String(meta.hash_type ?? 'SHA1').toLowerCase();
      if (algorithm !== 'sha1' || createHash('sha1').update(bytes).digest('hex') !== String(meta.hash_value ?? '').toLowerCase()) {
        throw new Error('the downloaded WeChat Pay bill does not match its hash');
      }
      return parseWechatTradeBill(bytes.toString('utf8'));
    },
  };
}
