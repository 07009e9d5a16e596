import { define } from '../internal/define.js';
import { IhEcgViewer } from './ecg-viewer.component.js';

export * from './ecg-viewer.component.js';
export * from './ecg-layout.js';
export default IhEcgViewer;

define('ecg-viewer', IhEcgViewer);

declare global {
  interface HTMLElementTagNameMap {
    'ih-ecg-viewer': IhEcgViewer;
  }
}
