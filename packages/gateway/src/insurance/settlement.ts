/**
 * Paying through medical insurance (医保移动支付) — a prescription, or a follow-up consult's fee
 * (what is paid: payable.ts): the patient authorises at the insurer's e-certificate page
 * (start), the code they come back with buys a pre-settlement (authorise), they confirm it and
 * the insurer settles (settle) — the self-pay part then paid through the chosen payment method,
 * or the prescription or consult paid at once when nothing is left.
 *
 * Exactly once: a settlement is marked `settling` (committed) before the insurer is asked, and
 * the insurer answers a settlement id once however often it is asked. A repeat of the call asks
 * again and records the answer; a gateway that died between the insurer's answer and our
 * record is repaired by the sweep (repairSettlements), which asks the insurer (query).
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAdapterError, type InsuranceAdapter, type InsuranceSplit, type Queryable, type Settlement } from '@ihkit/adapters';
import type { InsuranceSettlement } from '@ihkit/core';
import { jobEntry, writeAudit } from '../audit.js';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';
import type { Call, OperationId, Services } from '../operations.js';
import { settleByQuery } from '../payments/apply.js';
import { closePending, findPayment, orderPayment, toPayment, type PayerChoice } from '../payments/orders.js';
import { HttpProblem } from '../problems.js';
import type { FulfilmentChoice } from '../prescriptions/store.js';
import { payableOf } from './payable.js';
import { columnOf, findSettlement, liveSettlement, settledFor, toSettlement, type SettledFor, type SettlementRow } from './store.js';

/** How long a settlement may stay `settling` before the sweep asks the insurer what became of it. */
export const REPAIR_AFTER_MS = 60_000;

const hashOf = (state: string) => createHash('sha256').update(state).digest('hex');

/** The insurer's reference of a patient: opaque, stable, never a name or an ID number. */
export function payerRefOf(patientId: string): string {
  return createHash('sha256').update(`ihkit insurance payer ${patientId}`).digest('hex').slice(0, 32);
}

function insurerOf(services: Services): InsuranceAdapter {
  if (!services.insurance) throw new HttpProblem('INVALID_STATE', 'Medical insurance is not enabled on this gateway.');
  return services.insurance;
}

async function answer(tx: Queryable, row: SettlementRow): Promise<InsuranceSettlement> {
  const payment = row.payment_id ? await findPayment(tx, { id: row.payment_id }) : undefined;
  return toSettlement(row, payment && toPayment(payment));
}

/**
 * Opens a settlement of what `of` names (a prescription: its fulfilment recorded) and sends the
 * patient to the insurer's e-certificate page.
 */
export async function startInsurance(call: Call<OperationId>, services: Services, of: SettledFor, fulfilment: FulfilmentChoice | undefined, returnUrl: string): Promise<InsuranceSettlement> {
  const insurer = insurerOf(services);
  const { payable, id: payableId } = payableOf(services, of, fulfilment);
  return services.db.transaction(async (tx) => {
    const { bill, user } = await payable.open(call, tx, payableId, true);
    const live = await liveSettlement(tx, of);
    if (live) return answer(tx, live);
    await bill.prepare();
    const [column] = columnOf(of);
    await tx.query(`UPDATE insurance_settlements SET status = 'abandoned' WHERE ${column} = $1 AND status IN ('authorising', 'pre-settled')`, [payableId]);
    const id = newId('ins');
    const state = randomBytes(24).toString('base64url');
    const { redirectUrl } = await insurer.authorise({ state, returnUrl: webAddress(returnUrl), payerRef: payerRefOf(bill.patientId) });
    await tx.query(
      `INSERT INTO insurance_settlements (id, insurer, ${column}, patient_id, user_id, state_hash, status, amount, currency, authorise_url, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'authorising', $7, $8, $9, $10)`,
      [id, insurer.insurer, payableId, bill.patientId, user.id, hashOf(state), bill.total.amount, bill.total.currency, redirectUrl, services.now()],
    );
    call.audit.resourceId = id;
    return answer(tx, (await findSettlement(tx, { id }))!);
  });
}

/** The page to come back to: an http(s) address, its fragment dropped (the insurer writes its own). */
function webAddress(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new HttpProblem('VALIDATION_FAILED', 'The return address is not a web page.', [{ pointer: '/body/returnUrl', message: 'must be an http(s) address' }]);
  url.hash = '';
  return url.toString();
}

/** A split that adds up, or the insurer is not to be trusted with this one. */
function checkedSplit(split: InsuranceSplit, total: { amount: number; currency: string }): InsuranceSplit {
  const parts = [split.pooled, split.personalAccount, split.selfPay];
  const adds = parts.every((p) => p.currency === total.currency && Number.isInteger(p.amount) && p.amount >= 0) && parts.reduce((s, p) => s + p.amount, 0) === total.amount;
  if (!adds) throw new HttpProblem('INSURANCE_UNAVAILABLE', 'The insurer’s split does not add up to the amount.');
  return { total: split.total, pooled: split.pooled, personalAccount: split.personalAccount, selfPay: split.selfPay, items: split.items };
}

/** The code from the e-certificate page buys the pre-settlement (预结算). */
export async function authoriseInsurance(call: Call<OperationId>, services: Services, state: string, code: string): Promise<InsuranceSettlement> {
  const insurer = insurerOf(services);
  const outcome = await services.db.transaction(async (tx) => {
    const found = await findSettlement(tx, { stateHash: hashOf(state) }, true);
    if (!found) throw new HttpProblem('NOT_FOUND', 'No such authorisation.');
    const { payable, id } = payableOf(services, settledFor(found));
    const { bill, user } = await payable.open(call, tx, id);
    if (found.user_id !== user.id) throw new HttpProblem('NOT_FOUND', 'No such authorisation.');
    call.audit.resourceId = found.id;
    if (found.status !== 'authorising') return { settlement: await answer(tx, found), refused: found.status === 'refused' };
    try {
      const pre = await insurer.preSettle({ settlementId: found.id, authCode: code, payerRef: payerRefOf(bill.patientId), items: bill.items, total: bill.total });
      const split = checkedSplit(pre, bill.total);
      await tx.query(`UPDATE insurance_settlements SET status = 'pre-settled', insurer_ref = $2, split = $3 WHERE id = $1`, [found.id, pre.insurerRef, JSON.stringify(split)]);
    } catch (err) {
      if (!isAdapterError(err) || err.code !== 'INSURANCE_REFUSED') throw err;
      await tx.query(`UPDATE insurance_settlements SET status = 'refused' WHERE id = $1`, [found.id]);
      return { settlement: await answer(tx, (await findSettlement(tx, { id: found.id }))!), refused: true };
    }
    return { settlement: await answer(tx, (await findSettlement(tx, { id: found.id }))!), refused: false };
  });
  // Recorded refused first: a repeat of the same code is told the same.
  if (outcome.refused) throw new HttpProblem('INSURANCE_REFUSED', 'The insurer refused the authorisation.');
  return outcome.settlement;
}

/**
 * The patient confirmed: the insurer settles, exactly once; the self-pay part is ordered with
 * the chosen method. `fulfilment`, when given, changes the one chosen at the start.
 */
export async function settleInsurance(call: Call<OperationId>, services: Services, settlementId: string, fulfilment: FulfilmentChoice | undefined, choice: PayerChoice): Promise<InsuranceSettlement> {
  const insurer = insurerOf(services);
  const opened = await services.db.transaction(async (tx) => {
    const found = await findSettlement(tx, { id: settlementId }, true);
    if (!found) throw new HttpProblem('NOT_FOUND');
    const of = settledFor(found);
    const { payable, id } = payableOf(services, of, fulfilment);
    const { bill, user } = await payable.open(call, tx, id, true);
    if (found.user_id !== user.id) throw new HttpProblem('NOT_FOUND');
    call.audit.resourceId = found.id;
    if (found.status === 'settled' || found.status === 'reversed') return { done: await answer(tx, found) };
    if (found.status === 'settling') return { row: found };
    if (found.status !== 'pre-settled') throw new HttpProblem('INVALID_STATE', `A ${found.status} settlement cannot be settled.`);
    await bill.prepare();
    // An order for the whole amount the patient opened before choosing insurance: closed, unless paid meanwhile.
    const pending = await findPayment(tx, of, true);
    if (pending?.status === 'pending' && (await closePending(tx, services, pending, (p) => settleByQuery(tx, services, p))).status !== 'closed') {
      throw new HttpProblem('INVALID_STATE', 'It was paid meanwhile.');
    }
    await tx.query(`UPDATE insurance_settlements SET status = 'settling', settle_started_at = $2 WHERE id = $1`, [found.id, services.now()]);
    return { row: { ...found, status: 'settling' as const } };
  });
  if (opened.done) return opened.done;
  const row = opened.row!;
  let settlement: Settlement;
  try {
    settlement = await insurer.settle({ settlementId: row.id, insurerRef: row.insurer_ref ?? '' });
  } catch (err) {
    if (isAdapterError(err) && err.code === 'INSURANCE_REFUSED') {
      await services.db.transaction((tx) => tx.query(`UPDATE insurance_settlements SET status = 'refused' WHERE id = $1 AND status = 'settling'`, [row.id]));
    }
    throw err;
  }
  return services.db.transaction(async (tx) => answer(tx, await recordSettled(tx, services, row.id, settlement, choice)));
}

/**
 * Records the insurer's settlement of a `settling` row (anything else is left as it is): the
 * self-pay part is ordered with `choice` when the patient is there (else they pay it through
 * payPrescription or payConsult), and with nothing left to pay the prescription or consult is paid.
 */
async function recordSettled(tx: Queryable, services: Services, id: string, settlement: Settlement, choice?: PayerChoice): Promise<SettlementRow> {
  const row = (await findSettlement(tx, { id }, true))!;
  if (row.status !== 'settling') return row;
  const split = checkedSplit(settlement, { amount: row.amount, currency: row.currency });
  const { payable, id: payableId } = payableOf(services, settledFor(row));
  const bill = await payable.find(tx, payableId);
  await tx.query(`UPDATE insurance_settlements SET status = 'settled', settlement_ref = $2, split = $3, settled_at = $4 WHERE id = $1`, [id, settlement.settlementRef, JSON.stringify(split), services.now()]);
  if (split.selfPay.amount === 0) {
    await payable.paid(tx, payableId, new Date(settlement.at));
  } else if (choice) {
    const payment = await orderPayment(tx, services, { ...bill.order, amount: split.selfPay }, choice, (p) => settleByQuery(tx, services, p));
    await tx.query('UPDATE insurance_settlements SET payment_id = $2 WHERE id = $1', [id, payment.id]);
  }
  return (await findSettlement(tx, { id }))!;
}

/**
 * The sweep: settlements left `settling` (the gateway died, or the insurer did not answer) are
 * asked about at the insurer: settled there, recorded here (the patient then pays the self-pay
 * part through payPrescription or payConsult); not settled, back to pre-settled for the patient to confirm
 * again. Returns the ids repaired.
 */
export async function repairSettlements(services: Services): Promise<string[]> {
  const insurer = services.insurance;
  if (!insurer) return [];
  const before = new Date(services.now().getTime() - REPAIR_AFTER_MS);
  const { rows } = await services.db.query<{ id: string }>(`SELECT id FROM insurance_settlements WHERE status = 'settling' AND settle_started_at <= $1 ORDER BY settle_started_at LIMIT 50`, [before]);
  const repaired: string[] = [];
  const runId = newId('run');
  for (const { id } of rows) {
    try {
      const state = await insurer.query({ settlementId: id });
      const done = await services.db.transaction(async (tx) => {
        const row = await findSettlement(tx, { id }, true);
        if (row?.status !== 'settling') return false;
        if (state.status === 'settled' || state.status === 'reversed') await recordSettled(tx, services, id, state.settlement);
        else await tx.query(`UPDATE insurance_settlements SET status = 'pre-settled', settle_started_at = NULL WHERE id = $1`, [id]);
        await writeAudit(tx, jobEntry('repairInsuranceSettlement', { resourceType: 'payment', resourceId: id, patientIds: [row.patient_id] }, runId));
        return true;
      });
      if (done) repaired.push(id);
    } catch (err) {
      const e = safeError(err);
      services.log.warn({ settlementId: id, errorType: e.type, errorCode: e.code }, 'asking the insurer about a settlement failed; will ask again');
    }
  }
  return repaired;
}
