/** Paying: the methods on offer, a consult's order, the sandbox's checkout, and providers' signed notifications. */
import { orderFor } from '../consults/payments.js';
import { openConsult, withConsult } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import type { OperationHandler } from '../operations.js';
import { applyNotice } from '../payments/apply.js';
import { findPayment, toPayment } from '../payments/orders.js';
import { HttpProblem } from '../problems.js';

export const listPaymentMethods: OperationHandler<'listPaymentMethods'> = {
  async handle(_call, services) {
    return { body: { items: services.payments.methods() } };
  },
};

export const payConsult: OperationHandler<'payConsult'> = {
  audit: 'payment',
  async handle(call, services) {
    return withConsult(call, services, call.params.consultId, async ({ row }, tx) => {
      const payment = await orderFor(tx, row, services, { ...(call.body ?? {}), clientIp: call.clientIp });
      call.audit.resourceId = payment.id;
      return { body: toPayment(payment) };
    });
  },
};

export const sandboxPay: OperationHandler<'sandboxPay'> = {
  audit: 'payment',
  async handle(call, services) {
    const payment = await findPayment(services.db, { id: call.params.paymentId });
    if (!payment || !services.sandbox || payment.provider !== services.sandbox.provider) throw new HttpProblem('NOT_FOUND');
    await openConsult(call, services.db, payment.consult_id);
    call.audit.resourceId = payment.id;
    if (payment.status !== 'pending') return { body: toPayment(payment) };
    // What the provider's checkout page would do once the payer confirms: notify the gateway.
    const notification = services.sandbox.payerPaid({ orderId: payment.id, providerRef: payment.provider_ref ?? '', amount: { amount: payment.amount, currency: payment.currency } });
    const notice = await services.sandbox.verifyNotification(notification);
    const { payment: after } = await applyNotice(services, services.sandbox.provider, notice);
    return { body: toPayment(after ?? payment) };
  },
};

export const paymentNotify: OperationHandler<'paymentNotify'> = {
  audit: 'payment',
  async handle(call, services) {
    const adapter = services.payments.get(call.params.provider);
    if (!adapter) throw new HttpProblem('NOT_FOUND', 'No such payment provider on this gateway.');
    const notice = await adapter.verifyNotification({ headers: call.headers, body: call.body, ...(call.rawBody !== undefined ? { rawBody: call.rawBody } : {}) });
    const { payment, outcome } = await applyNotice(services, adapter.provider, notice);
    if (!payment) throw new HttpProblem('NOT_FOUND', 'No such payment order.');
    call.audit.resourceId = payment.id;
    const consult = await findConsult(services.db, payment.consult_id);
    if (consult) call.audit.patientIds.push(consult.patient_id);
    if (outcome === 'amount_mismatch') throw new HttpProblem('VALIDATION_FAILED', 'The notified amount is not the amount of the order.');
    const ack = adapter.acknowledgement;
    return ack ? { body: ack.body as never, headers: { 'content-type': ack.contentType } } : { body: { ok: true } };
  },
};
