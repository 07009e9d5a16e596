/**
 * The hospital's guided-triage rules (IHKIT_TRIAGE_RULES, a JSON or YAML file; the demo
 * hospital's rules from @ihkit/core by default), read and checked once when the gateway starts:
 * against the contract's `TriageRules` schema (Ajv), then for what the schema cannot say (keys
 * defined twice, a symptom or question named but not defined; `triageRulesProblems`). A broken
 * file stops the start with every problem at its JSON pointer. Texts without zh-TW get it
 * converted from zh-CN (OpenCC, characters only). Departments the HIS does not list are only
 * warned about: the HIS may be down at start, and the rules still work for the others.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { triageDepartmentIds, triageRulesProblems, type TriageRules } from '@ihkit/core';
import type { Contract } from './contract.js';
import { toTraditional } from './catalog-text.js';

/** Where @ihkit/core ships the demo hospital's rules. */
export function demoTriageRulesPath(): string {
  return fileURLToPath(import.meta.resolve('@ihkit/core/triage/demo-rules.yaml'));
}

export interface LoadedTriageRules {
  rules: TriageRules;
  /** The rules as served (JSON) and their strong ETag. */
  json: string;
  etag: string;
}

/** The TriageRules schema, as the contract's getTriageRules answers it (references resolved). */
function rulesSchema(contract: Contract): Record<string, unknown> {
  const schema = contract.operations.find((o) => o.operationId === 'getTriageRules')?.schema.response?.['200'];
  if (!schema) throw new Error('openapi: getTriageRules has no 200 schema (TriageRules)');
  return schema;
}

const describe = (e: ErrorObject): string => {
  if (e.keyword === 'additionalProperties') return `has "${String(e.params.additionalProperty)}", which the format does not know`;
  if (e.keyword === 'enum') return `${e.message} (${(e.params.allowedValues as unknown[]).join(', ')})`;
  return e.message ?? e.keyword;
};

/**
 * Reads, checks and prepares a rules file; throws one Error naming the file and listing every
 * problem (`/routes/3/department: must NOT have more than 64 characters`).
 */
export async function loadTriageRules(contract: Contract, file: string = demoTriageRulesPath()): Promise<LoadedTriageRules> {
  const fail = (problems: string[]): never => {
    throw new Error(`IHKIT_TRIAGE_RULES: ${file} is not valid triage rules:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`IHKIT_TRIAGE_RULES: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parse(text, { prettyErrors: true });
  } catch (error) {
    return fail([`${/\.json$/i.test(file) ? 'JSON' : 'YAML'} syntax: ${(error as Error).message.split('\n')[0]}`]);
  }
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const validate = ajv.compile<TriageRules>(rulesSchema(contract));
  if (!validate(data)) {
    // The most useful first: the deepest pointers; at most 30.
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${describe(e)}`);
    return fail([...new Set(errors)].slice(0, 30));
  }
  const problems = triageRulesProblems(data);
  if (problems.length) fail(problems.slice(0, 30).map((p) => `${p.pointer}: ${p.message}`));
  const rules = await withTraditional(data);
  const json = JSON.stringify(rules);
  return { rules, json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}

/** A copy with every text's missing zh-TW converted from its zh-CN; OpenCC is loaded only when one is missing. */
async function withTraditional(rules: TriageRules): Promise<TriageRules> {
  const untranslated = (o: Record<string, unknown>): boolean => typeof o['zh-CN'] === 'string' && typeof o.en === 'string' && o['zh-TW'] === undefined;
  const anyMissing = (node: unknown): boolean =>
    Array.isArray(node) ? node.some(anyMissing) : !!node && typeof node === 'object' && (untranslated(node as Record<string, unknown>) || Object.values(node).some(anyMissing));
  if (!anyMissing(rules)) return rules;
  const convert = await toTraditional();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const obj = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (untranslated(obj)) obj['zh-TW'] = convert(obj['zh-CN'] as string);
    return obj;
  };
  return walk(rules) as TriageRules;
}

/** The department ids the rules name that are not among the HIS's departments. */
export function unknownTriageDepartments(rules: TriageRules, departmentIds: readonly string[]): string[] {
  const known = new Set(departmentIds);
  return triageDepartmentIds(rules).filter((id) => !known.has(id));
}
