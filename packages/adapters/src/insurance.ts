/**
 * What ihkit needs from a medical-insurance channel (医保移动支付, reached through the hospital's
 * insurance front end): the patient authorises with their insurance e-certificate (医保电子凭证)
 * in a redirect, the amount is pre-settled (预结算) into the pooled fund (统筹), the personal
 * account (个人账户) and self-pay (自付), the patient confirms, it is settled (结算), and a
 * cancel or refund reverses it (冲正 / 退费). The self-pay part is paid through a
 * PaymentAdapter; the gateway keeps its own settlement records.
 *
 * Contract for implementers:
 * - Money is integer fen. In a pre-settlement `pooled + personalAccount + selfPay = total`, and
 *   each item's shares add up to its amount.
 * - `settle` and `reverse` are idempotent by the gateway's `settlementId` / `reversalId`:
 *   calling again returns the first answer and never settles or reverses twice. `query` tells
 *   what became of a settlement (a gateway that died between the insurer's answer and its own
 *   record asks it).
 * - An authorisation the insured refused, a code that is unknown, expired or used, or a
 *   settlement the insurer will not make: AdapterError('INSURANCE_REFUSED'). Anything else
 *   thrown means the insurance channel is unavailable (INSURANCE_UNAVAILABLE).
 * - Only what the insurer needs goes to it: the order's items (drug code, quantity, price) and
 *   the gateway's opaque `payerRef` for the patient; never clinical text.
 */
import type { Money } from '@ihkit/core';
import type { AdapterCallOptions } from './call-options.js';

export interface InsuranceAuthorisationRequest {
  /** Random, single use: comes back with the code, so that the gateway knows whose it is. */
  state: string;
  /** Where the insurer's page sends the patient back (the page they were on). */
  returnUrl: string;
  /** The gateway's opaque reference for the patient (not a name or an ID number). */
  payerRef: string;
}

export interface InsuranceAuthorisation {
  /** The insurer's e-certificate page the patient is sent to. */
  redirectUrl: string;
  state: string;
}

/** One line of what is being settled. */
export interface InsuredItem {
  /** The hospital's code of the drug or service (mapped to the insurance catalogue by the insurer). */
  code: string;
  quantity: number;
  unitPrice: Money;
  amount: Money;
}

/**
 * The code the gateway gives a follow-up consult's fee in a pre-settlement: a service item (互联网
 * 复诊诊察费), not a drug; an insurer's adapter maps it to its own catalogue of services.
 */
export const CONSULT_SERVICE_CODE = 'service:online-follow-up-consult';

/** 甲: covered in full; 乙: covered after the insured pays a share first; 丙: not covered. */
export type CoverageCategory = 'A' | 'B' | 'C';

export interface ItemSplit {
  code: string;
  category: CoverageCategory;
  /** What the fund counts as eligible (合规费用). */
  eligible: Money;
  pooled: Money;
  personalAccount: Money;
  selfPay: Money;
}

export interface InsuranceSplit {
  total: Money;
  /** 统筹基金支付 */
  pooled: Money;
  /** 个人账户支付 */
  personalAccount: Money;
  /** 个人自付 (cash: through the chosen payment provider) */
  selfPay: Money;
  items: ItemSplit[];
}

export interface PreSettlementRequest {
  settlementId: string;
  /** The code the insurer gave for the authorisation (single use). */
  authCode: string;
  payerRef: string;
  items: InsuredItem[];
  total: Money;
}

export interface PreSettlement extends InsuranceSplit {
  /** The insurer's reference of the pre-settlement, which `settle` confirms. */
  insurerRef: string;
}

export interface SettlementRequest {
  settlementId: string;
  insurerRef: string;
}

export interface Settlement extends InsuranceSplit {
  /** The insurer's settlement number (结算流水号). */
  settlementRef: string;
  /** When the insurer settled it (ISO instant). */
  at: string;
}

export interface ReversalRequest {
  settlementId: string;
  /** The gateway's reversal id: asked again, the insurer answers it once. */
  reversalId: string;
  settlementRef: string;
  reason: string;
}

/** What the insurer says of a settlement. */
export type SettlementState =
  | { status: 'settled'; settlement: Settlement }
  | { status: 'reversed'; settlement: Settlement; reversalRef: string }
  | { status: 'pre-settled' | 'absent' };

export interface InsuranceAdapter {
  /** Short name (`sandbox`, the region's channel…). */
  readonly insurer: string;
  authorise(request: InsuranceAuthorisationRequest, options?: AdapterCallOptions): Promise<InsuranceAuthorisation>;
  preSettle(request: PreSettlementRequest, options?: AdapterCallOptions): Promise<PreSettlement>;
  settle(request: SettlementRequest, options?: AdapterCallOptions): Promise<Settlement>;
  reverse(request: ReversalRequest, options?: AdapterCallOptions): Promise<{ reversalRef: string }>;
  query(request: { settlementId: string }, options?: AdapterCallOptions): Promise<SettlementState>;
}
