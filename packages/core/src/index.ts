export * from './types.js';
export * from './errors.js';
export * from './client.js';
export * from './resident-id.js';
export * from './slot.js';
export { newIdempotencyKey } from './idempotency.js';
export type { paths, components, operations } from './api.gen.js';
export * from './consult-state.js';
export * from './realtime.js';
