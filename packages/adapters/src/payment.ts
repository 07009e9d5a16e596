/**
 * What ihkit needs from a payment provider (WeChat Pay, Alipay, a medical-insurance channel).
 * The gateway keeps its own payment records; an adapter only talks to the provider.
 *
 * Contract for implementers:
 * - `createOrder` and `refund` are idempotent by the gateway's `orderId` / `refundId`: calling
 *   again with the same id returns the first result and never charges or refunds twice.
 * - `verifyNotification` checks the provider's signature over the notification exactly as the
 *   provider sent it, and throws AdapterError('PAYMENT_SIGNATURE_INVALID') when it does not
 *   verify. It returns what the notification says; the gateway checks the amount and applies it
 *   once, however often the provider repeats it.
 * - Anything else thrown means "payment provider unavailable" (PAYMENT_UNAVAILABLE).
 */
import type { Money } from '@ihkit/core';

export interface PaymentOrder {
  /** The gateway's payment id; the provider's merchant order number. */
  orderId: string;
  amount: Money;
  /** What the payer sees on the provider's page (no clinical text: "Online consult"). */
  description: string;
}

export interface CreatedOrder {
  /** The provider's transaction or prepay id. */
  providerRef: string;
  /** Where the payer completes the payment, if the provider has such a page. */
  checkoutUrl?: string;
}

/** A provider's notification as it arrived over HTTP. */
export interface IncomingNotification {
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: unknown;
}

export interface PaymentNotice {
  /** Unique per notification at the provider: a repeat carries the same id. */
  notificationId: string;
  orderId: string;
  status: 'paid' | 'failed';
  amount: Money;
  at: string; // ISO instant
}

export interface RefundRequest {
  refundId: string;
  orderId: string;
  providerRef: string;
  amount: Money;
  reason: string;
}

export interface PaymentAdapter {
  /** Short name, in notification URLs: /payments/notify/{provider}. */
  readonly provider: string;
  createOrder(order: PaymentOrder): Promise<CreatedOrder>;
  verifyNotification(notification: IncomingNotification): Promise<PaymentNotice>;
  refund(request: RefundRequest): Promise<{ refundRef: string }>;
}
