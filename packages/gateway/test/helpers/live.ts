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

/** A frame the gateway sent, as received. */
export type Frame = { type: string; code?: string; consultId?: string; roomId?: string; [key: string]: unknown };

/** A WebSocket to the gateway driven frame by frame: what it received, and how it was closed. */
export class RawSocket {
  readonly frames: Frame[] = [];
  /** The close code, once closed. */
  closeCode?: number;
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Frame));
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve((this.closeCode = code))));
    ws.on('error', () => {});
  }

  /** Opens a socket to `url`; with `token`, signs in and waits for the gateway's answer. */
  static async open(url: string, token?: string): Promise<RawSocket> {
    const ws = new WebSocket(url);
    const socket = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (token !== undefined) await socket.auth(token);
    return socket;
  }

  /** Sends `frame` (as JSON unless it is a string already). */
  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends the auth frame; resolves with `ready` or the error the gateway answered. */
  async auth(token: string): Promise<Frame> {
    const from = this.frames.length;
    this.send({ type: 'auth', token });
    return this.next((f) => f.type === 'ready' || f.type === 'error', from);
  }

  /** The first frame from index `from` on that `match`es, received already or within `ms`. */
  async next(match: (f: Frame) => boolean, from = 0, ms = 5000): Promise<Frame> {
    let found: Frame | undefined;
    await eventually(() => {
      found = this.frames.slice(from).find(match);
      assert.ok(found, 'the frame arrived');
    }, ms);
    return found!;
  }

  /** The close code, once the socket is closed; fails if it is still open after `ms`. */
  async closedWithin(ms = 5000): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms)));
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Frames of `type` received so far. */
  count(type: string): number {
    return this.frames.filter((f) => f.type === type).length;
  }

  close(): void {
    this.ws.close();
  }
}
