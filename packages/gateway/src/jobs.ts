/**
 * The gateway's background work, each job once: what it does, how often it runs on its own
 * (plugins/jobs.ts runs them), and what a failed run logs. The same functions are the
 * Gateway's methods (tests and the CLI call them when they want, e.g. with the sweep off).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { LisAdapter, StoredLis } from '@ihkit/adapters';
import { lapseHolds } from './booking/holds.js';
import { sendCareReminders } from './care/reminders.js';
import { expireConsults } from './consults/expiry.js';
import { newId } from './ids.js';
import { repairSettlements } from './insurance/settlement.js';
import { safeError } from './logging.js';
import { relayNotifications } from './notifications/outbox.js';
import type { Services } from './operations.js';
import { queryPendingPayments } from './payments/order-query.js';
import { reconcileDue } from './payments/reconcile.js';
import { relayRefunds } from './payments/refunds.js';
import { expirePrescriptions, trackFulfilments } from './prescriptions/fulfilment.js';
import { advanceSignatures } from './prescriptions/signature-requests.js';
import { relayReports } from './regulator/outbox.js';
import { relayOpinionWritebacks } from './remote-consultations/writeback.js';
import { raiseMissedAlerts } from './reports/alerts.js';
import { purgeSessions } from './sessions.js';
import { purgeSignals } from './video/rooms.js';

/** One periodic job: `run` every `everyMs` (0: never on its own); a failed run is logged as `failure`. */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  failure: string;
  /** Also run once when the gateway closes (what it counted must not be lost). */
  atClose?: boolean;
}

export interface JobSettings {
  /** The sweep's interval, in ms (0: no timers). */
  sweepEveryMs: number;
  /** How often the CA is asked about signatures waiting for their signers, in ms (0: never). */
  signaturesEveryMs: number;
  /** When a provider's bill of a day is due for reconciliation (config.reconcileAfter). */
  reconcileAfter: string;
  /** The laboratory system in use, and the gateway's own: missed alerts are raised for its own only. */
  lis: LisAdapter;
  storedLis: StoredLis;
  log: FastifyBaseLogger;
}

/** The jobs' functions, as the Gateway offers them; `idle` waits for the runs under way, however started. */
export function gatewayJobs(services: Services, settings: JobSettings) {
  const { db, now } = services;
  let signing: Promise<number> | undefined;
  const running = new Set<Promise<unknown>>();
  const tracked = <T>(run: () => Promise<T>) => () => {
    const p = run();
    running.add(p);
    void p.catch(() => undefined).finally(() => running.delete(p));
    return p;
  };
  const jobs = {
    sweepConsults: () => expireConsults(services),
    lapseHolds: () => lapseHolds(services),
    sweepPrescriptions: async () => {
      const expired = await expirePrescriptions(services);
      await trackFulfilments(services, (err) => settings.log.warn({ err }, 'following a prescription at the pharmacy failed'));
      return { expired };
    },
    relayReports: () => relayReports(services),
    relayRefunds: () => relayRefunds(services),
    queryPayments: () => queryPendingPayments(services),
    repairInsurance: () => repairSettlements(services),
    reconcilePayments: () => reconcileDue(services, settings.reconcileAfter),
    relayNotifications: () => relayNotifications(services),
    relayOpinionWritebacks: () => relayOpinionWritebacks(services),
    sweepCareReminders: () => sendCareReminders(services),
    raiseMissedAlerts: () => (settings.lis === settings.storedLis ? raiseMissedAlerts(settings.storedLis, db, now()) : Promise.resolve(0)),
    /** One run at a time: a call while one runs joins it. */
    advanceSignatures: () => (signing ??= advanceSignatures(services, newId('job')).finally(() => (signing = undefined))),
    flushRefusals: () => services.refusals.flush(db),
    purgeSignals: () => purgeSignals(db, now()),
    purgeSessions: () => purgeSessions(db, now()),
    purgeRateLimits: () => services.limiter.purge(),
  };
  type Jobs = typeof jobs;
  const trackedJobs = Object.fromEntries(Object.entries(jobs).map(([name, run]) => [name, tracked(run as () => Promise<unknown>)])) as unknown as Jobs;
  return { ...trackedJobs, idle: () => Promise.allSettled([...running]) };
}

export type GatewayJobs = ReturnType<typeof gatewayJobs>;

/** Every periodic job: the CA's signatures every couple of seconds, the rest on the sweep. */
export function periodicJobs(jobs: GatewayJobs, settings: Pick<JobSettings, 'sweepEveryMs' | 'signaturesEveryMs'>): PeriodicJob[] {
  const sweep = settings.sweepEveryMs;
  return [
    { name: 'advanceSignatures', everyMs: settings.signaturesEveryMs, run: jobs.advanceSignatures, failure: 'asking the CA about waiting signatures failed' },
    { name: 'sweepConsults', everyMs: sweep, run: jobs.sweepConsults, failure: 'consult sweep failed' },
    { name: 'lapseHolds', everyMs: sweep, run: jobs.lapseHolds, failure: 'releasing lapsed booking holds failed' },
    { name: 'sweepPrescriptions', everyMs: sweep, run: jobs.sweepPrescriptions, failure: 'prescription sweep failed' },
    { name: 'relayReports', everyMs: sweep, run: jobs.relayReports, failure: 'relaying supervision reports failed' },
    { name: 'relayRefunds', everyMs: sweep, run: jobs.relayRefunds, failure: 'relaying refunds failed' },
    { name: 'queryPayments', everyMs: sweep, run: jobs.queryPayments, failure: 'asking payment providers about pending orders failed' },
    { name: 'repairInsurance', everyMs: sweep, run: jobs.repairInsurance, failure: 'asking the insurer about settlements failed' },
    { name: 'reconcilePayments', everyMs: sweep, run: jobs.reconcilePayments, failure: 'reconciling the payment providers’ bills failed' },
    { name: 'relayNotifications', everyMs: sweep, run: jobs.relayNotifications, failure: 'relaying notifications failed' },
    { name: 'relayOpinionWritebacks', everyMs: sweep, run: jobs.relayOpinionWritebacks, failure: 'writing consultation opinions into the HIS failed' },
    { name: 'sweepCareReminders', everyMs: sweep, run: jobs.sweepCareReminders, failure: 'writing follow-up reminders failed' },
    { name: 'raiseMissedAlerts', everyMs: sweep, run: jobs.raiseMissedAlerts, failure: 'raising missed critical alerts failed' },
    { name: 'purgeSignals', everyMs: sweep, run: jobs.purgeSignals, failure: 'purging video signals failed' },
    { name: 'purgeSessions', everyMs: sweep, run: jobs.purgeSessions, failure: 'purging expired sessions failed' },
    { name: 'flushRefusals', everyMs: sweep, run: jobs.flushRefusals, failure: 'counting refused calls failed', atClose: true },
    { name: 'purgeRateLimits', everyMs: sweep, run: jobs.purgeRateLimits, failure: 'purging rate-limit buckets failed' },
  ];
}

/** Logs a job's failure as a warning, without what the error may quote. */
export const logFailure = (log: FastifyBaseLogger, failure: string) => (err: unknown) => log.warn({ err: safeError(err) }, failure);
