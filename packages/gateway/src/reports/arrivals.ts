/**
 * New lab reports and imaging studies, told live to the accounts of their patient (their own
 * and their family's) as the gateway learns of them from the LIS's and the PACS's `watch`.
 * Every gateway watches by itself and tells only its own connections (ConsultHub.deliver,
 * no NOTIFY), so each connection hears of a report once, whichever gateway received it.
 */
import type { Queryable } from '@ihkit/adapters';
import type { ConsultHub } from '../realtime/hub.js';
import { accountsOf } from '../users.js';

export type Arrival = { patientId: string } & ({ reportId: string } | { studyId: string });

export async function announceArrival(q: Queryable, hub: Pick<ConsultHub, 'deliver'>, arrival: Arrival): Promise<void> {
  const u = await accountsOf(q, arrival.patientId);
  if (!u.length) return;
  hub.deliver({ k: 'report', pt: arrival.patientId, ...('reportId' in arrival ? { rep: arrival.reportId } : { st: arrival.studyId }), u });
}
