/** Paying: the methods on offer, a consult's order, the sandbox's checkout, and providers' signed notifications. */
import { findFee } from '../booking/fees.js';
import { makePaidMove } from '../booking/reschedule.js';
import { orderFor } from '../consults/payments.js';
import { openConsult, withConsult } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import type { OperationHandler } from '../operations.js';
import { applyNotice, applyNoticeIn } from '../payments/apply.js';
import { findPayment, toPayment } from '../payments/orders.js';
import { HttpProblem } from '../problems.js';
import { ownAppointment } from './booking.js';

export const listPaymentMethods: OperationHandler<'listPaymentMethods'> = {
  async handle(_call, services) {
    return { body: { items: services.payments.methods(), ...(services.insurance ? { insurance: { insurer: services.insurance.insurer, consults: services.insuranceConsults === true } } : {}) } };
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
    if (payment.appointment_id) await ownAppointment(call, services, payment.appointment_id);
    else await openConsult(call, services.db, payment.consult_id!);
    call.audit.resourceId = payment.id;
    if (payment.status !== 'pending') return { body: toPayment(payment) };
    // What the provider's checkout page would do once the payer confirms: notify the gateway.
    const notification = services.sandbox.payerPaid({ orderId: payment.id, providerRef: payment.provider_ref ?? '', amount: { amount: payment.amount, currency: payment.currency } });
    const notice = await services.sandbox.verifyNotification(notification);
    const { payment: after } = await applyNotice(services, services.sandbox.provider, notice);
    if (after?.reschedule_id) await makePaidMove(services, after.appointment_id!);
    return { body: toPayment(after ?? payment) };
  },
};

export const paymentNotify: OperationHandler<'paymentNotify'> = {
  audit: 'payment',
  async handle(call, services) {
    const adapter = services.payments.get(call.params.provider);
    if (!adapter) throw new HttpProblem('NOT_FOUND', 'No such payment provider on this gateway.');
    const notice = await adapter.verifyNotification({ headers: call.headers, body: call.body, ...(call.rawBody !== undefined ? { rawBody: call.rawBody } : {}) });
    // Whose payment it is is noted inside the transaction, so that the audit row written with it names them.
    const { payment, outcome } = await services.db.transaction(async (tx) => {
      const applied = await applyNoticeIn(tx, services, adapter.provider, notice);
      if (applied.payment) {
        call.audit.resourceId = applied.payment.id;
        const { consult_id: consultId, appointment_id: appointmentId } = applied.payment;
        const patientId = consultId ? (await findConsult(tx, consultId))?.patient_id : appointmentId ? (await findFee(tx, appointmentId))?.patient_id : undefined;
        if (patientId) call.audit.patientIds.push(patientId);
      }
      return applied;
    });
    if (!payment) throw new HttpProblem('NOT_FOUND', 'No such payment order.');
    if (outcome === 'amount_mismatch') throw new HttpProblem('VALIDATION_FAILED', 'The notified amount is not the amount of the order.');
    // A move's difference arrived: the move is made now (the sweep retries what fails).
    if (outcome === 'applied' && payment.reschedule_id) await makePaidMove(services, payment.appointment_id!);
    const ack = adapter.acknowledgement;
    return ack ? { body: ack.body as never, headers: { 'content-type': ack.contentType } } : { body: { ok: true } };
  },
};
