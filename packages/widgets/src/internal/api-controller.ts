import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isUnauthenticated } from './localize.js';

export type ApiStatus = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

export interface ApiControllerOptions<T, A extends readonly unknown[]> {
  /**
   * The inputs of the load, read before every host update; the load re-runs when one of them
   * changes (compared with ===). Return undefined while it cannot run yet.
   */
  args: () => A | undefined;
  /** The load. It must pass `signal` on to the client. */
  task: (args: A, signal: AbortSignal) => Promise<T>;
  /** Whether a result counts as empty (status `empty` instead of `ready`). */
  isEmpty?: (value: T) => boolean;
}

/**
 * Runs one API load for a host with an AbortSignal and exposes its state:
 * `idle | loading | ready | empty | error`. A new run aborts the one before; disconnecting
 * the host aborts the current one (and reconnecting runs it again).
 */
export class ApiController<T, A extends readonly unknown[] = readonly unknown[]> implements ReactiveController {
  status: ApiStatus = 'idle';
  value: T | undefined;
  error: unknown;

  #abort?: AbortController;
  #args?: A;
  #run = 0;
  #current: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ApiControllerOptions<T, A>,
  ) {
    host.addController(this);
  }

  /** Whether the last run failed because the user is not signed in. */
  get unauthenticated(): boolean {
    return this.status === 'error' && isUnauthenticated(this.error);
  }

  hostConnected(): void {
    if (!this.#args) this.host.requestUpdate();
  }

  hostUpdate(): void {
    const args = this.options.args();
    if (!args) return;
    const last = this.#args;
    if (last && last.length === args.length && args.every((a, i) => a === last[i])) return;
    void this.#start(args);
  }

  hostDisconnected(): void {
    this.abort();
    this.#args = undefined;
    if (this.status === 'loading') this.status = 'idle';
  }

  /** Runs the load again with the current inputs (a retry or a refresh). */
  run(): Promise<void> {
    const args = this.options.args();
    if (!args) return Promise.resolve();
    const p = this.#start(args);
    this.host.requestUpdate();
    return p;
  }

  /**
   * Loads again in the background, for a live update: what is shown stays until the new value
   * arrives, and stays when the load fails (the next update or a reload tries again). Before
   * anything was shown it is a plain run.
   */
  refresh(): Promise<void> {
    const args = this.options.args();
    if (!args) return Promise.resolve();
    return this.#start(args, this.status === 'ready' || this.status === 'empty');
  }

  /** Settles when the load under way (if any) has ended, however it ended. */
  settled(): Promise<void> {
    return this.#current;
  }

  abort(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  #start(args: A, quiet = false): Promise<void> {
    return (this.#current = this.#load(args, quiet));
  }

  async #load(args: A, quiet: boolean): Promise<void> {
    this.abort();
    const abort = (this.#abort = new AbortController());
    const run = ++this.#run;
    this.#args = args;
    if (!quiet) {
      this.status = 'loading';
      this.error = undefined;
    }
    try {
      const value = await this.options.task(args, abort.signal);
      if (run !== this.#run || abort.signal.aborted) return;
      this.value = value;
      this.status = this.options.isEmpty?.(value) ? 'empty' : 'ready';
    } catch (e) {
      if (run !== this.#run || abort.signal.aborted) return;
      if (!quiet) {
        this.error = e;
        this.status = 'error';
      }
    }
    if (this.#abort === abort) this.#abort = undefined;
    this.host.requestUpdate();
  }
}
