export { labStoreMigrations, LAB_CHANNEL } from './schema.js';
export { createStoredLis, insertNewReports, type StoredLis, type StoredLisOptions } from './store.js';
