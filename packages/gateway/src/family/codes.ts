/**
 * One-time codes that prove a family link: sent to the phone the hospital has on file for the
 * person, entered by the link's holder once the person tells it them.
 *
 * - A code is never stored, logged or sent anywhere but the provider: it is derived from its
 *   row's random id and the gateway's secret (`codeOf`), so the outbox holds only the row's id
 *   and the relay works the code out when it sends it.
 * - Valid for CODE_MINUTES from when the provider took it (a provider that was down delays the
 *   clock, not the code); the next code asked for replaces it; used once; spent after
 *   MAX_WRONG_TRIES wrong tries. A new code may be asked for RESEND_SECONDS after the last.
 * - `checkCode` answers what a try was; the caller records nothing else, and refuses with the
 *   outcome's code after the transaction has kept the count of wrong tries.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '@ihkit/adapters';
import { CONSENT_CODE_DIGITS, normalizeConsentCode } from '@ihkit/core';

export const CODE_MINUTES = 10;
export const MAX_WRONG_TRIES = 5;
export const RESEND_SECONDS = 60;

export interface CodeRow {
  id: string;
  link_id: string;
  created_at: Date;
  sent_at: Date | null;
  superseded_at: Date | null;
  used_at: Date | null;
  wrong_tries: number;
}

const COLUMNS = 'id, link_id, created_at, sent_at, superseded_at, used_at, wrong_tries';

/** The code of the code row `codeId`: CONSENT_CODE_DIGITS digits from an HMAC of its id under the gateway's secret. */
export function codeOf(secret: Uint8Array, codeId: string): string {
  const mac = createHmac('sha256', secret).update(`ihkit family-link code\n${codeId}`).digest();
  return String(mac.readUInt32BE(0) % 10 ** CONSENT_CODE_DIGITS).padStart(CONSENT_CODE_DIGITS, '0');
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Until when a code works: CODE_MINUTES after it was sent (or made, while it waits to be). */
export function expiryOf(code: Pick<CodeRow, 'created_at' | 'sent_at'>): Date {
  return new Date((code.sent_at ?? code.created_at).getTime() + CODE_MINUTES * 60_000);
}

/** When the next code may be asked for. */
export function resendAfter(code: Pick<CodeRow, 'created_at'>): Date {
  return new Date(code.created_at.getTime() + RESEND_SECONDS * 1000);
}

/** The link's latest code (the only one that can prove it), if any. */
export async function latestCode(q: Queryable, linkId: string): Promise<CodeRow | undefined> {
  const { rows } = await q.query<CodeRow>(`SELECT ${COLUMNS} FROM family_link_codes WHERE link_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [linkId]);
  return rows[0];
}

/** A new code for the link (the caller sends it through the outbox); any earlier one is replaced. Returns its row's id. */
export async function newCode(tx: Queryable, linkId: string, now: Date): Promise<string> {
  await tx.query('UPDATE family_link_codes SET superseded_at = $2 WHERE link_id = $1 AND superseded_at IS NULL', [linkId, now]);
  const id = `flc_${randomBytes(12).toString('base64url')}`;
  await tx.query('INSERT INTO family_link_codes (id, link_id, created_at) VALUES ($1, $2, $3)', [id, linkId, now]);
  return id;
}

/** Records that the provider took the code (its validity starts). */
export async function codeSent(q: Queryable, codeId: string, now: Date): Promise<void> {
  await q.query('UPDATE family_link_codes SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL', [codeId, now]);
}

/** Whether the code row can still be sent: the link's current code, unused, for a pending link. */
export async function codeStillWanted(q: Queryable, codeId: string): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM family_link_codes c JOIN user_patients l ON l.id = c.link_id
      WHERE c.id = $1 AND c.superseded_at IS NULL AND c.used_at IS NULL AND l.status = 'pending'`,
    [codeId],
  );
  return rows.length > 0;
}

/** What a try was: the current code, in time (`ok`: now used), or why not; `not-pending` for a link no code can prove now. */
export type CodeOutcome = 'ok' | 'invalid' | 'expired' | 'used' | 'not-pending';

/**
 * Checks `typed` against the link's codes, inside the transaction that holds the link locked:
 * a code used before is `used` (a replay); the latest, unused, in time and not spent by wrong
 * tries is `ok` and is used now; any earlier or spent one is `expired`; anything else is
 * `invalid` and counts as a wrong try against the latest code. A link that is not `provable` by a
 * code now (not pending, or a child's) is `not-pending`, unless the code is a used one.
 */
export async function checkCode(tx: Queryable, secret: Uint8Array, linkId: string, typed: string, now: Date, provable: boolean): Promise<CodeOutcome> {
  const code = normalizeConsentCode(typed);
  const { rows } = await tx.query<CodeRow>(`SELECT ${COLUMNS} FROM family_link_codes WHERE link_id = $1 ORDER BY created_at DESC, id DESC FOR UPDATE`, [linkId]);
  const latest = rows[0];
  // Every row is compared, so that how long this takes says nothing about which one matched.
  const matched = rows.filter((r) => sameCode(codeOf(secret, r.id), code));
  if (matched.some((r) => r.used_at)) return 'used';
  if (!provable) return 'not-pending';
  if (!latest || !matched.includes(latest)) {
    if (latest && !latest.used_at && !latest.superseded_at) await tx.query('UPDATE family_link_codes SET wrong_tries = wrong_tries + 1 WHERE id = $1', [latest.id]);
    return matched.length ? 'expired' : 'invalid';
  }
  if (latest.superseded_at || latest.wrong_tries >= MAX_WRONG_TRIES || now > expiryOf(latest)) return 'expired';
  await tx.query('UPDATE family_link_codes SET used_at = $2 WHERE id = $1', [latest.id, now]);
  return 'ok';
}
