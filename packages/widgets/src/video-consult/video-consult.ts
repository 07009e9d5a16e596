import { define } from '../internal/define.js';
import { IhVideoConsult } from './video-consult.component.js';

export * from './video-consult.component.js';
export default IhVideoConsult;

define('video-consult', IhVideoConsult);

declare global {
  interface HTMLElementTagNameMap {
    'ih-video-consult': IhVideoConsult;
  }
}
