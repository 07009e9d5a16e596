/**
 * What every conformance suite shares: a setup run once before the suite's tests and a
 * teardown after, and checks that say what an integrator must fix.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { isAdapterError } from '../errors.js';

export interface Subject<A, F> {
  adapter: A;
  fixture: F;
  teardown?: () => Promise<void>;
}

/** Runs `setup` once in `before` and gives the tests its result; tears it down in `after`. */
export function useSubject<A, F>(setup: () => Promise<Subject<A, F>>): () => Subject<A, F> {
  let subject: Subject<A, F> | undefined;
  before(async () => {
    subject = await setup();
  });
  after(async () => {
    await subject?.teardown?.();
  });
  return () => {
    if (!subject) throw new Error('the adapter setup did not finish');
    return subject;
  };
}

/** `run` rejects with an AdapterError carrying `code`. */
export async function rejectsWithCode(run: () => Promise<unknown>, code: string, what: string): Promise<void> {
  await assert.rejects(run, (e: unknown) => {
    assert.ok(isAdapterError(e), `${what}: expected AdapterError('${code}'), got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.equal(e.code, code, `${what}: expected code ${code}`);
    return true;
  });
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
