import { define } from '../internal/define.js';
import { IhCareDesk } from './care-desk.component.js';

export * from './care-desk.component.js';
export default IhCareDesk;

define('care-desk', IhCareDesk);

declare global {
  interface HTMLElementTagNameMap {
    'ih-care-desk': IhCareDesk;
  }
}
