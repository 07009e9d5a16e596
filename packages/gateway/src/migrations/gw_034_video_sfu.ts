import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_034_video_sfu',
  sql: `
-- Calls on the SFU (video/sfu.ts): when a fifth participant comes into a consult's call and a
-- Janus server is configured, the gateway creates a VideoRoom room for it and the call moves
-- there from the browsers' mesh. The room's id and pin go to admitted participants; its secret
-- (to destroy it when the call ends) never leaves the gateway.
ALTER TABLE video_rooms
  ADD COLUMN sfu_url text,
  ADD COLUMN sfu_room integer,
  ADD COLUMN sfu_pin text,
  ADD COLUMN sfu_secret text,
  ADD CONSTRAINT video_rooms_sfu CHECK (
    (sfu_url IS NULL) = (sfu_room IS NULL) AND (sfu_url IS NULL) = (sfu_pin IS NULL) AND (sfu_url IS NULL) = (sfu_secret IS NULL));
`,
} satisfies Migration;
