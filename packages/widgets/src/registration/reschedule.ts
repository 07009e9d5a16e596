import { define } from '../internal/define.js';
import { IhReschedule } from './reschedule.component.js';

export * from './reschedule.component.js';
export default IhReschedule;

define('reschedule', IhReschedule);

declare global {
  interface HTMLElementTagNameMap {
    'ih-reschedule': IhReschedule;
  }
}
