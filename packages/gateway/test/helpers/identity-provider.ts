/**
 * A real OpenID provider for the tests: the demo's (oidc-provider, examples/identity) on a
 * loopback port with the accounts a test gives, and a user agent that signs in through it —
 * the Authorization Code flow with PKCE, as a browser would, cookies and all — and refreshes.
 */
import { createHash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { Db } from '@ihkit/adapters';
import { openPglite } from '../../src/db/index.js';
import { createIdentityProvider, IDP_PATH, mountIdentityProvider } from '../../../../examples/identity/demo-idp.mjs';

export interface IdpAccount {
  subject: string;
  name: string;
  role?: string;
  /** The assurance given at sign-in (`acr`). */
  acr?: string;
  /** What its access tokens say (the role claim, HIS ids, name …). */
  claims: Record<string, unknown>;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
}

export interface TestIdp {
  issuer: string;
  /** The gateway's API as the provider names it: resource indicator and `aud`. */
  audience: string;
  /** A browser of its own (cookies kept): signs `subject` in (prompt=login); with maxAge 0, a fresh authentication of the same person. */
  browser(): { signIn(subject: string, opts?: { maxAge?: number }): Promise<IssuedTokens> };
  refresh(refreshToken: string): Promise<IssuedTokens>;
  close(): Promise<void>;
}

const CLIENT_ID = 'ihkit-test';
const REDIRECT_URI = 'http://127.0.0.1:9/signed-in';
export const TEST_AUDIENCE = 'https://gateway.test/api';

export async function startIdentityProvider(accounts: IdpAccount[], opts: { accessTokenSeconds?: number } = {}): Promise<TestIdp> {
  const db: Db = await openPglite();
  const app = Fastify();
  const clients = [{ clientId: CLIENT_ID, name: { 'zh-CN': '测试', en: 'Test' }, redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [REDIRECT_URI] }];
  let provider: unknown;
  await mountIdentityProvider(app, { provider: () => provider, accounts, clients });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const issuer = `${base}${IDP_PATH}`;
  provider = await createIdentityProvider({ issuer, db, accounts, clients, audience: TEST_AUDIENCE, accessTokenSeconds: opts.accessTokenSeconds ?? 900 });

  const token = async (form: Record<string, string>): Promise<IssuedTokens> => {
    const res = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: CLIENT_ID, ...form }) });
    if (!res.ok) throw new Error(`token endpoint: ${res.status} ${await res.text()}`);
    return (await res.json()) as IssuedTokens;
  };

  return {
    issuer,
    audience: TEST_AUDIENCE,
    browser() {
      const cookies = new Map<string, string>();
      /** One request without following redirects; cookies in and out. Returns where it redirects to. */
      const go = async (url: string, init: RequestInit = {}): Promise<URL> => {
        const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const eq = pair!.indexOf('=');
          const [name, value] = [pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim()];
          if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) cookies.delete(name);
          else cookies.set(name, value);
        }
        const location = res.headers.get('location');
        if (res.status < 300 || res.status > 399 || !location) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname}: expected a redirect, got ${res.status} ${(await res.text()).slice(0, 300)}`);
        return new URL(location, url);
      };
      return {
        async signIn(subject, { maxAge } = {}) {
          const verifier = randomBytes(32).toString('base64url');
          const state = randomBytes(8).toString('hex');
          const authorize = new URL(`${issuer}/auth`);
          for (const [k, v] of Object.entries({
            client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state, resource: TEST_AUDIENCE,
            code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
            // As the demo's pages: choose the account each time; to confirm it is you, max_age=0 with a hint.
            ...(maxAge !== undefined ? { max_age: String(maxAge), login_hint: subject } : { prompt: 'login' }),
          })) authorize.searchParams.set(k, v);
          const interaction = await go(authorize.href);
          const resume = await go(`${interaction.href}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ account: subject }).toString() });
          const back = await go(resume.href);
          if (back.searchParams.get('state') !== state || !back.searchParams.get('code')) throw new Error(`no code: ${back.searchParams.get('error') ?? back.href}`);
          return token({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: REDIRECT_URI, code_verifier: verifier, resource: TEST_AUDIENCE });
        },
      };
    },
    refresh: (refreshToken) => token({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async close() {
      await app.close();
      await db.close();
    },
  };
}
