import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_005_video',
  sql: `
-- Video rooms: one open room per consult; its participants (the patient's account, the
-- doctor, invited specialists) and whether the doctor let them in.
CREATE TABLE video_rooms (
  id          text PRIMARY KEY,
  consult_id  text NOT NULL REFERENCES consults (id),
  status      text NOT NULL CHECK (status IN ('open', 'ended')),
  created_by  text NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE UNIQUE INDEX video_rooms_one_open ON video_rooms (consult_id) WHERE status = 'open';

CREATE TABLE video_participants (
  room_id      text NOT NULL REFERENCES video_rooms (id),
  user_id      text NOT NULL REFERENCES users (id),
  role         text NOT NULL CHECK (role IN ('patient', 'doctor', 'specialist')),
  -- 0, 1, 2, 3: the order they came in.
  position     int NOT NULL CHECK (position >= 0),
  admitted_at  timestamptz,
  invited_by   text REFERENCES users (id),
  created_at   timestamptz NOT NULL,
  -- Live connections joined now, across gateways.
  online       int NOT NULL DEFAULT 0 CHECK (online >= 0),
  PRIMARY KEY (room_id, user_id)
);

-- Signals between peers on their way: written by the sender's gateway, read by the
-- receiver's (NOTIFY carries the id only), removed by the sweep after a minute.
CREATE TABLE video_signals (
  id          bigserial PRIMARY KEY,
  room_id     text NOT NULL REFERENCES video_rooms (id),
  from_user   text NOT NULL,
  to_user     text NOT NULL,
  message     jsonb NOT NULL,
  created_at  timestamptz NOT NULL
);
`,
} satisfies Migration;
