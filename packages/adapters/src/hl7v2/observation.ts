/**
 * The pieces of an OBX that need rules: value types, reference ranges, abnormal flags, and
 * which of a coded element's texts is the Chinese name and which the English one.
 */
import type { Interpretation, LabObservation } from '@ihkit/core';
import { type Hl7Repetition, type Hl7Segment } from './message.js';

const HAN = /\p{Script=Han}/u;

/**
 * The name and English name in a coded element (CE/CWE): its text (component 2) and its
 * alternate text (component 5). When exactly one of the two is written in Chinese characters,
 * that one is the name and the other the English name, whichever component each came from;
 * otherwise the text is the name (falling back to the alternate text, then the code) and
 * there is no separate English name.
 */
export function bilingual(ce: Hl7Repetition | undefined): { name: string; nameEn?: string } {
  const text = ce?.get(2).trim() ?? '';
  const alt = ce?.get(5).trim() ?? '';
  if (text && alt && text !== alt && HAN.test(text) !== HAN.test(alt)) {
    return HAN.test(text) ? { name: text, nameEn: alt } : { name: alt, nameEn: text };
  }
  return { name: text || alt || ce?.get(1).trim() || ce?.get(4).trim() || '' };
}

/** The code of a coded element, preferring the LOINC one (system LN) so that trends line up across labs. */
export function codeOf(ce: Hl7Repetition | undefined): string {
  if (!ce) return '';
  if (ce.get(3).toUpperCase() === 'LN' && ce.get(1)) return ce.get(1).trim();
  if (ce.get(6).toUpperCase() === 'LN' && ce.get(4)) return ce.get(4).trim();
  return (ce.get(1) || ce.get(4)).trim();
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal as a number, or undefined when the text is not just one. */
export function toNumber(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * OBX-5 as text and, when it is one, a number. NM gives a number; SN (structured numeric:
 * comparator^number^separator^number) gives one when it is a plain value ("=5.2", not "<0.1"
 * or "1:128"). CE/CWE give their texts; TX and FT their lines; any other type its text. A
 * repeating value's repetitions are joined: ", " for coded values, a line break otherwise.
 */
export function valueOf(obx: Hl7Segment, valueType: string): { value: string; numeric?: number } {
  const reps = obx.repetitions(5);
  switch (valueType) {
    case 'NM': {
      const value = obx.text(5).trim();
      const numeric = toNumber(value);
      return numeric === undefined ? { value } : { value, numeric };
    }
    case 'SN': {
      const r = reps[0];
      if (!r) return { value: '' };
      const [cmp, n1, sep, n2] = [r.get(1), r.get(2), r.get(3), r.get(4)].map((s) => s.trim()) as [string, string, string, string];
      const value = `${cmp === '=' ? '' : cmp}${n1}${sep}${n2}`;
      const numeric = (cmp === '' || cmp === '=') && !sep && !n2 ? toNumber(n1) : undefined;
      return numeric === undefined ? { value } : { value, numeric };
    }
    case 'CE':
    case 'CWE':
    case 'CNE':
      return { value: reps.map((r) => (r.get(2) || r.get(1)).trim()).filter(Boolean).join(', ') };
    default:
      return { value: obx.texts(5).filter(Boolean).join('\n').trim() };
  }
}

const RANGE = /^(-?\d+(?:\.\d+)?)\s*(?:-|~|～|–|—|to)\s*(-?\d+(?:\.\d+)?)$/i;
const BOUND = /^(<=?|≤|>=?|≥|＜|＞)\s*(-?\d+(?:\.\d+)?)$/;

/**
 * OBX-7 as a reference range. "3.9-6.1" (also with ~, – or "to") gives low and high; "<5.2"
 * and "≤5.2" give high; ">60" and "≥60" give low; anything else ("阴性", "Negative") is text
 * only. The text as sent is always kept, since a bound's strictness lives only there.
 */
export function parseReferenceRange(text: string): LabObservation['referenceRange'] | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const range = RANGE.exec(t);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    return low <= high ? { low, high, text: t } : { text: t };
  }
  const bound = BOUND.exec(t);
  if (bound) {
    const n = Number(bound[2]);
    return /[<≤＜]/.test(bound[1]!) ? { high: n, text: t } : { low: n, text: t };
  }
  return { text: t };
}

/** HL7 table 0078 abnormal flags (v2.3–v2.8) mapped to the contract's codes. */
const FLAGS: Readonly<Record<string, Interpretation>> = {
  N: 'N',
  H: 'H',
  L: 'L',
  HH: 'HH',
  LL: 'LL',
  A: 'A',
  AA: 'AA',
  // Off the instrument's scale: beyond what the analyser can measure, so treated as critical.
  '>': 'HH',
  '<': 'LL',
  // v2.7 "significantly high / low" (HU, LU) are above H and L but not panic values.
  HU: 'H',
  LU: 'L',
};

const SEVERITY: Readonly<Record<Interpretation, number>> = { N: 0, A: 1, H: 2, L: 2, HH: 3, LL: 3, AA: 3 };

/**
 * OBX-8 (it repeats since v2.5) as one interpretation: the most severe of the flags. An
 * unknown flag (U, D, B, W, S, R, POS, …) counts as A, abnormal. No flag gives undefined: the
 * laboratory did not say, and ihkit does not guess from the range.
 */
export function interpretationFromFlags(flags: readonly string[]): Interpretation | undefined {
  let worst: Interpretation | undefined;
  for (const raw of flags) {
    const flag = raw.trim().toUpperCase();
    if (!flag) continue;
    const mapped = FLAGS[flag] ?? 'A';
    if (worst === undefined || SEVERITY[mapped] > SEVERITY[worst]) worst = mapped;
  }
  return worst;
}
