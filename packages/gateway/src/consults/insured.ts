/**
 * A follow-up consult's fee as medical insurance pays it (insurance/payable.ts), where the
 * hospital enables it (IHKIT_INSURANCE_CONSULTS): one service item, the online follow-up consult
 * (CONSULT_SERVICE_CODE), goes to the pre-settlement; a consult waiting for its fee can be
 * settled; paid, it goes to its doctor exactly as a paid card payment makes it go.
 */
import { CONSULT_SERVICE_CODE, type Queryable } from '@ihkit/adapters';
import { nextConsultStatus } from '@ihkit/core';
import type { Bill, Payable } from '../insurance/payable.js';
import type { Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { openConsult } from './access.js';
import { CONSULT_DESCRIPTION, consultPaid, payBy } from './payments.js';
import { findConsult, type ConsultRow } from './store.js';

export function insuredConsult(services: Services): Payable {
  const billOf = (row: ConsultRow): Bill => {
    const fee = { amount: row.fee_amount, currency: row.fee_currency };
    return {
      of: { consultId: row.id },
      patientId: row.patient_id,
      total: fee,
      items: [{ code: CONSULT_SERVICE_CODE, quantity: 1, unitPrice: fee, amount: fee }],
      order: { consultId: row.id, description: CONSULT_DESCRIPTION, expiresAt: payBy(row, services) },
      async prepare() {
        if (!services.insuranceConsults) throw new HttpProblem('INVALID_STATE', 'Consult fees are not settled through medical insurance here.');
        if (!nextConsultStatus(row.status, 'pay')) throw new HttpProblem('INVALID_STATE', `A ${row.status} consult cannot be paid.`);
      },
    };
  };
  return {
    async open(call, tx, id, forUpdate) {
      const { row, user } = await openConsult(call, tx, id, { forUpdate: forUpdate ?? false });
      return { bill: billOf(row), user };
    },
    async find(tx: Queryable, id: string) {
      return billOf((await findConsult(tx, id, true))!);
    },
    paid: (tx, id) => consultPaid(tx, services, id),
  };
}
