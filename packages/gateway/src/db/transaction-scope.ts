import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Catches a mistake that would otherwise hang (PGlite: one connection, held by the
 * transaction) or escape the transaction (a server: another pooled connection): calling
 * `db.query` or `db.transaction` from inside a transaction's function instead of using its `tx`.
 */
export class TransactionScope {
  readonly #inside = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, fn);
  }

  assertOutside(call: 'query' | 'transaction'): void {
    if (this.#inside.getStore()) {
      throw new Error(`db.${call}() was called inside db.transaction(): use the \`tx\` passed to the transaction's function`);
    }
  }
}

/** A Queryable that refuses work once its transaction has ended. */
export function closedAfter(end: { ended: boolean }): void {
  if (end.ended) throw new Error('This transaction has already ended: its `tx` can no longer be used');
}
