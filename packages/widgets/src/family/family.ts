import { define } from '../internal/define.js';
import { IhFamily } from './family.component.js';

export * from './family.component.js';
export default IhFamily;

define('family', IhFamily);

declare global {
  interface HTMLElementTagNameMap {
    'ih-family': IhFamily;
  }
}
