/**
 * What ihkit needs from a payment provider (WeChat Pay, Alipay, a medical-insurance channel).
 * The gateway keeps its own payment records; an adapter only talks to the provider. A gateway
 * may have several, each by its `provider` name; the patient chooses one of their `channels`.
 *
 * Contract for implementers:
 * - `createOrder` and `refund` are idempotent by the gateway's `orderId` / `refundId`: calling
 *   again with the same id returns the first result and never charges or refunds twice.
 * - `verifyNotification` checks the provider's signature over the notification exactly as the
 *   provider sent it (`rawBody`), and throws AdapterError('PAYMENT_SIGNATURE_INVALID') when it
 *   does not verify. It returns what the notification says; the gateway checks the amount and
 *   applies it once, however often the provider repeats it.
 * - `queryOrder` asks the provider what became of an order, for the notification that never
 *   came; `closeOrder` stops an unpaid order from being paid (the payer chose another method);
 *   `bill` reads the provider's daily bill for reconciliation. A sandbox may leave them out.
 * - Anything else thrown means "payment provider unavailable" (PAYMENT_UNAVAILABLE).
 * - Nothing personal or clinical goes to the provider: descriptions are like "Online consult";
 *   the only payer detail is what a channel requires (WeChat JSAPI: the payer's openid, which
 *   WeChat issued; WeChat H5: the payer's IP address, for WeChat's risk control).
 */
import type { Money } from '@ihkit/core';
import type { AdapterCallOptions } from './call-options.js';

/**
 * How a payer completes a payment at a provider: `h5` (WeChat Pay in a phone browser other
 * than WeChat's), `jsapi` (inside WeChat, through WeixinJSBridge), `wap` (Alipay's phone
 * cashier), `sandbox` (the demo's stand-in).
 */
export type PaymentChannel = 'h5' | 'jsapi' | 'wap' | 'sandbox';

export interface PaymentOrder {
  /** The gateway's payment id; the provider's merchant order number (letters, digits, `_`). */
  orderId: string;
  amount: Money;
  /** What the payer sees on the provider's page (no clinical text: "Online consult"). */
  description: string;
  /** One of the adapter's `channels` (the first one when absent). */
  channel?: PaymentChannel;
  /** Unpaid by then, the provider refuses the payment. */
  expiresAt?: Date;
  /** What the channel needs to know of the payer (see the module's note). */
  payer?: { openId?: string; clientIp?: string };
}

/** The parameters of WeChat's `getBrandWCPayRequest` (WeixinJSBridge), signed by the merchant. */
export interface JsapiParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface CreatedOrder {
  /** The provider's transaction or prepay id (or the order id, where it has none yet). */
  providerRef: string;
  /** Where the payer completes the payment, if the provider has such a page. */
  checkoutUrl?: string;
  /** What the page passes to WeixinJSBridge, for the jsapi channel. */
  jsapi?: JsapiParams;
}

/** A provider's notification as it arrived over HTTP. */
export interface IncomingNotification {
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body (JSON, or the fields of a form). */
  body: unknown;
  /** The body exactly as it arrived: what the provider signed. */
  rawBody?: string;
}

export interface PaymentNotice {
  /** Unique per notification at the provider: a repeat carries the same id. */
  notificationId: string;
  orderId: string;
  /**
   * `paid`: the payer paid `amount`; `failed`: the order was closed unpaid; `refund`: about a
   * refund (the gateway's own refunds are followed through its outbox); `other`: nothing to do.
   */
  status: 'paid' | 'failed' | 'refund' | 'other';
  amount: Money;
  at: string; // ISO instant
  /** The provider's transaction id, when it tells. */
  providerRef?: string;
}

export interface RefundRequest {
  refundId: string;
  orderId: string;
  providerRef: string;
  amount: Money;
  /** What the order was for (WeChat Pay asks for both). Default: `amount`. */
  orderAmount?: Money;
  reason: string;
}

/** What the provider says of an order. */
export interface OrderState {
  /**
   * `paid` (also when refunded since); `pending`: not paid yet; `closed`: it can no longer be
   * paid; `absent`: the provider has no such order (Alipay's wap orders exist only once the
   * payer opened the cashier).
   */
  status: 'paid' | 'pending' | 'closed' | 'absent';
  amount?: Money;
  /** When it was paid (ISO instant). */
  at?: string;
  providerRef?: string;
}

/** One line of a provider's daily bill. */
export interface BillLine {
  kind: 'payment' | 'refund';
  /** The merchant order number: the gateway's payment id. */
  orderId: string;
  /** The merchant refund number (refund lines): the gateway's refund id. */
  refundId?: string;
  /** The provider's transaction (or refund) id. */
  providerRef: string;
  /** Positive, in fen: what was paid, or refunded. */
  amount: Money;
  /** When, as the bill says (ISO instant). */
  at: string;
}

/** How the gateway answers a verified notification: the provider decides what counts as received. */
export interface NotificationAck {
  contentType: string;
  body: string;
}

export interface PaymentAdapter {
  /** Short name, in notification URLs: /payments/notify/{provider}. */
  readonly provider: string;
  /** How payers can pay through it, in the order offered. */
  readonly channels: readonly PaymentChannel[];
  createOrder(order: PaymentOrder, options?: AdapterCallOptions): Promise<CreatedOrder>;
  verifyNotification(notification: IncomingNotification, options?: AdapterCallOptions): Promise<PaymentNotice>;
  refund(request: RefundRequest, options?: AdapterCallOptions): Promise<{ refundRef: string }>;
  queryOrder?(order: { orderId: string }, options?: AdapterCallOptions): Promise<OrderState>;
  closeOrder?(order: { orderId: string }, options?: AdapterCallOptions): Promise<void>;
  /** The provider's bill of one day (`YYYY-MM-DD`, the provider's day: Beijing time). */
  bill?(date: string, options?: AdapterCallOptions): Promise<BillLine[]>;
  /** What a verified notification is answered with (default: JSON `{"ok":true}`). */
  readonly acknowledgement?: NotificationAck;
}
