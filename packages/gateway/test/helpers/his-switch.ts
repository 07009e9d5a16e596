/** A hospital system behind a switch, for tests of failures: the gateway's own and the e2e's. */
import { AdapterError, type HisAdapter } from '@ihkit/adapters';

export type HisMode = 'ok' | 'fail' | 'hang' | 'adapter-error';

/**
 * The HIS behind a switch: pass through, throw (with a message quoting an ID number, which must
 * not be logged), never answer, or throw an AdapterError. `calls` records the methods asked.
 */
export function switchable(his: HisAdapter, state: { mode: HisMode; calls?: string[] }): HisAdapter {
  return new Proxy(his, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        state.calls?.push(String(prop));
        if (state.mode === 'fail') return Promise.reject(new Error('connect ECONNREFUSED 10.0.0.9:8080 for patient 110101199003071234'));
        if (state.mode === 'hang') return new Promise(() => {});
        if (state.mode === 'adapter-error') return Promise.reject(new AdapterError('SLOT_TAKEN', 'taken'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
