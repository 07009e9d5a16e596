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
