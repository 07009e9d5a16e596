import { define } from '../internal/define.js';
import { IhRegistrationPay } from './registration-pay.component.js';

export * from './registration-pay.component.js';
export default IhRegistrationPay;

define('registration-pay', IhRegistrationPay);

declare global {
  interface HTMLElementTagNameMap {
    'ih-registration-pay': IhRegistrationPay;
  }
}
