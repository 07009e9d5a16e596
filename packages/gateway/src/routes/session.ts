/** health, login (demo accounts only), getMe, and the signed-in user's sessions (sign out, list, revoke). */
import type { OperationHandler } from '../operations.js';
import { signedIn } from '../operations.js';
import { dummyPasswordHash, verifyPassword } from '../passwords.js';
import { HttpProblem } from '../problems.js';
import { activeSessions, revokeSessions, startSession } from '../sessions.js';
import { findUserByUsername, toUser } from '../users.js';

export const health: OperationHandler<'health'> = {
  async handle(_call, { db }) {
    await db.query('SELECT 1');
    return { body: { status: 'ok' } };
  },
};

export const login: OperationHandler<'login'> = {
  async handle(call, { db, demo, tokens, limiter, now }) {
    if (!demo) throw new HttpProblem('DEMO_LOGIN_DISABLED', 'Sign in through the hospital portal.');
    const { username, password } = call.body;
    // Every attempt takes from the username's bucket; a success gives it back, so only failures count.
    await limiter.take('login.username', username);
    const user = await findUserByUsername(db, username);
    // Check a password either way, so an unknown username takes as long as a wrong password.
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
    if (!user?.password_hash || !ok) throw new HttpProblem('INVALID_CREDENTIALS');
    await limiter.giveBack('login.username', username);
    const { token, expiresAt } = await startSession(db, tokens, user, now());
    return { status: 201, body: { token, expiresAt, user: toUser(user) } };
  },
};

export const getMe: OperationHandler<'getMe'> = {
  async handle(call) {
    return { body: toUser(signedIn(call)) };
  },
};

export const listMySessions: OperationHandler<'listMySessions'> = {
  async handle(call, { db, now }) {
    const rows = await activeSessions(db, signedIn(call).id, now());
    return {
      body: { items: rows.map((r) => ({ id: r.id, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(), current: r.id === call.sessionId })) },
    };
  },
};

export const logout: OperationHandler<'logout'> = {
  async handle(call, { db, now }) {
    const user = signedIn(call);
    // An identity provider's token is no session of the gateway: nothing to revoke.
    const revoked = call.sessionId ? await revokeSessions(db, user.id, call.sessionId, now()) : 0;
    return { body: { revoked: revoked ?? 0 } };
  },
};

export const logoutEverywhere: OperationHandler<'logoutEverywhere'> = {
  async handle(call, { db, now }) {
    return { body: { revoked: (await revokeSessions(db, signedIn(call).id, null, now())) ?? 0 } };
  },
};

export const revokeSession: OperationHandler<'revokeSession'> = {
  async handle(call, { db, now }) {
    const revoked = await revokeSessions(db, signedIn(call).id, call.params.sessionId, now());
    if (revoked === undefined) throw new HttpProblem('NOT_FOUND', 'No such session of yours.');
    return { body: { revoked } };
  },
};
