/**
 * Runs the periodic jobs (jobs.ts) on timers that do not keep the process alive. On close: the
 * timers stop, runs under way are awaited (`idle`: nothing may use the database once it is
 * closed), and the jobs marked `atClose` run a last time.
 */
import type { FastifyInstance } from 'fastify';
import { logFailure, type PeriodicJob } from '../jobs.js';
import { closesWith } from './on-close.js';

export async function runJobs(app: FastifyInstance, jobs: readonly PeriodicJob[], idle: () => Promise<unknown>): Promise<void> {
  const timers: Array<ReturnType<typeof setInterval>> = [];
  await closesWith(app, 'jobs', async (log) => {
    for (const timer of timers) clearInterval(timer);
    await idle();
    for (const job of jobs.filter((j) => j.atClose)) await job.run().catch(logFailure(log, job.failure));
  });
  for (const job of jobs.filter((j) => j.everyMs > 0)) {
    timers.push(setInterval(() => void job.run().catch(logFailure(app.log, job.failure)), job.everyMs).unref());
  }
}
