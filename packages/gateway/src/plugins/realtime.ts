/**
 * Live updates: the consult hub (Postgres LISTEN/NOTIFY, shared by the gateways on one
 * database) and the audit of what was delivered over WebSockets. Stopped with the gateway,
 * after what writes to them.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '@ihkit/adapters';
import { logFailure } from '../jobs.js';
import { DeliveryAudit } from '../realtime/delivery-audit.js';
import { ConsultHub } from '../realtime/hub.js';
import { closesWith } from './on-close.js';

export async function startRealtime(app: FastifyInstance, db: Db): Promise<{ hub: ConsultHub; deliveries: DeliveryAudit }> {
  const hub = new ConsultHub(db, () => app.log.warn('ignored a malformed live notice'));
  const deliveries = new DeliveryAudit(db);
  await closesWith(app, 'realtime', async (log) => {
    await hub.stop().catch(logFailure(log, 'stopping the consult listener failed'));
    await deliveries.idle();
  });
  await hub.start();
  return { hub, deliveries };
}
