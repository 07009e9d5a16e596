/**
 * Who is calling. Two kinds of bearer token are accepted:
 * - the gateway's own session tokens (HS256, issuer `urn:ihkit:gateway`, 8 hours), issued by
 *   `login` for demo accounts; `sub` is the opaque user id, `jti` a row of `sessions`
 *   (sessions.ts), so that signing out revokes the token at once;
 * - when configured, tokens of the hospital's identity provider, verified through its JWKS URL
 *   (asymmetric algorithms) or with the shared secret (HS256), with issuer and audience
 *   checked. Their `sub` maps to a user through `users.external_subject`; a subject seen for
 *   the first time becomes a patient user whose HIS patient id is taken from the
 *   `ihkit_patient_id` claim (and their display name from `name`). The gateway cannot revoke
 *   these: they end when they expire, or as the identity provider decides.
 */
import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Queryable } from '@ihkit/adapters';
import type { Role } from '@ihkit/core';
import { HttpProblem } from './problems.js';
import { findOrCreateExternalUser, findUserInSession, type UserRow } from './users.js';

export const SESSION_ISSUER = 'urn:ihkit:gateway';
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const IDP_CLOCK_TOLERANCE_SECONDS = 30;
const IDP_ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface IdpConfig {
  issuer: string;
  audience: string;
  /** Verify with the keys published here; without it, with the gateway's shared secret. */
  jwksUrl?: string;
}

/** Who a valid token names, and until when it is valid. */
export type Identity = ({ kind: 'session'; userId: string; sessionId: string } | { kind: 'idp'; subject: string; patientId?: string; name?: string }) & { expiresAt: Date };

export interface Tokens {
  /** A session token for `user`, its jti the id of a `sessions` row the caller writes (startSession). */
  issue(user: { id: string; role: Role }, sessionId: string): Promise<{ token: string; expiresAt: string }>;
  /** The identity in a valid token, or undefined for anything else (bad, expired, unknown issuer). */
  verify(token: string): Promise<Identity | undefined>;
}

export function createTokens(options: { secret: Uint8Array; idp?: IdpConfig; now: () => Date }): Tokens {
  const { idp, now } = options;
  // Imported once: given raw bytes, jose would import the HMAC key again on every request.
  const secret = createSecretKey(options.secret);
  const jwks = idp?.jwksUrl ? createRemoteJWKSet(new URL(idp.jwksUrl)) : undefined;
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
      let issuer: string | undefined;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        return undefined;
      }
      try {
        if (issuer === SESSION_ISSUER) {
          const { payload } = await jwtVerify(token, secret, { issuer: SESSION_ISSUER, audience: SESSION_ISSUER, algorithms: ['HS256'], currentDate: now(), requiredClaims: ['sub', 'exp', 'jti'] });
          return { kind: 'session', userId: payload.sub!, sessionId: payload.jti!, expiresAt: new Date(payload.exp! * 1000) };
        }
        if (idp && issuer === idp.issuer) {
          const verifyOptions = { issuer: idp.issuer, audience: idp.audience, currentDate: now(), clockTolerance: IDP_CLOCK_TOLERANCE_SECONDS, requiredClaims: ['sub', 'exp'] };
          const { payload } = jwks
            ? await jwtVerify(token, jwks, { ...verifyOptions, algorithms: IDP_ASYMMETRIC_ALGORITHMS })
            : await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] });
          const expiresAt = new Date((payload.exp! + IDP_CLOCK_TOLERANCE_SECONDS) * 1000);
          return { kind: 'idp', subject: payload.sub!, patientId: stringClaim(payload, 'ihkit_patient_id'), name: stringClaim(payload, 'name'), expiresAt };
        }
      } catch {
        // Expired, wrong signature, wrong audience, JWKS unreachable: all mean "not signed in".
      }
      return undefined;
    },
  };
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export interface Authenticated {
  user: UserRow;
  /** When the token stops being accepted. */
  expiresAt: Date;
  /** The gateway session the token belongs to; none for an identity provider's token. */
  sessionId?: string;
}

/** The user behind an Authorization header, when their token stops being accepted and its session, or UNAUTHENTICATED. */
export async function authenticate(db: Queryable, tokens: Tokens, authorization: string | undefined): Promise<Authenticated> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization?.trim() ?? '');
  if (!match) throw new HttpProblem('UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
  const identity = await tokens.verify(match[1]!);
  if (!identity) throw new HttpProblem('UNAUTHENTICATED', 'The token is not valid or has expired.');
  if (identity.kind === 'session') {
    // One query: the user, provided their session is not revoked.
    const user = await findUserInSession(db, identity.userId, identity.sessionId);
    if (!user) throw new HttpProblem('UNAUTHENTICATED', 'The token is not valid, has expired or was revoked.');
    return { user, expiresAt: identity.expiresAt, sessionId: identity.sessionId };
  }
  const user = await findOrCreateExternalUser(db, { subject: identity.subject, displayName: identity.name ?? 'Patient', hisPatientId: identity.patientId });
  return { user, expiresAt: identity.expiresAt };
}
