/** How articles' tags read: a condition's name where the strings have one, else its ICD-10 code. */
import type { StringKey } from '../internal/localize.js';

const NAMED = new Set(['I10', 'E11']);

export function conditionName(code: string, msg: (key: StringKey) => string): string {
  return NAMED.has(code) ? msg(`articles.condition.${code}` as StringKey) : code;
}
