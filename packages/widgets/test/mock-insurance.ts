/**
 * The gateway's medical-insurance calls for widget tests: the hospital takes the sandbox insurer,
 * the e-certificate's state `state_0123456789abcdef` with code `good-code` pre-settles the mock's
 * prescription rx_1 (¥28.50 of amlodipine, 甲类), and confirming it leaves ¥5.55 to pay in the sandbox.
 */
import type { InsuranceSettlement, Payment } from '@ihkit/core';
import { http, HttpResponse, problem, type MockApi } from './mock-api.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

export const INSURANCE_STATE = 'state_0123456789abcdef';

export const preSettled: InsuranceSettlement = {
  id: 'ins_1',
  prescriptionId: 'rx_1',
  status: 'pre-settled',
  insurer: 'sandbox',
  total: cny(2850),
  split: {
    pooled: cny(1295),
    personalAccount: cny(1000),
    selfPay: cny(555),
    items: [{ code: 'drug_aml', category: 'A', eligible: cny(2850), pooled: cny(1295), personalAccount: cny(1000), selfPay: cny(555) }],
  },
};

export function insuranceHandlers(api: MockApi) {
  return [
    http.get('/api/payment-methods', () => HttpResponse.json({ items: api.db.paymentMethods, insurance: { insurer: 'sandbox' } })),
    http.post('/api/insurance/authorisations', async ({ request }) => {
      const { state, code } = (await request.json()) as { state: string; code: string };
      if (state !== INSURANCE_STATE) return problem(404, 'NOT_FOUND');
      if (code !== 'good-code') return problem(422, 'INSURANCE_REFUSED');
      return HttpResponse.json(preSettled);
    }),
    http.post('/api/insurance/settlements/ins_1/settle', () => {
      const payment: Payment = { id: 'pay_rx_1', prescriptionId: 'rx_1', consultId: 'c_1', status: 'pending', amount: cny(555), provider: 'sandbox', channel: 'sandbox' };
      api.db.payments.push(payment);
      return HttpResponse.json({ ...preSettled, status: 'settled', settledAt: new Date().toISOString(), payment });
    }),
  ];
}

/** The consult con_1's fee (¥50) pre-settled: ¥12 from the pooled fund, ¥8 from the personal account, ¥30 to pay. */
export const consultPreSettled: InsuranceSettlement = {
  id: 'ins_c1',
  consultId: 'con_1',
  status: 'pre-settled',
  insurer: 'sandbox',
  total: cny(5000),
  split: {
    pooled: cny(1200),
    personalAccount: cny(800),
    selfPay: cny(3000),
    items: [{ code: 'service:online-follow-up-consult', category: 'A', eligible: cny(2000), pooled: cny(1200), personalAccount: cny(800), selfPay: cny(3000) }],
  },
};

/**
 * The same for consults' fees (<ih-clinic>): the hospital settles them through insurance
 * (`consults: true`, unless `offered` is false); starting answers 503 (the test stays on its page),
 * the state with `good-code` pre-settles con_1, and confirming leaves ¥30.00 to pay in the sandbox.
 */
export function consultInsuranceHandlers(api: MockApi, offered = true) {
  return [
    http.get('/api/payment-methods', () => HttpResponse.json({ items: api.db.paymentMethods, insurance: { insurer: 'sandbox', consults: offered } })),
    http.post('/api/consults/con_1/insurance', () => problem(503, 'INSURANCE_UNAVAILABLE')),
    http.post('/api/insurance/authorisations', async ({ request }) => {
      const { state, code } = (await request.json()) as { state: string; code: string };
      if (state !== INSURANCE_STATE) return problem(404, 'NOT_FOUND');
      if (code !== 'good-code') return problem(422, 'INSURANCE_REFUSED');
      return HttpResponse.json(consultPreSettled);
    }),
    http.post('/api/insurance/settlements/ins_c1/settle', () => {
      const payment: Payment = { id: 'pay_con_1', consultId: 'con_1', status: 'pending', amount: cny(3000), provider: 'sandbox', channel: 'sandbox' };
      api.db.payments.push(payment);
      return HttpResponse.json({ ...consultPreSettled, status: 'settled', settledAt: new Date().toISOString(), payment });
    }),
  ];
}
