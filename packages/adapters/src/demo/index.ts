export { createDemoHis, type DemoHis, type DemoHisOptions } from './his.js';
export { demoMigrations } from './schema.js';
export { seedDemo } from './seed.js';
export { demoAccounts, type DemoAccount } from './accounts.js';
export { DEMO_HOSPITAL, FEE_BY_TITLE } from './catalog.js';
export { BOOKING_WINDOW_DAYS } from './schedule.js';
export { drugs as demoDrugs, pickupPoints as demoPickupPoints } from './drugs.js';
export { createDemoPacs, DEMO_FRAME_SIZE, DEMO_THUMBNAIL_SIZE, type DemoPacsOptions } from './pacs.js';
export { seedDemoLab, demoLabReports } from './lab-seed.js';
