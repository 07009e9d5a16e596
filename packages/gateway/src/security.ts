/**
 * HTTP hardening. The API routes: helmet with a CSP that allows nothing (the API only answers
 * JSON), CORS only for the configured origins, and `Cache-Control: no-store` so no patient data
 * lingers in caches (a handler answering public, patient-free data — the triage rules — may say
 * `public` instead). Pages and the widget bundles an embedding server serves: `pageHeaders`,
 * with that server's own Content-Security-Policy.
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
    if (!String(reply.getHeader('cache-control') ?? '').startsWith('public,')) reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
    return payload;
  });
}

/**
 * The headers every page and script a hospital serves next to ihkit should carry (the demo
 * server sets them on `/`, `/staff/`, `/vendor/` and `/ihkit/*.js`): its Content-Security-Policy;
 * `nosniff`, so a browser never runs an upload or an error page as script; no Referer, so no
 * address leaves the site; HSTS, so the site is only ever reached over HTTPS (browsers ignore it
 * over plain HTTP, so it is harmless on a laptop); and no window of another site keeping a handle
 * on this one.
 */
export function pageHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
  };
}
