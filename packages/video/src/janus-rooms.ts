/**
 * Creating and destroying VideoRoom rooms: what the gateway (and the tests, standing in for it)
 * do with the VideoRoom admin key before anyone joins. Browsers never run this: they get a room
 * id and its pin, never the admin key nor the room's secret.
 */
import { JanusSession, type WebSocketLike } from './janus-session.js';

export { JanusError, JanusSession, type WebSocketLike } from './janus-session.js';

export interface VideoRoomSettings {
  /** The VideoRoom plugin's admin_key (IHKIT_JANUS_ADMIN_KEY). */
  adminKey: string;
  /** What joining takes. */
  pin: string;
  /** What changing or destroying the room takes. */
  secret: string;
  /** How many may send media at once: everyone in a call, the presenters in a broadcast. */
  publishers: number;
  /** Top bitrate of each publisher's video, in bit/s. Default 512 kbit/s. */
  bitrate?: number;
  description?: string;
  /** The room id to create (the gateway picks one below 2^31); Janus picks one when omitted. */
  room?: number;
}

/** Creates a room on the Janus server at `url` and resolves to its id. */
export async function createVideoRoom(url: string, settings: VideoRoomSettings, WS?: WebSocketLike): Promise<number> {
  const session = await JanusSession.connect(url, WS);
  try {
    const handle = await session.attach('janus.plugin.videoroom');
    const { data } = await handle.request(
      {
        request: 'create',
        ...(settings.room ? { room: settings.room } : {}),
        admin_key: settings.adminKey,
        pin: settings.pin,
        secret: settings.secret,
        publishers: settings.publishers,
        bitrate: settings.bitrate ?? 512_000,
        description: settings.description ?? 'ihkit',
        is_private: true,
        permanent: false,
        notify_joining: false,
      },
      undefined,
      false,
    );
    return data.room as number;
  } finally {
    await session.destroy();
  }
}

/** Destroys a room (everyone in it is sent away); resolves false when it no longer exists. */
export async function destroyVideoRoom(url: string, room: number, secret: string, WS?: WebSocketLike): Promise<boolean> {
  const session = await JanusSession.connect(url, WS);
  try {
    const handle = await session.attach('janus.plugin.videoroom');
    await handle.request({ request: 'destroy', room, secret, permanent: false }, undefined, false);
    return true;
  } catch {
    return false;
  } finally {
    await session.destroy();
  }
}
