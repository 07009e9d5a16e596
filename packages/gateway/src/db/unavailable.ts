/**
 * The database server could not be reached, or dropped the connection (a restart, a network
 * cut): the request answers 503 DATABASE_UNAVAILABLE, and trying again later may succeed.
 * Statements the server refused (a constraint, a syntax error) are not this.
 */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
  constructor(cause: unknown) {
    super('The database server is not reachable', { cause });
  }
}

export function isDatabaseUnavailable(e: unknown): e is DatabaseUnavailable {
  return e instanceof DatabaseUnavailable;
}

/** Socket errors of a server that is down or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server going away or not taking connections: class 08 (connection exception),
 * admin_shutdown, crash_shutdown, cannot_connect_now (starting up), too_many_connections.
 */
const SERVER_GONE = /^(08...|57P0[123]|53300)$/;

/** node-postgres's own errors for a connection that died or never opened (they carry no code). */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/** Whether a node-postgres error means the connection was lost or could not be made. */
export function isConnectionLoss(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return NETWORK_CODES.has(code) || SERVER_GONE.test(code);
  return DRIVER_MESSAGES.includes(e.message);
}

/** `work`, with a lost connection rejecting as DatabaseUnavailable. */
export async function reaching<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw isConnectionLoss(e) ? new DatabaseUnavailable(e) : e;
  }
}
