// `npm start`: the demo hospital. One process serves the gateway's API under /api (and its
// WebSocket at /api/ws), the example patient portal at /, the staff console at /staff/, a
// vendor's white-labelled page at /vendor/ and the widget bundles at /ihkit/, every page under a
// strict Content-Security-Policy, on the embedded database (data kept in .data/pglite) unless
// DATABASE_URL names a PostgreSQL server.
import fastifyStatic from '@fastify/static';
import { createGateway, loadConfig, pageHeaders } from '@ihkit/gateway';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The Content-Security-Policy every demo page is served with: no inline script or style, no
 * eval, nothing from another origin. ihkit needs nothing more (docs/csp.md): its styles are
 * constructed stylesheets and CSSOM, its chunks load from the same origin as ihkit.js, thumbnails
 * and viewer frames are blob: URLs, and the live connection is a same-origin WebSocket.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Builds the demo server; tests call it with their own database and port 0, and `options`
 * for the gateway over its config (a logger, an HIS adapter).
 */
export async function startDemo(env = process.env, options = {}) {
  // The demo's laboratory sends results over HL7 v2 to port 2575 (examples/send-lab-result.mjs).
  const config = loadConfig({ IHKIT_DATA_DIR: here('../.data/pglite'), IHKIT_DEMO: '1', IHKIT_JWT_SECRET: demoSecret('session-secret'), IHKIT_SIGNING_SECRET: demoSecret('signing-secret'), IHKIT_MLLP_PORT: '2575', ...env });
  const gateway = await createGateway({ ...config, ...options });
  const { app } = gateway;
  const pages = pageHeaders(STRICT_CSP);
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/')) reply.headers(pages);
  });
  await app.register(fastifyStatic, { root: here('portal'), prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, { root: here('staff'), prefix: '/staff/', index: 'index.html', decorateReply: false });
  await app.register(fastifyStatic, { root: here('vendor'), prefix: '/vendor/', index: 'index.html', decorateReply: false });
  await app.register(fastifyStatic, { root: here('shared'), prefix: '/shared/', decorateReply: false });
  await app.register(fastifyStatic, { root: here('../packages/widgets/dist'), prefix: '/ihkit/', decorateReply: false });
  // The React and Vue examples, once built (`npm run build` builds them).
  for (const name of ['react', 'vue']) {
    if (existsSync(here(`${name}/dist/index.html`))) await app.register(fastifyStatic, { root: here(`${name}/dist`), prefix: `/${name}/`, index: 'index.html', decorateReply: false });
  }
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';
  const address = await app.listen({ port, host });
  return { url: address.replace('127.0.0.1', 'localhost'), mllpPort: gateway.mllp?.port, db: gateway.db, close: () => gateway.close() };
}

/**
 * A secret of the demo's kept beside its data: the session secret, so that sign-ins survive a
 * restart, and the signing secret, so that prescriptions signed before one still verify.
 */
function demoSecret(name) {
  const file = here(`../.data/${name}`);
  if (!existsSync(file)) {
    mkdirSync(here('../.data'), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const demo = await startDemo();
  console.log(`\n  ihkit demo hospital: ${demo.url}\n  (patients sign in at /, doctors and pharmacists at /staff/; password "demo"; Ctrl+C stops)` +
    (demo.mllpPort ? `\n  lab results (HL7 v2 over MLLP) on port ${demo.mllpPort}: try \`node examples/send-lab-result.mjs\`` : '') + '\n');
  const shutdown = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
