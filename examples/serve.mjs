// `npm start`: the demo hospital. One process serves the gateway's API under /api (and its
// WebSocket at /api/ws), the hospital's identity provider at /oidc (OpenID Connect, where the
// portal and the staff console sign in), the example patient portal at /, the staff console at
// /staff/, a vendor's white-labelled page at /vendor/ and the widget bundles at /ihkit/, every
// page under a strict Content-Security-Policy, on the embedded database (data kept in
// .data/pglite) unless DATABASE_URL names a PostgreSQL server.
import fastifyStatic from '@fastify/static';
import { createGateway, demoNetwork, loadConfig, pageHeaders } from '@ihkit/gateway';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createIdentityProvider, demoIdentityAccounts, IDP_PATH, mountIdentityProvider } from './identity/demo-idp.mjs';
import { freeTcpPort } from '../scripts/local-server.mjs';

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

/** The demo's OAuth clients: the patient portal and the staff console, each signing in the accounts of its kind. */
function identityClients(base) {
  return [
    { clientId: 'ihkit-portal', name: { 'zh-CN': '城东人民医院网上服务', en: 'Chengdong People’s Hospital online services' }, roles: ['patient'],
      redirectUris: [`${base}/`, `${base}/shared/signed-in.html`], postLogoutRedirectUris: [`${base}/`] },
    { clientId: 'ihkit-staff', name: { 'zh-CN': '医护工作台', en: 'Staff console' }, roles: ['doctor', 'pharmacist', 'nurse', 'admin'],
      redirectUris: [`${base}/staff/`, `${base}/shared/signed-in.html`], postLogoutRedirectUris: [`${base}/staff/`] },
  ];
}

/**
 * Builds the demo server; tests call it with their own database and port 0, and `options`
 * for the gateway over its config (a logger, an HIS adapter). IHKIT_PUBLIC_URL: the address
 * people open (default http://localhost:PORT), which the identity provider's issuer is made of;
 * IHKIT_DEMO_TOKEN_SECONDS (default 300): how long its access tokens last before the pages refresh them.
 */
export async function startDemo(env = process.env, options = {}) {
  const host = env.HOST ?? '127.0.0.1';
  // The issuer names the port, so a port of 0 is chosen before anything starts.
  const port = Number(env.PORT ?? 8080) || (await freeTcpPort(host));
  const base = (env.IHKIT_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const issuer = `${base}${IDP_PATH}`;
  const audience = `${base}/api`;
  // The demo's laboratory sends results over HL7 v2 to port 2575 (examples/send-lab-result.mjs).
  const config = loadConfig({
    IHKIT_DATA_DIR: here('../.data/pglite'), IHKIT_DEMO: '1', IHKIT_JWT_SECRET: demoSecret('session-secret'), IHKIT_MLLP_PORT: '2575',
    // The reference CA keeps its keys beside the demo's data; doctors and pharmacists confirm each signature on the demo phone.
    IHKIT_LOCAL_CA_DIR: here('../.data/local-ca'), IHKIT_LOCAL_CA_CONFIRM: 'device',
    // The registration fee is paid online in the sandbox: a booking holds its place for 15 minutes (docs/payments.md).
    IHKIT_BOOKING_HOLD_MINUTES: '15',
    // The city hospital is the regional centre of the demo network (docs/network.md).
    IHKIT_ORGANIZATION_KIND: 'regional-centre',
    ...env,
    // The demo's identity provider, with the gateway's default claims (docs/gateway.md#identity-provider).
    IHKIT_JWT_ISSUER: issuer, IHKIT_JWT_AUDIENCE: audience,
  });
  // Two county hospitals beside it, each with its own demo HIS and staff accounts.
  const gateway = await createGateway({ ...config, ...demoNetwork(config.organization.id), ...options });
  // A start that fails after the gateway was made (its port taken, say) closes it: its database,
  // sockets and timers would otherwise keep the process alive.
  try {
    const { app } = gateway;
    const pages = pageHeaders(STRICT_CSP);
    app.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/api/')) reply.headers(pages);
    });
    // Pages are opened at the public address only: the identity provider and the pages' sign-in are bound to it.
    const publicHost = new URL(base).host;
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'GET' && request.headers.host && request.headers.host !== publicHost && !request.url.startsWith('/api/')) {
        return reply.redirect(`${base}${request.url}`, 308);
      }
    });
    const accounts = demoIdentityAccounts();
    const clients = identityClients(base);
    const identity = await createIdentityProvider({ issuer, db: gateway.db, accounts, clients, audience, accessTokenSeconds: Number(env.IHKIT_DEMO_TOKEN_SECONDS ?? 300), headers: pages });
    await mountIdentityProvider(app, { provider: () => identity, accounts, clients });
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
    if (gateway.localCa) demoSigningPhone(app, gateway.localCa);
    if (gateway.sandboxInsurance) demoInsurancePage(app, gateway.sandboxInsurance);
    await app.listen({ port, host });
  } catch (e) {
    await gateway.close().catch(() => {});
    throw e;
  }
  return { url: base, mllpPort: gateway.mllp?.port, db: gateway.db, close: () => gateway.close() };
}

/** A time as the demo hospital's staff and patients read it: 北京时间 09:12:05. */
const beijingClock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const beijingTime = (at) => `北京时间 ${beijingClock.format(at)} Beijing time`;

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
      `<li><p class="meta"><span class="to">${esc(masked(m.phone))}</span> <time datetime="${esc(m.at.toISOString())}">${esc(beijingTime(m.at))}</time></p><p class="text">${esc(m.text)}</p></li>`);
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
 * The signers' phones, at /demo/phone/sign/: what the reference CA asks doctors and pharmacists
 * to sign (a title, never clinical text), each with 确认签名 / 拒绝 buttons that play the CA's
 * mobile app confirming or refusing on the signer's phone. Only a gateway on the reference CA
 * has it. The page names no one and takes nothing in its URL; the request id goes in the form body.
 */
function demoSigningPhone(app, ca) {
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const pending = () => ca.devices().flatMap((d) => d.pending().map((r) => ({ ...r, device: d })));
  app.get('/demo/phone/sign/', async (request, reply) => {
    const items = pending().map((r) =>
      `<li class="sign-request"><p class="text">${esc(r.title)}</p><p class="meta">请在 <time datetime="${esc(r.expiresAt)}">${esc(beijingTime(new Date(r.expiresAt)))}</time> 前确认 · Confirm before then</p>
<form method="post" action="/demo/phone/sign/"><input type="hidden" name="requestId" value="${esc(r.requestId)}">
<button class="button primary" name="answer" value="confirm">确认签名 Confirm</button> <button class="button" name="answer" value="refuse">拒绝 Refuse</button></form></li>`);
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>演示手机 · 签名 · Demo phone: signing</title><link rel="stylesheet" href="/portal.css"></head>
<body><main class="wrap"><section class="panel"><h1>演示手机 · 签名 · Demo phone: signing</h1>
<p class="notice">演示环境中 CA 签名应用收到的签名请求：医生、药师在此确认或拒绝；刷新可看新请求。What the CA's signing app asks doctors and pharmacists to sign in the demo: confirm or refuse here; reload for new ones.</p>
${items.length ? `<ol class="messages">${items.join('')}</ol>` : '<p class="empty">没有待签名的请求。Nothing to sign.</p>'}
</section></main></body></html>`);
  });
  // The form's answer, in a scope of its own that reads form bodies (the API's reads only its own).
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scope.post('/demo/phone/sign/', async (request, reply) => {
      const { requestId, answer } = request.body ?? {};
      const found = pending().find((r) => r.requestId === requestId);
      if (found && answer === 'confirm') await found.device.confirm(found.requestId);
      else if (found && answer === 'refuse') found.device.refuse(found.requestId);
      return reply.redirect('/demo/phone/sign/', 303);
    });
  });
}

/**
 * The insurer's e-certificate page (医保电子凭证), at /demo/insurance/: where the sandbox insurer
 * sends a patient who chose to pay through medical insurance. 授权 or 拒绝 plays the insurance
 * app confirming or refusing; the patient goes back to the page they came from, the code in
 * its fragment (no server sees it). Only a gateway on the sandbox insurer has it. The page
 * names no one; its address holds only the random state of the authorisation, and the answer
 * goes in the form body.
 */
function demoInsurancePage(app, insurance) {
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = (body) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>医保电子凭证 · Insurance e-certificate</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/portal.css"></head>
<body><main class="wrap"><section class="panel insurance-page"><h1>医保电子凭证 · Insurance e-certificate</h1>${body}</section></main></body></html>`;
  app.get('/demo/insurance/', async (request, reply) => {
    const state = typeof request.query?.state === 'string' ? request.query.state : '';
    const pending = state ? insurance.pending(state) : undefined;
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8');
    if (!pending) return reply.send(page('<p class="empty">没有待授权的请求，或已处理。Nothing to authorise here, or it was answered already.</p>'));
    return reply.send(page(`<p class="notice">演示环境中的国家医保服务平台：城东人民医院请求使用您的医保电子凭证进行医保移动支付结算。授权后医院先向您展示统筹基金、个人账户和个人自付金额，您确认后才结算。The demo's national insurance app: Chengdong People’s Hospital asks to settle through your medical insurance. After you authorise, the hospital shows what the pooled fund, your personal account and you pay; nothing is settled until you confirm.</p>
<form method="post" action="/demo/insurance/"><input type="hidden" name="state" value="${esc(state)}">
<div class="actions"><button class="button primary" name="answer" value="authorise">授权 Authorise</button> <button class="button" name="answer" value="refuse">拒绝 Refuse</button></div></form>`));
  });
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scope.post('/demo/insurance/', async (request, reply) => {
      const { state, answer } = request.body ?? {};
      const back = typeof state === 'string' && (answer === 'authorise' || answer === 'refuse') ? insurance.answer(state, answer) : undefined;
      return reply.redirect(back ? back.returnUrl : '/demo/insurance/', 303);
    });
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
  console.log(`\n  ihkit demo hospital: ${demo.url}\n  (patients sign in at /, doctors and pharmacists at /staff/, through the demo's identity provider at /oidc; Ctrl+C stops)` +
    (demo.mllpPort ? `\n  lab results (HL7 v2 over MLLP) on port ${demo.mllpPort}: try \`node examples/send-lab-result.mjs\`` : '') + '\n');
  const shutdown = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
