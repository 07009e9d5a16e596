/** A loopback HTTP server for the payment providers' stand-ins, and how they call merchants back. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  /** Path and query, as sent. */
  uri: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StandInReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface StandInServer {
  /** http://127.0.0.1:port/ */
  url: string;
  close(): Promise<void>;
}

export async function serveStandIn(handle: (request: StandInRequest) => StandInReply | Promise<StandInReply>): Promise<StandInServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const uri = req.url ?? '/';
        const reply = await handle({ method: req.method ?? 'GET', uri, url: new URL(uri, 'http://stand-in'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** What a merchant answered a notification with (status 0: it could not be reached). */
export interface Delivery {
  status: number;
  body: string;
}

/** Posts a notification to the merchant's notify_url, as the provider does. */
export async function deliver(url: string, headers: Record<string, string>, body: string): Promise<Delivery> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: '' };
  }
}
