/**
 * How Fastify's Ajv validates requests against the contract's schemas. Fastify's Ajv compiler
 * adds ajv-formats, which checks `date` and `date-time`; unknown formats and keywords fail
 * at startup (Ajv's strict mode), apart from OpenAPI's own vocabulary added here.
 */
import type { FastifyServerOptions } from 'fastify';

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
