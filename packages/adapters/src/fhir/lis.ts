/**
 * A LisAdapter over a FHIR R4 server: DiagnosticReport with its result Observations (mapping
 * in lab.ts). `watch` polls for reports whose `_lastUpdated` moved on.
 *
 * Polling: the cursor is the newest `meta.lastUpdated` the server has shown (its clock, not
 * ours), asked for with `ge` and deduplicated by id and version, so a report stamped in the
 * same millisecond as the cursor is neither lost nor delivered twice. An Observation changed
 * without its DiagnosticReport being updated is not noticed (FHIR servers update the report
 * when results are corrected; a server that does not needs a Subscription instead).
 */
import type { LabReport } from '@ihkit/core';
import type { LisAdapter } from '../lis.js';
import { createFhirClient, isFhirId, withSignal, type FhirClient, type FhirClientOptions } from './client.js';
import { REPORT_INCLUDES, reportShapes } from './lab.js';
import type { DiagnosticReport } from './resources.js';

export interface FhirLisOptions extends FhirClientOptions {
  /** How often `watch` asks the server for new reports, in ms (default 5000). */
  pollMs?: number;
  /** Called with what went wrong in a poll or in a watcher; polling goes on. */
  onError?: (error: unknown) => void;
  /** Only reports of this DiagnosticReport.category (a token, e.g. `LAB`); default all. */
  category?: string;
  /** IANA time zone the report times are given in (default Asia/Shanghai). */
  timeZone?: string;
  /** A client to use instead of making one from the options. */
  client?: FhirClient;
}

export interface FhirLis extends LisAdapter {
  readonly name: 'fhir';
  readonly client: FhirClient;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

export function createFhirLis(options: FhirLisOptions): FhirLis {
  const client = options.client ?? createFhirClient(options);
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const pollMs = options.pollMs ?? 5000;
  const onError = options.onError ?? (() => undefined);
  const category = options.category ? { category: options.category } : {};

  async function search(params: Record<string, string | number | readonly string[]>, limit: number, signal?: AbortSignal): Promise<LabReport[]> {
    const { resources, included } = await client.search<DiagnosticReport>('DiagnosticReport', { ...params, ...category, _include: REPORT_INCLUDES }, { limit, signal });
    return reportShapes(withSignal(client, signal), resources.filter((r) => r.status !== 'entered-in-error'), included, timeZone);
  }

  return {
    name: 'fhir',
    client,

    /** Newest issued first. */
    async listReports(patientId, o) {
      if (!isFhirId(patientId)) return [];
      const reports = await search({ subject: `Patient/${patientId}`, _sort: '-issued', _count: 100 }, 2000, o?.signal);
      return reports.filter((r) => r.patientId === patientId).sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt) || a.id.localeCompare(b.id));
    },

    async getReport(reportId, o) {
      const scoped = withSignal(client, o?.signal);
      const report = await scoped.read<DiagnosticReport>('DiagnosticReport', reportId);
      if (!report || report.status === 'entered-in-error') return undefined;
      return (await reportShapes(scoped, [report], [], timeZone))[0];
    },

    async watch(fn) {
      // Start from the newest report the server holds now: whatever comes after is new. Reports
      // stamped in that same millisecond (or later, on a server that ignored _sort) are marked
      // seen, so that only what arrives after this promise resolves is delivered.
      let cursor = EPOCH;
      let atCursor = new Set<string>();
      try {
        const { resources } = await client.search<DiagnosticReport>('DiagnosticReport', { _sort: '-_lastUpdated', _count: 1, ...category }, { limit: 1 });
        const newest = resources[0]?.meta?.lastUpdated;
        if (newest) {
          const { resources: latest } = await client.search<DiagnosticReport>('DiagnosticReport', { _lastUpdated: `ge${newest}`, _count: 100, ...category }, { limit: 10_000 });
          cursor = latest.reduce((max, r) => (r.meta?.lastUpdated && Date.parse(r.meta.lastUpdated) > Date.parse(max) ? r.meta.lastUpdated : max), newest);
          atCursor = new Set(latest.filter((r) => r.meta?.lastUpdated && Date.parse(r.meta.lastUpdated) === Date.parse(cursor)).map((r) => `${r.id}@${r.meta!.versionId}`));
        }
      } catch (e) {
        // Unreachable now: start a minute back by our clock; watchers must take a report twice anyway.
        onError(e);
        cursor = new Date(Date.now() - 60_000).toISOString();
      }

      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;

      async function poll(): Promise<void> {
        const { resources, included } = await client.search<DiagnosticReport>('DiagnosticReport',
          { _lastUpdated: `ge${cursor}`, _sort: '_lastUpdated', _count: 100, _include: REPORT_INCLUDES, ...category }, { limit: 5000 });
        const fresh = resources.filter((r) => r.meta?.lastUpdated && !atCursor.has(`${r.id}@${r.meta.versionId}`) && Date.parse(r.meta.lastUpdated) >= Date.parse(cursor));
        if (!fresh.length || stopped) return;
        const newest = fresh.reduce((max, r) => (Date.parse(r.meta!.lastUpdated!) > Date.parse(max) ? r.meta!.lastUpdated! : max), cursor);
        const reports = await reportShapes(client, fresh.filter((r) => r.status !== 'entered-in-error'), included, timeZone);
        // Move the cursor only once the reports are in hand, so a failed poll is retried.
        const boundary = fresh.filter((r) => Date.parse(r.meta!.lastUpdated!) === Date.parse(newest)).map((r) => `${r.id}@${r.meta!.versionId}`);
        atCursor = Date.parse(newest) === Date.parse(cursor) ? new Set([...atCursor, ...boundary]) : new Set(boundary);
        cursor = newest;
        for (const report of reports) {
          if (stopped) return;
          try {
            const result: unknown = fn(report);
            if (result instanceof Promise) result.catch(onError);
          } catch (e) {
            onError(e);
          }
        }
      }

      const schedule = () => {
        if (stopped) return;
        timer = setTimeout(() => {
          poll().catch(onError).finally(schedule);
        }, pollMs);
      };
      schedule();

      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    },
  };
}
