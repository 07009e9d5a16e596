import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_008_sessions_rate_limits',
  sql: `
-- The gateway's own sign-ins: a session token's jti is a row here. A revoked one is refused at
-- once; rows are deleted by the sweep once expired.
CREATE TABLE sessions (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id, created_at DESC);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Rate-limit buckets (rate-limit.ts): key is an HMAC of the rule and its subject, tokens what
-- the bucket held at the time in column at, granted whether the last request was let through.
-- Idle rows are deleted by the sweep.
CREATE TABLE rate_limits (
  key      text PRIMARY KEY,
  tokens   double precision NOT NULL,
  at       timestamptz NOT NULL,
  granted  boolean NOT NULL
);
CREATE INDEX rate_limits_at ON rate_limits (at);
`,
} satisfies Migration;
