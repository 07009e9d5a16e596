/**
 * The contract, packages/core/openapi.yaml, read once at startup: every operation with its
 * method, path, whether it needs a bearer token and which roles may call it, and JSON schemas
 * for Fastify to validate path parameters, query, headers and body (and to serialize 2xx
 * responses) with. A signed-in operation that names no roles (`x-ihkit-roles`) is refused here,
 * so the gateway does not start with it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Role } from '@ihkit/core';
import { definedOnly } from './defined.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type JsonSchema = Record<string, unknown>;

export interface ContractOperation {
  operationId: string;
  method: HttpMethod;
  /** As written in the contract: /appointments/{appointmentId}. */
  path: string;
  /** As Fastify routes it: /appointments/:appointmentId. */
  routePath: string;
  /** False for operations with `security: []` (health, login). */
  secured: boolean;
  /** Who may call a secured operation (`x-ihkit-roles`); empty for public ones. */
  roles: Role[];
  bodyRequired: boolean;
  /**
   * For an operation whose body is a file (`x-ihkit-binary-body`): its media types, largest
   * size, and the code a body of another declared type is refused with (default UNSUPPORTED_MEDIA_TYPE).
   */
  binaryBody?: { contentTypes: string[]; maxBytes: number; unsupportedCode?: string };
  /** The rate-limit class of the operation (`x-ihkit-rate-limit`: login, booking, messages; see rate-limit.ts). */
  rateLimit?: string;
  /**
   * For an operation whose handler needs the body exactly as it arrived (`x-ihkit-raw-body`, a
   * payment provider's signed notification): the media types it takes (JSON, a form).
   */
  rawBody?: { contentTypes: string[] };
  schema: {
    params?: JsonSchema;
    querystring?: JsonSchema;
    headers?: JsonSchema;
    body?: JsonSchema;
    response?: Record<string, JsonSchema>;
  };
}

export interface Contract {
  version: string;
  /** Every role of the contract's Role schema. */
  roles: Role[];
  operations: ContractOperation[];
}

/** Where @ihkit/core ships the contract. */
export function contractPath(): string {
  return fileURLToPath(import.meta.resolve('@ihkit/core/openapi.yaml'));
}

export function loadContract(file: string = contractPath()): Contract {
  return readContract(parse(readFileSync(file, 'utf8')) as JsonSchema);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function readContract(doc: JsonSchema): Contract {
  const resolved = dereference(doc) as JsonSchema;
  const globalSecured = Array.isArray(resolved.security) && resolved.security.length > 0;
  const knownRoles = (((resolved.components as JsonSchema | undefined)?.schemas as Record<string, { enum?: string[] }> | undefined)?.Role?.enum ?? []) as Role[];
  const operations: ContractOperation[] = [];
  const seen = new Set<string>();
  for (const [path, item] of Object.entries((resolved.paths ?? {}) as Record<string, JsonSchema>)) {
    const shared = (item.parameters ?? []) as JsonSchema[];
    for (const method of METHODS) {
      const op = item[method] as JsonSchema | undefined;
      if (!op) continue;
      const operationId = op.operationId;
      if (typeof operationId !== 'string') throw new Error(`openapi: ${method.toUpperCase()} ${path} has no operationId`);
      if (seen.has(operationId)) throw new Error(`openapi: operationId ${operationId} is used twice`);
      seen.add(operationId);
      const security = op.security as unknown[] | undefined;
      const params = mergeParameters(shared, (op.parameters ?? []) as JsonSchema[]);
      const body = op.requestBody as JsonSchema | undefined;
      const bodyContent = body?.content as Record<string, { schema?: JsonSchema }> | undefined;
      const bodySchema = bodyContent?.['application/json']?.schema;
      const rawBody = op['x-ihkit-raw-body'] === true ? { contentTypes: Object.keys(bodyContent ?? {}) } : undefined;
      const binary = op['x-ihkit-binary-body'] as { maxBytes?: number; unsupportedCode?: string } | undefined;
      const binaryBody = binary
        ? { contentTypes: Object.keys((body?.content ?? {}) as object), maxBytes: Number(binary.maxBytes), ...(binary.unsupportedCode ? { unsupportedCode: String(binary.unsupportedCode) } : {}) }
        : undefined;
      if (binaryBody && (!binaryBody.contentTypes.length || !(binaryBody.maxBytes > 0))) throw new Error(`openapi: ${operationId} has a binary body without media types or maxBytes`);
      const secured = security === undefined ? globalSecured : security.length > 0;
      operations.push({
        operationId,
        method: method.toUpperCase() as HttpMethod,
        path,
        routePath: path.replace(/\{([^}]+)\}/g, ':$1'),
        secured,
        roles: rolesOf(operationId, op['x-ihkit-roles'], secured, knownRoles),
        bodyRequired: body?.required === true,
        ...(binaryBody ? { binaryBody } : {}),
        ...(typeof op['x-ihkit-rate-limit'] === 'string' ? { rateLimit: op['x-ihkit-rate-limit'] } : {}),
        ...(rawBody ? { rawBody } : {}),
        schema: definedOnly({
          params: parameterSchema(params, 'path', false),
          querystring: parameterSchema(params, 'query', false),
          headers: parameterSchema(params, 'header', true),
          body: bodySchema,
          response: responseSchemas(op.responses as Record<string, JsonSchema> | undefined),
        }),
      });
    }
  }
  return { version: String((resolved.info as JsonSchema | undefined)?.version ?? ''), roles: knownRoles, operations };
}

/** An operation's `x-ihkit-roles`: required on a secured operation, refused on a public one, each one of the contract's Role enum. */
function rolesOf(operationId: string, value: unknown, secured: boolean, known: Role[]): Role[] {
  if (!secured) {
    if (value !== undefined) throw new Error(`openapi: ${operationId} is public but names x-ihkit-roles`);
    return [];
  }
  if (!Array.isArray(value) || !value.length) throw new Error(`openapi: ${operationId} is signed in but has no x-ihkit-roles saying who may call it`);
  const unknown = value.filter((r) => !known.includes(r as Role));
  if (unknown.length) throw new Error(`openapi: ${operationId} names roles that are not in the Role schema: ${unknown.join(', ')}`);
  if (new Set(value).size !== value.length) throw new Error(`openapi: ${operationId} names a role twice in x-ihkit-roles`);
  return value as Role[];
}


function mergeParameters(shared: JsonSchema[], own: JsonSchema[]): JsonSchema[] {
  const key = (p: JsonSchema) => `${String(p.in)}:${String(p.name)}`;
  const byKey = new Map(shared.map((p) => [key(p), p]));
  for (const p of own) byKey.set(key(p), p);
  return [...byKey.values()];
}

function parameterSchema(params: JsonSchema[], location: string, lowerCase: boolean): JsonSchema | undefined {
  const mine = params.filter((p) => p.in === location);
  if (!mine.length) {
    // A query with no parameters in the contract takes none.
    return location === 'query' ? { type: 'object', additionalProperties: false } : undefined;
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of mine) {
    const name = lowerCase ? String(p.name).toLowerCase() : String(p.name);
    properties[name] = (p.schema as JsonSchema | undefined) ?? {};
    if (p.required === true || location === 'path') required.push(name);
  }
  // Headers carry much more than the contract names (Authorization, Accept, …).
  return { type: 'object', properties, required, ...(location === 'header' ? {} : { additionalProperties: false }) };
}

function responseSchemas(responses: Record<string, JsonSchema> | undefined): Record<string, JsonSchema> | undefined {
  const out: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const schema = (response.content as Record<string, { schema?: JsonSchema }> | undefined)?.['application/json']?.schema;
    if (schema) out[status] = schema;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Replaces every local `$ref` ('#/components/…') with a copy of its target. Keywords beside a
 * $ref (allowed in OpenAPI 3.1) are kept on top of the target. Cycles are refused: the
 * contract's schemas are trees.
 */
export function dereference(doc: JsonSchema): unknown {
  const walk = (node: unknown, trail: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, trail));
    if (!node || typeof node !== 'object') return node;
    const obj = node as JsonSchema;
    if (typeof obj.$ref === 'string') {
      const ref = obj.$ref;
      if (!ref.startsWith('#/')) throw new Error(`openapi: only local $refs are supported, got ${ref}`);
      if (trail.includes(ref)) throw new Error(`openapi: $ref cycle through ${ref}`);
      const target = ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as JsonSchema)[key] : undefined), doc);
      if (target === undefined) throw new Error(`openapi: $ref ${ref} points nowhere`);
      const { $ref: _ref, ...siblings } = obj;
      const resolved = walk(target, [...trail, ref]) as JsonSchema;
      return Object.keys(siblings).length ? { ...resolved, ...(walk(siblings, trail) as JsonSchema) } : resolved;
    }
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(obj)) out[k] = walk(v, trail);
    return out;
  };
  return walk(doc, []);
}
