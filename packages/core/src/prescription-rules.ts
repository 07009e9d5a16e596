/**
 * The rules a prescription must meet before it is signed and again when a pharmacist reviews
 * it (China's internet-hospital rules, see DOMAIN.md). One function, `checkPrescription`,
 * turns a draft and what the HIS knows (drugs, allergies, interactions) into findings: an
 * `error` stops the prescription, a `warning` is shown to doctor and pharmacist.
 */
import type { Allergy, Drug, DrugControl, Finding, Frequency, Money, PrescriptionDraftInput, PrescriptionItem, PrescriptionItemInput } from './types.js';

export interface PrescriptionRules {
  /** Drugs per prescription. */
  maxItems: number;
  /** Days' supply of an ordinary prescription. */
  maxDays: number;
  /** Days' supply of an urgent one. */
  urgentMaxDays: number;
  /** Days' supply for a chronic condition (with a reason beyond maxDays); the hospital sets it. */
  chronicMaxDays: number;
  /** Valid through the day issued, extendable to this many days. */
  maxValidDays: number;
}

export const DEFAULT_PRESCRIPTION_RULES: Readonly<PrescriptionRules> = { maxItems: 5, maxDays: 7, urgentMaxDays: 3, chronicMaxDays: 28, maxValidDays: 3 };

/** Below this age a dose is per kg of body weight, so the weight is required. */
export const CHILD_DOSE_AGE = 14;
/** Below this age the guardian must be present. */
export const GUARDIAN_PRESENCE_AGE = 6;

export const TIMES_PER_DAY: Readonly<Record<Frequency, number>> = { qd: 1, bid: 2, tid: 3, qid: 4, qn: 1, q12h: 2, q8h: 3 };

/** Two drugs, or classes, that interact; `a`/`b` name a drug id or a class. */
export interface Interaction {
  a: string;
  b: string;
  severity: 'major' | 'moderate';
  note: string;
  /** The note in English, where the catalog has it. */
  noteEn?: string;
}

/** An item of another prescription of the same consult, as it was signed. */
export type ConsultItem = Pick<PrescriptionItem, 'drugId' | 'dose' | 'frequency' | 'days' | 'quantity'>;

export interface CheckContext {
  /** The catalog's drugs for the draft's ids and the consult's items' (missing ones are DRUG_NOT_FOUND). */
  drugs: ReadonlyMap<string, Drug>;
  /** The patient's age in whole years on the day of the check. */
  ageYears: number;
  allergies: readonly Allergy[];
  interactions: readonly Interaction[];
  rules?: PrescriptionRules;
  /**
   * The items of the consult's other prescriptions that still count (not cancelled or
   * expired): the limits on drugs, days and packs hold per consult, so that splitting a
   * prescription in two gets round none of them.
   */
  consultItems?: readonly ConsultItem[];
}

const CONTROLS: readonly DrugControl[] = ['none', 'narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor', 'unknown'];

/**
 * A drug's control class as ihkit reads what the HIS gave: a class it does not know, or none at
 * all, is `unknown` — which counts as controlled until the HIS says otherwise.
 */
export function drugControlOf(value: unknown): DrugControl {
  return typeof value === 'string' && (CONTROLS as readonly string[]).includes(value) ? (value as DrugControl) : 'unknown';
}

/** Whether a drug of this control class may be prescribed online: only one the HIS says is not controlled. */
export function prescribableOnline(control: unknown): boolean {
  return control === 'none';
}

/** Units of the pack (tablets, ml, doses) an item needs over its days. */
function unitsNeeded(item: Pick<PrescriptionItemInput, 'dose' | 'frequency' | 'days'>, drug: Pick<Drug, 'unitDose'>): number {
  return (item.dose / drug.unitDose) * TIMES_PER_DAY[item.frequency] * item.days;
}

/** Whole packs holding `units`: at least one, and less than one pack more than they need. */
function packsFor(units: number, drug: Pick<Drug, 'packSize'>): number {
  return Math.max(1, Math.ceil(units / drug.packSize - 1e-9));
}

/** Packs to dispense for an item: the units it needs over its days, rounded up to whole packs. */
export function packsNeeded(item: Pick<PrescriptionItemInput, 'dose' | 'frequency' | 'days'>, drug: Pick<Drug, 'unitDose' | 'packSize'>): number {
  return packsFor(unitsNeeded(item, drug), drug);
}

/** The draft's items with names, quantities and prices from the catalog (unknown drugs left out). */
export function priceItems(draft: PrescriptionDraftInput, drugs: ReadonlyMap<string, Drug>): { items: PrescriptionItem[]; total: Money } {
  const items: PrescriptionItem[] = [];
  let currency = 'CNY';
  for (const input of draft.items) {
    const drug = drugs.get(input.drugId);
    if (!drug) continue;
    const quantity = packsNeeded(input, drug);
    currency = drug.price.currency;
    items.push({
      drugId: drug.id,
      name: drug.name,
      ...(drug.nameEn ? { nameEn: drug.nameEn } : {}),
      strength: drug.strength,
      form: drug.form,
      route: drug.route,
      dose: input.dose,
      doseUnit: drug.doseUnit,
      frequency: input.frequency,
      days: input.days,
      ...(input.note ? { note: input.note } : {}),
      quantity,
      packUnit: drug.packUnit,
      unitPrice: drug.price,
      amount: { amount: drug.price.amount * quantity, currency: drug.price.currency },
    });
  }
  return { items, total: { amount: items.reduce((sum, i) => sum + i.amount.amount, 0), currency } };
}

/** The longest supply the draft may have, in days. */
export function supplyLimit(draft: Pick<PrescriptionDraftInput, 'urgent' | 'chronic'>, rules: PrescriptionRules = DEFAULT_PRESCRIPTION_RULES): number {
  if (draft.urgent) return rules.urgentMaxDays;
  return draft.chronic ? rules.chronicMaxDays : rules.maxDays;
}

export function checkPrescription(draft: PrescriptionDraftInput, context: CheckContext): Finding[] {
  const rules = context.rules ?? DEFAULT_PRESCRIPTION_RULES;
  const findings: Finding[] = [];
  const add = (f: Finding) => findings.push(f);
  const { drugs, ageYears } = context;

  if (draft.items.length > rules.maxItems) add({ code: 'TOO_MANY_DRUGS', level: 'error', limit: rules.maxItems });
  if ((draft.validDays ?? 1) > rules.maxValidDays) add({ code: 'VALIDITY_TOO_LONG', level: 'error', limit: rules.maxValidDays });
  if (ageYears < GUARDIAN_PRESENCE_AGE && !draft.guardianPresent) add({ code: 'GUARDIAN_PRESENCE_REQUIRED', level: 'error', limit: GUARDIAN_PRESENCE_AGE });
  const child = ageYears < CHILD_DOSE_AGE;
  if (child && !draft.weightKg) add({ code: 'WEIGHT_REQUIRED', level: 'error', limit: CHILD_DOSE_AGE });

  const limit = supplyLimit(draft, rules);
  const tooLong = draft.items.flatMap((item, i) => (item.days > limit ? [i] : []));
  if (tooLong.length) add({ code: 'SUPPLY_TOO_LONG', level: 'error', items: tooLong, limit });
  const beyondOrdinary = draft.items.flatMap((item, i) => (item.days > rules.maxDays ? [i] : []));
  if (draft.chronic && !draft.urgent && beyondOrdinary.length && !draft.longSupplyReason?.trim()) {
    add({ code: 'LONG_SUPPLY_REASON_REQUIRED', level: 'error', items: beyondOrdinary, limit: rules.maxDays });
  }

  const firstIndex = new Map<string, number>();
  draft.items.forEach((item, i) => {
    const drug = drugs.get(item.drugId);
    if (!drug) return add({ code: 'DRUG_NOT_FOUND', level: 'error', items: [i] });
    const seen = firstIndex.get(item.drugId);
    if (seen !== undefined) add({ code: 'DUPLICATE_DRUG', level: 'error', items: [seen, i] });
    else firstIndex.set(item.drugId, i);

    if (!prescribableOnline(drug.control)) add({ code: 'CONTROLLED_DRUG', level: 'error', items: [i], note: drugControlOf(drug.control) });
    for (const allergy of context.allergies) {
      if (drug.allergyGroups?.includes(allergy.group) || drug.id === allergy.group) add({ code: 'ALLERGY', level: 'error', items: [i], note: allergy.group });
    }
    if (drug.minAgeYears !== undefined && ageYears < drug.minAgeYears) add({ code: 'AGE_RESTRICTED', level: 'error', items: [i], limit: drug.minAgeYears });
    checkDose(item, drug, i, child ? draft.weightKg : undefined, child, add);
    const packs = packsNeeded(item, drug);
    if (packs > drug.stock) add({ code: 'OUT_OF_STOCK', level: 'warning', items: [i], limit: drug.stock });
  });

  checkConsultLimits(draft, context, rules, limit, add);

  const present = draft.items.map((item) => drugs.get(item.drugId));
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const x = present[i];
      const y = present[j];
      if (!x || !y || x.id === y.id) continue;
      for (const rule of context.interactions) {
        if ((names(x, rule.a) && names(y, rule.b)) || (names(x, rule.b) && names(y, rule.a))) {
          add({ code: 'INTERACTION', level: rule.severity === 'major' ? 'error' : 'warning', items: [i, j], note: rule.note, ...(rule.noteEn ? { noteEn: rule.noteEn } : {}) });
        }
      }
    }
  }
  return findings;
}

/**
 * The limits that hold per consult, across the draft and the consult's other prescriptions:
 * the number of drugs, each drug's days, and each drug's packs — which may come to no more than
 * the days need rounded up once to a whole pack, so that two small prescriptions of a drug do
 * not each round up to a pack of their own.
 */
function checkConsultLimits(draft: PrescriptionDraftInput, context: CheckContext, rules: PrescriptionRules, limit: number, add: (f: Finding) => void): void {
  const earlier = context.consultItems ?? [];
  if (!earlier.length) return;
  const distinct = new Set([...earlier.map((e) => e.drugId), ...draft.items.map((i) => i.drugId)]);
  if (draft.items.length <= rules.maxItems && distinct.size > rules.maxItems) add({ code: 'CONSULT_TOO_MANY_DRUGS', level: 'error', limit: rules.maxItems });
  draft.items.forEach((item, i) => {
    const before = earlier.filter((e) => e.drugId === item.drugId);
    if (!before.length) return;
    const days = before.reduce((sum, e) => sum + e.days, item.days);
    if (item.days <= limit && days > limit) add({ code: 'CONSULT_SUPPLY_TOO_LONG', level: 'error', items: [i], limit });
    const drug = context.drugs.get(item.drugId);
    if (!drug) return;
    const packs = before.reduce((sum, e) => sum + e.quantity, packsNeeded(item, drug));
    const needed = packsFor(before.reduce((sum, e) => sum + unitsNeeded(e, drug), unitsNeeded(item, drug)), drug);
    if (packs > needed) add({ code: 'QUANTITY_EXCEEDS_SUPPLY', level: 'error', items: [i], limit: needed });
  });
}

/** Whether `key` is the drug's id or one of its classes. */
function names(drug: Drug, key: string): boolean {
  return drug.id === key || (drug.classes?.includes(key) ?? false);
}

function checkDose(item: PrescriptionItemInput, drug: Drug, i: number, weightKg: number | undefined, child: boolean, add: (f: Finding) => void): void {
  let range: { min: number; max: number; maxDaily: number } | undefined;
  if (child && drug.childDosePerKg) {
    if (!weightKg) return; // WEIGHT_REQUIRED already says so
    const perKg = drug.childDosePerKg;
    range = { min: perKg.min * weightKg, max: perKg.max * weightKg, maxDaily: perKg.maxDaily * weightKg };
    // A child's dose never goes above an adult's.
    if (drug.adultDose) range = { min: Math.min(range.min, drug.adultDose.min), max: Math.min(range.max, drug.adultDose.max), maxDaily: Math.min(range.maxDaily, drug.adultDose.maxDaily) };
  } else {
    range = drug.adultDose;
  }
  if (!range) return;
  const round = (n: number) => Math.round(n * 100) / 100;
  if (item.dose > range.max) add({ code: 'DOSE_TOO_HIGH', level: 'error', items: [i], limit: round(range.max) });
  else if (item.dose < range.min) add({ code: 'DOSE_TOO_LOW', level: 'warning', items: [i], limit: round(range.min) });
  if (item.dose * TIMES_PER_DAY[item.frequency] > range.maxDaily) add({ code: 'DAILY_DOSE_TOO_HIGH', level: 'error', items: [i], limit: round(range.maxDaily) });
}

/** The findings that stop the prescription (its errors; warnings only inform). */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.level === 'error');
}

/** Whether any finding stops the prescription. */
export function hasBlockingFinding(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === 'error');
}
