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
  if (gateway.sandboxNotifications) demoPhone(app, gateway.sandboxNotifications);
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';
  const address = await app.listen({ port, host });
  return { url: address.replace('127.0.0.1', 'localhost'), mllpPort: gateway.mllp?.port, db: gateway.db, close: () => gateway.close() };
}

/**
 * The demo's phones, at /demo/phone/: the text messages the sandbox notification provider was
 * asked to send (one-time codes for family links, notices), newest first, each with the number it
 * went to (masked as on screen). Only a gateway whose notification provider is the sandbox has
 * it, which a production gateway never is; a real code reaches a real phone. The page names no
 * one and takes nothing in its URL.
 */
function demoPhone(app, sandbox) {
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const masked = (phone) => (phone ? '*'.repeat(Math.max(0, phone.length - 4)) + phone.slice(-4) : '');
  app.get('/demo/phone/', async (request, reply) => {
    const items = [...sandbox.sent].reverse().map((m) =>
      `<li><p class="meta"><span class="to">${esc(masked(m.phone))}</span> <time datetime="${esc(m.at.toISOString())}">${esc(m.at.toISOString().slice(11, 19))} UTC</time></p><p class="text">${esc(m.text)}</p></li>`);
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>演示手机 · Demo phone</title><link rel="stylesheet" href="/portal.css"></head>
<body><main class="wrap"><section class="panel"><h1>演示手机 · Demo phone</h1>
<p class="notice">演示环境中发给患者手机的短信（验证码、通知），最新的在前；刷新可看新短信。Text messages the demo sent to patients’ phones, newest first; reload for new ones.</p>
${items.length ? `<ol class="messages">${items.join('')}</ol>` : '<p class="empty">还没有短信。No messages yet.</p>'}
</section></main></body></html>`);
  });
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
