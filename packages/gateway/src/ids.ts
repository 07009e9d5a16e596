import { randomBytes } from 'node:crypto';

/** A new opaque id with a prefix that says what it names: `con_…`, `rx_…`, `pay_…` (96 random bits, base64url). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
