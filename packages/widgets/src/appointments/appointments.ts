import { define } from '../internal/define.js';
import { IhAppointments } from './appointments.component.js';

export * from './appointments.component.js';
export default IhAppointments;

define('appointments', IhAppointments);

declare global {
  interface HTMLElementTagNameMap {
    'ih-appointments': IhAppointments;
  }
}
