/**
 * How Fastify's Ajv validates requests against the contract's schemas. Fastify's Ajv compiler
 * adds ajv-formats, which checks `date` and `date-time`; unknown formats and keywords fail
 * at startup (Ajv's strict mode), apart from OpenAPI's own vocabulary added here. Text the
 * database cannot keep as sent is refused after the schemas (`unstorableText`).
 */
import type { FastifyServerOptions } from 'fastify';
import { escapePointer, type FieldError } from './problems.js';

type AjvOptions = NonNullable<FastifyServerOptions['ajv']>;
type AjvPlugin = Extract<NonNullable<AjvOptions['plugins']>[number], (...args: never[]) => unknown>;
type Ajv = Parameters<AjvPlugin>[0];

export const ajvOptions: AjvOptions = {
  customOptions: {
    // Reject what the contract does not allow instead of silently dropping it.
    removeAdditional: false,
    // All field errors at once; bodies are small (64 KB) and the schemas bounded.
    allErrors: true,
    coerceTypes: 'array',
    useDefaults: true,
  },
  plugins: [openApiVocabulary],
};

/** OpenAPI's annotation keywords and numeric formats, which plain JSON Schema does not know. */
function openApiVocabulary(ajv: Ajv): Ajv {
  for (const keyword of ['example', 'xml', 'externalDocs', 'discriminator']) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(format, true);
  return ajv;
}

/**
 * What PostgreSQL cannot store as sent: NUL (refused by the server: a 500) and half of a
 * UTF-16 surrogate pair (stored as U+FFFD, so not verbatim).
 */
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const NOT_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A field error, at its JSON pointer under `at` (/body, /query, /path), for every string in
 * `value` that is not storable text. Iterative, and pointers are made only for what is found:
 * a body may nest thousands deep within its 64 KB.
 */
export function unstorableText(value: unknown, at: string): FieldError[] {
  type Node = { value: unknown; key?: string; parent?: Node };
  const pointer = (n: Node): string => {
    const keys: string[] = [];
    for (let node: Node | undefined = n; node?.parent; node = node.parent) keys.push(escapePointer(node.key!));
    return [at, ...keys.reverse()].join('/');
  };
  const errors: FieldError[] = [];
  const todo: Node[] = [{ value }];
  for (let n = todo.pop(); n; n = todo.pop()) {
    const v = n.value;
    if (typeof v === 'string') {
      if (NOT_TEXT.test(v)) errors.push({ pointer: pointer(n), message: 'must not contain NUL or an unpaired UTF-16 surrogate' });
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) todo.push({ value: entries[i]![1], key: entries[i]![0], parent: n });
    }
  }
  return errors;
}
