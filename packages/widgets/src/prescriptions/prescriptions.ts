import { define } from '../internal/define.js';
import { IhPrescriptions } from './prescriptions.component.js';

export * from './prescriptions.component.js';
export default IhPrescriptions;

define('prescriptions', IhPrescriptions);

declare global {
  interface HTMLElementTagNameMap {
    'ih-prescriptions': IhPrescriptions;
  }
}
