import { define } from '../internal/define.js';
import { IhTriage } from './triage.component.js';

export * from './triage.component.js';
export default IhTriage;

define('triage', IhTriage);

declare global {
  interface HTMLElementTagNameMap {
    'ih-triage': IhTriage;
  }
}
