/**
 * Catalog text for readers of Traditional Chinese. Hospital systems in mainland China hold their
 * catalog — departments, specialties, drugs, allergies, diagnoses, pharmacies — in Simplified
 * characters. The contract marks each such string with `x-ihkit-catalog-text`; for a reader
 * who wants Traditional (languages.ts) the gateway answers each marked string with the HIS's own
 * Traditional text when the adapter gives it (`zhHant` beside the field, see his.ts), else
 * converted by OpenCC to Taiwan's standard characters — characters only, never words, so
 * clinical wording stays what the hospital wrote. Names of people are not marked: they stay as
 * the HIS holds them. Nothing is changed in place: adapters' answers may be cached.
 */
import { Lru } from '@ihkit/adapters';

type Schema = Record<string, unknown>;
type Convert = (text: string) => string;

/** The keyword that marks catalog text in the contract. */
export const CATALOG_TEXT = 'x-ihkit-catalog-text';

let converter: Promise<Convert> | undefined;
const converted = new Lru<string, string>(20_000);

/** OpenCC's Simplified → Taiwan characters, loaded on first use (its tables are 1 MB of code). */
export function toTraditional(): Promise<Convert> {
  converter ??= import('opencc-js/cn2t').then((opencc) => {
    const convert = opencc.Converter({ from: 'cn', to: 'tw' });
    return (text: string): string => {
      const known = converted.get(text);
      if (known !== undefined) return known;
      const out = convert(text);
      converted.set(text, out);
      return out;
    };
  });
  return converter;
}

/** The properties a schema gives an object, its own and those of its allOf / oneOf / anyOf. */
function propertiesOf(schema: Schema): Record<string, Schema> {
  const own = (schema.properties ?? {}) as Record<string, Schema>;
  const parts = ['allOf', 'oneOf', 'anyOf'].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as Schema[]) : []));
  return Object.assign({}, ...parts.map(propertiesOf), own) as Record<string, Schema>;
}

/** Whether anything a schema describes is marked as catalog text. */
export function holdsCatalogText(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema[CATALOG_TEXT] === true) return true;
  if (schema.items && holdsCatalogText(schema.items as Schema)) return true;
  return Object.values(propertiesOf(schema)).some(holdsCatalogText);
}

function walk(schema: Schema, value: unknown, convert: Convert): unknown {
  if (Array.isArray(value)) return schema.items ? value.map((v) => walk(schema.items as Schema, v, convert)) : value;
  if (!value || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const own = (source.zhHant ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const properties = propertiesOf(schema);
  for (const [key, v] of Object.entries(source)) {
    if (key === 'zhHant') continue;
    const s = properties[key];
    if (!s) out[key] = v;
    else if (s[CATALOG_TEXT] === true && typeof v === 'string') out[key] = typeof own[key] === 'string' ? own[key] : convert(v);
    else out[key] = walk(s, v, convert);
  }
  return out;
}

/** A copy of `body` (answered under `schema`) with its catalog text in Traditional characters. */
export async function inTraditional(schema: Schema, body: unknown): Promise<unknown> {
  return walk(schema, body, await toTraditional());
}
