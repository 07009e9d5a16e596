/** Paying a prescription or a consult's fee through medical insurance (insurance/settlement.ts): start, authorise, settle. */
import type { OperationHandler } from '../operations.js';
import { authoriseInsurance, settleInsurance, startInsurance } from '../insurance/settlement.js';
import { fulfilmentOf } from '../prescriptions/payable.js';

export const startPrescriptionInsurance: OperationHandler<'startPrescriptionInsurance'> = {
  audit: 'payment',
  async handle(call, services) {
    const fulfilment = await fulfilmentOf(services, call.body.fulfilment);
    return { body: await startInsurance(call, services, { prescriptionId: call.params.prescriptionId }, fulfilment, call.body.returnUrl) };
  },
};

export const startConsultInsurance: OperationHandler<'startConsultInsurance'> = {
  audit: 'payment',
  async handle(call, services) {
    return { body: await startInsurance(call, services, { consultId: call.params.consultId }, undefined, call.body.returnUrl) };
  },
};

export const authoriseInsuranceHandler: OperationHandler<'authoriseInsurance'> = {
  audit: 'payment',
  async handle(call, services) {
    return { body: await authoriseInsurance(call, services, call.body.state, call.body.code) };
  },
};

export const settleInsuranceHandler: OperationHandler<'settleInsurance'> = {
  audit: 'payment',
  async handle(call, services) {
    const fulfilment = call.body.fulfilment && (await fulfilmentOf(services, call.body.fulfilment));
    const { provider, channel, openId } = call.body;
    const choice = { ...(provider ? { provider } : {}), ...(channel ? { channel } : {}), ...(openId ? { openId } : {}), clientIp: call.clientIp };
    return { body: await settleInsurance(call, services, call.params.settlementId, fulfilment, choice) };
  },
};
