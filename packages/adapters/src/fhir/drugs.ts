/**
 * The drug catalog over FHIR R4 Medication.
 *
 * | Drug field        | Medication                                                                     |
 * |-------------------|--------------------------------------------------------------------------------|
 * | name / nameEn     | code.text (its English translation, or a coding display's)                     |
 * | ingredient        | ingredient[0].itemCodeableConcept: English translation, else display, else text |
 * | strength, doseUnit, unitDose | ingredient[0].strength: numerator per denominator (5 mg per 1 tablet → "5 mg", mg, 5; 100 mg per 5 mL → "100 mg/5 mL", mg, 20) |
 * | form              | form: a coding whose code is a contract form (tablet, capsule, …), else the English text |
 * | packSize, packUnit | amount: numerator (28 tablet) per denominator unit (box, bottle, tube, pen, inhaler; default box) |
 * | route             | extension drug-route (valueCode), else from the form (tablet → oral, cream → topical, …) |
 * | price             | extension drug-price (valueMoney); 0 when absent                              |
 * | stock             | extension drug-stock (valueInteger, packs); 0 when absent                       |
 * | control           | extension drug-control (valueCode); `unknown` (refused online) when absent or a code ihkit does not know |
 * | adultDose, childDosePerKg | extensions drug-adult-dose, drug-child-dose-per-kg with min/max/maxDaily (valueDecimal) |
 * | minAgeYears       | extension drug-min-age-years (valueDecimal)                                    |
 * | classes, allergyGroups | extensions drug-class, drug-allergy-group (valueCode, repeated)           |
 *
 * A Medication without a strength or a form the contract knows is left out (it cannot be
 * dosed safely). searchDrugs matches name, English name, ingredient and the codes of
 * Medication.code within a catalog of active Medications fetched once and kept for
 * `catalogTtlMs`, because FHIR R4 Medication has no text search parameter every server
 * supports (`code:text` is optional and rarely matches substrings or pinyin).
 */
import { drugControlOf, type Drug } from '@ihkit/core';
import type { DrugInteraction } from '../his.js';
import { conceptText, conceptTextEn, EXT, extension, extensions, minorUnits, translation } from './conventions.js';
import type { Extension, Medication, Quantity } from './resources.js';
import type { HisContext } from './context.js';

type Form = Drug['form'];
type Route = Drug['route'];
const FORMS: readonly Form[] = ['tablet', 'capsule', 'granule', 'syrup', 'solution', 'suspension', 'injection', 'ointment', 'cream', 'drops', 'inhaler', 'spray', 'patch', 'suppository'];
const ROUTES: readonly Route[] = ['oral', 'topical', 'inhaled', 'nasal', 'ophthalmic', 'otic', 'rectal', 'subcutaneous', 'intramuscular', 'intravenous', 'sublingual', 'transdermal'];
const PACK_UNITS: readonly Drug['packUnit'][] = ['box', 'bottle', 'tube', 'pen', 'inhaler'];
const ROUTE_OF_FORM: Readonly<Record<Form, Route>> = {
  tablet: 'oral', capsule: 'oral', granule: 'oral', syrup: 'oral', solution: 'oral', suspension: 'oral', injection: 'intramuscular',
  ointment: 'topical', cream: 'topical', drops: 'ophthalmic', inhaler: 'inhaled', spray: 'nasal', patch: 'transdermal', suppository: 'rectal',
};

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  value !== undefined && (list as readonly string[]).includes(value) ? value as T : undefined;

function formOf(m: Medication): Form | undefined {
  const coded = m.form?.coding?.map((c) => oneOf(FORMS, c.code?.toLowerCase())).find(Boolean);
  if (coded) return coded;
  const text = `${conceptTextEn(m.form) ?? ''} ${m.form?.text ?? ''} ${m.form?.coding?.map((c) => c.display).join(' ') ?? ''}`.toLowerCase();
  return FORMS.find((f) => text.includes(f));
}

function range(ext: Extension | undefined): { min: number; max: number; maxDaily: number } | undefined {
  const part = (name: string) => ext?.extension?.find((x) => x.url === name)?.valueDecimal;
  const [min, max, maxDaily] = [part('min'), part('max'), part('maxDaily')];
  return min !== undefined && max !== undefined && maxDaily !== undefined ? { min, max, maxDaily } : undefined;
}

const quantityText = (q: Quantity) => `${q.value} ${q.unit ?? q.code ?? ''}`.trim();
/** Denominators that are a measure (5 mL) rather than a unit of the pack (1 tablet). */
const MEASURED = /^(ml|l|g|mg|kg|µl|ul)$/i;

export function drugShape(m: Medication, currency: string): Drug | undefined {
  const name = conceptText(m.code);
  const form = formOf(m);
  const strength = m.ingredient?.find((i) => i.isActive !== false && i.strength?.numerator?.value)?.strength ?? m.ingredient?.[0]?.strength;
  const num = strength?.numerator;
  const den = strength?.denominator;
  if (!m.id || !name || !form || !num?.value || num.value <= 0) return undefined;
  const perUnit = den?.value && den.value > 0 ? den.value : 1;
  const denUnit = den?.unit ?? den?.code ?? '';
  const strengthText = MEASURED.test(denUnit) ? `${quantityText(num)}/${perUnit === 1 ? '' : `${perUnit} `}${denUnit}` : quantityText(num);
  const routeExt = extension(m, EXT.drugRoute);
  const route = oneOf(ROUTES, routeExt?.valueCode) ?? routeExt?.valueCodeableConcept?.coding?.map((c) => oneOf(ROUTES, c.code)).find(Boolean) ?? ROUTE_OF_FORM[form];
  const ingredientConcept = m.ingredient?.[0]?.itemCodeableConcept;
  const drug: Drug = {
    id: m.id, name, strength: strengthText, form, route,
    packSize: Math.max(1, Math.round(m.amount?.numerator?.value ?? 1)),
    packUnit: oneOf(PACK_UNITS, (m.amount?.denominator?.unit ?? m.amount?.denominator?.code)?.toLowerCase()) ?? 'box',
    price: minorUnits(extension(m, EXT.drugPrice)?.valueMoney, currency),
    stock: Math.max(0, Math.trunc(extension(m, EXT.drugStock)?.valueInteger ?? 0)),
    // Not coded, or coded in a way ihkit does not know: controlled until the HIS says otherwise.
    control: drugControlOf(extension(m, EXT.drugControl)?.valueCode),
    doseUnit: num.unit ?? num.code ?? '',
    unitDose: num.value / perUnit,
  };
  const nameEn = conceptTextEn(m.code);
  const ingredient = ingredientConcept && (translation(ingredientConcept._text) ?? ingredientConcept.coding?.find((c) => c.display)?.display ?? ingredientConcept.text);
  const adultDose = range(extension(m, EXT.drugAdultDose));
  const childDosePerKg = range(extension(m, EXT.drugChildDosePerKg));
  const minAgeYears = extension(m, EXT.drugMinAgeYears)?.valueDecimal;
  const classes = extensions(m, EXT.drugClass).flatMap((e) => e.valueCode ?? []);
  const allergyGroups = extensions(m, EXT.drugAllergyGroup).flatMap((e) => e.valueCode ?? []);
  if (nameEn) drug.nameEn = nameEn;
  if (ingredient) drug.ingredient = ingredient;
  if (adultDose) drug.adultDose = adultDose;
  if (childDosePerKg) drug.childDosePerKg = childDosePerKg;
  if (minAgeYears !== undefined) drug.minAgeYears = minAgeYears;
  if (classes.length) drug.classes = classes;
  if (allergyGroups.length) drug.allergyGroups = allergyGroups;
  return drug;
}

export interface DrugCatalogOptions {
  /** How long the catalog searchDrugs looks in is kept (default 300 000 ms). */
  catalogTtlMs?: number;
  /** Interactions to report among prescribed drugs (FHIR R4 has no resource every HIS fills; default none). */
  interactions?: readonly DrugInteraction[];
}

export function drugCatalog(ctx: HisContext, options: DrugCatalogOptions) {
  const ttl = options.catalogTtlMs ?? 300_000;
  let cached: { at: number; entries: Promise<Array<{ drug: Drug; fields: string[] }>> } | undefined;

  function catalog() {
    if (!cached || Date.now() - cached.at > ttl) {
      const entries = ctx.client.search<Medication>('Medication', { status: 'active', _count: 500 }, { limit: 50_000 }).then(({ resources }) =>
        resources.flatMap((m) => {
          const drug = drugShape(m, ctx.currency);
          if (!drug || m.status === 'inactive' || m.status === 'entered-in-error') return [];
          const codes = m.code?.coding?.flatMap((c) => [c.code ?? '', c.display ?? '']) ?? [];
          return [{ drug, fields: [drug.name, drug.nameEn ?? '', drug.ingredient ?? '', ...codes].filter(Boolean).map((f) => f.toLowerCase()) }];
        }));
      cached = { at: Date.now(), entries };
      entries.catch(() => { cached = undefined; });
    }
    return cached.entries;
  }

  return {
    async searchDrugs(text: string, limit: number): Promise<Drug[]> {
      const q = text.trim().toLowerCase();
      if (!q || limit <= 0) return [];
      const scored: Array<{ drug: Drug; score: number }> = [];
      for (const { drug, fields } of await catalog()) {
        const score = fields.some((f) => f.startsWith(q)) ? 0 : fields.some((f) => f.includes(q)) ? 1 : -1;
        if (score >= 0) scored.push({ drug, score });
      }
      scored.sort((a, b) => a.score - b.score || a.drug.name.localeCompare(b.drug.name, 'zh-CN'));
      return scored.slice(0, limit).map((s) => s.drug);
    },

    /** Read fresh (price, stock), not from the catalog. */
    async getDrugs(ids: string[]): Promise<Drug[]> {
      const wanted = [...new Set(ids)].filter((id) => /^[A-Za-z0-9.-]{1,64}$/.test(id));
      const out: Drug[] = [];
      for (let i = 0; i < wanted.length; i += 50) {
        const chunk = wanted.slice(i, i + 50);
        const { resources } = await ctx.client.search<Medication>('Medication', { _id: chunk.join(',') }, { limit: chunk.length });
        for (const m of resources) {
          const d = m.status === 'entered-in-error' ? undefined : drugShape(m, ctx.currency);
          if (d) out.push(d);
        }
      }
      return out;
    },

    async listInteractions(drugs: Drug[]): Promise<DrugInteraction[]> {
      const keys = new Set(drugs.flatMap((d) => [d.id, ...(d.classes ?? [])]));
      return (options.interactions ?? []).filter((i) => keys.has(i.a) && keys.has(i.b));
    },
  };
}
