/**
 * What the gateway's realtime socket allows one connection and one user, and the close codes
 * it ends a socket with: the numbers the gateway enforces (its realtime/frame-limits.ts) and
 * `RealtimeConnection` keeps within, in one place. realtime.ts's protocol comment and
 * docs/gateway.md describe them.
 */

/** A token bucket: `burst` at once, refilled at `perSecond`. */
export interface FrameBudget {
  burst: number;
  perSecond: number;
}

export const REALTIME_LIMITS = {
  /** The largest frame, in bytes: room for a video call's SDP offer. A larger one closes the socket (1009). */
  maxFrameBytes: 32 * 1024,
  /** The largest `video-signal` message (its JSON), in bytes. */
  maxSignalBytes: 16 * 1024,
  /** The largest `after` of a subscribe: PostgreSQL's integer, the maximum of every integer in the contract. */
  maxSeq: 2 ** 31 - 1,
  /**
   * Every frame of one connection. A call's negotiation with three peers over trickle ICE (an
   * offer or answer and a few dozen candidates each, again when screen sharing starts) sends
   * well under 200 at once; nothing a page does sends 10 a second for long.
   */
  connectionFrames: { burst: 200, perSecond: 10 },
  /** Every frame of one user's sockets on one gateway, together. */
  userFrames: { burst: 400, perSecond: 20 },
  /** Frames a connection may send past those budgets (dropped) before it is closed (1008). */
  framesOverBudget: 100,
  /** At most one typing notice per user and consult in this long; the rest are dropped. */
  typingIntervalMs: 2000,
  /**
   * `subscribe` and `video-join` of one user on one gateway (each reads the database, and one
   * that gets through is audited): a page subscribes to the few consults it shows, again after
   * each reconnect. Past it: `{type:'error', code:'RATE_LIMITED', consultId | roomId}`.
   */
  lookups: { burst: 30, perSecond: 0.5 },
  /** Consults one connection may follow at once (past it: RATE_LIMITED). */
  subscriptionsPerConnection: 50,
  /** Signed-in sockets of one user on one gateway: tabs and devices. The next is refused (4429). */
  socketsPerUser: 10,
  /** A socket that has not authenticated by then is closed (4401). */
  authTimeoutMs: 10_000,
} as const satisfies Record<string, number | FrameBudget>;

/** The codes the gateway closes a realtime socket with. */
export const REALTIME_CLOSE = {
  /** The token expired or its session was signed out: reconnect with the token the page holds now. */
  sessionEnded: 4001,
  /** No valid `auth` frame: do not reconnect with the same token. */
  unauthenticated: 4401,
  /** Kept on sending past its frame budget (flooding). */
  policyViolation: 1008,
  /** A frame over maxFrameBytes (closed by the WebSocket layer). */
  tooBig: 1009,
  /** The user has socketsPerUser sockets open on this gateway already (after `{type:'error', code:'TOO_MANY_CONNECTIONS'}`). */
  tooManySockets: 4429,
} as const;

/**
 * After a close for flooding, a too-big frame or too many sockets, RealtimeConnection waits at
 * least this long before it connects again: the page's own code or its other tabs are the
 * cause, and reconnecting at once would only be refused again.
 */
export const REFUSED_RECONNECT_MS = 30_000;

/** After a RATE_LIMITED subscribe or video-join, RealtimeConnection asks again this much later. */
export const RATE_LIMITED_RETRY_MS = 5_000;
