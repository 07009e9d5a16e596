/**
 * Subscriptions the gateway holds while it runs — critical lab results, new studies, the
 * outboxes' LISTEN channels — each started in order and stopped with the gateway.
 */
import type { FastifyInstance } from 'fastify';
import { logFailure } from '../jobs.js';
import { closesWith } from './on-close.js';

export interface Watcher {
  /** What it is, in the log when stopping it fails ("the refund relay"). */
  name: string;
  /** Starts watching; answers how to stop (nothing when there was nothing to watch). */
  start: () => Promise<(() => void | Promise<void>) | undefined>;
}

export async function watch(app: FastifyInstance, watchers: readonly Watcher[]): Promise<void> {
  const stops: Array<{ name: string; stop: () => void | Promise<void> }> = [];
  await closesWith(app, 'watchers', async (log) => {
    for (const { name, stop } of stops) await Promise.resolve().then(stop).catch(logFailure(log, `stopping ${name} failed`));
  });
  for (const watcher of watchers) {
    const stop = await watcher.start();
    if (stop) stops.push({ name: watcher.name, stop });
  }
}
