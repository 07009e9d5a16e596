/**
 * What the realtime socket lets one connection and one user do, in this gateway process (a
 * socket lives in one process, so its budgets are kept in memory, not in the database as the
 * HTTP rate limits are): a frame budget per connection and per user, the user's allowance of
 * subscribes and video joins, typing passed on once per consult per interval, and a cap on
 * the user's open sockets. The numbers are REALTIME_LIMITS in @ihkit/core; socket.ts applies
 * them before it reads a frame.
 */
import { REALTIME_LIMITS, type FrameBudget } from '@ihkit/core';

export type Limits = typeof REALTIME_LIMITS;

/** Milliseconds on a clock that only goes forward (not the gateway's `now`, which tests stop). */
export type Clock = () => number;
const monotonic: Clock = () => performance.now();

/** A token bucket: holds up to `burst`, refilled at `perSecond`. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(private readonly budget: FrameBudget, private readonly clock: Clock = monotonic) {
    this.#tokens = budget.burst;
    this.#at = clock();
  }

  /** Whether one is left now (takes nothing). */
  has(): boolean {
    this.#refill();
    return this.#tokens >= 1;
  }

  /** Takes one if there is one. */
  take(): boolean {
    if (!this.has()) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Full again: nothing left to remember about its subject. */
  get full(): boolean {
    this.#refill();
    return this.#tokens >= this.budget.burst;
  }

  #refill(): void {
    const now = this.clock();
    this.#tokens = Math.min(this.budget.burst, this.#tokens + ((now - this.#at) / 1000) * this.budget.perSecond);
    this.#at = now;
  }
}

/** One user's allowance on this gateway, shared by all their sockets. */
export class UserAllowance {
  /** Their signed-in sockets open now. */
  sockets = 0;
  readonly frames: TokenBucket;
  /** subscribe and video-join. */
  readonly lookups: TokenBucket;
  /** When a typing notice of theirs last went out, per consult. */
  readonly #typingAt = new Map<string, number>();

  constructor(private readonly limits: Limits, private readonly clock: Clock) {
    this.frames = new TokenBucket(limits.userFrames, clock);
    this.lookups = new TokenBucket(limits.lookups, clock);
  }

  /** True when a typing notice for `consultId` may go out now (and notes that it does); false: drop it. */
  typingDue(consultId: string): boolean {
    const now = this.clock();
    const interval = this.limits.typingIntervalMs;
    if (now - (this.#typingAt.get(consultId) ?? -Infinity) < interval) return false;
    if (this.#typingAt.size >= this.limits.subscriptionsPerConnection) {
      for (const [id, at] of this.#typingAt) if (now - at >= interval) this.#typingAt.delete(id);
    }
    this.#typingAt.set(consultId, now);
    return true;
  }

  /** No socket, and nothing spent that has not come back: it can be forgotten. */
  get idle(): boolean {
    const now = this.clock();
    return this.sockets === 0 && this.frames.full && this.lookups.full && [...this.#typingAt.values()].every((at) => now - at >= this.limits.typingIntervalMs);
  }
}

/** What `admit` decides for a frame. */
export type Admission = 'read' | 'drop' | 'close';

/** One connection's frame budget, and once it has signed in its user's too. */
export class ConnectionBudget {
  readonly #frames: TokenBucket;
  user?: UserAllowance;
  /** Frames received, and those dropped past a budget (what the flood log reports). */
  received = 0;
  dropped = 0;

  constructor(private readonly limits: Limits, clock: Clock) {
    this.#frames = new TokenBucket(limits.connectionFrames, clock);
  }

  /**
   * For every frame, before it is read: `read` it; `drop` it (past the connection's or the
   * user's budget); or `close` the connection (it has sent framesOverBudget past them).
   */
  admit(): Admission {
    this.received += 1;
    if (this.#frames.has() && (!this.user || this.user.frames.has())) {
      this.#frames.take();
      this.user?.frames.take();
      return 'read';
    }
    this.dropped += 1;
    return this.dropped > this.limits.framesOverBudget ? 'close' : 'drop';
  }
}

/** How often users that are gone and whose budgets are full again are forgotten. */
const PRUNE_EVERY_MS = 60_000;

/** The allowances of this gateway's users: one per user while they have sockets or spent budget. */
export class RealtimeLimits {
  readonly #users = new Map<string, UserAllowance>();
  #prunedAt: number;

  constructor(readonly limits: Limits = REALTIME_LIMITS, private readonly clock: Clock = monotonic) {
    this.#prunedAt = clock();
  }

  /** A new connection's budget. */
  connection(): ConnectionBudget {
    return new ConnectionBudget(this.limits, this.clock);
  }

  /**
   * `budget`'s connection signed in as `userId`: counts it against the user's sockets and
   * budgets. False when the user has socketsPerUser open already (it is not counted).
   */
  signIn(budget: ConnectionBudget, userId: string): boolean {
    this.#prune();
    let user = this.#users.get(userId);
    if (!user) this.#users.set(userId, (user = new UserAllowance(this.limits, this.clock)));
    if (user.sockets >= this.limits.socketsPerUser) return false;
    user.sockets += 1;
    budget.user = user;
    return true;
  }

  /** The connection closed. */
  signOut(budget: ConnectionBudget): void {
    if (budget.user) budget.user.sockets -= 1;
    budget.user = undefined;
  }

  #prune(): void {
    const now = this.clock();
    if (now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    for (const [id, user] of this.#users) if (user.idle) this.#users.delete(id);
  }
}
