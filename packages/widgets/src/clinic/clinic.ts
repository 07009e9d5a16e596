import { define } from '../internal/define.js';
import { IhClinic } from './clinic.component.js';

export * from './clinic.component.js';
export default IhClinic;

define('clinic', IhClinic);

declare global {
  interface HTMLElementTagNameMap {
    'ih-clinic': IhClinic;
  }
}
