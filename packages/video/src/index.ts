export * from './call-state.js';
