/** Paying for a consult: the order, the sandbox's checkout, and providers' signed notifications. */
import { applyNotification, findPayment, orderFor, toPayment } from '../consults/payments.js';
import { openConsult, withConsult } from '../consults/access.js';
import type { OperationHandler } from '../operations.js';
import { HttpProblem } from '../problems.js';

export const payConsult: OperationHandler<'payConsult'> = {
  audit: 'payment',
  async handle(call, services) {
    return withConsult(call, services, call.params.consultId, async ({ row }, tx) => {
      const payment = await orderFor(tx, row, services);
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
    return { body: toPayment(await applyNotification(services, services.sandbox.provider, notification)) };
  },
};

export const paymentNotify: OperationHandler<'paymentNotify'> = {
  audit: 'payment',
  async handle(call, services) {
    await applyNotification(services, call.params.provider, { headers: call.headers, body: call.body }, call.audit);
    return { body: { ok: true } };
  },
};
