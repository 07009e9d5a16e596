/**
 * Critical-value alerts as the mock gateway answers them, for the doctor desk's tests and the
 * visual test: a critical potassium result, and the alerts routes answering from a list.
 */
import type { CriticalAlert } from '@ihkit/core';
import { http, HttpResponse, problem, type MockApi } from './mock-api.js';

/** A critical potassium result. */
export const potassium = { code: '2823-3', name: '钾', nameEn: 'Potassium', value: '6.9', numeric: 6.9, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH' as const };

/** Makes `api`'s alerts routes answer from `alerts` (acknowledging records 周敏, or fails with `failAck`). */
export function alertsApi(api: MockApi, alerts: CriticalAlert[], opts: { failAck?: boolean } = {}): void {
  api.use(
    http.get('/api/critical-alerts', () => HttpResponse.json({ items: alerts.filter((a) => !a.acknowledgedAt) })),
    http.post('/api/critical-alerts/:id/acknowledge', ({ params }) => {
      if (opts.failAck) return problem(503, 'HIS_UNAVAILABLE');
      const a = alerts.find((x) => x.id === params.id)!;
      a.acknowledgedAt ??= new Date().toISOString();
      a.acknowledgedBy ??= '周敏';
      return HttpResponse.json(a);
    }),
  );
}
