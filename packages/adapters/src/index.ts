export * from './db.js';
export * from './errors.js';
export * from './his.js';
export * from './demo/index.js';
export * from './payment.js';
export * from './sandbox/payments.js';
