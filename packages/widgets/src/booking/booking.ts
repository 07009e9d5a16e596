import { define } from '../internal/define.js';
import { IhBooking } from './booking.component.js';

export * from './booking.component.js';
export default IhBooking;

define('booking', IhBooking);

declare global {
  interface HTMLElementTagNameMap {
    'ih-booking': IhBooking;
  }
}
