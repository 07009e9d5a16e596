import { define } from '../internal/define.js';
import { IhMyRecord } from './my-record.component.js';

export * from './my-record.component.js';
export default IhMyRecord;

define('my-record', IhMyRecord);

declare global {
  interface HTMLElementTagNameMap {
    'ih-my-record': IhMyRecord;
  }
}
