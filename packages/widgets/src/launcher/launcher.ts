import { define } from '../internal/define.js';
import { IhLauncher } from './launcher.component.js';
import '../modal/modal.js';

export * from './launcher.component.js';
export default IhLauncher;

define('launcher', IhLauncher);

declare global {
  interface HTMLElementTagNameMap {
    'ih-launcher': IhLauncher;
  }
}
