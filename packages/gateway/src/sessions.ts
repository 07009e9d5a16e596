/**
 * The gateway's own sessions (table `sessions`): one per sign-in, named by its token's jti.
 * Revoking one refuses its token at once on every gateway (authenticate reads the row) and
 * tells every gateway to close the live connections it opened (a `session` notice).
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '@ihkit/adapters';
import type { Role } from '@ihkit/core';
import type { Tokens } from './auth.js';
import { notify } from './realtime/notices.js';

/** listMySessions shows at most this many, newest first. */
const LIST_LIMIT = 100;

export interface SessionRow {
  id: string;
  created_at: Date;
  expires_at: Date;
}

/** Signs `user` in: a session row and its token. */
export async function startSession(db: Queryable, tokens: Tokens, user: { id: string; role: Role }, now: Date): Promise<{ token: string; expiresAt: string }> {
  const id = `ses_${randomBytes(16).toString('base64url')}`;
  const issued = await tokens.issue(user, id);
  await db.query('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [id, user.id, now, issued.expiresAt]);
  return issued;
}

/** The user's sessions neither revoked nor expired, newest first. */
export async function activeSessions(db: Queryable, userId: string, now: Date): Promise<SessionRow[]> {
  const { rows } = await db.query<SessionRow>(
    `SELECT id, created_at, expires_at FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id LIMIT ${LIST_LIMIT}`,
    [userId, now],
  );
  return rows;
}

/** Whether a session may still be used (a live connection checks again after a missed notice). */
export async function sessionActive(db: Queryable, sessionId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2', [sessionId, now]);
  return rows.length > 0;
}

/**
 * Revokes the user's session `sessionId`, or all of them; returns how many were still active.
 * Undefined when `sessionId` is not one of the user's.
 */
export async function revokeSessions(db: Queryable, userId: string, sessionId: string | null, now: Date): Promise<number | undefined> {
  const { rows } = await db.query(
    'UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND ($2::text IS NULL OR id = $2) AND revoked_at IS NULL AND expires_at > $3 RETURNING id',
    [userId, sessionId, now],
  );
  if (rows.length) await notify(db, { k: 'session', u: userId });
  else if (sessionId && !(await db.query('SELECT 1 FROM sessions WHERE id = $1 AND user_id = $2', [sessionId, userId])).rows.length) return undefined;
  return rows.length;
}

/** Deletes sessions past their expiry (their tokens are refused anyway); returns how many. */
export async function purgeSessions(db: Queryable, now: Date): Promise<number> {
  const { rows } = await db.query('DELETE FROM sessions WHERE expires_at < $1 RETURNING 1', [now]);
  return rows.length;
}
