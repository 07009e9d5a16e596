export * from './db.js';
export * from './errors.js';
export * from './his.js';
export * from './demo/index.js';
