import { connectRealtime, type IhClient } from '@ihkit/core';
import type { Realtime } from '../internal/context.js';

/**
 * The live connection the consult elements ask the provider for: a WebSocket next to the API
 * base, authenticated with the client's current token. Only the consult elements import this,
 * so the booking bundle carries no WebSocket code.
 */
export function createRealtime(client: IhClient): Realtime {
  return connectRealtime(client);
}
