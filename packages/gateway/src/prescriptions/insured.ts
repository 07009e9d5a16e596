/**
 * A prescription as medical insurance pays it (insurance/payable.ts): its drugs go to the
 * pre-settlement, it is prepared as payPrescription prepares it (signed, approved, unexpired,
 * its fulfilment recorded), and paid it goes to the pharmacy.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Bill, Payable } from '../insurance/payable.js';
import type { Services } from '../operations.js';
import { openPrescription, prescriptionPaid } from './lifecycle.js';
import { preparePayment } from './payable.js';
import { assertPrescriptionSigned } from './signatures.js';
import { findPrescription, type FulfilmentChoice, type PrescriptionRow } from './store.js';

/** What the payer sees at the provider. */
export const PRESCRIPTION_DESCRIPTION = 'Prescription';

export function insuredPrescription(services: Services, fulfilment?: FulfilmentChoice): Payable {
  const billOf = (tx: Queryable, row: PrescriptionRow): Bill => ({
    of: { prescriptionId: row.id },
    patientId: row.patient_id,
    total: row.content.total,
    items: row.content.items.map((i) => ({ code: i.drugId, quantity: i.quantity, unitPrice: i.unitPrice, amount: i.amount })),
    order: { consultId: row.consult_id, prescriptionId: row.id, description: PRESCRIPTION_DESCRIPTION, expiresAt: row.valid_until },
    async prepare() {
      await assertPrescriptionSigned(services, row);
      await preparePayment(tx, services, row, fulfilment);
    },
  });
  return {
    async open(call, tx, id, forUpdate) {
      const { row, user } = await openPrescription(call, tx, id, { forUpdate: forUpdate ?? false });
      return { bill: billOf(tx, row), user };
    },
    async find(tx, id) {
      return billOf(tx, (await findPrescription(tx, id, true))!);
    },
    paid: (tx, id, at) => prescriptionPaid(tx, services, id, at),
  };
}
