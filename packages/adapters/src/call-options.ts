/**
 * The optional last argument of every adapter call. `signal` aborts when the caller stops
 * waiting — the gateway aborts it when its timeout for the call runs out. An adapter that does
 * I/O passes it on (to fetch, to its HTTP client) so that the request is cancelled instead of
 * left running against a system that is already slow; one that answers from memory or from the
 * gateway's own database may ignore it. Adapters written before it existed keep working.
 */
export interface AdapterCallOptions {
  signal?: AbortSignal;
}

/**
 * A request's signal: aborts after `timeoutMs` (the adapter's own limit), or when the caller's
 * `signal` aborts, whichever comes first.
 */
export function requestSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([timeout, signal]) : timeout;
}
