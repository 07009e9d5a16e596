// The demo hospital's identity provider: a real, certified OpenID Connect provider (the
// oidc-provider package) running in the demo's own server under /oidc, whose accounts are the
// demo's one-click accounts. Pages sign in with the Authorization Code flow and PKCE, get a JWT
// access token for the gateway's API (a resource indicator, RFC 8707; RFC 9068 tokens signed with
// ES256 and published in its JWKS), refresh it and sign out (RP-initiated logout). A hospital
// runs its own single sign-on instead: the gateway only needs its issuer, the API's audience
// and which claims say what (docs/gateway.md#identity-provider).
//
// createIdentityProvider() makes the provider; mountIdentityProvider() serves it and its pages
// (choose an account, confirm it is you, sign out) on a Fastify app.
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import { Provider, errors } from 'oidc-provider';
import { demoAccounts } from '@ihkit/adapters';
import { errorPage, languageOf, loggedOutPage, loginPage, logoutPage } from './pages.mjs';
import { demoKeys, prepareStore, storeAdapter } from './store.mjs';

/** Where the provider is served; its issuer is the server's URL with this path. */
export const IDP_PATH = '/oidc';
/** The assurance (`acr`) of an account whose real name the hospital checked: the gateway's default real-name level. */
export const REAL_NAME = 'real-name';

const ROLE_TEXT = {
  'zh-CN': { patient: '患者', doctor: '医生', pharmacist: '药师', nurse: '护士', admin: '管理员' },
  en: { patient: 'Patient', doctor: 'Doctor', pharmacist: 'Pharmacist', nurse: 'Nurse', admin: 'Administrator' },
};

/**
 * The demo's accounts as the provider knows them: the claims the gateway reads by default
 * (ihkit_role, ihkit_patient_id, ihkit_doctor_id, ihkit_pharmacist_id, name) and, for patients,
 * the real-name assurance.
 */
export function demoIdentityAccounts() {
  return demoAccounts.map((a) => ({
    subject: a.subject,
    name: a.displayName,
    role: a.role,
    detail: { 'zh-CN': `${ROLE_TEXT['zh-CN'][a.role]} · ${a.username}`, en: `${ROLE_TEXT.en[a.role]} · ${a.username}` },
    acr: a.role === 'patient' ? REAL_NAME : undefined,
    claims: {
      name: a.displayName,
      ihkit_role: a.role,
      ...(a.patientId ? { ihkit_patient_id: a.patientId } : {}),
      ...(a.doctorId ? { ihkit_doctor_id: a.doctorId } : {}),
      ...(a.pharmacistId ? { ihkit_pharmacist_id: a.pharmacistId } : {}),
    },
  }));
}

/**
 * The provider at `issuer` (the server's URL + IDP_PATH), its state in `db`.
 * - accounts: [{ subject, name, detail: {'zh-CN', en}, acr?, claims }] — what each access token says;
 * - clients: [{ clientId, name: {'zh-CN', en}, redirectUris, postLogoutRedirectUris, roles? }] — public
 *   clients (PKCE); `roles`: the accounts its sign-in page offers (all when absent);
 * - audience: the gateway's API, as resource indicator and `aud`;
 * - accessTokenSeconds: how long an access token lasts (short, so that pages refresh);
 * - headers: added to the provider's own pages (the demo's Content-Security-Policy …).
 */
export async function createIdentityProvider({ issuer, db, accounts, clients, audience, accessTokenSeconds = 300, headers = {} }) {
  await prepareStore(db);
  const { jwks, cookieKeys } = await demoKeys(db);
  const bySubject = new Map(accounts.map((a) => [a.subject, a]));
  const provider = new Provider(issuer, {
    adapter: storeAdapter(db),
    jwks,
    cookies: { keys: cookieKeys },
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_name: c.name.en,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
    })),
    pkce: { required: () => true },
    // Cross-origin calls to the token endpoint only from a client's own pages (the pages' origins in its redirect URIs).
    clientBasedCORS: (_ctx, origin, client) => origin !== 'null' && client.redirectUris.some((uri) => new URL(uri).origin === origin),
    // The ID token says who by an opaque subject only: it travels in URLs (id_token_hint at sign-out).
    scopes: ['openid'],
    claims: { openid: ['sub'], acr: null, auth_time: null },
    acrValues: [REAL_NAME],
    async findAccount(_ctx, sub) {
      const account = bySubject.get(sub);
      return account && { accountId: sub, claims: async () => ({ sub }) };
    },
    features: {
      devInteractions: { enabled: false },
      // A page revokes its own tokens only (signing out).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      // The access token is for the gateway's API only.
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => audience,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator) {
          if (indicator !== audience) throw new errors.InvalidTarget();
          return { scope: 'ihkit', audience, accessTokenTTL: accessTokenSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage({ lang: languageOf(ctx.oidc.params?.ui_locales), form });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage({ lang: languageOf(ctx.oidc.params?.ui_locales) });
        },
      },
    },
    // What the gateway reads: the account's claims, when it last signed in and how surely it is who it says.
    async extraTokenClaims(ctx, token) {
      if (token.kind !== 'AccessToken') return undefined;
      const account = bySubject.get(token.accountId);
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      return { ...account?.claims, ...(source?.authTime ? { auth_time: source.authTime } : {}), ...(source?.acr ? { acr: source.acr } : {}) };
    },
    // Each page keeps its own refresh token, whoever signs in next in the same browser; signing out revokes it.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    // The hospital's own pages: no consent screen.
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing && existing.accountId === session.accountId) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid');
      grant.addOIDCClaims(['auth_time', 'acr']);
      grant.addResourceScope(audience, 'ihkit');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `${IDP_PATH}/interaction/${interaction.uid}` },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage({ lang: 'zh-CN', error: out.error });
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenSeconds,
      AuthorizationCode: 60,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 10 * 60,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      IdToken: 3600,
    },
    responseTypes: ['code'],
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.type === 'text/html') ctx.set(headers);
  });
  // The Koa app's own error log would print request details: only the OAuth error code.
  provider.on('server_error', (_ctx, error) => console.error(`identity provider: ${error.name}`));
  return provider;
}

/**
 * Serves a provider on a Fastify app: its endpoints under IDP_PATH, the sign-in pages and their
 * stylesheet (/identity/). `provider()` is asked at each request, so it may be made after the
 * server listens (when its port, and so its issuer, is known). `accounts` and `clients` as for
 * createIdentityProvider.
 */
export async function mountIdentityProvider(app, { provider, accounts, clients }) {
  await app.register(fastifyStatic, { root: fileURLToPath(new URL('assets/', import.meta.url)), prefix: '/identity/', decorateReply: false });

  // The sign-in pages: Fastify routes beside the provider, reading its interaction by cookie.
  await app.register(async (pages) => {
    pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body))));
    pages.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    pages.setErrorHandler(async (error, request, reply) => {
      const lost = error instanceof errors.SessionNotFound;
      if (!lost) request.log.warn({ errorName: error.name }, 'identity provider page failed');
      return reply.code(lost ? 400 : 500).type('text/html; charset=utf-8').send(errorPage({ lang: 'zh-CN', error: lost ? 'session_not_found' : 'server_error' }));
    });
    const details = async (request, reply) => {
      const it = await provider().interactionDetails(request.raw, reply.raw);
      const client = clients.find((c) => c.clientId === it.params.client_id);
      const offered = accounts.filter((a) => !client?.roles || client.roles.includes(a.role));
      return { it, client, offered, lang: languageOf(it.params.ui_locales) };
    };

    pages.get(`${IDP_PATH}/interaction/:uid`, async (request, reply) => {
      const { it, client, offered, lang } = await details(request, reply);
      if (it.prompt.name !== 'login') {
        // Consent is never asked of the hospital's own pages (loadExistingGrant); finish it as given.
        reply.hijack();
        return provider().interactionFinished(request.raw, reply.raw, {}, { mergeWithLastSubmission: true });
      }
      const hint = typeof it.params.login_hint === 'string' ? it.params.login_hint : undefined;
      return reply.type('text/html; charset=utf-8').send(loginPage({ lang, uid: it.uid, accounts: offered, hint, appName: client?.name[lang] ?? it.params.client_id }));
    });

    pages.post(`${IDP_PATH}/interaction/:uid/login`, async (request, reply) => {
      const { it, offered } = await details(request, reply);
      const account = offered.find((a) => a.subject === request.body?.account);
      if (it.prompt.name !== 'login' || !account) return reply.code(400).type('text/html; charset=utf-8').send(errorPage({ lang: 'zh-CN', error: 'invalid_request' }));
      if (it.session?.accountId && it.session.accountId !== account.subject) {
        // Another account is signed in to the provider in this browser (a patient in one tab, a
        // doctor in the next): end that session here. Left to the provider, switching accounts posts
        // a logout form by inline script, which the pages' Content-Security-Policy does not run.
        // The other page keeps its own tokens (they do not expire with the session).
        await (await provider().Session.findByUid(it.session.uid))?.destroy();
        it.session = undefined;
        await it.save(it.exp - Math.floor(Date.now() / 1000));
      }
      reply.hijack();
      return provider().interactionFinished(request.raw, reply.raw, { login: { accountId: account.subject, ...(account.acr ? { acr: account.acr } : {}) } }, { mergeWithLastSubmission: false });
    });

    pages.post(`${IDP_PATH}/interaction/:uid/abort`, async (request, reply) => {
      await details(request, reply);
      reply.hijack();
      return provider().interactionFinished(request.raw, reply.raw, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false });
    });
  });

  // Everything else under IDP_PATH is the provider's own (discovery, JWKS, authorize, token, revoke, end session):
  // the raw request goes to its Koa app unread, the path made relative to where it is mounted.
  const handlers = new WeakMap();
  const handlerOf = (p) => handlers.get(p) ?? handlers.set(p, p.callback()).get(p);
  await app.register(async (endpoints) => {
    endpoints.removeAllContentTypeParsers();
    endpoints.addContentTypeParser('*', (_request, _payload, done) => done(null));
    endpoints.all(`${IDP_PATH}/*`, (request, reply) => {
      reply.hijack();
      const raw = request.raw;
      raw.originalUrl = raw.url;
      raw.url = raw.url.slice(IDP_PATH.length) || '/';
      handlerOf(provider())(raw, reply.raw);
    });
  });
}
