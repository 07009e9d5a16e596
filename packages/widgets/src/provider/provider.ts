import { define } from '../internal/define.js';
import { IhProvider } from './provider.component.js';

export * from './provider.component.js';
export default IhProvider;

define('provider', IhProvider);

declare global {
  interface HTMLElementTagNameMap {
    'ih-provider': IhProvider;
  }
}
