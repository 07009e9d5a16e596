/**
 * Reports: a patient's lab reports (LIS) and imaging studies (PACS) with their pictures, and a
 * doctor's critical-value alerts. `reportsOf(client)` gives the one ReportsClient of a client.
 */
import type { CallOptions, IhClient } from './client.js';
import type { CriticalAlert, ImagingStudy, Interpretation, LabObservation, LabReport } from './types.js';

export class ReportsClient {
  constructor(readonly client: IhClient) {}

  /** The patient's lab reports, newest first, with their results. */
  listLabReports(patientId: string, o?: CallOptions): Promise<LabReport[]> {
    return this.client.call('get', '/patients/{patientId}/lab-reports', patientId, o).then((r) => r.items);
  }
  getLabReport(reportId: string, o?: CallOptions): Promise<LabReport> {
    return this.client.call('get', '/lab-reports/{reportId}', reportId, o);
  }
  /** The patient's imaging studies, newest first, with their series and instances. */
  listImagingStudies(patientId: string, o?: CallOptions): Promise<ImagingStudy[]> {
    return this.client.call('get', '/patients/{patientId}/imaging-studies', patientId, o).then((r) => r.items);
  }
  getImagingStudy(studyId: string, o?: CallOptions): Promise<ImagingStudy> {
    return this.client.call('get', '/imaging-studies/{studyId}', studyId, o);
  }
  /** A small picture of a series (the request carries the session, so it is fetched, not linked). */
  thumbnail(studyId: string, seriesId: string, o?: CallOptions): Promise<Blob> {
    return this.client.call('get', '/imaging-studies/{studyId}/series/{seriesId}/thumbnail', studyId, seriesId, { ...o, as: 'blob' });
  }
  /** One frame (1-based) of an instance, rendered for the viewer. */
  frame(studyId: string, seriesId: string, instanceId: string, frame: number, o?: CallOptions): Promise<Blob> {
    return this.client.call('get', '/imaging-studies/{studyId}/series/{seriesId}/instances/{instanceId}/frames/{frame}', studyId, seriesId, instanceId, frame, { ...o, as: 'blob' });
  }
  /** For a doctor: critical results raised to them, unacknowledged first. */
  listCriticalAlerts(query: { status?: 'open' | 'acknowledged' } = {}, o?: CallOptions): Promise<CriticalAlert[]> {
    return this.client.call('get', '/critical-alerts', { ...o, query }).then((r) => r.items);
  }
  acknowledgeCriticalAlert(alertId: string, o?: CallOptions): Promise<CriticalAlert> {
    return this.client.call('post', '/critical-alerts/{alertId}/acknowledge', alertId, o);
  }
}

const reportClients = new WeakMap<IhClient, ReportsClient>();

export function reportsOf(client: IhClient): ReportsClient {
  let c = reportClients.get(client);
  if (!c) reportClients.set(client, (c = new ReportsClient(client)));
  return c;
}

/** One point of a test's trend: when, the number, and its flag. */
export interface TrendPoint {
  reportId: string;
  at: string;
  value: number;
  observation: LabObservation;
}

/**
 * The numeric results of one test across reports, oldest first: what a trend chart draws. A
 * test is its code and its unit (a LIS may reuse a local code across units, and 5.6 mmol/L and
 * 101 mg/dL do not belong on one line). Cancelled reports are left out.
 */
export function trendOf(reports: readonly LabReport[], test: Pick<LabObservation, 'code' | 'unit'>): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const r of reports) {
    if (r.status === 'cancelled') continue;
    for (const o of r.observations) {
      if (o.code === test.code && (o.unit ?? '') === (test.unit ?? '') && o.numeric !== undefined) points.push({ reportId: r.id, at: r.collectedAt ?? r.issuedAt, value: o.numeric, observation: o });
    }
  }
  return points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A reference range as lab reports print it: 3.9–6.1, ≥ 60, ≤ 5.2, or the LIS's own text. */
export function referenceRangeText(range: LabObservation['referenceRange']): string {
  if (!range) return '';
  if (range.text) return range.text;
  if (range.low !== undefined && range.high !== undefined) return `${range.low}–${range.high}`;
  if (range.low !== undefined) return `≥ ${range.low}`;
  return range.high !== undefined ? `≤ ${range.high}` : '';
}

/** How far a result is from normal: within range, abnormal (H, L, A) or a critical value (HH, LL, AA). */
export type InterpretationSeverity = 'normal' | 'abnormal' | 'critical';

/** The interpretations that are critical values. One place for the rule. */
export const CRITICAL_INTERPRETATIONS: readonly Interpretation[] = ['HH', 'LL', 'AA'];

/** The severity of an HL7 interpretation; no interpretation counts as normal. */
export function interpretationSeverity(interpretation: Interpretation | undefined): InterpretationSeverity {
  if (interpretation === undefined || interpretation === 'N') return 'normal';
  return CRITICAL_INTERPRETATIONS.includes(interpretation) ? 'critical' : 'abnormal';
}

/** Whether an interpretation is a critical value (HH, LL, AA). */
export function isCriticalInterpretation(interpretation: Interpretation | undefined): boolean {
  return interpretationSeverity(interpretation) === 'critical';
}
