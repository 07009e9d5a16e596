/** For tests of the gateway's WebSocket: listening on loopback, `ws` as the WebSocket, waiting for something to arrive. */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { RealtimeConnection, type ConsultMessage, type RealtimeOptions, type WebSocketLike } from '@ihkit/core';
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
export async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Seqs strictly increasing by one from `from`: nothing lost, nothing twice. */
export function assertContiguous(got: ConsultMessage[], from: number): void {
  assert.deepEqual(got.map((m) => m.seq), got.map((_, i) => from + i), `seqs: ${got.map((m) => m.seq).join(',')}`);
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
