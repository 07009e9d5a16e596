/** The provider and the booking element only: the entry of the size-budgeted `ihkit-booking.js` bundle. */
export { IhProvider } from './provider/provider.js';
export { IhBooking } from './booking/booking.js';
export { setTagPrefix, define, VERSION } from './internal/define.js';
export type { IhBookedDetail } from './internal/events.js';
