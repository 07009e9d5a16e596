/**
 * The HL7 v2 listener (IHKIT_MLLP_PORT): lab results sent by MLLP go into the gateway's own LIS.
 * Closed with the gateway.
 */
import type { FastifyInstance } from 'fastify';
import { startMllpListener, type StoredLis } from '@ihkit/adapters';
import type { GatewayConfig } from '../config.js';
import { logFailure } from '../jobs.js';
import { closesWith } from './on-close.js';

type MllpConfig = Pick<GatewayConfig, 'mllpHost' | 'mllpAllow' | 'mllpTls'> & { mllpPort: number };

/** Starts listening; answers the port it listens on. */
export async function listenForResults(app: FastifyInstance, config: MllpConfig, lis: StoredLis, timeZone: string): Promise<{ port: number }> {
  let listener: Awaited<ReturnType<typeof startMllpListener>> | undefined;
  await closesWith(app, 'mllp', async (log) => {
    await listener?.close().catch(logFailure(log, 'closing the HL7 v2 listener failed'));
  });
  listener = await startMllpListener({
    port: config.mllpPort, host: config.mllpHost, allow: config.mllpAllow, ...(config.mllpTls ? { tls: config.mllpTls } : {}), lis, timeZone, log: app.log,
  });
  app.log.info({ port: listener.port }, 'listening for HL7 v2 results (MLLP)');
  return { port: listener.port };
}
