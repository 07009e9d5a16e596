/**
 * What ihkit needs from the provincial supervision platform: it receives every step of a
 * consult (created, accepted, completed, referred), of a prescription (signed, approved or
 * returned, cancelled, dispensed) and of a referral between hospitals (sent, accepted, arrived,
 * closed). The gateway writes each report to its outbox in the same
 * transaction as the step and hands it to the adapter until the platform acknowledges it, so a
 * report is never lost when the platform is down.
 *
 * Contract for implementers:
 * - `submit` returns the platform's acknowledgement; the same `reportId` sent again must be
 *   acknowledged again without creating a second record (the gateway retries after failures).
 * - Anything thrown means "not acknowledged, try again later".
 */
import { requestSignal, type AdapterCallOptions } from './call-options.js';
/**
 * The step reported: of a consult (created … referred), of a prescription (signed … dispensed), of
 * a referral (sent … closed), or of a remote consultation (created, accepted, signed — its
 * opinion —, closed, declined, cancelled).
 */
export type RegulatorEvent = 'created' | 'accepted' | 'completed' | 'referred' | 'signed' | 'approved' | 'returned' | 'cancelled' | 'dispensed' | 'sent' | 'arrived' | 'closed' | 'declined';

export interface RegulatorReport {
  /** The gateway's id for this report, stable across retries. */
  reportId: string;
  kind: 'consult' | 'prescription' | 'referral' | 'remote-consultation';
  event: RegulatorEvent;
  /** The consult's, prescription's or referral's id. */
  subjectId: string;
  occurredAt: string;
  /** What the platform asks for: the record itself, with the patient's and doctor's identities. */
  payload: Record<string, unknown>;
}

export interface RegulatorAdapter {
  readonly name: string;
  submit(report: RegulatorReport, options?: AdapterCallOptions): Promise<{ ackId: string }>;
}

/**
 * A platform reached by HTTPS JSON: POST `url` with the report, answered 2xx with
 * `{ ackId }`. Provinces differ in format; this is the shape to adapt from.
 */
export function createHttpRegulator(options: { url: string; token?: string; timeoutMs?: number; fetch?: typeof fetch }): RegulatorAdapter {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'http',
    async submit(report, o) {
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        body: JSON.stringify(report),
        signal: requestSignal(options.timeoutMs ?? 10_000, o?.signal),
      });
      if (!res.ok) throw new Error(`supervision platform answered ${res.status}`);
      const body = (await res.json()) as { ackId?: unknown };
      if (typeof body.ackId !== 'string' || !body.ackId) throw new Error('supervision platform answered without an ackId');
      return { ackId: body.ackId };
    },
  };
}
