import type { Db, Queryable } from '@ihkit/adapters';

/** A database that, once `crashNext` is set, dies at the next statement matching `statement`, as a gateway process would (its transaction rolls back). */
export type CrashingDb = Db & { crashNext: boolean };

export function crashingAt(db: Db, statement: RegExp): CrashingDb {
  const wrapped: CrashingDb = {
    ...db,
    crashNext: false,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction((tx) =>
        fn({
          query(sql: string, params?: readonly unknown[]) {
            if (wrapped.crashNext && statement.test(sql)) {
              wrapped.crashNext = false;
              throw new Error('the gateway died here');
            }
            return tx.query(sql, params);
          },
        } as Queryable),
      );
    },
  };
  return wrapped;
}
