/**
 * The one small database interface of ihkit. The gateway opens it on PostgreSQL — embedded
 * PGlite by default, a server through DATABASE_URL — and hands it to adapters that keep
 * their data in the gateway's database (the demo hospital does).
 */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `fn` with the payload of every NOTIFY on `channel` (from this process or any other
   * on the same database), until the returned function is called. `onReconnect` is told when
   * the listening connection was lost and re-established: notifications sent meanwhile are
   * gone, so the listener should catch up from the tables.
   */
  listen(channel: string, fn: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A named, ordered SQL migration. Applied once, in name order, each in its own transaction. */
export interface Migration {
  name: string;
  sql: string;
}
