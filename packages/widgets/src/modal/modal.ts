import { define } from '../internal/define.js';
import { IhModal } from './modal.component.js';

export * from './modal.component.js';
export default IhModal;

define('modal', IhModal);

declare global {
  interface HTMLElementTagNameMap {
    'ih-modal': IhModal;
  }
}
