import { define } from '../internal/define.js';
import { IhFollowup } from './followup.component.js';

export * from './followup.component.js';
export default IhFollowup;

define('followup', IhFollowup);

declare global {
  interface HTMLElementTagNameMap {
    'ih-followup': IhFollowup;
  }
}
