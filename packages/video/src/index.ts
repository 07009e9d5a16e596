/** @ihkit/video: the call state machine, the transport interface, signaling, the simple-peer mesh and the Janus SFU transport. */
export * from './call-state.js';
export * from './transport.js';
export * from './signaling.js';
export * from './peer-stats.js';
export * from './mesh-transport.js';
export * from './janus-session.js';
export * from './janus-rooms.js';
export * from './janus-transport.js';
