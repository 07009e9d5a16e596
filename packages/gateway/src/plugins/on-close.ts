/**
 * A part of the gateway that runs in the background is a Fastify plugin named for it whose only
 * work is its onClose hook: the parts close in the reverse order of their start (the database
 * last), also when the start failed half-way (createGateway then closes the app). The starting
 * itself happens outside the plugin, so that a slow one (migrations under load) is not cut short
 * by Fastify's plugin timeout.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export async function closesWith(app: FastifyInstance, name: string, close: (log: FastifyInstance['log']) => Promise<void>): Promise<void> {
  await app.register(fp(async (instance) => {
    instance.addHook('onClose', () => close(instance.log));
  }, { name: `ihkit-${name}` }));
}
