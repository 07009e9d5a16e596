/**
 * HTTP hardening of the API routes (only those: an embedding server's own HTML pages get
 * their own policy): helmet with a CSP that allows nothing (the API only answers JSON),
 * CORS only for the configured origins, and `Cache-Control: no-store` so no patient data
 * lingers in caches.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export async function secureApi(api: FastifyInstance, options: { allowedOrigins: string[] }): Promise<void> {
  await api.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    crossOriginResourcePolicy: { policy: options.allowedOrigins.length ? 'cross-origin' : 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  if (options.allowedOrigins.length) {
    const allowed = new Set(options.allowedOrigins);
    await api.register(cors, {
      origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language'],
      exposedHeaders: ['Content-Language', 'X-Request-Id'],
      credentials: false,
      maxAge: 600,
      strictPreflight: false,
    });
  }
  api.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
    return payload;
  });
}
