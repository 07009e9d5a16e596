/** For tests of the gateway's WebSocket: listening on loopback, `ws` as the WebSocket, waiting for something to arrive. */
import WebSocket from 'ws';
import { RealtimeConnection, type RealtimeOptions, type WebSocketLike } from '@ihkit/core';
import type { TestGateway } from './gateway.js';

export const WS = WebSocket as unknown as new (url: string) => WebSocketLike;

/** Listens on a free loopback port; returns the WebSocket address. */
export async function listen(gw: TestGateway): Promise<string> {
  const address = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  return `${address.replace('http', 'ws')}/api/ws`;
}

/**
 * Resolves when `check` passes, polling briefly; fails with its last error after `ms`. Give
 * every assert.ok in a check a message: without one, node parses the test's source on each
 * failed try to write the message, which on a busy machine starves the gateway under test.
 */
export async function eventually(check: () => void, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Live connections a test opens (quick to reconnect), all closed by `closeAll()`. */
export function connections() {
  const open: RealtimeConnection[] = [];
  return {
    connect(url: string, token: RealtimeOptions['token']): RealtimeConnection {
      const c = new RealtimeConnection({ url, token, WebSocket: WS, minDelayMs: 50, maxDelayMs: 200 });
      open.push(c);
      return c;
    },
    closeAll(): void {
      for (const c of open.splice(0)) c.close();
    },
  };
}
