/**
 * Insurance settlements as the gateway keeps them (gw_024_insurance, gw_039_consult_insurance):
 * one row per attempt to pay a prescription or a consult's fee through the insurer, and what the
 * patient is shown of it.
 */
import type { InsuranceSplit, Queryable } from '@ihkit/adapters';
import type { InsuranceSettlement, Payment } from '@ihkit/core';

export interface SettlementRow {
  id: string;
  insurer: string;
  prescription_id: string | null;
  consult_id: string | null;
  patient_id: string;
  user_id: string;
  status: InsuranceSettlement['status'];
  amount: number;
  currency: string;
  authorise_url: string | null;
  insurer_ref: string | null;
  split: InsuranceSplit | null;
  settlement_ref: string | null;
  payment_id: string | null;
  created_at: Date;
  settle_started_at: Date | null;
  settled_at: Date | null;
}

const COLUMNS = 'id, insurer, prescription_id, consult_id, patient_id, user_id, status, amount, currency, authorise_url, insurer_ref, split, settlement_ref, payment_id, created_at, settle_started_at, settled_at';

export async function findSettlement(q: Queryable, where: { id: string } | { stateHash: string }, forUpdate = false): Promise<SettlementRow | undefined> {
  const [column, value] = 'id' in where ? ['id', where.id] : ['state_hash', where.stateHash];
  return (await q.query<SettlementRow>(`SELECT ${COLUMNS} FROM insurance_settlements WHERE ${column} = $1${forUpdate ? ' FOR UPDATE' : ''}`, [value])).rows[0];
}

/** What a settlement pays: a prescription, or a consult's fee. */
export type SettledFor = { prescriptionId: string } | { consultId: string };

/** The settlements' column naming what `of` names, and its id. */
export function columnOf(of: SettledFor): ['prescription_id' | 'consult_id', string] {
  return 'prescriptionId' in of ? ['prescription_id', of.prescriptionId] : ['consult_id', of.consultId];
}

/** What the settlement `r` pays. */
export function settledFor(r: Pick<SettlementRow, 'prescription_id' | 'consult_id'>): SettledFor {
  return r.prescription_id ? { prescriptionId: r.prescription_id } : { consultId: r.consult_id! };
}

/** The settlement of `of` that is settling or settled, if any. */
export async function liveSettlement(q: Queryable, of: SettledFor, forUpdate = false): Promise<SettlementRow | undefined> {
  const [column, id] = columnOf(of);
  return (await q.query<SettlementRow>(`SELECT ${COLUMNS} FROM insurance_settlements WHERE ${column} = $1 AND status IN ('settling', 'settled')${forUpdate ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

export function toSettlement(r: SettlementRow, payment?: Payment): InsuranceSettlement {
  const split = r.split && {
    pooled: r.split.pooled,
    personalAccount: r.split.personalAccount,
    selfPay: r.split.selfPay,
    items: r.split.items.map((i) => ({ code: i.code, category: i.category, eligible: i.eligible, pooled: i.pooled, personalAccount: i.personalAccount, selfPay: i.selfPay })),
  };
  return {
    id: r.id,
    ...settledFor(r),
    status: r.status,
    insurer: r.insurer,
    total: { amount: r.amount, currency: r.currency },
    ...(r.authorise_url && r.status === 'authorising' ? { authoriseUrl: r.authorise_url } : {}),
    ...(split ? { split } : {}),
    ...(payment ? { payment } : {}),
    ...(r.settled_at ? { settledAt: r.settled_at.toISOString() } : {}),
  };
}
