import type { ServerErrorCode } from '@ihkit/core';

/**
 * What an adapter throws for an outcome the user must be told about (a slot taken, a patient
 * not found). The gateway turns it into a problem+json with the same code. Any other error
 * from an adapter is treated as the hospital system being unavailable.
 */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  constructor(readonly code: ServerErrorCode, message: string) {
    super(message);
  }
}

export function isAdapterError(e: unknown): e is AdapterError {
  return e instanceof Error && e.name === 'AdapterError' && typeof (e as AdapterError).code === 'string';
}
