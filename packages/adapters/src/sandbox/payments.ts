/**
 * The sandbox payment provider: a stand-in for WeChat Pay or Alipay that behaves like one
 * where it matters to the gateway. Orders and refunds are idempotent, and "the payer paid" is
 * reported as a notification signed with HMAC-SHA256 over the exact body and a timestamp, which
 * the gateway verifies as it would a real provider's (stale or altered notifications fail).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AdapterError } from '../errors.js';
import type { BillLine, CreatedOrder, IncomingNotification, PaymentAdapter, PaymentNotice, PaymentOrder, RefundRequest } from '../payment.js';
import { canonical } from '../canonical.js';
import { beijingDay } from '../payments/beijing-time.js';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
export const SANDBOX_TIMESTAMP_HEADER = 'x-sandbox-timestamp';

export interface SandboxPayments extends PaymentAdapter {
  readonly provider: 'sandbox';
  /**
   * What the provider sends the gateway once the payer has paid `orderId` (the sandbox's
   * checkout page): a signed notification to post to /payments/notify/sandbox.
   */
  payerPaid(order: { orderId: string; providerRef: string; amount: { amount: number; currency: string } }): IncomingNotification & { body: SandboxNotificationBody };
  /** Refunds made so far, by refund id (tests). */
  readonly refunds: ReadonlyMap<string, RefundRequest>;
}

export interface SandboxNotificationBody {
  id: string;
  orderId: string;
  providerRef: string;
  status: 'paid';
  amount: { amount: number; currency: string };
  at: string;
}

export interface SandboxOptions {
  /** The shared secret notifications are signed with. */
  secret: string | Uint8Array;
  /** How old a notification may be, in seconds (default 300). */
  maxAgeSeconds?: number;
  now?: () => Date;
  /**
   * Keep a daily bill (in memory) of what it took and gave back, for reconciliation. Off by
   * default: after a restart the sandbox would have forgotten the days before.
   */
  keepBill?: boolean;
}

export function createSandboxPayments(options: SandboxOptions): SandboxPayments {
  const now = options.now ?? (() => new Date());
  const maxAge = options.maxAgeSeconds ?? 300;
  const refunds = new Map<string, RefundRequest>();
  const ledger: BillLine[] = [];
  const sign = (timestamp: string, body: string) => createHmac('sha256', options.secret).update(`${timestamp}.${body}`).digest('hex');

  return {
    provider: 'sandbox',
    channels: ['sandbox'],
    refunds,

    // The same order id always gets the same reference: idempotent, and stateless across restarts.
    async createOrder(order: PaymentOrder): Promise<CreatedOrder> {
      return { providerRef: `sbx_${createHmac('sha256', options.secret).update(`order.${order.orderId}`).digest('base64url').slice(0, 16)}` };
    },

    payerPaid(order) {
      const orderId = order.orderId;
      const body: SandboxNotificationBody = { id: `ntf_${order.providerRef}`, orderId, providerRef: order.providerRef, status: 'paid', amount: order.amount, at: now().toISOString() };
      if (options.keepBill && !ledger.some((l) => l.kind === 'payment' && l.orderId === orderId)) ledger.push({ kind: 'payment', orderId, providerRef: order.providerRef, amount: order.amount, at: body.at });
      const timestamp = String(Math.floor(now().getTime() / 1000));
      return { headers: { [SANDBOX_TIMESTAMP_HEADER]: timestamp, [SANDBOX_SIGNATURE_HEADER]: sign(timestamp, canonical(body)) }, body };
    },

    async verifyNotification({ headers, body }): Promise<PaymentNotice> {
      const timestamp = header(headers, SANDBOX_TIMESTAMP_HEADER);
      const signature = header(headers, SANDBOX_SIGNATURE_HEADER);
      if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) throw new AdapterError('PAYMENT_SIGNATURE_INVALID', 'The notification is not signed');
      const expected = Buffer.from(sign(timestamp, canonical(body)), 'hex');
      if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new AdapterError('PAYMENT_SIGNATURE_INVALID', 'The notification signature does not verify');
      if (Math.abs(now().getTime() / 1000 - Number(timestamp)) > maxAge) throw new AdapterError('PAYMENT_SIGNATURE_INVALID', 'The notification is too old');
      const b = body as Partial<SandboxNotificationBody>;
      if (typeof b.id !== 'string' || typeof b.orderId !== 'string' || b.status !== 'paid' || typeof b.amount?.amount !== 'number' || typeof b.amount.currency !== 'string' || typeof b.at !== 'string') {
        throw new AdapterError('VALIDATION_FAILED', 'The notification is malformed');
      }
      return { notificationId: b.id, orderId: b.orderId, status: 'paid', amount: { amount: b.amount.amount, currency: b.amount.currency }, at: b.at };
    },

    async refund(request) {
      if (!refunds.has(request.refundId)) {
        refunds.set(request.refundId, request);
        if (options.keepBill) ledger.push({ kind: 'refund', orderId: request.orderId, refundId: request.refundId, providerRef: `sbr_${request.refundId}`, amount: request.amount, at: now().toISOString() });
      }
      return { refundRef: `sbr_${request.refundId}` };
    },

    ...(options.keepBill ? { bill: async (date: string) => ledger.filter((l) => beijingDay(new Date(l.at)) === date) } : {}),
  };
}

function header(headers: IncomingNotification['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
