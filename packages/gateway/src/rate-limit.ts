/**
 * Rate limits: a token bucket per rule and subject (a client address, a user, a username).
 * Each bucket holds up to `limit` requests and refills at `limit` per `windowSeconds`, so a
 * burst of `limit` passes and after it one request per window / limit. The rules and their
 * defaults are here; which operations they guard is `x-ihkit-rate-limit` in openapi.yaml (the
 * router takes `<class>.address` and, signed in, `<class>.user`); `login.username` counts
 * failed sign-ins only (the login handler gives a success's token back), and the rules in
 * REFUSALS_ONLY refused calls only (the router gives a success's token back).
 *
 * Buckets live in PostgreSQL (`rate_limits`), not in memory: gateways behind a balancer share
 * them, so N gateways do not multiply a limit by N, and a flood of made-up usernames or
 * addresses grows a table the sweep trims (rows idle longer than the longest window are full
 * buckets, so they are deleted) rather than a process's heap. Each check is one upsert. Keys
 * are HMACs of the rule and subject under the session secret: no addresses or usernames are
 * stored. IPv6 clients are counted per /64, the block one subscriber usually holds.
 */
import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Queryable } from '@ihkit/adapters';
import { HttpProblem } from './problems.js';

export interface RateLimit {
  /** Requests a bucket holds (the largest burst). */
  limit: number;
  /** How long it takes to refill from empty. */
  windowSeconds: number;
}

/** The rules, with their defaults. */
export const RATE_LIMIT_DEFAULTS = {
  /** Sign-in attempts from one address (credential stuffing across many usernames). */
  'login.address': { limit: 30, windowSeconds: 60 },
  /** Failed sign-ins to one username, from anywhere (guessing one account's password). */
  'login.username': { limit: 10, windowSeconds: 15 * 60 },
  /** Writes that hold the hospital's resources: booking, requesting a consult, linking a family member. */
  'booking.user': { limit: 10, windowSeconds: 60 },
  'booking.address': { limit: 60, windowSeconds: 60 },
  /** Consult messages and images. */
  'messages.user': { limit: 60, windowSeconds: 60 },
  'messages.address': { limit: 300, windowSeconds: 60 },
  /** Home readings of follow-up plans (a meter or a script flooding the care team's desk). */
  'readings.user': { limit: 30, windowSeconds: 60 },
  'readings.address': { limit: 300, windowSeconds: 60 },
  /** The care desk's patient search (a search by name or digits, walked through the hospital's patients). */
  'search.user': { limit: 20, windowSeconds: 60 },
  'search.address': { limit: 120, windowSeconds: 60 },
  /** Refused payment notifications from one address (forged or stale ones); verified ones are given back. */
  'notify.address': { limit: 60, windowSeconds: 60 },
  /** One-time codes of family links asked for and tried (guessing a code). */
  'consent.user': { limit: 10, windowSeconds: 15 * 60 },
  'consent.address': { limit: 30, windowSeconds: 15 * 60 },
  /** Codes sent to one person's phone, whoever asks (a phone flooded with codes). */
  'consent.person': { limit: 5, windowSeconds: 60 * 60 },
  /** The public schedule (departments, doctors, slots) read before signing in or after: a scraper, not a patient. */
  'schedule.address': { limit: 600, windowSeconds: 60 },
  /** Health education articles read before signing in or after: a scraper, not a reader. */
  'articles.address': { limit: 600, windowSeconds: 60 },
  /** Unknown prescription verification codes tried from one address (guessing a code); known ones are given back. */
  'verify.address': { limit: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimit>;

export type RateLimitRule = keyof typeof RATE_LIMIT_DEFAULTS;
/** Every rule's limit; null: not limited. */
export type RateLimits = Record<RateLimitRule, RateLimit | null>;

export const RATE_LIMIT_RULES = Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitRule[];

/**
 * Rules that count refused requests only: the router takes a token before the call and gives
 * it back when the call succeeds, so a busy honest caller is never limited.
 */
export const REFUSALS_ONLY: readonly RateLimitRule[] = ['notify.address', 'verify.address'];

/** The classes operations may name in `x-ihkit-rate-limit`. */
export const RATE_LIMIT_CLASSES = [...new Set(RATE_LIMIT_RULES.map((r) => r.split('.')[0]!))];

/**
 * IHKIT_RATE_LIMITS over the defaults: `off` (no limits: load tests), or comma-separated
 * `rule=limit/window` and `rule=off`, the window in s, m or h (`booking.user=100/1m`).
 */
export function parseRateLimits(text: string | undefined): RateLimits {
  const limits: RateLimits = { ...RATE_LIMIT_DEFAULTS };
  if (text === undefined) return limits;
  if (/^off$/i.test(text.trim())) return rateLimitsOff();
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+\.[a-z]+)=(?:(off)|(\d+)\/(\d+)([smh]))$/i.exec(part);
    const rule = m?.[1] as RateLimitRule | undefined;
    if (!m || !rule || !RATE_LIMIT_RULES.includes(rule) || (!m[2] && !(Number(m[3]) >= 1 && Number(m[4]) >= 1))) {
      throw new Error(`IHKIT_RATE_LIMITS: "${part}" is not rule=limit/window (window in s, m or h) or rule=off; rules: ${RATE_LIMIT_RULES.join(', ')}`);
    }
    limits[rule] = m[2] ? null : { limit: Number(m[3]), windowSeconds: Number(m[4]) * { s: 1, m: 60, h: 3600 }[m[5]!.toLowerCase() as 's' | 'm' | 'h'] };
  }
  return limits;
}

export function rateLimitsOff(): RateLimits {
  return Object.fromEntries(RATE_LIMIT_RULES.map((r) => [r, null])) as RateLimits;
}

/** What a client address counts as: an IPv4 address, or an IPv6 address's /64. */
export function addressSubject(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export interface RateLimiter {
  /** Takes one request from the bucket of `rule` for `subject`; RATE_LIMITED, with Retry-After, when it is empty. */
  take(rule: RateLimitRule, subject: string): Promise<void>;
  /** Gives one back (a sign-in that succeeded is not a failure). */
  giveBack(rule: RateLimitRule, subject: string): Promise<void>;
  /** Deletes buckets idle long enough to be full again; returns how many. */
  purge(): Promise<number>;
}

export function createRateLimiter(options: { db: Queryable; limits: RateLimits; secret: Uint8Array; now: () => Date; onLimited?: (rule: RateLimitRule) => void }): RateLimiter {
  const { db, limits, now } = options;
  const key = (rule: RateLimitRule, subject: string) => createHmac('sha256', options.secret).update(`${rule}\n${subject}`).digest('base64url').slice(0, 32);
  const longest = Math.max(0, ...Object.values(limits).map((l) => l?.windowSeconds ?? 0));
  // The bucket's level now: what it held, plus what flowed in since, up to the limit; `enough`
  // forgives rounding, so that waiting exactly Retry-After is enough.
  const level = 'LEAST($3::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM $2::timestamptz - b.at)::float8) * $4::float8)';
  const enough = `${level} >= 0.999999`;

  return {
    async take(rule, subject) {
      const l = limits[rule];
      if (!l) return;
      const perSecond = l.limit / l.windowSeconds;
      const { rows } = await db.query<{ tokens: number; granted: boolean }>(
        `INSERT INTO rate_limits AS b (key, tokens, at, granted) VALUES ($1, $3::float8 - 1, $2, true)
         ON CONFLICT (key) DO UPDATE SET
           tokens = CASE WHEN ${enough} THEN GREATEST(0, ${level} - 1) ELSE ${level} END,
           granted = ${enough},
           at = GREATEST(b.at, $2)
         RETURNING tokens, granted`,
        [key(rule, subject), now(), l.limit, perSecond],
      );
      const row = rows[0]!;
      if (row.granted) return;
      options.onLimited?.(rule);
      const retryAfter = Math.max(1, Math.ceil((1 - Number(row.tokens)) / perSecond));
      throw new HttpProblem('RATE_LIMITED', `Too many requests (${rule}); try again in ${retryAfter} s.`, undefined, undefined, retryAfter);
    },

    async giveBack(rule, subject) {
      const l = limits[rule];
      if (!l) return;
      await db.query('UPDATE rate_limits SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1', [key(rule, subject), l.limit]);
    },

    async purge() {
      const { rows } = await db.query('DELETE FROM rate_limits WHERE at < $1 RETURNING 1', [new Date(now().getTime() - longest * 1000)]);
      return rows.length;
    },
  };
}
