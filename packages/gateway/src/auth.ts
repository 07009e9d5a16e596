/**
 * Who is calling. Two kinds of bearer token are accepted:
 * - the gateway's own session tokens (HS256 under IHKIT_JWT_SECRET, issuer `urn:ihkit:gateway`,
 *   8 hours), issued by `login` for demo accounts; `sub` is the opaque user id, `jti` a row of
 *   `sessions` (sessions.ts), so that signing out revokes the token at once;
 * - when configured, access tokens of the hospital's identity provider (OpenID Connect), for
 *   every role: verified by the provider's published keys (its JWKS, found by discovery from
 *   the issuer unless IHKIT_JWKS_URL names it), with issuer, audience and expiry checked. Their
 *   claims are read by identity.ts and their subject bound to one account by external-users.ts.
 *   The gateway cannot revoke these: they end when they expire, or as the identity provider decides.
 * A refused token is answered UNAUTHENTICATED, and why is logged at debug level (never the token).
 */
import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { FastifyBaseLogger } from 'fastify';
import type { Queryable } from '@ihkit/adapters';
import type { Role } from '@ihkit/core';
import { resolveExternalUser } from './external-users.js';
import { readClaims, type Claimed, type ClaimMapping } from './identity.js';
import type { Organizations } from './organizations/registry.js';
import { HttpProblem } from './problems.js';
import { findUserInSession, type UserRow } from './users.js';

export const SESSION_ISSUER = 'urn:ihkit:gateway';
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const IDP_CLOCK_TOLERANCE_SECONDS = 30;
/** Asymmetric only: a shared secret would let whoever holds it mint tokens for anyone. */
const IDP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const DISCOVERY_TIMEOUT_MS = 5000;

export interface IdpConfig {
  /** IHKIT_JWT_ISSUER: the `iss` of its tokens, exactly. */
  issuer: string;
  /** IHKIT_JWT_AUDIENCE: the `aud` its access tokens carry for this gateway's API. */
  audience: string;
  /** IHKIT_JWKS_URL: where its signing keys are; without it, the `jwks_uri` of its discovery document. */
  jwksUrl?: string;
  /** Which claims say what (IHKIT_JWT_*_CLAIM …). */
  claims: ClaimMapping;
}

/** Who a valid token names, and until when it is valid. */
export type Identity =
  | { kind: 'session'; userId: string; sessionId: string; authenticatedAt: Date; expiresAt: Date }
  | { kind: 'idp'; subject: string; claimed: Claimed; expiresAt: Date };

/** Why a token was refused: for the debug log, never for the caller. */
export interface Refusal {
  reason: string;
  /** More for the operator (the claim at fault, an expected value); never the token or personal data. */
  detail?: string;
}

export interface Tokens {
  /** A session token for `user`, its jti the id of a `sessions` row the caller writes (startSession). */
  issue(user: { id: string; role: Role }, sessionId: string): Promise<{ token: string; expiresAt: string }>;
  /** The identity in a valid token, or why it is refused (bad, expired, unknown issuer, no role …). */
  verify(token: string): Promise<{ identity: Identity } | { refused: Refusal }>;
}

export function createTokens(options: { secret: Uint8Array; idp?: IdpConfig; now: () => Date }): Tokens {
  const { idp, now } = options;
  // Imported once: given raw bytes, jose would import the HMAC key again on every request.
  const secret = createSecretKey(options.secret);
  const keys = idp ? idpKeys(idp) : undefined;
  const seconds = () => Math.floor(now().getTime() / 1000);

  return {
    async issue(user, sessionId) {
      const iat = seconds();
      const exp = iat + SESSION_TTL_SECONDS;
      const token = await new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(SESSION_ISSUER)
        .setAudience(SESSION_ISSUER)
        .setSubject(user.id)
        .setJti(sessionId)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(secret);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },

    async verify(token) {
      let issuer: unknown;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        return { refused: { reason: 'malformed', detail: 'not a JWT (an opaque access token cannot be verified: ask the identity provider for JWT access tokens)' } };
      }
      try {
        if (issuer === SESSION_ISSUER) {
          const { payload } = await jwtVerify(token, secret, { issuer: SESSION_ISSUER, audience: SESSION_ISSUER, algorithms: ['HS256'], currentDate: now(), requiredClaims: ['sub', 'exp', 'jti', 'iat'] });
          return { identity: { kind: 'session', userId: payload.sub!, sessionId: payload.jti!, authenticatedAt: new Date(payload.iat! * 1000), expiresAt: new Date(payload.exp! * 1000) } };
        }
        if (!idp) return { refused: { reason: 'unknown-issuer', detail: 'no identity provider is configured (IHKIT_JWT_ISSUER)' } };
        if (issuer !== idp.issuer) return { refused: { reason: 'unknown-issuer', detail: `expected iss ${JSON.stringify(idp.issuer)}, got ${JSON.stringify(typeof issuer === 'string' ? issuer.slice(0, 200) : issuer ?? null)}` } };
        const { payload } = await jwtVerify(token, keys!, {
          issuer: idp.issuer, audience: idp.audience, algorithms: IDP_ALGORITHMS, currentDate: now(), clockTolerance: IDP_CLOCK_TOLERANCE_SECONDS, requiredClaims: ['sub', 'exp'],
        });
        const read = readClaims(payload, idp.claims);
        if ('refused' in read) return { refused: { reason: read.refused, detail: `see the ${read.refused.startsWith('role') ? `"${idp.claims.role}"` : 'practitioner id'} claim (IHKIT_JWT_*_CLAIM)` } };
        return { identity: { kind: 'idp', subject: payload.sub!, claimed: read.claimed, expiresAt: new Date((payload.exp! + IDP_CLOCK_TOLERANCE_SECONDS) * 1000) } };
      } catch (error) {
        return { refused: refusalOf(error, idp) };
      }
    },
  };
}

/** What went wrong verifying, from jose's error codes (its messages and payloads are not logged). */
function refusalOf(error: unknown, idp: IdpConfig | undefined): Refusal {
  if (error instanceof joseErrors.JWTExpired) return { reason: 'expired' };
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const expected = error.claim === 'aud' ? ` (expected ${JSON.stringify(idp?.audience)}: IHKIT_JWT_AUDIENCE)` : '';
    return { reason: `claim-${error.claim}`, detail: `${error.reason}${expected}` };
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return { reason: 'algorithm-not-allowed', detail: 'identity provider tokens must be signed with an asymmetric key published in its JWKS (RS…, PS…, ES…, EdDSA)' };
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { reason: 'bad-signature' };
  if (error instanceof joseErrors.JWKSNoMatchingKey) return { reason: 'no-matching-key', detail: 'no key of the JWKS matches the token\'s kid and alg' };
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) return { reason: 'ambiguous-key' };
  if (error instanceof joseErrors.JOSEError && (error.code === 'ERR_JWT_INVALID' || error.code === 'ERR_JWS_INVALID')) return { reason: 'malformed' };
  if (error instanceof IdpUnreachable) return { reason: 'keys-unavailable', detail: error.message };
  if (error instanceof joseErrors.JOSEError) return { reason: 'keys-unavailable', detail: error.code };
  return { reason: 'keys-unavailable', detail: error instanceof Error ? error.name : 'unknown' };
}

class IdpUnreachable extends Error {}

/** The `jwks_uri` of the identity provider's OpenID discovery document, which must name IHKIT_JWT_ISSUER as its issuer. */
async function discoverJwksUri(idp: IdpConfig): Promise<string> {
  const url = `${idp.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const metadata = (await fetchJson(url, 'discovery document')) as { issuer?: unknown; jwks_uri?: unknown };
  if (metadata.issuer !== idp.issuer) throw new IdpUnreachable(`${url} names the issuer ${JSON.stringify(metadata.issuer)}, not IHKIT_JWT_ISSUER ${JSON.stringify(idp.issuer)}`);
  if (typeof metadata.jwks_uri !== 'string') throw new IdpUnreachable(`${url} has no jwks_uri`);
  return metadata.jwks_uri;
}

async function fetchJson(url: string, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (error) {
    // fetch says "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, a timeout).
    const inner = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const cause = typeof inner?.code === 'string' ? inner.code : typeof inner?.message === 'string' ? inner.message : error instanceof Error ? error.message : 'failed';
    throw new IdpUnreachable(`its ${what} ${url} could not be fetched (${cause})`);
  }
  if (!res.ok) throw new IdpUnreachable(`its ${what} ${url} answered HTTP ${res.status}`);
  try {
    return await res.json();
  } catch {
    throw new IdpUnreachable(`its ${what} ${url} is not JSON`);
  }
}

/**
 * The identity provider's keys: the JWKS at IHKIT_JWKS_URL, else at the `jwks_uri` of its
 * OpenID discovery document (fetched on first use, and again after a failure). jose caches the
 * key set and fetches it again for a key id it does not know (key rotation).
 */
function idpKeys(idp: IdpConfig): JWTVerifyGetKey {
  if (idp.jwksUrl) return createRemoteJWKSet(new URL(idp.jwksUrl));
  let discovered: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    discovered ??= discoverJwksUri(idp).then((uri) => createRemoteJWKSet(new URL(uri))).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return (await discovered)(header, token);
  };
}

/**
 * What is wrong with the identity provider as configured, or undefined when its discovery
 * document (unless IHKIT_JWKS_URL is set) and its key set can be fetched and hold signing keys.
 * Run at startup, so that a wrong IHKIT_JWT_ISSUER or an unreachable provider is named at once
 * rather than as every sign-in failing. (The audience cannot be checked without a token: a
 * token for another audience is refused with `claim-aud` and the expected value in the debug log.)
 */
export async function probeIdentityProvider(idp: IdpConfig): Promise<string | undefined> {
  try {
    const jwksUri = idp.jwksUrl ?? (await discoverJwksUri(idp));
    const jwks = (await fetchJson(jwksUri, 'key set (JWKS)')) as { keys?: unknown };
    const keys = Array.isArray(jwks.keys) ? (jwks.keys as Array<{ kty?: unknown; use?: unknown }>) : [];
    if (!keys.some((k) => k.kty !== 'oct' && k.use !== 'enc')) return `its key set ${jwksUri} holds no public signing key`;
    return undefined;
  } catch (error) {
    return error instanceof IdpUnreachable ? error.message : `it could not be checked (${error instanceof Error ? error.name : 'unknown'})`;
  }
}

export interface Authenticated {
  user: UserRow;
  /** When the token stops being accepted. */
  expiresAt: Date;
  /** When its holder last proved who they are (signed in); unknown for an identity provider's token without `auth_time`. */
  authenticatedAt?: Date;
  /** The gateway session the token belongs to; none for an identity provider's token. */
  sessionId?: string;
}

/** What authenticate needs: the database, the token verifier and the organizations (their HIS: staff names); a logger for why a token is refused. */
export interface AuthServices {
  db: Queryable;
  tokens: Tokens;
  organizations: Organizations;
}

type RefusalLog = Pick<FastifyBaseLogger, 'debug' | 'warn'>;

/** The user behind an Authorization header, when their token stops being accepted and its session, or UNAUTHENTICATED. */
export async function authenticate(services: AuthServices, authorization: string | undefined, log: RefusalLog): Promise<Authenticated> {
  const refuse = (refusal: Refusal, detail = 'The token is not valid or has expired.'): never => {
    log.debug({ tokenRefused: refusal.reason, ...(refusal.detail ? { why: refusal.detail } : {}) }, 'token refused');
    throw new HttpProblem('UNAUTHENTICATED', detail);
  };
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization?.trim() ?? '');
  if (!match) refuse({ reason: authorization ? 'not-bearer' : 'no-token' }, 'Send Authorization: Bearer <token>.');
  const verified = await services.tokens.verify(match![1]!);
  if ('refused' in verified) return refuse(verified.refused);
  const { identity } = verified;
  if (identity.kind === 'session') {
    // One query: the user, provided their session is not revoked.
    const user = await findUserInSession(services.db, identity.userId, identity.sessionId);
    if (!user) return refuse({ reason: 'session-ended' }, 'The token is not valid, has expired or was revoked.');
    return { user, expiresAt: identity.expiresAt, authenticatedAt: identity.authenticatedAt, sessionId: identity.sessionId };
  }
  const resolved = await resolveExternalUser(services.db, services.organizations, identity.subject, identity.claimed);
  if ('refused' in resolved) {
    // An account the identity provider names that cannot be this one: the hospital's IT must look.
    log.warn({ tokenRefused: resolved.refused.reason, userId: resolved.refused.userId, practitionerId: resolved.refused.practitionerId }, 'identity provider token refused: its claims do not match the account');
    return refuse(resolved.refused, 'This account cannot be used here; ask the hospital\'s IT to check it.');
  }
  return { user: resolved.user, expiresAt: identity.expiresAt, ...(identity.claimed.authenticatedAt ? { authenticatedAt: identity.claimed.authenticatedAt } : {}) };
}
