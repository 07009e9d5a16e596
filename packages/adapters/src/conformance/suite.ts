/**
 * What every conformance suite shares: a setup run once before the suite's tests and a
 * teardown after, and checks that say what an integrator must fix.
 */
import { after, before, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { AdapterError, isAdapterError } from '../errors.js';

export interface Subject<A, F> {
  adapter: A;
  fixture: F;
  teardown?: () => Promise<void>;
}

/**
 * Runs `setup` once in `before` and gives the tests its result, the adapter traced (a call that
 * throws says which call it was, with which arguments); tears it down in `after`.
 */
export function useSubject<A extends object, F>(setup: () => Promise<Subject<A, F>>): () => Subject<A, F> {
  let subject: Subject<A, F> | undefined;
  before(async () => {
    const given = await setup();
    subject = { ...given, adapter: traced(given.adapter) };
  });
  after(async () => {
    await subject?.teardown?.();
  });
  return () => {
    if (!subject) throw new Error('the adapter setup did not finish');
    return subject;
  };
}

/** How the kit writes a call in its messages: getSlot('<unknown id>'), book({ slotId: 's1', … }). */
export function describeCall(method: string, args: readonly unknown[]): string {
  const shown = args.map((a) => inspect(shorten(a), { breakLength: Infinity, depth: 3, maxArrayLength: 6, maxStringLength: 80 }).replaceAll(`'${UNKNOWN_ID}'`, "'<unknown id>'"));
  return `${method}(${shown.join(', ')})`;
}

/** A record with an id in an argument (a drug given to listInteractions) is shown by its id. */
function shorten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object' && 'id' in value && Object.keys(value).length > 3) return { id: (value as { id: unknown }).id, '…': '…' };
  return value;
}

/** The call an AdapterError came from, on the kit's copy of it. */
const CALL = Symbol('ihkit.conformance.call');

/** An error from an adapter's call, as the kit reports it. */
export class AdapterCallFailed extends Error {
  override readonly name = 'AdapterCallFailed';
  constructor(readonly call: string, readonly error: unknown) {
    super(`${call} threw ${error instanceof Error ? `${error.name}${isAdapterError(error) ? `('${error.code}')` : ''}: ${error.message}` : String(error)}`, { cause: error });
  }
}

/**
 * The adapter, with each method's failure naming the call: an AdapterError keeps its code (the
 * checks that expect one still see it), anything else becomes AdapterCallFailed.
 */
export function traced<A extends object>(adapter: A): A {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const fail = (e: unknown): never => {
          const call = describeCall(prop, args);
          if (isAdapterError(e)) throw Object.assign(new AdapterError(e.code, `${call} threw AdapterError('${e.code}'): ${e.message}`), { cause: e, [CALL]: call });
          throw new AdapterCallFailed(call, e);
        };
        try {
          const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return out instanceof Promise ? out.catch(fail) : out;
        } catch (e) {
          return fail(e);
        }
      };
    },
  });
}

/**
 * `run` (one adapter call the contract expects to answer) answers; if it throws, the failure
 * says what the contract expects of that call: "getSlot('<unknown id>') must answer undefined,
 * it threw Error: …".
 */
export async function must<T>(expectation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const call = e instanceof AdapterCallFailed ? e.call : (e as { [CALL]?: string } | undefined)?.[CALL];
    if (call === undefined) throw e;
    throw new Error(`${call} ${expectation}; it threw ${(e as Error).message.slice(call.length + ' threw '.length)}`, { cause: e });
  }
}

/**
 * A check that cannot run on this adapter's data fails, unless the fixture declares why it does
 * not apply (`notApplicable: { [check]: 'why' }`): then it is skipped with that reason.
 */
export function cannotRun(t: TestContext, declared: Partial<Record<string, string>> | undefined, check: string, why: string): void {
  const reason = declared?.[check];
  if (reason) return void t.skip(`${why} — declared not applicable: ${reason}`);
  assert.fail(`${why}. Give the fixture what this check needs, or declare why it does not apply to your HIS: notApplicable: { '${check}': '…' }`);
}

/** `run` rejects with an AdapterError carrying `code`; `what` names the call and the case. */
export async function rejectsWithCode(run: () => Promise<unknown>, code: string, what: string): Promise<void> {
  let answer: unknown;
  try {
    answer = await run();
  } catch (e) {
    assert.ok(isAdapterError(e), `${what} must throw AdapterError('${code}'); ${e instanceof AdapterCallFailed ? e.message : `it threw ${String(e)}`}`);
    assert.equal(e.code, code, `${what} must throw AdapterError('${code}'); ${e.message}`);
    return;
  }
  assert.fail(`${what} must throw AdapterError('${code}'); it answered ${inspect(shorten(answer), { breakLength: Infinity, depth: 2 })}`);
}

export function isDateTime(text: unknown): boolean {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text));
}

/** `items` are sorted by `key` descending (absent keys last). */
export function assertNewestFirst<T>(items: readonly T[], key: (item: T) => string | undefined, what: string): void {
  for (let i = 1; i < items.length; i++) {
    const a = key(items[i - 1]!);
    const b = key(items[i]!);
    if (a === undefined || b === undefined) continue;
    assert.ok(Date.parse(a) >= Date.parse(b), `${what} must be newest first: ${a} comes before ${b}`);
  }
}

export function assertUnique(ids: readonly string[], what: string): void {
  assert.equal(new Set(ids).size, ids.length, `${what} ids must be unique`);
}

/** An id no adapter should know. */
export const UNKNOWN_ID = 'ihkit-conformance-unknown-0000';
