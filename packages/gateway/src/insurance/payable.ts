/**
 * What is paid through medical insurance, as the settlement (settlement.ts) sees it: a bill —
 * its items for the pre-settlement, its total, the order its self-pay part is paid with — and
 * what paying it means. A prescription (prescriptions/insured.ts) or a follow-up consult's fee
 * (consults/insured.ts); the settlement itself knows neither.
 */
import type { InsuredItem, Queryable } from '@ihkit/adapters';
import type { Money } from '@ihkit/core';
import { insuredConsult } from '../consults/insured.js';
import type { Call, OperationId, Services } from '../operations.js';
import type { PaymentSubject } from '../payments/orders.js';
import { insuredPrescription } from '../prescriptions/insured.js';
import type { FulfilmentChoice } from '../prescriptions/store.js';
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';
import type { SettledFor } from './store.js';

export interface Bill {
  of: SettledFor;
  patientId: string;
  total: Money;
  /** What goes to the pre-settlement: a prescription's drugs, or the consult's service item. */
  items: InsuredItem[];
  /** The self-pay part's payment order, but for its amount. */
  order: Omit<PaymentSubject, 'amount'>;
  /** Checks that it can be paid now and records what the patient chose with it (a prescription's fulfilment), in the caller's transaction. */
  prepare(): Promise<void>;
}

export interface Payable {
  /** The bill of `id` for the signed-in caller (NOT_FOUND for anyone else), locked with `forUpdate`, its patient in the audit. */
  open(call: Call<OperationId>, tx: Queryable, id: string, forUpdate?: boolean): Promise<{ bill: Bill; user: UserRow }>;
  /** The bill of `id`, locked, without a caller (the sweep). */
  find(tx: Queryable, id: string): Promise<Bill>;
  /** Settled with nothing left to pay (in the caller's transaction): it is paid, or, no longer payable, its settlement reversed. */
  paid(tx: Queryable, id: string, at: Date): Promise<void>;
}

/** What `of` is, as a payable; `fulfilment` (a prescription's) changes the one recorded when it is prepared. */
export function payableOf(services: Services, of: SettledFor, fulfilment?: FulfilmentChoice): { payable: Payable; id: string } {
  if ('prescriptionId' in of) return { payable: insuredPrescription(services, fulfilment), id: of.prescriptionId };
  if (fulfilment) throw new HttpProblem('VALIDATION_FAILED', 'A consult is not delivered.', [{ pointer: '/body/fulfilment', message: 'is for prescriptions only' }]);
  return { payable: insuredConsult(services), id: of.consultId };
}
