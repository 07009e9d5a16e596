import type { Migration } from '@ihkit/adapters';

export default {
  name: 'gw_006_video_recording',
  sql: `
-- Recording a video consult, only with every participant's recorded consent. The consult's
-- doctor asks (a request; the room points to its latest), each admitted participant answers
-- yes or no (every answer kept, the latest per participant counts), and a recording made
-- under an agreed request is kept with the consult's record, with the answers it was made
-- under. Audio/video is kept at least 3 years, like chat media; so is the consent behind it.
CREATE TABLE video_recording_requests (
  id              text PRIMARY KEY,
  room_id         text NOT NULL REFERENCES video_rooms (id),
  requested_by    text NOT NULL REFERENCES users (id),
  requested_at    timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL
);
CREATE INDEX video_recording_requests_room ON video_recording_requests (room_id);
CREATE TRIGGER video_recording_requests_append_only BEFORE UPDATE OR DELETE ON video_recording_requests
  FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

ALTER TABLE video_rooms ADD COLUMN recording_request_id text REFERENCES video_recording_requests (id);

CREATE TABLE video_recording_consents (
  id              bigserial PRIMARY KEY,
  request_id      text NOT NULL REFERENCES video_recording_requests (id),
  user_id         text NOT NULL REFERENCES users (id),
  consent         boolean NOT NULL,
  at              timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL
);
CREATE INDEX video_recording_consents_of ON video_recording_consents (request_id, user_id, id);
CREATE TRIGGER video_recording_consents_append_only BEFORE UPDATE OR DELETE ON video_recording_consents
  FOR EACH ROW EXECUTE FUNCTION ihkit_append_only();

-- consents: the request and every admitted participant's yes, as they stood at upload.
CREATE TABLE video_recordings (
  id              text PRIMARY KEY,
  consult_id      text NOT NULL REFERENCES consults (id),
  room_id         text NOT NULL REFERENCES video_rooms (id),
  request_id      text NOT NULL REFERENCES video_recording_requests (id),
  uploaded_by     text NOT NULL REFERENCES users (id),
  media_type      text NOT NULL CHECK (media_type IN ('audio/webm', 'audio/ogg')),
  size            int NOT NULL CHECK (size > 0),
  sha256          text NOT NULL,
  duration_ms     int CHECK (duration_ms >= 0),
  consents        jsonb NOT NULL,
  data            bytea NOT NULL,
  idempotency_key text NOT NULL,
  created_at      timestamptz NOT NULL,
  retention_class text NOT NULL DEFAULT 'chat_media',
  retain_until    timestamptz NOT NULL,
  UNIQUE (uploaded_by, idempotency_key)
);
CREATE INDEX video_recordings_consult ON video_recordings (consult_id, created_at);
`,
} satisfies Migration;
