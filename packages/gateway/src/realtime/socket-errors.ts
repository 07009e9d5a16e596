/**
 * What the gateway logs when a realtime socket emits an error. A frame the WebSocket protocol
 * refuses — over maxPayload, invalid UTF-8, a bad opcode or close code — is the client's doing:
 * `ws` has already closed the socket with the matching code (1009, 1007, 1002), so it is a
 * warning naming ws's error code, without a stack. So is a client that went away mid-write.
 * Anything else is the gateway's own failure: an error with its stack, and the socket is cut.
 * (@fastify/websocket's default logs every one of them as an error with the stack.)
 */
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { safeError } from '../logging.js';

/** Errors of a peer that went away while the gateway wrote to it. */
const GONE = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** The client broke the protocol or went away: not the gateway's fault. */
export function isClientFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('WS_ERR_') || GONE.has(code));
}

/** @fastify/websocket's `errorHandler`. */
export function onSocketError(error: Error, socket: WebSocket, request: FastifyRequest): void {
  if (isClientFault(error)) {
    request.log.warn({ wsError: (error as { code?: string }).code, reason: error.message }, 'realtime socket: the client broke the protocol or went away; closed');
    return;
  }
  request.log.error({ err: safeError(error) }, 'realtime socket failed');
  socket.terminate();
}
