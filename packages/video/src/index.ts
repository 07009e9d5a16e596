/** @ihkit/video: the call state machine, the transport interface, signaling and the simple-peer mesh. */
export * from './call-state.js';
export * from './transport.js';
export * from './signaling.js';
export * from './peer-stats.js';
export * from './mesh-transport.js';
