export { createDemoHis, type DemoHisOptions } from './his.js';
export { demoMigrations } from './schema.js';
export { seedDemo, BOOKING_WINDOW_DAYS } from './seed.js';
export { demoAccounts, DEMO_HOSPITAL, type DemoAccount } from './seed-data.js';
