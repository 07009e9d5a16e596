import { define } from '../internal/define.js';
import { IhDoctorDesk } from './doctor-desk.component.js';

export * from './doctor-desk.component.js';
export default IhDoctorDesk;

define('doctor-desk', IhDoctorDesk);

declare global {
  interface HTMLElementTagNameMap {
    'ih-doctor-desk': IhDoctorDesk;
  }
}
