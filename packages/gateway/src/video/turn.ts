/**
 * TURN credentials as coturn's `use-auth-secret` (the TURN REST scheme) checks them: the
 * username is `<expiry unix time>:<user id>` and the password the base64 HMAC-SHA1 of that
 * username under the secret the gateway shares with the TURN server. Nothing is stored: the
 * TURN server recomputes the password and refuses it after the expiry.
 */
import { createHmac } from 'node:crypto';

export interface TurnConfig {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

export function turnCredentials(turn: TurnConfig, userId: string, now: Date): { username: string; credential: string; expiresAt: Date } {
  const expiry = Math.floor(now.getTime() / 1000) + turn.ttlSeconds;
  const username = `${expiry}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}
