/**
 * The sandbox medical-insurance channel: a stand-in for the national mobile-payment interface
 * with believable outpatient split rules, deterministic for the demo and the tests.
 *
 * - Coverage: a catalogue of covered drugs by category (甲 A: fully eligible; 乙 B: the insured
 *   pays `bSharePercent` first, the rest is eligible; 丙 C, or not listed: self-pay).
 * - Of what is eligible, the part below the yearly deductible (起付线) still open is the
 *   insured's; above it the pooled fund pays `pooledPercent`, the insured the rest.
 * - The insured's part (deductible, co-payment, 乙's share) is paid from the personal account
 *   while its balance lasts; what is left, and 丙, is self-pay. Shares round down to the fen in
 *   the fund's disfavour, item by item, in the order given.
 * - Services (`services`, by code: the online follow-up consult, CONSULT_SERVICE_CODE) have a
 *   rule of their own: the fund counts the fee up to the service's price limit (支付限价) as
 *   eligible, outside the deductible, and pays `pooledPercent` of it; the insured's part of it is
 *   paid from the personal account while its balance lasts; above the limit is self-pay.
 * - Each insured person (by the gateway's payerRef) starts the year with `deductibleMet` of the
 *   deductible already met and `personalBalance` in the account; a settlement uses them up and
 *   a reversal gives them back.
 *
 * The e-certificate step is the demo's page (`pageUrl`): it shows a pending authorisation by
 * its state and answers it (`answer`), sending the patient back with the code in the return
 * URL's fragment (`#ihkit-insurance-state=…&ihkit-insurance-code=…`), which no server sees.
 */
import { createHash, randomBytes } from 'node:crypto';
import { INSURANCE_RETURN, type Money } from '@ihkit/core';
import { AdapterError } from '../errors.js';
import { CONSULT_SERVICE_CODE } from '../insurance.js';
import { seedId } from '../demo/ids.js';
import type {
  CoverageCategory,
  InsuranceAdapter,
  InsuranceSplit,
  InsuredItem,
  ItemSplit,
  PreSettlement,
  Settlement,
  SettlementState,
} from '../insurance.js';

/** The fragment parameters the e-certificate page returns with (the widgets read them: @ihkit/core). */
export const INSURANCE_RETURN_STATE = INSURANCE_RETURN.state;
export const INSURANCE_RETURN_CODE = INSURANCE_RETURN.code;
export const INSURANCE_RETURN_ERROR = INSURANCE_RETURN.error;

export interface SandboxInsuranceOptions {
  /** Covered codes and their category (default: the demo pharmacy's common drugs). */
  catalogue?: ReadonlyMap<string, CoverageCategory>;
  /** Covered services by code and their rule (default: the online follow-up consult, up to 20 yuan, 60 % from the fund). */
  services?: ReadonlyMap<string, ServiceCoverage>;
  /** Yearly deductible, fen (default 100 yuan). */
  deductible?: number;
  /** How much of it each insured person has met already this year, fen (default 90 yuan). */
  deductibleMet?: number;
  /** What the fund pays above the deductible, percent (default 70). */
  pooledPercent?: number;
  /** What the insured pays first of a 乙 item, percent (default 10). */
  bSharePercent?: number;
  /** Each insured person's personal-account balance to start with, fen (default 50 yuan). */
  personalBalance?: number;
  /** The e-certificate page (default /demo/insurance/). */
  pageUrl?: string;
  /** How long an authorisation code is good for, seconds (default 300). */
  codeSeconds?: number;
  now?: () => Date;
}

/** How the fund covers a service item (a consult's fee). */
export interface ServiceCoverage {
  /** The most of the fee the fund counts as eligible (支付限价), fen. */
  limit: number;
  /** What the fund pays of the eligible part, percent (no deductible). */
  pooledPercent: number;
}

/** The sandbox's default covered services: the online follow-up consult. */
export function sandboxInsuranceServices(): Map<string, ServiceCoverage> {
  return new Map([[CONSULT_SERVICE_CODE, { limit: 2_000, pooledPercent: 60 }]]);
}

export interface PendingAuthorisation {
  state: string;
  returnUrl: string;
}

export interface SandboxInsurance extends InsuranceAdapter {
  readonly insurer: 'sandbox';
  /** An authorisation waiting on the e-certificate page. */
  pending(state: string): PendingAuthorisation | undefined;
  /**
   * The patient's answer on the e-certificate page: authorised, a code; refused, none. Returns
   * where the page sends them back (the code in the fragment), undefined for an unknown state.
   */
  answer(state: string, answer: 'authorise' | 'refuse'): { returnUrl: string; code?: string } | undefined;
  /** An insured person's account now (tests, the page). */
  account(payerRef: string): { balance: number; deductibleMet: number };
}

const A = ['amlodipine-5mg', 'nifedipine-cr-30mg', 'enalapril-10mg', 'metoprolol-tartrate-25mg', 'aspirin-100mg', 'hydrochlorothiazide-25mg', 'furosemide-20mg', 'amoxicillin-250mg', 'metformin-500mg', 'gliclazide-mr-30mg', 'omeprazole-20mg', 'paracetamol-500mg', 'levothyroxine-50ug', 'simvastatin-20mg', 'ibuprofen-sr-300mg', 'amoxicillin-granules-125mg', 'oral-rehydration-salts-iii', 'prednisone-5mg', 'allopurinol-100mg'];
const B = ['valsartan-80mg', 'losartan-50mg', 'bisoprolol-5mg', 'atorvastatin-20mg', 'rosuvastatin-10mg', 'clopidogrel-75mg', 'amoxicillin-clavulanate-625mg', 'cefuroxime-axetil-250mg', 'azithromycin-250mg', 'levofloxacin-500mg', 'budesonide-formoterol-160', 'montelukast-10mg', 'acarbose-50mg', 'sitagliptin-100mg', 'insulin-glargine-300iu', 'esomeprazole-20mg', 'celecoxib-200mg', 'loratadine-10mg', 'febuxostat-40mg', 'sertraline-50mg'];
const C = ['bifidobacterium-triple-210mg', 'methylcobalamin-0.5mg', 'calcium-carbonate-d3-600mg', 'vitamin-d-drops-400iu', 'adapalene-gel-0.1pct'];

/** The sandbox's default catalogue: the demo pharmacy's drugs by their ids. */
export function sandboxInsuranceCatalogue(): Map<string, CoverageCategory> {
  const entries: Array<[string, CoverageCategory]> = [...A.map((k) => [k, 'A'] as const), ...B.map((k) => [k, 'B'] as const), ...C.map((k) => [k, 'C'] as const)].map(([k, c]) => [seedId('drug', k), c]);
  return new Map(entries);
}

interface Account {
  balance: number;
  deductibleMet: number;
}

interface Split {
  items: ItemSplit[];
  pooled: number;
  personalAccount: number;
  selfPay: number;
  /** What it took of the deductible. */
  deductible: number;
}

/** The split of `items` for an insured person's account as it stands (pure). */
export function splitItems(
  items: readonly InsuredItem[],
  account: Account,
  rules: { catalogue: ReadonlyMap<string, CoverageCategory>; services?: ReadonlyMap<string, ServiceCoverage>; deductible: number; pooledPercent: number; bSharePercent: number },
): Split {
  let balance = account.balance;
  let open = Math.max(0, rules.deductible - account.deductibleMet);
  const out: Split = { items: [], pooled: 0, personalAccount: 0, selfPay: 0, deductible: 0 };
  for (const item of items) {
    const amount = item.amount.amount;
    const service = rules.services?.get(item.code);
    const category = service ? 'A' : (rules.catalogue.get(item.code) ?? 'C');
    // Of a service, what is above its price limit; of a drug, 丙 in full and 乙's share.
    const first = service ? Math.max(0, amount - service.limit) : category === 'C' ? amount : category === 'B' ? Math.ceil((amount * rules.bSharePercent) / 100) : 0;
    const eligible = amount - first;
    const underDeductible = service ? 0 : Math.min(open, eligible);
    open -= underDeductible;
    const pooled = Math.floor(((eligible - underDeductible) * (service?.pooledPercent ?? rules.pooledPercent)) / 100);
    // The insured's part of the covered cost: from the account while it lasts; 丙 and above a service's limit are never the account's.
    const insuredPart = eligible - pooled + (category === 'B' && !service ? first : 0);
    const fromAccount = Math.min(balance, insuredPart);
    balance -= fromAccount;
    const selfPay = amount - pooled - fromAccount;
    const money = (n: number): Money => ({ amount: n, currency: item.amount.currency });
    out.items.push({ code: item.code, category, eligible: money(eligible), pooled: money(pooled), personalAccount: money(fromAccount), selfPay: money(selfPay) });
    out.pooled += pooled;
    out.personalAccount += fromAccount;
    out.selfPay += selfPay;
    out.deductible += underDeductible;
  }
  return out;
}

const ref = (prefix: string, id: string) => `${prefix}${createHash('sha256').update(id).digest('hex').slice(0, 20)}`;

export function createSandboxInsurance(options: SandboxInsuranceOptions = {}): SandboxInsurance {
  const now = options.now ?? (() => new Date());
  const rules = {
    catalogue: options.catalogue ?? sandboxInsuranceCatalogue(),
    services: options.services ?? sandboxInsuranceServices(),
    deductible: options.deductible ?? 10_000,
    pooledPercent: options.pooledPercent ?? 70,
    bSharePercent: options.bSharePercent ?? 10,
  };
  const pageUrl = options.pageUrl ?? '/demo/insurance/';
  const codeMs = (options.codeSeconds ?? 300) * 1000;
  const accounts = new Map<string, Account>();
  const waiting = new Map<string, PendingAuthorisation & { payerRef: string }>();
  const codes = new Map<string, { payerRef: string; expires: number; used: boolean }>();
  const preSettled = new Map<string, { insurerRef: string; payerRef: string; split: Split; total: Money }>();
  const settled = new Map<string, { settlement: Settlement; payerRef: string; deductible: number; reversalRef?: string; reversalId?: string }>();

  const accountOf = (payerRef: string): Account => {
    let a = accounts.get(payerRef);
    if (!a) accounts.set(payerRef, (a = { balance: options.personalBalance ?? 5_000, deductibleMet: options.deductibleMet ?? 9_000 }));
    return a;
  };
  const shape = (split: Split, total: Money): InsuranceSplit => {
    const money = (n: number): Money => ({ amount: n, currency: total.currency });
    return { total, pooled: money(split.pooled), personalAccount: money(split.personalAccount), selfPay: money(split.selfPay), items: split.items };
  };

  return {
    insurer: 'sandbox',

    async authorise({ state, returnUrl, payerRef }) {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(state)) throw new AdapterError('VALIDATION_FAILED', 'The state is not a random token');
      waiting.set(state, { state, returnUrl, payerRef });
      return { redirectUrl: `${pageUrl}?state=${encodeURIComponent(state)}`, state };
    },

    pending(state) {
      const w = waiting.get(state);
      return w && { state: w.state, returnUrl: w.returnUrl };
    },

    answer(state, answer) {
      const w = waiting.get(state);
      if (!w) return undefined;
      waiting.delete(state);
      const back = new URL(w.returnUrl);
      const fragment = new URLSearchParams({ [INSURANCE_RETURN_STATE]: state });
      if (answer === 'refuse') {
        fragment.set(INSURANCE_RETURN_ERROR, 'refused');
        back.hash = fragment.toString();
        return { returnUrl: back.toString() };
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { payerRef: w.payerRef, expires: now().getTime() + codeMs, used: false });
      fragment.set(INSURANCE_RETURN_CODE, code);
      back.hash = fragment.toString();
      return { returnUrl: back.toString(), code };
    },

    account(payerRef) {
      return { ...accountOf(payerRef) };
    },

    async preSettle({ settlementId, authCode, payerRef, items, total }): Promise<PreSettlement> {
      const code = codes.get(authCode);
      if (!code || code.used || code.expires < now().getTime() || code.payerRef !== payerRef) throw new AdapterError('INSURANCE_REFUSED', 'The authorisation code is unknown, used or expired');
      const sum = items.reduce((s, i) => s + i.amount.amount, 0);
      if (sum !== total.amount || items.some((i) => i.amount.currency !== total.currency)) throw new AdapterError('VALIDATION_FAILED', 'The items do not add up to the total');
      code.used = true;
      const split = splitItems(items, accountOf(payerRef), rules);
      const insurerRef = ref('pre_', settlementId);
      preSettled.set(settlementId, { insurerRef, payerRef, split, total });
      return { insurerRef, ...shape(split, total) };
    },

    async settle({ settlementId, insurerRef }): Promise<Settlement> {
      const done = settled.get(settlementId);
      if (done) return done.settlement;
      const pre = preSettled.get(settlementId);
      if (!pre || pre.insurerRef !== insurerRef) throw new AdapterError('INSURANCE_REFUSED', 'No such pre-settlement');
      // The account may have moved since the pre-settlement (another settlement): it is split again as it now stands.
      const account = accountOf(pre.payerRef);
      const split = splitItems(
        pre.split.items.map((i) => ({ code: i.code, quantity: 1, unitPrice: i.eligible, amount: { amount: i.pooled.amount + i.personalAccount.amount + i.selfPay.amount, currency: i.selfPay.currency } })),
        account,
        rules,
      );
      if (split.selfPay !== pre.split.selfPay || split.pooled !== pre.split.pooled) throw new AdapterError('INSURANCE_REFUSED', 'The account changed since the pre-settlement: pre-settle again');
      account.balance -= split.personalAccount;
      account.deductibleMet += split.deductible;
      const settlement: Settlement = { settlementRef: ref('stl_', settlementId), at: now().toISOString(), ...shape(split, pre.total) };
      settled.set(settlementId, { settlement, payerRef: pre.payerRef, deductible: split.deductible });
      return settlement;
    },

    async reverse({ settlementId, reversalId, settlementRef }) {
      const done = settled.get(settlementId);
      if (!done || done.settlement.settlementRef !== settlementRef) throw new AdapterError('INSURANCE_REFUSED', 'No such settlement');
      if (done.reversalRef) {
        if (done.reversalId !== reversalId) throw new AdapterError('INSURANCE_REFUSED', 'The settlement was reversed already');
        return { reversalRef: done.reversalRef };
      }
      const account = accountOf(done.payerRef);
      account.balance += done.settlement.personalAccount.amount;
      account.deductibleMet -= done.deductible;
      done.reversalId = reversalId;
      done.reversalRef = ref('rev_', reversalId);
      return { reversalRef: done.reversalRef };
    },

    async query({ settlementId }): Promise<SettlementState> {
      const done = settled.get(settlementId);
      if (done?.reversalRef) return { status: 'reversed', settlement: done.settlement, reversalRef: done.reversalRef };
      if (done) return { status: 'settled', settlement: done.settlement };
      return { status: preSettled.has(settlementId) ? 'pre-settled' : 'absent' };
    },
  };
}
