/** health, login (demo accounts only) and getMe. */
import type { OperationHandler } from '../operations.js';
import { signedIn } from '../operations.js';
import { dummyPasswordHash, verifyPassword } from '../passwords.js';
import { HttpProblem } from '../problems.js';
import { findUserByUsername, toUser } from '../users.js';

export const health: OperationHandler<'health'> = {
  async handle(_call, { db }) {
    await db.query('SELECT 1');
    return { body: { status: 'ok' } };
  },
};

export const login: OperationHandler<'login'> = {
  async handle(call, { db, demo, tokens }) {
    if (!demo) throw new HttpProblem('DEMO_LOGIN_DISABLED', 'Sign in through the hospital portal.');
    const { username, password } = call.body;
    const user = await findUserByUsername(db, username);
    // Check a password either way, so an unknown username takes as long as a wrong password.
    const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
    if (!user?.password_hash || !ok) throw new HttpProblem('INVALID_CREDENTIALS');
    const { token, expiresAt } = await tokens.issue(user);
    return { status: 201, body: { token, expiresAt, user: toUser(user) } };
  },
};

export const getMe: OperationHandler<'getMe'> = {
  async handle(call) {
    return { body: toUser(signedIn(call)) };
  },
};
